"""The headless commands, run as the officer would run them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_demo_export_backup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = str(tmp_path / "demo.sqlite3")
    status, out, _ = run(capsys, "demo", "--complaints", "120", "--db", database)
    assert status == 0 and "Wrote 120 demo complaints" in out
    status, _, err = run(capsys, "demo", "--db", database)
    assert status == 1 and "already holds complaints" in err
    status, out, _ = run(capsys, "export", "--format", "json", "--db", database)
    records = json.loads(out)
    assert len(records) == 120
    assert {r["status"] for r in records} >= {"open", "closed"}
    assert any(r["stage"] == 2 for r in records)
    assert any(r["stage1_extension_days"] for r in records)
    assert any((r["working_days_left"] or 0) < 0 for r in records)
    out_file = tmp_path / "all.csv"
    status, _, err = run(capsys, "export", "--out", str(out_file), "--db", database)
    assert status == 0 and out_file.read_text().startswith("reference,resident_name,")
    status, out, _ = run(capsys, "backup", "--db", database)
    copy = Path(out.strip())
    assert copy.parent == tmp_path / "backups"
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT count(*) FROM complaint").fetchone() == (120,)


def test_environment_variable_chooses_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPLAINTS_TUI_DB", str(tmp_path / "env.sqlite3"))
    assert run(capsys, "demo", "--complaints", "3")[0] == 0
    assert (tmp_path / "env.sqlite3").exists()


def test_import_reports_every_bad_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "tracker.csv"
    source.write_text(
        "resident_name,received,description,colour\n"
        "Ann,2026-11-02,Leak,red\nBob,31/02/2026,Mould,blue\n"
    )
    database = str(tmp_path / "c.sqlite3")
    status, out, err = run(capsys, "import", str(source), "--db", database)
    assert status == 1
    assert "Nothing was imported" in err
    assert "Row 3, received: '31/02/2026' is not a date" in err
    source.write_text("resident_name,received,description,colour\nAnn,2026-11-02,Leak,red\n")
    status, out, err = run(capsys, "import", str(source), "--db", database)
    assert status == 0
    assert "Imported 1 complaint: C-2026-0001 to C-2026-0001." in out
    assert "Ignored the column 'colour'" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import", "missing.csv"], "missing.csv is not a file."),
        (["demo", "--complaints", "0"], "--complaints must be between 1 and 100,000."),
    ],
)
def test_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, _, err = run(capsys, *argv, "--db", str(tmp_path / "c.sqlite3"))
    assert status == 1
    assert err.strip().endswith(message) and err.count("\n") == 1
    assert "Traceback" not in err


def test_a_file_that_is_not_ours(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("hello" * 1000)
    status, _, err = run(capsys, "export", "--db", str(junk))
    assert status == 1 and "not a complaints file" in err
