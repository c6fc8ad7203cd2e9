"""Keeping the case file safe: backups, checking a file, and restoring one from a backup.

A backup is taken with SQLite's backup API, never a plain copy, so it is consistent while the
desk is open. Restoring is the one place a file is replaced whole, so it checks the backup
first, keeps the file it replaces, and clears the journal files that belong to the old one.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from store.errors import ADVICE, BUSY_TIMEOUT_MS, StoreError, Trouble, newer_version, trouble_of
from store.locking import held
from store.paths import backups_dir, make_private_dir, new_file
from store.schema import SCHEMA_VERSION

KEEP_BACKUPS = 10
BEFORE_MIGRATION = "before-migration"
JOURNALS = ("-wal", "-shm")


def journals(path: Path) -> list[Path]:
    """The write-ahead log and shared-memory files SQLite keeps beside the file."""
    return [path.with_name(path.name + suffix) for suffix in JOURNALS]


def open_existing(path: Path, mode: str = "rw", **options: Any) -> sqlite3.Connection:
    """A connection to the file at `path`, which SQLite must never create: a file moved or
    deleted is an error, not a new empty file in its place."""
    connection: sqlite3.Connection = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode={mode}", uri=True, **options
    )
    return connection


def backup(path: Path | None, destination: Path | None = None, *, reason: str = "backup") -> Path:
    """A consistent copy of the file at `path`, safe while it is in use.

    Without a destination the copy goes to the backups folder beside the file, which keeps the
    last few (and always the newest taken before an upgrade).
    """
    if path is None:
        raise StoreError("An in-memory file has nothing to back up.")
    refuse_to_overwrite(path, destination, "a backup")
    keep_last = destination is None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    if destination is None:
        folder = make_private_dir(backups_dir(path))
        destination = folder / f"{path.stem}-{stamp}-{reason}.sqlite3"
    elif destination.is_dir():
        destination = destination / f"{path.stem}-{stamp}.sqlite3"
    if destination.exists():
        raise StoreError(f"{destination} already exists; choose another name.")
    try:
        with new_file(destination) as scratch:
            scratch.file.close()  # SQLite writes the copy through its own handle
            source = open_existing(path, timeout=BUSY_TIMEOUT_MS / 1000)
            target = open_existing(scratch.path)
            try:
                with target:
                    source.backup(target)
            finally:
                target.close()
                source.close()
    except (OSError, sqlite3.Error) as error:
        raise StoreError(f"The backup to {destination} failed: {error}.") from None
    if keep_last:
        prune_backups(destination.parent, path.stem)
    return destination


def prune_backups(folder: Path, stem: str) -> None:
    """Keep the last few backups, and never the newest taken before an upgrade: it is the one
    way back if the upgrade goes wrong.

    Only this file's own backups are counted: those of `a-b.sqlite3` share the folder with
    those of `a.sqlite3`, and begin with the same letters."""
    own = re.compile(rf"{re.escape(stem)}-\d{{8}}T\d{{12}}Z(-[a-z0-9-]+)?\.sqlite3")
    copies = sorted(copy for copy in folder.iterdir() if own.fullmatch(copy.name))
    upgrades = [copy for copy in copies if BEFORE_MIGRATION in copy.name]
    keep = set(copies[-KEEP_BACKUPS:]) | set(upgrades[-1:])
    for old in copies:
        if old not in keep:
            for path in (old, *journals(old)):
                path.unlink(missing_ok=True)


def refuse_to_overwrite(database: Path | None, target: Path | None, what: str) -> None:
    """Nothing the program writes may land on the open file or its journals."""
    if database is None or target is None:
        return
    guarded = {_resolved(path) for path in (database, *journals(database))}
    if _resolved(target) in guarded:
        raise StoreError(f"{target} is the complaints file itself: {what} cannot be written there.")


def _resolved(path: Path) -> Path:
    return path.expanduser().resolve()


@dataclass(frozen=True)
class Verdict:
    """What a check found: sound, or the trouble and what it is, said of the file as "it"."""

    sound: bool
    problems: list[str] = field(default_factory=list)
    complaints: int = 0
    trouble: Trouble | None = None

    @property
    def damaged(self) -> bool:
        return self.trouble is Trouble.DAMAGED

    def sentence(self, path: Path, *, doing: str = "checked") -> str:
        if self.sound:
            plural = "" if self.complaints == 1 else "s"
            return f"{path} is sound: {self.complaints:,} complaint{plural}, nothing damaged."
        if self.trouble is Trouble.DAMAGED:
            return f"{path} is damaged: {self.problems[0]} {restore_hint(path)}"
        return f"{path} cannot be {doing}: {self.problems[0]}"


def restore_hint(path: Path) -> str:
    return (
        "Restore the newest good backup with `complaints-tui restore BACKUP` "
        f"(backups are kept in {backups_dir(path.resolve())})."
    )


def damaged(*problems: str) -> Verdict:
    return Verdict(False, list(problems), trouble=Trouble.DAMAGED)


def check_file(path: Path, *, quick: bool = False) -> Verdict:
    """SQLite's own integrity check and the foreign-key check, read only.

    Only damage is called damage: a file that cannot be read for another reason (a full disk,
    a read-only folder, a refused permission) or that a newer version wrote says so instead."""
    try:
        connection = open_existing(path, mode="ro")
    except sqlite3.Error as error:
        return _unreadable(error, path)
    try:
        return _examine(connection, quick)
    except sqlite3.Error as error:
        return _unreadable(error, path)
    finally:
        connection.close()


def _unreadable(error: sqlite3.Error, path: Path) -> Verdict:
    trouble = trouble_of(error, path)
    if trouble is None or trouble is Trouble.DAMAGED:
        return damaged("SQLite cannot read part of it.")
    return Verdict(False, [ADVICE[trouble]], trouble=trouble)


def _examine(connection: sqlite3.Connection, quick: bool) -> Verdict:
    pragma = "quick_check" if quick else "integrity_check"
    found = [row[0] for row in connection.execute(f"PRAGMA {pragma}")]
    if found != ["ok"]:
        plural = "s" if len(found) != 1 else ""
        return damaged(f"SQLite's own check finds {len(found)} fault{plural} in it.")
    if not quick:
        orphans = connection.execute("PRAGMA foreign_key_check").fetchall()
        if orphans:
            return damaged(
                f"{len(orphans)} row{'s' if len(orphans) != 1 else ''} point at records "
                f"that are not there (first in the table {orphans[0][0]})."
            )
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        return Verdict(False, [newer_version(version, SCHEMA_VERSION)], trouble=Trouble.NEWER)
    if version < 1:
        return Verdict(False, [ADVICE[Trouble.NOT_OURS]], trouble=Trouble.NOT_OURS)
    complaints = connection.execute("SELECT count(*) FROM complaint").fetchone()[0]
    return Verdict(True, complaints=complaints)


def in_use_elsewhere(path: Path) -> bool:
    """Whether another program has the file open.

    Every connection to a file in WAL mode holds a shared lock on one byte of the shared-memory
    file (SQLite's "dead man switch"); if an exclusive lock on that byte cannot be had, someone
    else is connected.
    """
    shm = journals(path)[1]
    if not shm.exists():
        return False
    try:
        import fcntl
    except ImportError:  # not on POSIX: SQLite's own locks will have to do
        return False
    descriptor = os.open(shm, os.O_RDWR)
    try:
        try:
            fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 128)
        except OSError:
            return True
        fcntl.lockf(descriptor, fcntl.LOCK_UN, 1, 128)
        return False
    finally:
        os.close(descriptor)


def restore(path: Path, copy: Path) -> Path | None:
    """Put the backup `copy` in place of the file at `path`.

    Refuses a damaged backup, a file the desk has open and a file another program has open.
    The file it replaces, with its journals, is kept in the backups folder first; its journals
    are then removed, so none of their edits (made after the backup) come back. Returns where
    the old file was kept.
    """
    if not copy.is_file():
        raise StoreError(f"{copy} is not a file.")
    refuse_to_overwrite(path, copy, "a restore")
    verdict = check_file(copy)
    if not verdict.sound:
        raise StoreError(f"{copy} cannot be restored: {verdict.problems[0]}")
    # Held for the whole restore, so no desk opens the file halfway through.
    refusal = f"{path} was not restored: the desk has this file open: close it first."
    with held(path, refusal=refusal):
        if in_use_elsewhere(path):
            raise StoreError(
                f"{path} is open in another program (the desk, perhaps): close it, then restore."
            )
        return _put_in_place(path, copy)


def _put_in_place(path: Path, copy: Path) -> Path | None:
    kept = _keep_replaced(path) if path.exists() else None
    make_private_dir(path.parent)
    try:
        with new_file(path, replace=True) as scratch, copy.open("rb") as source:
            shutil.copyfileobj(source, scratch.file)
            for journal in journals(path):
                journal.unlink(missing_ok=True)
    except OSError as error:
        raise StoreError(f"The restore failed: {error.strerror or error}.") from None
    return kept


def _keep_replaced(path: Path) -> Path:
    """The file about to be replaced, with its journals, as it is on disk (it may be damaged,
    so no SQLite copy)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder = make_private_dir(backups_dir(path))
    kept = folder / f"{path.stem}-{stamp}-before-restore.sqlite3"
    for source, target in zip((path, *journals(path)), (kept, *journals(kept)), strict=True):
        if source.exists():
            with new_file(target) as scratch, source.open("rb") as original:
                shutil.copyfileobj(original, scratch.file)
    return kept
