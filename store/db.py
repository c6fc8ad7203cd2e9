"""The SQLite case file: opening it safely, its schema version and migrations, and backups.

Two ways in, each for its own job. Steps on a complaint go through SQLModel sessions, one per
unit of work. Reading many rows at once (the desk, export) and the settings go through a plain
`sqlite3` connection: it is quicker for bulk reads, and it lets the desk paint its first list
before SQLAlchemy has even been imported, which is most of a cold start.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.paths import backups_dir, make_private_dir, make_private_file

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlmodel import Session

SCHEMA_VERSION = 2
KEEP_BACKUPS = 10
BUSY_TIMEOUT_MS = 5000
PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA synchronous=FULL",
)


def _follow_through_records(connection: Connection) -> None:
    """Version 2: the records of following a complaint through (code-rules.md section 2).

    Outstanding actions become records of their own; representatives, correspondence,
    remedies, reasonable adjustments, contact restrictions and the Ombudsman's case and orders
    arrive;
    a complaint gains its service request, the complaint it was raised from, and its learning.

    The DDL is written out, not taken from the models, so this step stays what it was when
    the models move on.
    """
    from sqlalchemy import text

    for statement in (
        """CREATE TABLE outstanding_action (
            id INTEGER NOT NULL PRIMARY KEY,
            complaint_id INTEGER NOT NULL REFERENCES complaint (id),
            stage INTEGER NOT NULL,
            what VARCHAR NOT NULL,
            who VARCHAR NOT NULL,
            due_on DATE,
            done_on DATE)""",
        "CREATE INDEX ix_outstanding_action_complaint_id ON outstanding_action (complaint_id)",
        """CREATE TABLE representative (
            id INTEGER NOT NULL PRIMARY KEY,
            complaint_id INTEGER NOT NULL UNIQUE REFERENCES complaint (id),
            name VARCHAR NOT NULL,
            relationship VARCHAR NOT NULL,
            address VARCHAR NOT NULL,
            phone VARCHAR NOT NULL,
            email VARCHAR NOT NULL,
            authority_confirmed_on DATE)""",
        """CREATE TABLE correspondence (
            id INTEGER NOT NULL PRIMARY KEY,
            complaint_id INTEGER NOT NULL REFERENCES complaint (id),
            dated DATE NOT NULL,
            direction VARCHAR(3) NOT NULL,
            channel VARCHAR(12) NOT NULL,
            summary VARCHAR NOT NULL,
            document VARCHAR NOT NULL)""",
        "CREATE INDEX ix_correspondence_complaint_id ON correspondence (complaint_id)",
        """CREATE TABLE adjustment (
            id INTEGER NOT NULL PRIMARY KEY,
            resident_id INTEGER NOT NULL REFERENCES resident (id),
            need VARCHAR NOT NULL,
            letter_format VARCHAR(11) NOT NULL,
            agreed_on DATE NOT NULL,
            review_on DATE,
            ended_on DATE)""",
        "CREATE INDEX ix_adjustment_resident_id ON adjustment (resident_id)",
        """CREATE TABLE restriction (
            id INTEGER NOT NULL PRIMARY KEY,
            resident_id INTEGER NOT NULL REFERENCES resident (id),
            reason VARCHAR NOT NULL,
            restriction VARCHAR NOT NULL,
            started_on DATE NOT NULL,
            review_on DATE,
            ended_on DATE)""",
        "CREATE INDEX ix_restriction_resident_id ON restriction (resident_id)",
        """CREATE TABLE remedy (
            id INTEGER NOT NULL PRIMARY KEY,
            complaint_id INTEGER NOT NULL REFERENCES complaint (id),
            kind VARCHAR(15) NOT NULL,
            offered VARCHAR NOT NULL,
            offered_on DATE NOT NULL,
            amount_offered INTEGER,
            accepted_on DATE,
            amount_paid INTEGER,
            paid_on DATE)""",
        "CREATE INDEX ix_remedy_complaint_id ON remedy (complaint_id)",
        """CREATE TABLE ombudsman_case (
            id INTEGER NOT NULL PRIMARY KEY,
            complaint_id INTEGER NOT NULL UNIQUE REFERENCES complaint (id),
            referred_on DATE NOT NULL,
            case_number VARCHAR NOT NULL,
            determined_on DATE,
            determination VARCHAR NOT NULL)""",
        """CREATE TABLE ombudsman_order (
            id INTEGER NOT NULL PRIMARY KEY,
            complaint_id INTEGER NOT NULL REFERENCES complaint (id),
            requirement VARCHAR NOT NULL,
            due_on DATE,
            complied_on DATE)""",
        "CREATE INDEX ix_ombudsman_order_complaint_id ON ombudsman_order (complaint_id)",
    ):
        connection.execute(text(statement))
    for column in (
        "service_request VARCHAR DEFAULT '' NOT NULL",
        "related_to_id INTEGER REFERENCES complaint (id)",
        "learning VARCHAR DEFAULT '' NOT NULL",
        "improvement VARCHAR DEFAULT '' NOT NULL",
    ):
        connection.execute(text(f"ALTER TABLE complaint ADD COLUMN {column}"))
    rows = connection.execute(
        text(
            "SELECT complaint_id, number, outstanding_actions FROM stage "
            "WHERE outstanding_actions != ''"
        )
    ).all()
    for complaint_id, number, actions in rows:
        for line in actions.splitlines():
            if line.strip():
                connection.execute(
                    text(
                        "INSERT INTO outstanding_action (complaint_id, stage, what, who) "
                        "VALUES (:complaint, :stage, :what, '')"
                    ),
                    {"complaint": complaint_id, "stage": number, "what": line.strip()},
                )
    connection.execute(text("ALTER TABLE stage DROP COLUMN outstanding_actions"))
    # Learning moves from each response to the complaint, recorded on closing (9.1).
    connection.execute(
        text(
            "UPDATE complaint SET learning = (SELECT group_concat(learning, char(10)) FROM stage "
            "WHERE stage.complaint_id = complaint.id AND learning != '') "
            "WHERE id IN (SELECT complaint_id FROM stage WHERE learning != '')"
        )
    )
    connection.execute(text("ALTER TABLE stage DROP COLUMN learning"))


# Each step takes a file from version N to N + 1, inside one transaction.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _follow_through_records,
}


class StoreError(Exception):
    """A problem with the case file, worded for the officer."""


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
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session:
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


def open_store(path: Path | None) -> Store:
    """Open (creating if need be) the case file at `path`; `None` is a private in-memory file.

    Migrates an older file after backing it up; refuses a file from a newer version.
    """
    if path is not None:
        if path.is_dir():
            raise StoreError(f"{path} is a folder, not a complaints file.")
        try:
            make_private_dir(path.parent)
            make_private_file(path)
        except OSError as error:
            raise StoreError(f"{path} cannot be created: {error.strerror or error}.") from None
    store = Store(path)
    try:
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
    return store


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
        return f"{where} is locked by another program; close it and try again."
    if "not a database" in message or "malformed" in message:
        return f"{where} is not a complaints file (or it is damaged)."
    if "full" in message:
        return f"The disk holding {where} is full; nothing was changed."
    if "readonly" in message or "unable to open" in message:
        return f"{where} cannot be opened for writing; check its permissions."
    return f"{where} could not be used: {message}."


def _prepare_schema(store: Store) -> None:
    if store.path is None:
        _create_schema(store)
        return
    with store.connect() as connection:
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
        _create_schema(store)
    elif version < SCHEMA_VERSION:
        backup(store, reason=f"before-migration-v{version}")
        migrate(store.engine, version)


def _create_schema(store: Store) -> None:
    from sqlalchemy import text
    from sqlmodel import SQLModel

    with store.engine.begin() as connection:
        SQLModel.metadata.create_all(connection)
        connection.execute(text(f"PRAGMA user_version={SCHEMA_VERSION}"))


def schema_version(connection: Connection) -> int:
    from sqlalchemy import text

    return int(connection.execute(text("PRAGMA user_version")).scalar_one())


def migrate(engine: Engine, version: int) -> None:
    """Run each migration step after `version` in its own transaction."""
    from sqlalchemy import text

    while version < SCHEMA_VERSION:
        step = MIGRATIONS[version]
        with engine.begin() as connection:
            step(connection)
            version += 1
            connection.execute(text(f"PRAGMA user_version={version}"))


def backup(store: Store, destination: Path | None = None, *, reason: str = "backup") -> Path:
    """A consistent copy taken with SQLite's backup API, safe while the file is in use.

    Without a destination the copy goes to the backups folder beside the file, which keeps the
    last few.
    """
    if store.path is None:
        raise StoreError("An in-memory file has nothing to back up.")
    keep_last = destination is None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    if destination is None:
        folder = make_private_dir(backups_dir(store.path))
        destination = folder / f"{store.path.stem}-{stamp}-{reason}.sqlite3"
    elif destination.is_dir():
        destination = destination / f"{store.path.stem}-{stamp}.sqlite3"
    if destination.exists():
        raise StoreError(f"{destination} already exists; choose another name.")
    partial = destination.with_name(destination.name + ".partial")
    try:
        make_private_file(partial)
        source = sqlite3.connect(store.path, timeout=BUSY_TIMEOUT_MS / 1000)
        target = sqlite3.connect(partial)
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
        partial.replace(destination)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise StoreError(f"The backup to {destination} failed: {error}.") from None
    if keep_last:
        _prune_backups(destination.parent, store.path.stem)
    return destination


def _prune_backups(folder: Path, stem: str) -> None:
    copies = sorted(folder.glob(f"{stem}-*.sqlite3"))
    for old in copies[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
