"""The SQLite case file: opening it safely, and the two ways into it.

Steps on a complaint go through SQLModel sessions, one per unit of work. Reading many rows at
once (the desk, export) and the settings go through a plain `sqlite3` connection: it is quicker
for bulk reads, and it lets the desk paint its first list before SQLAlchemy has even been
imported, which is most of a cold start.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.errors import (
    ADVICE,
    BUSY_TIMEOUT_MS,
    StoreError,
    Trouble,
    moved_away,
    newer_version,
    trouble_of,
)
from store.paths import backups_dir, make_private_dir, make_private_file
from store.safekeeping import BEFORE_MIGRATION, backup, check_file, open_existing
from store.schema import SCHEMA_VERSION, create_schema, migrate

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA synchronous=FULL",
)
SQLITE_HEADER = b"SQLite format 3\x00"


class Store:
    """An open case file. Sessions come from here, one per unit of work.

    The store remembers which file it opened, and checks before and after each unit of work
    that the name still leads to it: a file moved, replaced or deleted beneath an open desk
    is said to be, rather than written to where no one will find it, or made anew and empty.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.actor = _account()
        """Who the timeline says did each change: the desk sets the officer's name."""
        self._engine: Engine | None = None
        self._identity = _identity(path) if path is not None else None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = _create_engine(self.path)
        return self._engine

    @contextmanager
    def session(self, opened: Mapping[int, int] | None = None) -> Iterator[Session]:
        """One unit of work. `opened` gives the version of each complaint as the officer
        opened it: a change to one that has changed since is refused (store.case.note)."""
        from sqlalchemy import event
        from sqlalchemy.orm.exc import StaleDataError
        from sqlmodel import Session

        from store.case import ChangedElsewhere
        from store.text_fields import refuse_unkept_text

        self._still_there()
        with Session(self.engine, expire_on_commit=False) as session:
            session.info.update(actor=self.actor, opened=dict(opened or {}))
            # Whatever the way in, no text is written that could not be printed, exported
            # and imported back.
            event.listen(session, "before_flush", refuse_unkept_text)
            try:
                yield session
            except StaleDataError:
                # Another writer saved the complaint between this one's reading and writing.
                raise ChangedElsewhere.single(
                    "", "The complaint changed while this was being saved: nothing was saved."
                ) from None
        self._still_there()

    def stamp(self) -> tuple[int, int]:
        """What changes when anything writes to the file: its own time and its log's."""
        if self.path is None:
            return (0, 0)
        log = self.path.with_name(self.path.name + "-wal")
        return (_modified(self.path), _modified(log))

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A plain connection for bulk reads and settings, closed afterwards."""
        if self.path is None:
            # The in-memory file exists only inside the engine's one connection.
            pooled = self.engine.raw_connection()
            try:
                yield pooled.driver_connection  # type: ignore[misc]
            finally:
                pooled.close()
            return
        self._still_there()
        connection = _connect(self.path)
        try:
            yield connection
        finally:
            connection.close()
        self._still_there()

    def _still_there(self) -> None:
        if self.path is not None and _identity(self.path) != self._identity:
            self._let_go_of_the_old_file()
            raise StoreError(moved_away(self.path))

    def _let_go_of_the_old_file(self) -> None:
        """Fold the old file's log into the old file, wherever it is now, and empty the log.

        The log keeps the name beside the old one: left full, it would be read into whatever
        file next takes that name (a file put in place of this one gains its rows), and a
        file moved elsewhere would lack its last changes. An idle connection still open on
        the old file is the one way left to reach it."""
        from sqlalchemy.pool import QueuePool

        engine = self._engine
        if engine is None:
            return
        if isinstance(engine.pool, QueuePool) and engine.pool.checkedin():
            pooled = engine.raw_connection()
            try:
                pooled.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
            except sqlite3.Error:
                pass  # then the log stays as SQLite left it
            finally:
                pooled.close()
        engine.dispose()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        # Closing every connection lets SQLite fold its log back into the file.
        self.close()


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file the name leads to; None if it leads nowhere."""
    try:
        found = path.stat()
    except FileNotFoundError:
        return None
    return (found.st_dev, found.st_ino)


def _modified(path: Path) -> int:
    return path.stat().st_mtime_ns if path.exists() else 0


