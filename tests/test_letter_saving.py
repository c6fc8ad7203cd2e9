"""A letter on disk is a letter in the record, and each complaint's letters have a folder of
their own: saving and recording are one unit, whatever stops them."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import store.db
from cli.main import main
from store.db import open_store
from store.defining import acknowledge
from store.follow_through import record_letter
from store.paths import complaint_folder_name
from store.settings import update_settings
from tests.factories import TODAY, definition, logged


def acknowledged_file(path: Path, letters: Path, *references: str) -> list[str]:
    """A case file with complaints acknowledged under these references (or one generated)."""
    made = []
    with open_store(path) as opened:
        with opened.connect() as db:
            update_settings(
                db,
                landlord_name="Fellside Homes",
                officer_name="Priya Shah",
                letters_folder=str(letters),
            )
        with opened.session() as session:
            for reference in references or (None,):
                case = logged(session, reference=reference) if reference else logged(session)
                assert case.id is not None
                acknowledge(
                    session, case.id, on=date(2026, 11, 4), definition=definition(), today=TODAY
                )
                made.append(case.complaint.reference)
    return made


def letters_recorded(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT document FROM correspondence")]


def files_in(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def test_a_letter_the_record_cannot_take_is_not_left_on_disk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, folder = tmp_path / "c.sqlite3", tmp_path / "letters"
    (reference,) = acknowledged_file(path, folder)
    monkeypatch.setattr(
        store.db,
        "PRAGMAS",
        (*(p for p in store.db.PRAGMAS if "busy_timeout" not in p), "PRAGMA busy_timeout=50"),
    )
    monkeypatch.setattr(store.db, "BUSY_TIMEOUT_MS", 50)
    writer = sqlite3.connect(path, isolation_level=None)
    record = record_letter

    def busy_elsewhere(*args: Any, **kwargs: Any) -> Any:
        # Just as the letter is to be recorded, another program starts writing to the file.
        writer.execute("BEGIN IMMEDIATE")
        return record(*args, **kwargs)

    monkeypatch.setattr("letters.issue.record_letter", busy_elsewhere)
    try:
        assert main(["letter", reference, "s1-ack", "--db", str(path)]) == 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert "locked" in capsys.readouterr().err
    assert files_in(folder) == []
    assert letters_recorded(path) == []
    # Once the other program is done, the letter is made and recorded.
    monkeypatch.setattr("letters.issue.record_letter", record)
    assert main(["letter", reference, "s1-ack", "--db", str(path)]) == 0
    made = capsys.readouterr().out.strip()
    assert letters_recorded(path) == [made]
    assert files_in(folder) == [Path(made)]


@pytest.mark.skipif(os.name != "posix", reason="killed by a signal")
def test_a_letter_killed_while_saving_leaves_no_letter_and_no_record(tmp_path: Path) -> None:
    path, letters = tmp_path / "c.sqlite3", tmp_path / "letters"
    (reference,) = acknowledged_file(path, letters)
    # The process is killed at the moment the letter's bytes are being made durable.
    script = (
        "import os, signal, sys\n"
        "import store.paths\n"
        "store.paths.os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
        "from cli.main import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", script, "letter", reference, "s1-ack", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == -9, finished.stderr
    assert [file for file in files_in(letters) if file.suffix == ".docx"] == []
    assert letters_recorded(path) == []


def test_references_that_look_alike_keep_their_letters_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, letters = tmp_path / "c.sqlite3", tmp_path / "letters"
    references = acknowledged_file(path, letters, "HSG/2026/001", "HSG-2026-001", "hsg-2026-001")
    folders = set()
    for reference in references:
        assert main(["letter", reference, "s1-ack", "--db", str(path)]) == 0
        made = Path(capsys.readouterr().out.strip())
        assert made.parent.parent == letters
        folders.add(made.parent.name.casefold())
    # Distinct even where the file system ignores case.
    assert len(folders) == 3
    assert complaint_folder_name("HSG-2026-001") == "HSG-2026-001"
    assert complaint_folder_name("C-2026-0042") == "C-2026-0042"
    assert complaint_folder_name("HSG/2026/001").startswith("HSG-2026-001 ~")
    assert complaint_folder_name("../../etc") != complaint_folder_name("etc")
    assert "/" not in complaint_folder_name("../../etc")
