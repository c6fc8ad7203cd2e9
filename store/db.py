"""The SQLite case file: opening it safely, its schema version and migrations, and backups."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

from store import models  # noqa: F401  (registers the tables)
from store.paths import backups_dir, make_private_dir, make_private_file

SCHEMA_VERSION = 1
KEEP_BACKUPS = 10
BUSY_TIMEOUT_MS = 5000

# Each step takes a file from version N to N + 1, inside one transaction.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {}


class StoreError(Exception):
    """A problem with the case file, worded for the officer."""


class Store:
    """An open case file. Sessions come from here, one per unit of work."""

    def __init__(self, engine: Engine, path: Path | None) -> None:
        self.engine = engine
        self.path = path

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _configure_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def open_store(path: Path | None) -> Store:
    """Open (creating if need be) the case file at `path`; `None` is a private in-memory file.

    Migrates an older file after backing it up; refuses a file from a newer version.
    """
    if path is None:
        engine = create_engine(
            "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
        )
    else:
        if path.is_dir():
            raise StoreError(f"{path} is a folder, not a complaints file.")
        make_private_dir(path.parent)
        make_private_file(path)
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        )
    event.listen(engine, "connect", _configure_connection)
    store = Store(engine, path)
    try:
        _prepare_schema(store)
    except (DatabaseError, sqlite3.DatabaseError) as error:
        engine.dispose()
        raise StoreError(_describe_database_error(path, error)) from None
    except StoreError:
        engine.dispose()
        raise
    return store


def _describe_database_error(path: Path | None, error: Exception) -> str:
    message = str(getattr(error, "orig", error))
    if "locked" in message or "busy" in message:
        return f"{path} is locked by another program; close it and try again."
    if "not a database" in message or "malformed" in message:
        return f"{path} is not a complaints file (or it is damaged)."
    if "disk is full" in message or "full" in message:
        return f"The disk holding {path} is full; free some space and try again."
    if "readonly" in message or "unable to open" in message:
        return f"{path} cannot be opened for writing; check its permissions."
    return f"{path} could not be opened: {message}."


def schema_version(connection: Connection) -> int:
    return int(connection.execute(text("PRAGMA user_version")).scalar_one())


def _prepare_schema(store: Store) -> None:
    with store.engine.connect() as connection:
        version = schema_version(connection)
        tables = connection.execute(
            text("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        ).scalar_one()
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{store.path} was written by a newer version of complaints-tui "
            f"(file schema {version}, this version reads up to {SCHEMA_VERSION}). "
            "Upgrade complaints-tui to open it."
        )
    if version == 0:
        if tables:
            raise StoreError(f"{store.path} is an SQLite file, but not a complaints file.")
        with store.engine.begin() as connection:
            SQLModel.metadata.create_all(connection)
            connection.execute(text(f"PRAGMA user_version={SCHEMA_VERSION}"))
        return
    if version < SCHEMA_VERSION:
        if store.path is not None:
            backup(store, reason=f"before-migration-v{version}")
        migrate(store.engine, version)


def migrate(engine: Engine, version: int) -> None:
    """Run each migration step after `version` in its own transaction."""
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
    if destination is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        folder = make_private_dir(backups_dir(store.path))
        destination = folder / f"{store.path.stem}-{stamp}-{reason}.sqlite3"
    elif destination.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
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


def is_locked_error(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and "locked" in str(error)