def _account() -> str:
    """The name of the account this runs as, for the timeline when no officer is named."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


def _connect(path: Path) -> sqlite3.Connection:
    connection = _open(path)
    _configure_connection(connection, None)
    return connection


def _open(path: Path) -> sqlite3.Connection:
    return open_existing(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)


def _configure_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _create_engine(path: Path | None) -> Engine:
    from sqlalchemy import event
    from sqlalchemy.pool import StaticPool
    from sqlmodel import create_engine

    from store import models  # noqa: F401  (registers the tables)

    if path is None:
        engine = create_engine(
            "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
        )
    else:
        from sqlalchemy.pool import QueuePool

        # SQLAlchemy's own connect would make the file if it were gone; this never does.
        engine = create_engine("sqlite://", creator=lambda: _open(path), poolclass=QueuePool)
    event.listen(engine, "connect", _configure_connection)
    return engine


def open_store(path: Path | None, *, create: bool = True, check: bool = False) -> Store:
    """Open the case file at `path`; `None` is a private in-memory file.

    A missing file is made only when `create` is set. Anything that is not a complaints file is
    refused before it is touched. An older file is backed up, then upgraded; a newer one is
    refused. `check` runs SQLite's quick check first, so a damaged file is said to be damaged.
    """
    if path is not None:
        claim(path, create)
    store = Store(path)
    try:
        if check and path is not None:
            _quick_check(path)
        _prepare_schema(store)
    except StoreError:
        store.close()
        raise
    except Exception as error:
        message = describe_database_error(error, path)
        store.close()
        if message is None:
            raise
        raise StoreError(message) from None
    if path is not None:
        _keep_private(path)
    return store


def _keep_private(path: Path) -> None:
    """Take from the file any permission beyond its owner's reading and writing; never give
    one, so a file its owner made read-only stays read-only."""
    if os.name != "posix":
        return
    mode = path.stat().st_mode & 0o777
    if mode & ~0o600:
        path.chmod(mode & 0o600)


def claim(path: Path, create: bool) -> None:
    """Make sure `path` is a complaints file, or somewhere one may be made, before touching it."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a complaints file.")
    if not path.exists():
        if not create:
            raise StoreError(
                f"{path} does not exist. Check the name; only the desk, import and demo make "
                "a new file."
            )
        try:
            make_private_dir(path.parent)
            make_private_file(path)
        except OSError as error:
            raise StoreError(f"{path} cannot be created: {error.strerror or error}.") from None
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"{path} cannot be read: {error.strerror or error}.") from None
    if not header and not create:
        raise StoreError(f"{path} is empty, not a complaints file.")
    if header and header != SQLITE_HEADER:
        raise StoreError(f"{path} is not a complaints file (it is not an SQLite database).")


def _quick_check(path: Path) -> None:
    verdict = check_file(path, quick=True)
    # A file of another version, or of another program, is for the schema to describe.
    if not verdict.sound and verdict.trouble not in (Trouble.NEWER, Trouble.NOT_OURS):
        raise StoreError(verdict.sentence(path, doing="opened"))


def describe_database_error(error: BaseException, path: Path | None = None) -> str | None:
    """The officer's sentence for a failure of the file, or None if it is not one."""
    if isinstance(error, StoreError):
        return str(error)
    exc = sys.modules.get("sqlalchemy.exc")
    if exc is not None and isinstance(error, exc.SQLAlchemyError):
        error = getattr(error, "orig", None) or error
    elif not isinstance(error, sqlite3.Error):
        return None
    where = str(path) if path else "The complaints file"
    trouble = trouble_of(error, path)
    if trouble is Trouble.BUSY:
        return f"{where} is locked by another program that is writing to it: try again in a moment."
    if trouble is Trouble.DAMAGED:
        hint = (
            f"Run `complaints-tui check`, and restore a backup from {backups_dir(path)} with "
            "`complaints-tui restore BACKUP`."
            if path
            else "Run `complaints-tui check`, and restore a backup with "
            "`complaints-tui restore BACKUP`."
        )
        return f"{where} is damaged. Nothing more was changed. {hint}"
    if trouble in ADVICE:
        return f"{where} cannot be used: {ADVICE[trouble]} Nothing was changed."
    return f"{where} could not be used: {error}."


def _prepare_schema(store: Store) -> None:
    with store.connect() as connection:
        if store.path is None:
            create_schema(connection)
            return
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{store.path} cannot be opened: {newer_version(version, SCHEMA_VERSION)}"
            )
        if version == 0:
            if tables:
                raise StoreError(f"{store.path} cannot be opened: {ADVICE[Trouble.NOT_OURS]}")
            create_schema(connection)
            return
        if version == SCHEMA_VERSION:
            return
    backup(store.path, reason=f"{BEFORE_MIGRATION}-v{version}")
    with store.connect() as connection:
        migrate(connection, version)
