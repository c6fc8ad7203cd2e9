"""The SQLite case file: opening it safely, and the two ways into it.

Steps on a complaint go through SQLModel sessions, one per unit of work. Reading many rows at
once (the desk, export) and the settings go through a plain `sqlite3` connection: it is quicker
for bulk reads, and it lets the desk paint its first list before SQLAlchemy has even been
imported, which is most of a cold start.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.errors import BUSY_TIMEOUT_MS, StoreError
from store.paths import backups_dir, make_private_dir, make_private_file
from store.safekeeping import BEFORE_MIGRATION, backup, check_file, restore_hint
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
    """An open case file. Sessions come from here, one per unit of work."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = _create_engine(self.path)
        return self._engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        from sqlalchemy import event
        from sqlmodel import Session

        from store.text_fields import refuse_unkept_text

        with Session(self.engine, expire_on_commit=False) as session:
            # Whatever the way in, no text is written that could not be printed, exported
            # and imported back.
            event.listen(session, "before_flush", refuse_unkept_text)
            yield session

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
        connection = _connect(self.path)
        try:
            yield connection
        finally:
            connection.close()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        # Closing every connection lets SQLite fold its log back into the file.
        self.close()


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    _configure_connection(connection, None)
    return connection


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
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        )
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
    if path is not None and os.name == "posix":
        path.chmod(0o600)
    return store


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
    if not verdict.sound and "not a complaints file" not in verdict.problems[0]:
        raise StoreError(f"{path} is damaged: {verdict.problems[0]} {restore_hint(path)}")


def describe_database_error(error: BaseException, path: Path | None = None) -> str | None:
    """The officer's sentence for a database failure, or None if it is not one."""
    exc = sys.modules.get("sqlalchemy.exc")
    if not isinstance(error, sqlite3.Error) and not (
        exc is not None and isinstance(error, exc.SQLAlchemyError)
    ):
        return None
    message = str(getattr(error, "orig", None) or error)
    where = str(path) if path else "The complaints file"
    if "locked" in message or "busy" in message:
        return f"{where} is locked by another program that is writing to it: try again in a moment."
    if "malformed" in message or "corrupt" in message:
        hint = (
            f"Run `complaints-tui check`, and restore a backup from {backups_dir(path)} with "
            "`complaints-tui restore BACKUP`."
            if path
            else "Run `complaints-tui check`, and restore a backup with "
            "`complaints-tui restore BACKUP`."
        )
        return f"{where} is damaged. Nothing more was changed. {hint}"
    if "not a database" in message:
        return f"{where} is not a complaints file (or it is damaged)."
    if "full" in message:
        return f"The disk holding {where} is full; nothing was changed."
    if "readonly" in message or "unable to open" in message:
        return f"{where} cannot be opened for writing; check its permissions."
    return f"{where} could not be used: {message}."


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
                f"{store.path} was written by a newer version of complaints-tui "
                f"(file schema {version}, this version reads up to {SCHEMA_VERSION}). "
                "Upgrade complaints-tui to open it."
            )
        if version == 0:
            if tables:
                raise StoreError(f"{store.path} is an SQLite file, but not a complaints file.")
            create_schema(connection)
            return
        if version == SCHEMA_VERSION:
            return
    backup(store.path, reason=f"{BEFORE_MIGRATION}-v{version}")
    with store.connect() as connection:
        migrate(connection, version)
