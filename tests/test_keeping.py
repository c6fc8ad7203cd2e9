"""The case file kept as its owner keeps it: the owner's own stricter permissions stay."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.cli import main

POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


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
