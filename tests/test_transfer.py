"""Import from a spreadsheet tracker and export with deadlines; the export imports back."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest
from sqlmodel import Session

from store.clock import WorkingCalendar
from store.columns import export_columns
from store.db import Store, open_store
from store.export import export_records, write_export
from store.listing import count_rows
from store.records import FOLLOW_THROUGH_COLUMNS
from store.spreadsheet import ImportFailed
from store.transfer import import_csv
from tests.factories import TODAY

HEADER = (
    "reference,resident_name,address,received,category,description,stage1_acknowledged,"
    "stage1_extension_days,stage1_extension_reason,stage1_responded,stage2_requested,"
    "stage2_acknowledged,stage2_extension_days,stage2_extension_reason,stage2_responded"
)


def write_csv(path: Path, *rows: str, header: str = HEADER) -> Path:
    path.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")
    return path


def test_import_then_export(
    session: Session, db: sqlite3.Connection, tmp_path: Path, calendar: WorkingCalendar
) -> None:
    source = write_csv(
        tmp_path / "tracker.csv",
        ",Ann Example,1 Mill Lane,28/11/2026,Repairs,Leaking tap,,,,,,,,,",
        "C-2026-0007,Bob Example,2 Mill Lane,2026-11-02,Repairs,Mould,2026-11-04,5,Survey,"
        "2026-11-20,2026-11-23,,,,",
    )
    # Saturday 28 November 2026 is in the future on the 25th: import it "today" = 30th.
    report = import_csv(session, source, today=date(2026, 11, 30))
    assert report.references == ["C-2026-0001", "C-2026-0007"]
    records = {r["reference"]: r for r in export_records(db, calendar, date(2026, 11, 30))}
    ann, bob = records["C-2026-0001"], records["C-2026-0007"]
    assert ann["stage1_ack_due"] == "2026-12-04"
    assert ann["next_step"] == "Stage 1 acknowledgement"
    assert ann["working_days_left"] == 4
    assert ann["stage1_ack_met"] is None
    assert bob["stage1_response_due"] == "2026-11-25"  # 10 + 5 working days after 4 November
    assert bob["stage1_response_met"] is True
    assert bob["stage2_ack_due"] == "2026-11-30"
    assert bob["next_deadline"] == "2026-11-30" and bob["working_days_left"] == 0
    assert bob["stage"] == 2 and bob["status"] == "open"
    assert set(bob) == set(export_columns())


def test_round_trip(store: Store, tmp_path: Path, calendar: WorkingCalendar) -> None:
    from store.demo import make_demo

    make_demo(store, 150, today=TODAY)
    with store.connect() as db:
        first = export_records(db, calendar, TODAY)
    exported = tmp_path / "export.csv"
    with exported.open("w", encoding="utf-8", newline="") as handle:
        write_export(first, handle, "csv")
    again = open_store(tmp_path / "again.sqlite3")
    with again.session() as session:
        import_csv(session, exported, today=TODAY)
    with again.connect() as db:
        second = export_records(db, calendar, TODAY)
    # Every field of each complaint comes back; the follow-through records are exported only.
    kept = set(export_columns()) - set(FOLLOW_THROUGH_COLUMNS)
    assert [{c: r[c] for c in kept} for r in first] == [{c: r[c] for c in kept} for r in second]
    assert any(record["related_to"] for record in second)


def test_json_export_is_an_array(
    session: Session, db: sqlite3.Connection, tmp_path: Path, calendar: WorkingCalendar
) -> None:
    import_csv(
        session, write_csv(tmp_path / "t.csv", ",Ann,,2026-11-02,,Leak,,,,,,,,,"), today=TODAY
    )
    out = io.StringIO()
    write_export(export_records(db, calendar, TODAY), out, "json")
    [record] = json.loads(out.getvalue())
    assert record["stage1_ack_due"] == "2026-11-09"
    assert record["stage2_ack_due"] is None and record["stage1_ack_met"] is None
    assert record["working_days_left"] == -12


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (",Ann,,2026-13-01,,Leak,,,,,,,,,", "Row 3, received: '2026-13-01' is not a date"),
        (
            ",Ann,,2027-01-01,,Leak,,,,,,,,,",
            "Row 3, received: The date the complaint was "
            "received (1 January 2027) is in the future",
        ),
        (",,,2026-11-02,,Leak,,,,,,,,,", "Row 3, resident_name: This cannot be empty."),
        (
            ",Ann,,2026-11-02,,Leak,2026-10-30,,,,,,,,",
            "Row 3, stage1_acknowledged: The stage 1 acknowledgement (30 October 2026) "
            "cannot be before the date the complaint was received",
        ),
        (
            ",Ann,,2026-11-02,,Leak,2026-11-03,,,2026-11-02,,,,,",
            "Row 3, stage1_responded: The stage 1 response (2 November 2026) cannot be before",
        ),
        (
            ",Ann,,2026-11-02,,Leak,2026-11-03,5,,,,,,,",
            "Row 3, stage1_extension_reason: Give the reason for the extension",
        ),
        (
            ",Ann,,2026-11-02,,Leak,2026-11-03,five,x,,,,,,",
            "Row 3, stage1_extension_days: 'five' is not a whole number",
        ),
        (
            ",Ann,,2026-11-02,,Leak,2026-11-03,,,2026-11-05,2026-11-04,,,,",
            "Row 3, stage2_requested: The request to escalate to stage 2 (4 November 2026) cannot "
            "be before the stage 1 response",
        ),
        (
            ",Ann,,2026-11-02,,Leak,,,,,,2026-11-05,,,",
            "Row 3, stage2_acknowledged: The stage 2 "
            "acknowledgement needs the date the resident asked to escalate",
        ),
        ("C-1,Ann,,2026-11-02,,Leak,,,,,,,,,", "Row 3, reference: C-1 is also used on row 2."),
    ],
)
def test_one_bad_row_imports_nothing(
    session: Session, db: sqlite3.Connection, tmp_path: Path, row: str, expected: str
) -> None:
    source = write_csv(tmp_path / "t.csv", "C-1,Good,,2026-11-02,,Fine,,,,,,,,,", row)
    with pytest.raises(ImportFailed) as failed:
        import_csv(session, source, today=TODAY)
    assert any(problem.startswith(expected) for problem in failed.value.problems), (
        failed.value.problems
    )
    assert count_rows(db) == 0


def test_every_bad_row_is_listed(session: Session, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "t.csv",
        ",Ann,,bad,,Leak,,,,,,,,,",
        ",Bob,,2026-11-02,,Ok,,,,,,,,,",
        ",,,2026-11-02,,,,,,,,,,,",
    )
    with pytest.raises(ImportFailed) as failed:
        import_csv(session, source, today=TODAY)
    rows = [problem.split(",")[0] for problem in failed.value.problems]
    assert rows == ["Row 2", "Row 4", "Row 4"]


def test_headers_any_case_dates_both_ways_unknown_columns(session: Session, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "t.csv",
        "Ann,25/11/2026,Leak,yes",
        header="Resident_Name,RECEIVED,Description,Notes",
    )
    report = import_csv(session, source, today=TODAY)
    assert report.notes == ["Ignored the column 'notes', which complaints-tui does not know."]
    assert len(report.references) == 1


def test_extension_over_the_cap_is_accepted_with_its_reason(
    session: Session, db: sqlite3.Connection, tmp_path: Path, calendar: WorkingCalendar
) -> None:
    source = write_csv(
        tmp_path / "t.csv", ",Ann,,2026-10-01,,Leak,2026-10-02,15,Specialist survey,,,,,,"
    )
    import_csv(session, source, today=TODAY)
    [record] = export_records(db, calendar, TODAY)
    assert record["stage1_extension_days"] == 15
    assert record["stage1_response_due"] == "2026-11-06"


def test_excel_csv_with_bom_and_windows_line_endings(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "\ufeffresident_name,received,description\r\nZoë Ünal,02/11/2026,"
        '"Two lines\r\nof text"\r\n'.encode()
    )
    import_csv(session, path, today=TODAY)
    from store.case import find_case

    case = find_case(session, "C-2026-0001")
    assert case.resident.name == "Zoë Ünal"
    assert case.complaint.description == "Two lines\nof text"


def _reference_due(start: date, n: int) -> date:
    due: date = holidays.country_holidays("GB", subdiv="ENG").get_nth_working_day(start, n)
    return due


def test_export_agrees_with_an_independent_calculation(
    session: Session, db: sqlite3.Connection, tmp_path: Path, calendar: WorkingCalendar
) -> None:
    rng = random.Random(2019)
    rows = []
    for _ in range(400):
        received = date(2019, 1, 1) + timedelta(days=rng.randint(0, 2850))
        ack = received + timedelta(days=rng.randint(0, 12))
        ext = rng.choice([0, 0, 3, 10, 14])
        responded = ack + timedelta(days=rng.randint(1, 30))
        requested = responded + timedelta(days=rng.randint(0, 30)) if rng.random() < 0.4 else None
        fields = [
            "",
            "Resident",
            "",
            received.isoformat(),
            "",
            "Text",
            ack.isoformat(),
            str(ext or ""),
            "Reason" if ext else "",
            responded.isoformat(),
            requested.isoformat() if requested else "",
        ]
        if requested:
            ack2 = requested + timedelta(days=rng.randint(0, 9))
            fields += [
                ack2.isoformat(),
                "",
                "",
                (ack2 + timedelta(days=rng.randint(1, 40))).isoformat(),
            ]
        else:
            fields += ["", "", "", ""]
        if all(date.fromisoformat(f) <= TODAY for f in fields if f[:2] == "20"):
            rows.append(",".join(fields))
    # One resident and one text throughout: rows received on the same day repeat each other.
    import_csv(session, write_csv(tmp_path / "many.csv", *rows), today=TODAY, allow_duplicates=True)
    for record in export_records(db, calendar, TODAY):
        received = date.fromisoformat(record["received"])
        ack = date.fromisoformat(record["stage1_acknowledged"])
        ack_due = _reference_due(received, 5)
        response_due = _reference_due(ack, 10 + (record["stage1_extension_days"] or 0))
        assert record["stage1_ack_due"] == ack_due.isoformat()
        assert record["stage1_ack_met"] == (ack <= ack_due)
        assert record["stage1_response_due"] == response_due.isoformat()
        assert record["stage1_response_met"] == (
            date.fromisoformat(record["stage1_responded"]) <= response_due
        )
        if record["stage2_requested"]:
            ack2 = date.fromisoformat(record["stage2_acknowledged"])
            ack2_due = _reference_due(date.fromisoformat(record["stage2_requested"]), 5)
            assert record["stage2_ack_due"] == ack2_due.isoformat()
            assert record["stage2_ack_met"] == (ack2 <= ack2_due)
            assert record["stage2_response_due"] == _reference_due(ack2, 20).isoformat()


def test_killing_an_import_leaves_the_file_whole(tmp_path: Path) -> None:
    database = tmp_path / "complaints.sqlite3"
    open_store(database).close()
    rows = [
        f",Resident {i},,2026-0{1 + i % 9}-1{i % 10},,Complaint {i},,,,,,,,," for i in range(60_000)
    ]
    source = write_csv(tmp_path / "big.csv", *rows)
    command = [sys.executable, "-m", "cli", "import", str(source), "--db", str(database)]
    for delay in (0.8, 1.6, 2.4):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        with sqlite3.connect(database) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            count = connection.execute("SELECT count(*) FROM complaint").fetchone()[0]
        assert count in (0, 60_000)
        if count:
            break
    if os.name == "posix":
        assert database.stat().st_mode & 0o777 == 0o600


def test_csv_header_matches_the_json_fields(
    session: Session, db: sqlite3.Connection, tmp_path: Path, calendar: WorkingCalendar
) -> None:
    import_csv(
        session, write_csv(tmp_path / "t.csv", ",Ann,,2026-11-02,,Leak,,,,,,,,,"), today=TODAY
    )
    out = io.StringIO()
    write_export(export_records(db, calendar, TODAY), out, "csv")
    reader = csv.DictReader(io.StringIO(out.getvalue()))
    assert tuple(reader.fieldnames or ()) == export_columns()
    [row] = list(reader)
    assert row["stage1_ack_met"] == "" and row["next_deadline"] == "2026-11-09"
