"""The file kept whole while it is in use: the desk's hold on it, a file moved or replaced
beneath the desk, `check` saying what is wrong rather than crying damage, backups and restores
that fail without leaving anything behind, and the owner's own stricter permissions kept."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual.widgets import Static

from cli.main import main
from store.db import Store, describe_database_error, open_store
from store.safekeeping import backup
from store.schema import SCHEMA_VERSION
from tests.factories import logged
from tests.pilot import desk, fill
from tui.screens.desk import DeskScreen

POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def filled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "files" / "c.sqlite3"
    assert run(capsys, "demo", "--complaints", "10", "--db", str(path))[0] == 0
    return path


def state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_ino


# The desk's hold on its file


def test_a_restore_is_refused_while_the_desk_is_open(
    filled: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tui.app
    from store.locking import lock_path

    copy = backup(filled, tmp_path / "copy.sqlite3")
    before = state(filled)
    seen: dict[str, tuple[int, str, str]] = {}

    def open_desk(_store: Store, **_: Any) -> int:
        """Stands in for the desk: while it is open, the officer tries a restore, and a
        second desk, from another window."""
        if seen:
            return 0  # a second desk let through: recorded below, not run again
        seen["restore"] = run(capsys, "restore", str(copy), "--db", str(filled))
        seen["second desk"] = run(capsys, "--db", str(filled))
        return 0

    monkeypatch.setattr(tui.app, "run_desk", open_desk)
    assert main(["--db", str(filled)]) == 0
    assert seen["restore"] == (
        1,
        "",
        f"complaints-tui: {filled} was not restored: the desk has this file open: "
        "close it first.\n",
    )
    assert seen["second desk"][0] == 1
    assert "is already open on another desk" in seen["second desk"][2]
    assert state(filled) == before
    # Closed, the desk lets go, leaving nothing beside the file.
    assert not lock_path(filled).exists()
    status, _, err = run(capsys, "restore", str(copy), "--db", str(filled))
    assert status == 0, err


def test_a_desk_that_crashed_leaves_the_file_free(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = backup(filled, tmp_path / "copy.sqlite3")
    desk_process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from store.locking import held\n"
            "with held(Path(sys.argv[1]), refusal='held'):\n"
            "    print('open', flush=True); time.sleep(60)",
            str(filled),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert desk_process.stdout is not None
        assert desk_process.stdout.readline().strip() == "open"
        status, _, err = run(capsys, "restore", str(copy), "--db", str(filled))
        assert status == 1 and "the desk has this file open: close it first" in err
    finally:
        desk_process.send_signal(signal.SIGKILL)
        desk_process.wait()
    status, _, err = run(capsys, "restore", str(copy), "--db", str(filled))
    assert status == 0, err


@POSIX
def test_a_link_at_the_lock_is_never_followed(
    filled: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tui.app
    from store.locking import lock_path

    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    victim.chmod(0o644)
    lock_path(filled).symlink_to(victim)
    monkeypatch.setattr(tui.app, "run_desk", lambda *_, **__: pytest.fail("the desk opened"))
    status, _, err = run(capsys, "--db", str(filled))
    assert status == 1 and "is not the desk's lock file" in err, err
    assert victim.read_text() == "keep me" and victim.stat().st_mode & 0o777 == 0o644
    assert lock_path(filled).is_symlink()


def test_the_lock_is_let_go_even_when_the_block_fails(tmp_path: Path) -> None:
    from store.locking import held

    path = tmp_path / "c.sqlite3"
    with pytest.raises(RuntimeError), held(path, refusal="held"):
        raise RuntimeError("the desk crashed")
    with held(path, refusal="held"):
        pass


# A file moved, replaced or deleted beneath an open desk


def _delete(path: Path, _other: Path) -> Path | None:
    path.unlink()
    return None


def _move(path: Path, _other: Path) -> Path | None:
    moved = path.with_name("moved.sqlite3")
    path.rename(moved)
    return moved


def _replace(path: Path, other: Path) -> Path | None:
    os.replace(other, path)
    return path


@pytest.mark.parametrize(
    ("change", "complaints_after"),
    [(_delete, None), (_move, 1), (_replace, 0)],
    ids=["deleted", "moved", "replaced"],
)
async def test_the_desk_says_its_file_went_and_makes_no_new_one(
    tmp_path: Path, change: Any, complaints_after: int | None
) -> None:
    path = tmp_path / "c.sqlite3"
    store = open_store(path)
    with store.session() as session:
        logged(session)  # the step's log, not yet folded into the file, as on a working desk
    other = tmp_path / "other.sqlite3"
    open_store(other).close()
    app = desk(store)
    gone = f"{path} was moved, replaced or deleted while it was open: nothing more was saved."
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            now_at = change(path, other)
            names = _files(tmp_path)
            await pilot.press("enter")  # open the complaint
            await pilot.pause()
            await pilot.pause()
            messages = [str(notice.message) for notice in app._notifications]
            assert any(message.startswith(gone) for message in messages), messages
            assert isinstance(app.screen, DeskScreen)
            await pilot.press("n")  # and log a new one
            await pilot.pause()
            await fill(pilot, "resident_name", "Ann Example")
            await fill(pilot, "description", "The lift is broken.")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert str(app.screen.query_one("#form-error", Static).render()).startswith(gone)
            assert app.is_running
    finally:
        store.close()
    # No file made; and what is at each name now holds its own rows only: a file moved away
    # keeps its last step, and a file put in its place gains none of the old file's.
    assert _files(tmp_path) == names
    if now_at is not None:
        with sqlite3.connect(now_at) as connection:
            found = connection.execute("SELECT count(*) FROM complaint").fetchone()[0]
        connection.close()
        assert found == complaints_after


def _files(folder: Path) -> list[str]:
    """The files in a folder, but for SQLite's own log files, which come and go."""
    return sorted(
        path.name
        for path in folder.iterdir()
        if path.is_file() and not path.name.endswith(("-wal", "-shm"))
    )


