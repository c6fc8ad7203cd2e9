"""Where the case file, its backups, templates and letters live: resolved lazily, overridable."""

from __future__ import annotations

import os
from pathlib import Path

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


def make_private_dir(path: Path) -> Path:
    """Create a folder only its owner can read: it holds residents' personal data.

    A folder that already exists is the user's choice (say, `--db /srv/share/file`) and is left as
    it is.
    """
    if not path.exists():
        path.mkdir(mode=0o700, parents=True)
        if os.name == "posix":
            path.chmod(0o700)
    return path


def make_private_file(path: Path) -> Path:
    """Create the file (if missing) readable by its owner only, before anything writes to it."""
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(descriptor)
    if os.name == "posix":
        path.chmod(0o600)
    return path
