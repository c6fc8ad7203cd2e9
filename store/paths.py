"""Where the case file, its backups, templates and letters live: resolved lazily, overridable."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

import platformdirs

from store.errors import StoreError

APP_NAME = "complaints-tui"
DB_ENV = "COMPLAINTS_TUI_DB"


def data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "complaints.sqlite3"


def resolve_db_path(given: str | os.PathLike[str] | None = None) -> Path:
    """`--db PATH` first, then the environment, then the user's data folder. An empty `--db` or
    a server's address is refused rather than quietly read as some other file."""
    source, chosen = ("--db", os.fspath(given)) if given is not None else (DB_ENV, None)
    if chosen is None:
        chosen = os.environ.get(DB_ENV) or None
    if chosen is None:
        return default_db_path()
    if not chosen.strip():
        raise StoreError(f"{source} is empty: give the path of a complaints file.")
    address = _ADDRESS.match(chosen)
    if address:
        # The address itself is not repeated: it may hold a password.
        raise StoreError(
            f"{source} gives a {address[1]}:// address, which is an address, not a file: "
            "complaints-tui opens a complaints file on this computer, and cannot yet use a "
            "database server."
        )
    return Path(chosen).expanduser()


_ADDRESS = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")


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


# Names Windows keeps for devices, whatever follows the dot.
_DEVICE_NAMES = re.compile(r"(CON|PRN|AUX|NUL|COM\d|LPT\d)(\..*)?", re.IGNORECASE)


def complaint_folder_name(reference: str) -> str:
    """The folder of one complaint's letters: distinct for distinct references on any file
    system, even one that ignores case (HSG/2026/001, HSG-2026-001 and hsg-2026-001 get three).

    A reference that is already a plain upper-case name is its own folder name; any other
    carries a short fingerprint of the reference as typed."""
    safe = file_name(reference)
    plain = (
        safe == reference
        and reference == reference.upper()
        and not reference.endswith((".", " "))
        and not _DEVICE_NAMES.fullmatch(reference)
    )
    if plain:
        return safe
    fingerprint = hashlib.sha256(reference.encode("utf-8")).hexdigest()[:8]
    return f"{safe.rstrip('. ')} ~{fingerprint}"


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


class Scratch:
    """A file being written: `file` is open on a private temporary file beside the destination;
    `publish` puts it in place."""

    def __init__(self, destination: Path, *, replace: bool, numbered: bool) -> None:
        self.destination = destination
        self._replace = replace
        self._numbered = numbered
        descriptor, name = tempfile.mkstemp(
            dir=destination.parent, prefix=f".{destination.name[:60]}.", suffix=SCRATCH_SUFFIX
        )
        self.path = Path(name)
        self.file: BinaryIO = os.fdopen(descriptor, "wb")
        self.published: Path | None = None

    def publish(self) -> Path:
        """Sync the file and put it at its destination (or, when numbered, at the first free
        "name (2)", "name (3)"... beside it); returns where it went."""
        if self.published is not None:
            return self.published
        if not self.file.closed:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
        if self._replace:
            # os.replace renames over a link rather than writing through it.
            os.replace(self.path, self.destination)
            self.published = self.destination
        else:
            self.published = self._place_new()
        _sync_folder(self.destination.parent)
        return self.published

    def _place_new(self) -> Path:
        for number in range(1, 1000 if self._numbered else 2):
            candidate = (
                self.destination
                if number == 1
                else self.destination.with_name(
                    f"{self.destination.stem} ({number}){self.destination.suffix}"
                )
            )
            try:
                _link_new(self.path, candidate)
            except FileExistsError:
                continue
            self.path.unlink(missing_ok=True)
            return candidate
        raise FileExistsError(errno.EEXIST, "It already exists", str(self.destination))

    def discard(self) -> None:
        # A full disk refuses the last of the buffer too: the file goes anyway.
        with contextlib.suppress(OSError):
            self.file.close()
        self.path.unlink(missing_ok=True)


SCRATCH_SUFFIX = ".partial"


@contextmanager
def new_file(
    destination: Path, *, replace: bool = False, numbered: bool = False
) -> Iterator[Scratch]:
    """The one way a file is written: whole or not at all, private from its first byte, never
    through a link.

    The block writes to `scratch.file`, a temporary file made by `tempfile.mkstemp` (created
    with O_EXCL, mode 0600) in the destination's folder, so nothing planted at a predictable
    name is ever opened. When the block ends the file is synced and renamed into place. An
    existing destination is replaced only when `replace` is given; with `numbered` the file
    takes the first free name instead. A block may `publish()` early and go on (to record the
    file somewhere else): if it then fails, the published file is removed again, so the file
    and what records it are both kept or neither. A block that fails leaves nothing behind.
    """
    if not replace and not numbered and os.path.lexists(destination):
        raise FileExistsError(errno.EEXIST, "It already exists", str(destination))
    make_private_dir(destination.parent)
    scratch = Scratch(destination, replace=replace, numbered=numbered)
    try:
        yield scratch
        scratch.publish()
    except BaseException:
        if scratch.published is not None and not replace:
            scratch.published.unlink(missing_ok=True)
        raise
    finally:
        scratch.discard()


def write_private(path: Path, write: Callable[[TextIO], None], *, replace: bool = False) -> None:
    """Write a text file (UTF-8, newlines as given) through `new_file`."""
    with new_file(path, replace=replace) as scratch:
        text = io.TextIOWrapper(scratch.file, encoding="utf-8", newline="")
        write(text)
        text.flush()
        text.detach()


_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}


def _link_new(source: Path, target: Path) -> None:
    """Give `source` the name `target`, failing if anything (even a link) is there already.

    A hard link is the atomic "create only if absent"; where the file system has none (FAT,
    some network shares), a check and a rename are the next best thing."""
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "It already exists", str(target)) from None
        os.replace(source, target)


def _sync_folder(folder: Path) -> None:
    """A rename is only durable once its folder is synced too."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def make_private_file(path: Path) -> Path:
    """Create a new file readable by its owner only, before anything writes to it; a file (or
    a link) already there is an error, never opened."""
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | _NOFOLLOW, 0o600)
    os.close(descriptor)
    return path


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
