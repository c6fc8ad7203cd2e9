"""The case file as the desk and the command line use it: every change is a use case run as one
unit of work, every read a query, and neither hands out a session or a connection.

A use case is a function of the store whose first parameter is the unit of work's session
(`acknowledge`, `extend`, `save_record`...): it loads what it needs, lets the rules decide,
notes what it did with who did it, and commits, or raises and changes nothing. A query is a
function whose first parameter is a connection to read from (`workload`, `load_rows`...).
Whatever opens the file (the desk, a command) holds a `CaseFile` and goes through it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from store.db import Store, describe_database_error

if TYPE_CHECKING:
    import sqlite3

    from sqlmodel import Session

    from store.case import Case
    from store.clock import WorkingCalendar
    from store.safekeeping import Verdict
    from store.settings import Settings

P = ParamSpec("P")
R = TypeVar("R")


class CaseFile:
    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def path(self) -> Path | None:
        return self.store.path

    @property
    def actor(self) -> str:
        """Who the timeline says made each change."""
        return self.store.actor

    @actor.setter
    def actor(self, name: str) -> None:
        self.store.actor = name

    def run(
        self,
        use_case: Callable[Concatenate[Session, P], R],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        """Run one use case as one unit of work."""
        return self.run_opened({}, use_case, *args, **kwargs)

    def run_opened(
        self,
        opened: Mapping[int, int],
        use_case: Callable[Concatenate[Session, P], R],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        """Run a use case on complaints as they were opened (`opened` gives each one's version):
        if one has changed since, nothing is saved and ChangedElsewhere says who changed it."""
        with self.store.session(opened) as session:
            return use_case(session, *args, **kwargs)

    def read(
        self,
        query: Callable[Concatenate[sqlite3.Connection, P], R],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        """Answer one query from the file as it stands."""
        with self.store.connect() as db:
            return query(db, *args, **kwargs)

    def complaint(self, complaint_id: int) -> Case:
        """One complaint with everything recorded against it."""
        from store.case import load_case  # the database layer loads with the first complaint

        return self.run(load_case, complaint_id)

    def settings(self) -> Settings:
        from store.settings import load_settings

        return self.read(load_settings)

    def change_settings(self, **changes: Any) -> Settings:
        """Check and keep changed settings; the new whole."""
        from store.settings import update_settings

        with self.store.connect() as db:
            return update_settings(db, **changes)

    def calendar(self, settings: Settings, today: date) -> WorkingCalendar:
        """The working days of the landlord's region, less its closure days."""
        from store.calendar_cache import working_calendar

        return self.read(working_calendar, settings, today)

    def stamp(self) -> tuple[int, int]:
        """What changes when anything writes to the file, this program or another."""
        return self.store.stamp()

    def warm_up(self) -> None:
        """Load the database layer now, so the first change made does not wait for it."""
        self.store.engine  # noqa: B018

    def check(self) -> Verdict | None:
        """SQLite's quick check of the file; None for a file held only in memory."""
        from store.safekeeping import check_file

        return None if self.path is None else check_file(self.path, quick=True)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> CaseFile:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def explain(error: BaseException) -> str | None:
    """The officer's sentence for a failure of the case file, or None if it is not one."""
    return describe_database_error(error)
