"""Files an officer really has, read right; and a case file that goes out to CSV and back in
unchanged."""

from __future__ import annotations

import csv
import io
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from cli.main import main
from store.db import open_store
from store.defining import Definition, acknowledge
from store.kinds import RefusalGround, Status
from store.records import RECORDS
from store.steps import extend, refuse, withdraw
from tests.factories import TODAY, answered, escalated, logged

HEADER = "resident_name,received,description\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def names_in(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM resident ORDER BY id")]


def test_one_stray_windows_byte_leaves_the_rest_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker = tmp_path / "t.csv"
    tracker.write_bytes(
        HEADER.encode()
        + "Zoë Ó'Brien,2026-11-02,Leak\n".encode()
        + b"Ren\xe9e Smith,2026-11-03,Mould\n"
        + "Siân Evans,2026-11-04,Noise\n".encode()
    )
    status, _, err = run(capsys, "import", str(tracker), "--db", str(tmp_path / "c.sqlite3"))
    assert status == 0, err
    assert names_in(tmp_path / "c.sqlite3") == ["Zoë Ó'Brien", "Renée Smith", "Siân Evans"]
    assert "line 3" in err and "Windows-1252" in err


def test_a_windows_file_is_read_as_windows_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker = tmp_path / "t.csv"
    tracker.write_bytes((HEADER + "Zoë Ó'Brien,2026-11-02,Leak\n").encode("cp1252"))
    status, _, err = run(capsys, "import", str(tracker), "--db", str(tmp_path / "c.sqlite3"))
    assert status == 0 and "Read as Windows-1252" in err
    assert names_in(tmp_path / "c.sqlite3") == ["Zoë Ó'Brien"]


@pytest.mark.parametrize(("separator", "word"), [(";", "semicolons"), ("\t", "tabs")])
def test_semicolons_and_tabs_are_read_right(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], separator: str, word: str
) -> None:
    tracker = tmp_path / "t.csv"
    rows = ["resident_name", "received", "description"], ["Ann, Jones", "25/11/2026", "Leak; again"]
    tracker.write_text("\n".join(separator.join(row) for row in rows) + "\n", encoding="utf-8-sig")
    status, _, err = run(capsys, "import", str(tracker), "--db", str(tmp_path / "c.sqlite3"))
    assert status == 0, err
    assert f"Read with {word}" in err
    assert names_in(tmp_path / "c.sqlite3") == ["Ann, Jones"]


def test_generated_references_step_round_ones_given_in_the_same_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker = tmp_path / "t.csv"
    tracker.write_text(
        "reference,resident_name,received,description\n"
        ",Ann,2026-11-02,Leak\nC-2026-0001,Bob,2026-11-03,Mould\n"
    )
    status, _, err = run(capsys, "import", str(tracker), "--db", str(tmp_path / "c.sqlite3"))
    assert status == 0, err
    with sqlite3.connect(tmp_path / "c.sqlite3") as connection:
        found = dict(
            connection.execute(
                "SELECT r.name, c.reference FROM complaint AS c "
                "JOIN resident AS r ON r.id = c.resident_id"
            )
        )
    assert found == {"Ann": "C-2026-0002", "Bob": "C-2026-0001"}


