"""Every bad or awkward file in tests/data/bad_imports is refused whole: no traceback, a non-zero
exit, the case file unchanged, and the row and column named wherever the fault has them."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from cli.main import main
from tests.data.make_bad_imports import FOLDER, write

EXPECTED: dict[str, dict[str, object] | None] = json.loads((FOLDER / "expected.json").read_text())


@pytest.fixture(scope="module")
def one_complaint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file holding complaint C-2026-0001, copied for each import."""
    folder = tmp_path_factory.mktemp("template")
    tracker = folder / "one.csv"
    tracker.write_text("resident_name,received,description\nFirst,2026-11-02,Leak\n")
    assert main(["import", str(tracker), "--db", str(folder / "c.sqlite3")]) == 0
    with sqlite3.connect(folder / "c.sqlite3") as connection:  # all of it in the one file
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return folder / "c.sqlite3"


def dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


def test_the_corpus_is_what_its_script_makes(tmp_path: Path) -> None:
    assert len(EXPECTED) >= 200
    made = write(tmp_path / "again")
    assert made == EXPECTED
    for name in EXPECTED:
        assert (tmp_path / "again" / name).read_bytes() == (FOLDER / name).read_bytes(), name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_bad_file_imports_nothing(
    name: str, one_complaint: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "c.sqlite3"
    shutil.copyfile(one_complaint, database)
    before = dump(database)
    status = main(["import", str(FOLDER / name), "--db", str(database)])
    _, err = capsys.readouterr()
    assert status != 0, err
    assert "Traceback" not in err and "Error:" not in err
    assert err.startswith(("Nothing was imported:", "complaints-tui:")), err
    assert dump(database) == before
    where = EXPECTED[name]
    if where is not None:
        assert f"Row {where['row']}, {where['column']}:" in err, err
