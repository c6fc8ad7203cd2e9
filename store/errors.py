"""What goes wrong with the case file, worded for the officer.

A failure is sorted by what SQLite and the operating system say happened (SQLite's error code,
the file's permissions, the free space), not by the wording of a message, and only real damage
is ever answered with "restore a backup": a full disk, a read-only folder or a refused
permission is put right where it happened, and restoring would not help.
"""

from __future__ import annotations

import os
import shutil
from enum import Enum
from pathlib import Path

# How long a connection waits for another writer before saying the file is busy.
BUSY_TIMEOUT_MS = 5000

# Below this much free space, a disk error is taken for a full disk: SQLite's shared-memory
# file alone needs 32 KiB, and a write needs room for its log.
_NEARLY_FULL = 1 << 20


class StoreError(Exception):
    """A problem with the case file, worded for the officer."""


class Trouble(Enum):
    """Why the case file could not be used."""

    DAMAGED = "damaged"
    FULL = "full"
    READ_ONLY_FOLDER = "read-only folder"
    READ_ONLY_FILE = "read-only file"
    REFUSED = "permission refused"
    MISSING = "missing"
    BUSY = "busy"
    DISK = "disk error"
    NEWER = "newer version"
    NOT_OURS = "not a complaints file"


# What to do about each, said of the file as "it". Damage and a newer version say more, and
# say it where they are found.
ADVICE = {
    Trouble.FULL: "the disk holding it is full. Free some space, then try again.",
    Trouble.READ_ONLY_FOLDER: (
        "its folder is read-only, and SQLite must write beside the file even to read it. "
        "Make the folder writable, then try again."
    ),
    Trouble.READ_ONLY_FILE: "it is read-only. Make it writable, then try again.",
    Trouble.REFUSED: (
        "permission to open it, or its folder, was refused. Check who may read and change "
        "them, then try again."
    ),
    Trouble.MISSING: "it is not there: it was moved or deleted.",
    Trouble.BUSY: "another program is writing to it. Try again in a moment.",
    Trouble.DISK: (
        "the disk (or network folder) holding it reported an error. Check the disk or the "
        "connection, then try again."
    ),
    Trouble.NOT_OURS: "it is an SQLite file, but not a complaints file.",
}


# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_TROUBLES = {
    3: Trouble.REFUSED,  # SQLITE_PERM
    5: Trouble.BUSY,  # SQLITE_BUSY
    6: Trouble.BUSY,  # SQLITE_LOCKED
    11: Trouble.DAMAGED,  # SQLITE_CORRUPT
    13: Trouble.FULL,  # SQLITE_FULL
    23: Trouble.REFUSED,  # SQLITE_AUTH
    # SQLITE_NOTADB: every opener has checked the header is SQLite's, so the rest is damaged.
    26: Trouble.DAMAGED,
}
_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CANTOPEN = 8, 10, 14
_SQLITE_READONLY_DIRECTORY = 1544

# For errors that carry no code (made by hand, or by a driver that drops it).
_WORDS = (
    (("locked", "busy"), Trouble.BUSY),
    (("malformed", "corrupt", "not a database"), Trouble.DAMAGED),
    (("full",), Trouble.FULL),
    (("readonly", "read-only"), Trouble.READ_ONLY_FILE),
    (("unable to open",), Trouble.REFUSED),
    (("disk i/o",), Trouble.DISK),
)


def trouble_of(error: BaseException, path: Path | None = None) -> Trouble | None:
    """What an SQLite error says about the file at `path`, or None if it says nothing."""
    code = getattr(error, "sqlite_errorcode", None)
    if not isinstance(code, int):
        message = str(error).lower()
        said = (trouble for words, trouble in _WORDS if any(word in message for word in words))
        return next(said, None)
    primary = code & 0xFF
    if primary == _SQLITE_READONLY:
        if code == _SQLITE_READONLY_DIRECTORY or (path and not _writable(path.parent)):
            return Trouble.READ_ONLY_FOLDER
        return Trouble.READ_ONLY_FILE
    if primary == _SQLITE_CANTOPEN:
        return _why_unopened(path)
    if primary == _SQLITE_IOERR:
        return Trouble.FULL if path and _nearly_full(path.parent) else Trouble.DISK
    return _SQLITE_TROUBLES.get(primary)


def _why_unopened(path: Path | None) -> Trouble:
    """SQLite says only that it could not open the file: the file system says why."""
    if path is None:
        return Trouble.REFUSED
    if not os.path.lexists(path):
        return Trouble.MISSING
    if not os.access(path, os.R_OK) or not os.access(path.parent, os.X_OK):
        return Trouble.REFUSED
    if not _writable(path.parent):
        return Trouble.READ_ONLY_FOLDER
    return Trouble.DISK


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < _NEARLY_FULL
    except OSError:
        return False


def newer_version(version: int, readable: int) -> str:
    return (
        f"it was written by a newer version of complaints-tui (file schema {version}; this "
        f"version reads up to {readable}). Upgrade complaints-tui to open it."
    )


def moved_away(path: Path) -> str:
    return (
        f"{path} was moved, replaced or deleted while it was open: nothing more was saved. "
        "Close the desk and open it again."
    )
