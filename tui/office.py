"""What every screen works with: the open file, its settings and working calendar, and today.

Screens and forms are given the office rather than reaching through the app, so each can be
built and tested on its own, and none needs to import the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from store.calendar_cache import working_calendar
from store.clock import WorkingCalendar
from store.db import Store
from store.settings import Settings, load_settings


@dataclass
class Office:
    store: Store
    today: Callable[[], date]
    settings: Settings
    calendar: WorkingCalendar
    generation: int = 0
    """Counts the changes made from the desk, so a screen knows when what it shows is stale."""

    @classmethod
    def open(cls, store: Store, today: Callable[[], date]) -> Office:
        with store.connect() as db:
            settings = load_settings(db)
            office = cls(store, today, settings, working_calendar(db, settings, today()))
        office.sign(settings)
        return office

    def sign(self, settings: Settings) -> None:
        """What the desk does is done by the officer the settings name, where they name one."""
        if settings.officer_name:
            self.store.actor = settings.officer_name

    def changed(self) -> None:
        self.generation += 1

    def stamp(self) -> tuple[int, int, int]:
        """What says whether the file has changed since a screen last read it: the changes
        made here, and the file and its log as another program leaves them."""
        path = self.store.path
        if path is None:
            return (self.generation, 0, 0)
        log = path.with_name(path.name + "-wal")
        return (
            self.generation,
            path.stat().st_mtime_ns if path.exists() else 0,
            log.stat().st_mtime_ns if log.exists() else 0,
        )

    def apply(self, settings: Settings) -> None:
        """New settings take effect at once: the closure days and region change the calendar."""
        self.settings = settings
        self.sign(settings)
        self.changed()
        with self.store.connect() as db:
            self.calendar = working_calendar(db, settings, self.today())