# `check` and every command say what is wrong, and only damage advises a restore


def test_a_file_from_a_newer_version_is_not_called_damaged(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(filled) as connection:
        connection.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    connection.close()
    for command in (["check"], ["export"]):
        status, _, err = run(capsys, *command, "--db", str(filled))
        assert status == 1
        assert "written by a newer version of complaints-tui" in err, (command, err)
        assert "Upgrade complaints-tui" in err
        assert "damaged" not in err and "restore" not in err, (command, err)


def _fails_on_reading(monkeypatch: pytest.MonkeyPatch, code: int, name: str) -> None:
    """SQLite opens the file, then reports `name` on the first read, as it does for a
    read-only folder or a full disk."""
    real = sqlite3.connect

    class Refusing:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self._real = real(*args, **kwargs)

        def execute(self, *_: Any) -> None:
            error = sqlite3.OperationalError(name)
            error.sqlite_errorcode = code
            error.sqlite_errorname = name
            raise error

        def close(self) -> None:
            self._real.close()

    monkeypatch.setattr(sqlite3, "connect", Refusing)


@pytest.mark.parametrize(
    ("code", "name", "said"),
    [
        (13, "SQLITE_FULL", "the disk holding it is full"),
        (4874, "SQLITE_IOERR_SHMSIZE", "the disk holding it is full"),
        (1544, "SQLITE_READONLY_DIRECTORY", "its folder is read-only"),
        (3, "SQLITE_PERM", "permission to open it, or its folder, was refused"),
        (14, "SQLITE_CANTOPEN", "permission to open it, or its folder, was refused"),
        (522, "SQLITE_IOERR_SHORT_READ", "the disk (or network folder) holding it reported"),
    ],
)
def test_check_says_which_failure_it_is(
    filled: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    name: str,
    said: str,
) -> None:
    before = state(filled)
    free = 0 if "SHMSIZE" in name else 10**9
    monkeypatch.setattr(shutil, "disk_usage", lambda _: SimpleNamespace(free=free))
    if name == "SQLITE_CANTOPEN":
        monkeypatch.setattr(os, "access", lambda *_, **__: False)
    _fails_on_reading(monkeypatch, code, name)
    status, out, err = run(capsys, "check", "--db", str(filled))
    assert (status, out) == (1, "")
    assert err.startswith(f"{filled} cannot be checked: {said}"), err
    assert "damaged" not in err and "restore" not in err
    status, _, err = run(capsys, "export", "--db", str(filled))
    assert status == 1 and f"{filled} cannot be opened: {said}" in err, err
    assert "damaged" not in err and "restore" not in err
    monkeypatch.undo()
    assert state(filled) == before


@POSIX
@pytest.mark.skipif(AS_ROOT, reason="permissions do not bind root")
def test_a_read_only_folder_is_named_as_one(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled.parent.chmod(0o500)
    try:
        status, _, err = run(capsys, "check", "--db", str(filled))
    finally:
        filled.parent.chmod(0o700)
    assert status == 1 and "its folder is read-only" in err and "damaged" not in err, err


@pytest.mark.parametrize(
    ("code", "message", "said"),
    [
        (13, "database or disk is full", "the disk holding it is full"),
        (4874, "disk I/O error", "the disk holding it is full"),
        (8, "attempt to write a readonly database", "it is read-only"),
        (1544, "attempt to write a readonly database", "its folder is read-only"),
        (3, "access permission denied", "permission to open it"),
        (5, "database is locked", "locked by another program"),
        (11, "database disk image is malformed", "is damaged"),
    ],
)
def test_a_failure_on_the_desk_is_named_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, message: str, said: str
) -> None:
    """What a form or a list shows when the file fails under it."""
    monkeypatch.setattr(shutil, "disk_usage", lambda _: SimpleNamespace(free=0))
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code
    shown = describe_database_error(error, tmp_path / "c.sqlite3")
    assert shown is not None and said in shown
    assert ("restore" in shown) == (said == "is damaged")


# A backup or restore that fails leaves nothing behind


def test_a_backup_that_fails_leaves_nothing(
    filled: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = sqlite3.connect

    class Failing:
        """A connection whose backup fails halfway, as a failing disk would make it."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self._real = real(*args, **kwargs)

        def __getattr__(self, name: str) -> Any:
            return getattr(self._real, name)

        def __enter__(self) -> Any:
            return self._real.__enter__()

        def __exit__(self, *exc: Any) -> Any:
            return self._real.__exit__(*exc)

        def backup(self, target: Any, **_: Any) -> None:
            self._real.backup(target._real, pages=1)
            raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(sqlite3, "connect", Failing)
    chosen = tmp_path / "copies"
    chosen.mkdir()
    for where in ([str(chosen / "copy.sqlite3")], [str(chosen)], []):
        status, out, err = run(capsys, "backup", *where, "--db", str(filled))
        assert status == 1 and "failed" in err and out == "", err
    assert list(chosen.iterdir()) == []
    assert [path.name for path in (filled.parent / "backups").iterdir()] == []


@pytest.mark.parametrize("existing", [True, False], ids=["over-a-file", "to-a-new-name"])
def test_a_restore_that_fails_leaves_the_file_as_it_was(
    filled: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    existing: bool,
) -> None:
    copy = backup(filled, tmp_path / "copy.sqlite3")
    path = filled if existing else filled.with_name("new.sqlite3")
    before = state(path) if existing else None
    real = shutil.copyfileobj

    def disk_fills(source: Any, target: Any, *args: Any) -> None:
        if source.name == str(copy):  # the backup on its way in, not the old file kept
            target.write(source.read(4096))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(source, target, *args)

    monkeypatch.setattr(shutil, "copyfileobj", disk_fills)
    folder_before = _files(path.parent)
    status, _, err = run(capsys, "restore", str(copy), "--db", str(path))
    assert status == 1 and "The restore failed: No space left on device." in err, err
    if existing:
        assert state(path) == before
    else:
        assert not path.exists()
    assert _files(path.parent) == folder_before


# The owner's own stricter permissions


@POSIX
def test_a_file_made_read_only_by_its_owner_stays_so(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled.chmod(0o400)
    assert run(capsys, "export", "--db", str(filled))[0] == 0
    assert filled.stat().st_mode & 0o777 == 0o400
    # Only permissions beyond the owner's are taken away.
    filled.chmod(0o644)
    assert run(capsys, "export", "--db", str(filled))[0] == 0
    assert filled.stat().st_mode & 0o777 == 0o600
