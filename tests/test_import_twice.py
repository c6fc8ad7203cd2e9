"""A tracker imported twice, or a row typed twice, does not make two complaints of one: a row
that repeats a complaint is refused, listed with the complaint it repeats, unless the officer
says the repeat is meant."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cli.main import main
from store.db import open_store
from store.voiding import void_complaint
from tests.factories import TODAY

TRACKER = (
    "reference,resident_name,received,description\n"
    ",Ann Example,2026-11-02,The tap leaks.\n"
    ",Bob Example,2026-11-03,Mould in the bedroom.\n"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    return status, capsys.readouterr().err


def count(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return int(db.execute("SELECT count(*) FROM complaint").fetchone()[0])


def test_a_tracker_imported_again_imports_nothing_and_lists_each_repeat(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker, database = tmp_path / "tracker.csv", tmp_path / "c.sqlite3"
    tracker.write_text(TRACKER)
    assert run(capsys, "import", str(tracker), "--db", str(database))[0] == 0
    status, err = run(capsys, "import", str(tracker), "--db", str(database))
    assert status == 1
    assert err == (
        "Nothing was imported:\n"
        "  Row 2: the same complaint as C-2026-0001, already in the file (the same resident, "
        "date received and description).\n"
        "  Row 3: the same complaint as C-2026-0002, already in the file (the same resident, "
        "date received and description).\n"
        "If the repeated rows are meant, import them anyway with --allow-duplicates.\n"
    )
    assert count(database) == 2


def test_the_same_complaint_is_the_same_however_it_was_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker, database = tmp_path / "tracker.csv", tmp_path / "c.sqlite3"
    tracker.write_text(TRACKER)
    assert run(capsys, "import", str(tracker), "--db", str(database))[0] == 0
    again = tmp_path / "again.csv"
    again.write_text(
        "resident_name,received,description\n"
        '"  ann   EXAMPLE ",02/11/2026,"the tap\n leaks. "\n'
        "Ann Example,2026-11-04,The tap leaks.\n"
        "Ann Example,2026-11-02,The tap leaks again.\n"
    )
    status, err = run(capsys, "import", str(again), "--db", str(database))
    assert status == 1
    assert "Row 2: the same complaint as C-2026-0001, already in the file" in err
    assert "Row 3" not in err and "Row 4" not in err
    assert "import it anyway with --allow-duplicates" in err


def test_a_row_repeated_in_one_file_is_listed_against_the_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(TRACKER + ",Ann Example,2026-11-02,The tap leaks.\n")
    status, err = run(capsys, "import", str(tracker), "--db", str(tmp_path / "c.sqlite3"))
    assert status == 1
    assert (
        "  Row 4: the same complaint as row 2 (the same resident, date received and description).\n"
    ) in err
    assert count(tmp_path / "c.sqlite3") == 0


def test_repeats_that_are_meant_are_imported_when_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker, database = tmp_path / "tracker.csv", tmp_path / "c.sqlite3"
    tracker.write_text(TRACKER + ",Ann Example,2026-11-02,The tap leaks.\n")
    assert run(capsys, "import", str(tracker), "--db", str(database), "--allow-duplicates")[0] == 0
    assert run(capsys, "import", str(tracker), "--allow-duplicates", "--db", str(database))[0] == 0
    assert count(database) == 6


def test_a_complaint_voided_as_logged_by_mistake_is_not_repeated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker, database = tmp_path / "tracker.csv", tmp_path / "c.sqlite3"
    tracker.write_text(TRACKER)
    assert run(capsys, "import", str(tracker), "--db", str(database))[0] == 0
    with open_store(database) as store, store.session() as session:
        for number in (1, 2):
            void_complaint(session, number, reason="Imported twice.", by="", today=TODAY)
    status, err = run(capsys, "import", str(tracker), "--db", str(database))
    assert status == 0, err
    assert count(database) == 4
