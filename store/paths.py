"""Where the case file, its backups, templates and letters live: resolved lazily, overridable."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import platformdirs

APP_NAME = "complaints-tui"
DB_ENV = "COMPLAINTS_TUI_DB"


def data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "complaints.sqlite3"


def resolve_db_path(given: str | os.PathLike[str] | None = None) -> Path:
    """`--db PATH` first, then the environment, then the user's data folder."""
    chosen = given or os.environ.get(DB_ENV)
    return Path(chosen).expanduser() if chosen else default_db_path()


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def user_templates_dir() -> Path:
    return data_dir() / "templates"


def default_letters_dir() -> Path:
    return platformdirs.user_documents_path() / "Complaint letters"


def reports_dir(letters_folder: str = "") -> Path:
    """Beside the letters: "Complaint reports" in the user's documents, or next to the letters
    folder the settings name."""
    if letters_folder:
        return Path(letters_folder).expanduser().parent / "Complaint reports"
    return platformdirs.user_documents_path() / "Complaint reports"


def file_name(text: str) -> str:
    """`text` made safe as one file or folder name: no separators, no leading dots, so a
    reference like HSG/2026/001 or ../x stays inside the folder it is meant for."""
    safe = re.sub(r"[^A-Za-z0-9 ._-]", "-", text).lstrip(". ")
    return safe[:80] or "unnamed"


def make_private_dir(path: Path) -> Path:
    """Create a folder, and any missing above it, only its owner can read: it holds residents'
    personal data.

    A folder that already exists is the user's choice (say, `--db /srv/share/file`) and is left as
    it is.
    """
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
        if os.name == "posix":
            folder.chmod(0o700)
    return path


def write_private(path: Path, write: Callable[[TextIO], None], *, replace: bool = False) -> None:
    """Write a text file only its owner can read, whole or not at all: into a temporary file
    beside it, then renamed over it. An existing file is replaced only when asked."""
    if path.exists() and not replace:
        raise FileExistsError(errno.EEXIST, "It already exists", str(path))
    make_private_dir(path.parent)
    partial = path.with_name(f".{path.name}.partial")
    try:
        make_private_file(partial)
        with partial.open("w", encoding="utf-8", newline="") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def make_private_file(path: Path) -> Path:
    """Create the file (if missing) readable by its owner only, before anything writes to it."""
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(descriptor)
    if os.name == "posix":
        path.chmod(0o600)
    return path
