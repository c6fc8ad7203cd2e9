"""The year's documents, read back: the annual report, the self-assessment and the board pack,
and the reports screen driven by its keys."""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from sqlmodel import Session
from textual.widgets import DataTable, Select

from reports.annual import SECTIONS as ANNUAL_SECTIONS
from reports.annual import annual_report
from reports.board import SECTIONS as BOARD_SECTIONS
from reports.board import board_pack
from reports.figures import figures
from reports.self_assessment import provisions, self_assessment
from reports.source import Source, read_source
from reports.tsm import measure
from reports.year import Period, ReportingYear
from store.assessment import Answer, load_answers, save_answer
from store.db import Store
from store.defining import Definition, acknowledge
from store.demo import make_demo
from store.follow_through import add_outstanding_action, save_record
from store.kinds import Decision, RemedyKind
from store.records import RECORDS
from store.responding import Answer as Response
from store.responding import respond
from store.settings import update_settings
from store.steps import close, escalate
from tests.factories import TODAY, logged
from tests.pilot import desk, fill, painted_lines
from tui.dialogs.assessment import AnswerDialog, AnswersScreen
from tui.screens.reports import ReportsScreen

YEAR = ReportingYear.of(2025)


def text_of(path: Path) -> str:
    document = Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += ["\t".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(parts)


def headings_of(path: Path) -> list[str]:
    document = Document(str(path))
    return [
        p.text
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]


def answered_case(
    session: Session, received: date, acknowledged: date, responded: date, handler: str
) -> int:
    case = logged(session, received=received, category="Repairs")
    assert case.id is not None
    acknowledge(
        session,
        case.id,
        on=acknowledged,
        definition=Definition("You say.", "A fix."),
        handler=handler,
        today=TODAY,
    )
    respond(
        session,
        case.id,
        on=responded,
        answer=Response(Decision.UPHELD, "The repair was late.", upheld_parts="The delay."),
        today=TODAY,
    )
    return case.id


@pytest.fixture
def year_on_file(store: Store) -> Source:
    with store.connect() as db:
        update_settings(db, homes_rented=400, homes_shared_ownership=100)
    with store.session() as session:
        # Acknowledged 2 June 2025 (due 9 June), answered 16 June: due 16 June, met.
        first = answered_case(
            session, date(2025, 6, 2), date(2025, 6, 4), date(2025, 6, 18), "Sam One"
        )
        save_record(
            session,
            RECORDS["remedy"],
            first,
            {
                "kind": RemedyKind.FINANCIAL,
                "offered": "Compensation for the delay",
                "offered_on": date(2025, 6, 18),
                "amount_offered": 15000,
                "accepted_on": date(2025, 6, 20),
            },
            today=TODAY,
        )
        add_outstanding_action(
            session, first, what="Replace the boiler", due_on=date(2025, 7, 1), today=TODAY
        )
        close(
            session,
            first,
            on=date(2025, 6, 30),
            today=TODAY,
            learning="Book the survey before the first visit",
            improvement="Surveys now booked at the first call",
        )
        second = answered_case(
            session, date(2025, 9, 1), date(2025, 9, 2), date(2025, 9, 30), "Sam One"
        )
        escalate(session, second, requested_on=date(2025, 10, 1), handler="Jo Two", today=TODAY)
    with store.connect() as db, db:
        # As a spreadsheet imported from before the desk might have it (6.13 broken).
        db.execute("UPDATE stage SET handler = 'Sam One' WHERE number = 2")
    with store.connect() as db:
        return read_source(db, TODAY)


def test_the_years_figures(year_on_file: Source) -> None:
    numbers = figures(year_on_file, YEAR, YEAR.quarters)
    one = numbers.stages[1]
    assert one.received == 2
    assert str(one.acknowledged) == "2 of 2 (100.0%)"
    # 16 working days from 2 June to 18 June: met; 2 September to 30 September: 20, late.
    assert str(one.answered) == "1 of 2 (50.0%)"
    assert one.decisions[Decision.UPHELD] == 2
    assert str(numbers.escalation_rate) == "1 of 2 (50.0%)"
    assert numbers.by_category == {"Repairs": 2}
    assert [(name, first) for name, first, _ in numbers.by_quarter] == [
        ("Apr-Jun 2025", 1),
        ("Jul-Sep 2025", 1),
        ("Oct-Dec 2025", 0),
        ("Jan-Mar 2026", 0),
    ]
    assert numbers.remedies["amount offered"] == 15000 and numbers.remedies["unpaid"] == 1
    assert numbers.actions_open["Overdue over 90 days"] == 1
    assert numbers.closed == 1 and numbers.closings[0].learning.startswith("Book the survey")


def test_the_annual_report_reads_back(year_on_file: Source, tmp_path: Path) -> None:
    path = annual_report(year_on_file, YEAR, tmp_path)
    assert path.name == "Annual complaints report 2025-26.docx"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    headings = headings_of(path)
    for section in ANNUAL_SECTIONS:
        assert section in headings
    text = text_of(path)
    assert "Complaints received\t2\t1" in text
    assert "Escalated to stage 2: 1 of 2 (50.0%) of the stage 1 responses sent." in text
    assert "Book the survey before the first visit" in text
    assert "Surveys now booked at the first call" in text
    assert "Offered\t1\t£150" in text
    measures = measure(year_on_file.rows, year_on_file.settings, year_on_file.calendar, YEAR)
    ch01 = measures.measures["CH01-1"]["rented"]
    assert f"{ch01.value} ({ch01.numerator}/{ch01.denominator})" in text
    # Each chart is a picture with its figures in a table beside it.
    assert len(Document(str(path)).inline_shapes) == 3
    assert "Quarter\tStage 1\tStage 2" in text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_annual_report_prints(year_on_file: Source, tmp_path: Path) -> None:
    path = annual_report(year_on_file, YEAR, tmp_path)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    info = subprocess.run(
        ["pdfinfo", str(path.with_suffix(".pdf"))], capture_output=True, text=True, check=True
    ).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    assert 3 <= pages <= 12


def test_the_self_assessment_has_every_provision_and_its_evidence(
    store: Store, year_on_file: Source, tmp_path: Path
) -> None:
    assert len(provisions()) == 72
    assert [p.number for p in provisions()][:3] == ["1.2", "1.3", "1.4"]
    with store.connect() as db:
        save_answer(db, 2024, "1.2", Answer("yes", "Policy 2.1", "As the Code says."))
        save_answer(db, 2025, "6.13", Answer("no", commentary="One complaint was not."))
        answers = load_answers(db, 2025)
    assert answers["1.2"] == (Answer("yes", "Policy 2.1", "As the Code says."), 2024)
    docx, sheet, flagged = self_assessment(year_on_file, YEAR, answers, tmp_path)
    assert flagged == ["6.13"]
    with sheet.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [
        "Code",
        "Code requirement",
        "Comply: Yes / No",
        "Evidence",
        "Commentary / explanation",
    ]
    by_code = {row[0]: row for row in rows[1:]}
    assert len(by_code) == 72
    assert by_code["1.2"][2] == "Yes" and by_code["1.2"][3] == "Policy 2.1"
    assert by_code["6.13"][3].startswith("The same handler at both stages: C-2025-0002")
    assert "NO ACTION AND DATE" in by_code["6.13"][4]
    assert by_code["6.2"][3] == "Stage 1 acknowledgements within 5 working days: 2 of 2 (100.0%)."
    assert by_code["9.1"][3] == "Learning was recorded for 1 of the 1 complaints closed."
    assert "Section 6: Complaint stages" in headings_of(docx)
    assert "The person considering the complaint at stage 2" in text_of(docx)


def test_the_board_pack(year_on_file: Source, tmp_path: Path) -> None:
    path = board_pack(year_on_file, Period(date(2025, 7, 1), date(2025, 9, 30)), tmp_path)
    headings = headings_of(path)
    for section in BOARD_SECTIONS:
        assert section in headings
    text = text_of(path)
    assert "Category\tJul-Sep 24\tOct-Dec 24\tJan-Mar 25\tApr-Jun 25\tJul-Sep 25" in text
    assert "Repairs\t0\t0\t0\t1\t1" in text
    assert "Compensation for the delay (£150 offered, accepted 20 Jun 2025)" in text
    assert "Replace the boiler" in text


def test_the_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cli.main import main

    db = tmp_path / "c.sqlite3"
    assert main(["demo", "--complaints", "80", "--db", str(db)]) == 0
    out = tmp_path / "out"
    for report in ("annual", "self-assessment"):
        assert main(["report", report, "--year", "2025", "--out", str(out), "--db", str(db)]) == 0
    assert main(["report", "board", "--out", str(out), "--db", str(db)]) == 0
    made = sorted(path.name for path in out.iterdir())
    assert made[0] == "Annual complaints report 2025-26.docx"
    assert "Self-assessment 2025-26.csv" in made and "Self-assessment 2025-26.docx" in made
    assert any(name.startswith("Board complaints pack 2026-07-01_2026-09-30") for name in made)
    capsys.readouterr()
    assert (
        main(
            [
                "report",
                "board",
                "--from",
                "2026-09-30",
                "--to",
                "2026-07-01",
                "--out",
                str(out),
                "--db",
                str(db),
            ]
        )
        == 1
    )
    assert "--to is before --from" in capsys.readouterr().err


async def test_the_reports_screen(store: Store, tmp_path: Path) -> None:
    make_demo(store, 120, today=TODAY)
    app = desk(store)
    with store.connect() as db:
        app.office.apply(update_settings(db, letters_folder=str(tmp_path / "letters")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReportsScreen)
        title = str(app.screen.query_one("#reports-title").render())
        assert title.startswith("Reporting year 2025-26")
        tsm = app.screen.query_one("#tsm", DataTable)
        assert [str(tsm.get_row_at(i)[0])[:6] for i in range(tsm.row_count)] == [
            "CH01-1",
            "CH01-2",
            "CH02-1",
            "CH02-2",
        ]
        await pilot.press("left_square_bracket")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(app.screen.query_one("#reports-title").render()).startswith(
            "Reporting year 2024-25"
        )
        await pilot.press("a")
        await app.workers.wait_for_complete()
        await pilot.pause()
        made = tmp_path / "Complaint reports" / "Annual complaints report 2024-25.docx"
        assert made.is_file()
        assert str(made) in str(app.screen.query_one("#made").render())
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, AnswersScreen)
        await pilot.press("enter")  # 1.2
        await pilot.pause()
        assert isinstance(app.screen, AnswerDialog)
        app.screen.query_one("#comply", Select).value = "no"
        await fill(pilot, "commentary", "The policy's wording differs.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AnswersScreen)
        row = app.screen.query_one(DataTable).get_row_at(0)
        assert [str(cell) for cell in row[:3]] == ["1.2", "no", "NEEDED"]
    with store.connect() as db:
        assert load_answers(db, 2024)["1.2"][0].commentary == "The policy's wording differs."


async def test_the_measures_fit_an_80_column_terminal(store: Store) -> None:
    make_demo(store, 120, today=TODAY)
    app = desk(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await app.workers.wait_for_complete()
        await pilot.pause()
        header, *rows = painted_lines(app, "#tsm")[:5]
        assert header.split() == [
            "Measure",
            "Rented",
            "(LCRA)",
            "Shared",
            "ownership",
            "(LCHO)",
            "All",
        ]
        assert [row.split()[0] for row in rows] == ["CH01-1", "CH01-2", "CH02-1", "CH02-2"]
        assert all(len(row.split()) >= 5 for row in rows)  # a value for every group of homes


def test_the_board_pack_lists_remedies_unpaid_at_its_quarters_end(
    year_on_file: Source, tmp_path: Path
) -> None:
    # The remedy was accepted on 20 June 2025: after the April to June quarter it is unpaid,
    # but a pack for the quarter before it was accepted does not list it.
    before = board_pack(year_on_file, Period(date(2025, 4, 1), date(2025, 6, 19)), tmp_path)
    assert "Compensation for the delay" not in text_of(before)
    assert "No remedy accepted and left unpaid." in text_of(before)


def test_a_table_gives_each_column_room_for_its_longest_word(tmp_path: Path) -> None:
    from reports.document import ReportDocument

    document = ReportDocument("Widths", template=tmp_path / "none.docx")
    document.table(("Category", "Jul-Sep 25", "Oct-Dec 25"), [("Communication", 1, 0)])
    path = document.save(tmp_path / "widths.docx")
    read = Document(str(path))
    [table], section = read.tables, read.sections[-1]
    category, first, _ = (column.width.cm for column in table.columns)
    assert category > first  # "Communication" is not broken across lines
    width, left, right = section.page_width, section.left_margin, section.right_margin
    assert width is not None and left is not None and right is not None
    across = width - left - right
    total = sum(column.width.cm for column in table.columns)
    assert total == pytest.approx(across / 360000, abs=0.01)


def test_the_self_assessment_sheet_never_runs_a_formula(
    store: Store, year_on_file: Source, tmp_path: Path
) -> None:
    typed = {
        "1.2": '=HYPERLINK("http://example.invalid","click")',
        "1.3": "+1+1",
        "1.4": "-2+3",
        "1.5": "@SUM(A1:A2)",
    }
    with store.connect() as db:
        for code, text in typed.items():
            save_answer(db, 2025, code, Answer("yes", text, text))
        answers = load_answers(db, 2025)
    _docx, sheet, _flagged = self_assessment(year_on_file, YEAR, answers, tmp_path)
    with sheet.open(encoding="utf-8") as handle:
        by_code = {row[0]: row for row in csv.reader(handle)}
    for code, text in typed.items():
        assert by_code[code][3] == "'" + text
        assert by_code[code][4] == "'" + text