def test_every_field_of_a_complaint_goes_out_and_comes_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "source.sqlite3"
    store = open_store(source)
    with store.session() as session:
        withdrawn = answered(session, logged(session, name="Wendy Withdrawn"))
        withdraw(
            session, withdrawn.id, on=date(2026, 11, 16), reason="Sorted locally.", today=TODAY
        )
        refused = logged(session, name="Nora Refused")
        refuse(
            session,
            refused.id,
            on=date(2026, 11, 4),
            ground=RefusalGround.LEGAL_PROCEEDINGS,
            reasons="A claim was filed at court.",
            today=TODAY,
        )
        stage2 = escalated(session, answered(session, logged(session, name="Eve Escalated")))
        acknowledge(
            session,
            stage2.id,
            on=date(2026, 11, 17),
            definition=Definition("Still leaking.", "A new tap."),
            handler="Jo Stage-Two",
            today=TODAY,
        )
        from store.calendar_cache import working_calendar
        from store.settings import load_settings

        with store.connect() as db:
            calendar = working_calendar(db, load_settings(db), TODAY)
        for days, agreed in ((5, date(2026, 11, 18)), (20, date(2026, 11, 20))):
            extend(
                session,
                stage2.id,
                agreed_on=agreed,
                working_days=days,
                reason=f"Waiting {days}",
                good_reason="The survey is booked" if days == 20 else "",
                update_interval_days=5,
                today=TODAY,
                calendar=calendar,
            )
        refused_escalation = answered(session, logged(session, name="Rex Refused"))
        refuse(
            session,
            refused_escalation.id,
            on=date(2026, 11, 18),
            ground=RefusalGround.ALREADY_CONSIDERED,
            reasons="Considered in full already.",
            today=TODAY,
            escalation_requested_on=date(2026, 11, 17),
        )
    first = tmp_path / "first.csv"
    assert run(capsys, "export", "--out", str(first), "--db", str(source))[0] == 0
    copy = tmp_path / "copy.sqlite3"
    status, _, err = run(capsys, "import", str(first), "--db", str(copy))
    assert status == 0, err
    second = tmp_path / "second.csv"
    assert run(capsys, "export", "--out", str(second), "--db", str(copy))[0] == 0
    assert second.read_text() == first.read_text()
    rows = {row["resident_name"]: row for row in csv.DictReader(io.StringIO(first.read_text()))}
    assert rows["Wendy Withdrawn"]["withdrawn_on"] == "2026-11-16"
    assert rows["Wendy Withdrawn"]["withdrawal_reason"] == "Sorted locally."
    assert rows["Nora Refused"]["refusal_ground"] == RefusalGround.LEGAL_PROCEEDINGS.value
    assert rows["Nora Refused"]["refused_on"] == "2026-11-04"
    assert rows["Rex Refused"]["status"] == Status.ESCALATION_REFUSED.value
    assert rows["Eve Escalated"]["stage2_extension_days"] == "5\n20"
    assert rows["Eve Escalated"]["stage2_extension_agreed"] == "2026-11-18\n2026-11-20"
    assert rows["Eve Escalated"]["stage2_understanding"] == "Still leaking."


def test_a_demo_file_goes_out_and_comes_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "demo.sqlite3"
    assert run(capsys, "demo", "--complaints", "400", "--db", str(source))[0] == 0
    first = tmp_path / "first.csv"
    assert run(capsys, "export", "--out", str(first), "--db", str(source))[0] == 0
    copy = tmp_path / "copy.sqlite3"
    status, _, err = run(capsys, "import", str(first), "--db", str(copy))
    assert status == 0, err
    second = tmp_path / "second.csv"
    assert run(capsys, "export", "--out", str(second), "--db", str(copy))[0] == 0
    # The follow-through records are exported to read, not imported back (README).
    skipped = set(RECORDS[key].column for key in RECORDS)

    def without_follow_through(path: Path) -> list[dict[str, str]]:
        return [
            {column: value for column, value in row.items() if column not in skipped}
            for row in csv.DictReader(io.StringIO(path.read_text()))
        ]

    assert without_follow_through(second) == without_follow_through(first)


def _kill_at_random(argv: list[str], seconds: float) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(seconds)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()


def _sound(path: Path) -> tuple[str, int]:
    with sqlite3.connect(path) as connection:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        count = connection.execute("SELECT count(*) FROM complaint").fetchone()[0] if tables else 0
    return verdict, count


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_kill_at_any_moment_leaves_the_file_whole(tmp_path: Path) -> None:
    """Demo writes and imports killed at random moments: the file stays sound, and holds all
    of a run's complaints or none of them."""
    chance = random.Random(2026)
    tracker = tmp_path / "big.csv"
    tracker.write_text(
        HEADER + "".join(f"Resident {n},2026-11-02,Leak number {n}\n" for n in range(20_000))
    )
    for attempt in range(6):
        path = tmp_path / f"demo{attempt}.sqlite3"
        _kill_at_random(
            ["demo", "--complaints", "100000", "--db", str(path)], chance.uniform(0.5, 8)
        )
        if path.exists() and path.stat().st_size:
            verdict, count = _sound(path)
            assert verdict == "ok" and count in (0, 100_000), (attempt, verdict, count)
    path = tmp_path / "imports.sqlite3"
    landed = 0
    for attempt in range(6):
        # The same tracker each time, meant: every run may land, so every moment is tried.
        argv = ["import", str(tracker), "--allow-duplicates", "--db", str(path)]
        _kill_at_random(argv, chance.uniform(0.3, 4))
        if path.exists() and path.stat().st_size:
            verdict, count = _sound(path)
            assert verdict == "ok" and count % 20_000 == 0, (attempt, verdict, count)
            landed = count // 20_000
    status = main(["check", "--db", str(path)]) if path.exists() else 0
    assert status == 0 and landed >= 0
