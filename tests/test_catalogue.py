"""Every deadline comes from the catalogue: a rule declared here, in the test alone, is counted
down on the desk, shown with the complaint, exported and counted in the year's figures, with no
other change."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from textual.widgets import DataTable

from reports.annual import annual_report
from reports.figures import figures
from reports.source import read_source
from reports.year import ReportingYear
from store.clock import WorkingCalendar
from store.db import Store
from store.deadlines import CODE_RULES, Rule, Unit, catalogue
from store.defining import Definition, acknowledge
from store.export import export_records, write_export
from tests.factories import logged
from tests.pilot import TODAY, desk, desk_rows

# A landlord's own promise: call the resident back within 2 working days of a complaint.
CALL_BACK = Rule(
    "call_back",
    "Call back to the resident",
    "Policy 4.1",
    starts="received",
    length=2,
    unit=Unit.WORKING_DAYS,
    met_by="stage1_acknowledged",
)


@pytest.fixture(autouse=True)
def _call_back_rule(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr("store.deadlines.RULES", (*CODE_RULES, CALL_BACK))
    assert catalogue()[-1] is CALL_BACK
    yield


def test_the_code_s_own_rules_are_the_catalogue_s_first() -> None:
    assert [rule.key for rule in CODE_RULES] == [
        "stage1_ack",
        "stage1_response",
        "stage2_ack",
        "stage2_response",
    ]
    assert [rule.provision for rule in CODE_RULES] == ["6.2", "6.3", "6.11", "6.14"]


async def test_a_new_rule_is_counted_down_on_the_desk(store: Store) -> None:
    with store.session() as session:
        # Received Monday 23 November 2026: a call back is due Wednesday 25th, today.
        logged(session, received=date(2026, 11, 23))
    async with desk(store).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        rows = desk_rows(pilot.app)
        assert rows[0][3].startswith("Call back to the resident")
        assert "25 Nov 2026" in rows[0][4]
        assert rows[0][5] == "due today"
        await pilot.press("enter")
        await pilot.pause()
        table = pilot.app.screen.query_one("#deadlines", DataTable)
        shown = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert ["Call back to the resident", "Wed 25 Nov 2026", "", "due today"] in shown


def test_a_new_rule_is_exported(store: Store, calendar: WorkingCalendar) -> None:
    with store.session() as session:
        logged(session, received=date(2026, 11, 23))
    with store.connect() as db:
        records = export_records(db, calendar, TODAY)
    assert records[0]["call_back_due"] == "2026-11-25"
    assert records[0]["call_back_met"] is None
    assert records[0]["next_step"] == "Call back to the resident"
    out = io.StringIO()
    write_export(records, out, "csv")
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["call_back_due"] == "2026-11-25"


def test_a_new_rule_is_counted_in_the_year_s_figures(store: Store, tmp_path: Path) -> None:
    with store.session() as session:
        for received, acknowledged in (
            (date(2025, 6, 2), date(2025, 6, 3)),  # within 2 working days: met
            (date(2025, 6, 9), date(2025, 6, 12)),  # 3 working days: missed
        ):
            case = logged(session, received=received)
            assert case.id is not None
            acknowledge(
                session,
                case.id,
                on=acknowledged,
                definition=Definition("You say.", "A fix."),
                today=TODAY,
            )
    year = ReportingYear.of(2025)
    with store.connect() as db:
        source = read_source(db, TODAY)
    assert str(figures(source, year).in_time["call_back"]) == "1 of 2 (50.0%)"
    made = annual_report(source, year, tmp_path)
    cells = [
        [cell.text for cell in row.cells]
        for table in Document(str(made)).tables
        for row in table.rows
    ]
    assert ["Call back to the resident", "Policy 4.1", "1 of 2 (50.0%)"] in cells
