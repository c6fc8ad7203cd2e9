"""The text the case file keeps: bounded, and only characters that print, export and come back.
Whatever way it comes in, a value that cannot be kept is refused with its field named."""

from __future__ import annotations

import csv
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select
from textual.widgets import Input, TextArea

from cli.main import main
from letters.catalogue import LetterKind
from letters.render import make_letter
from store.case import find_case, load_case
from store.clock import WorkingCalendar
from store.db import Store, open_store
from store.defining import Definition, acknowledge
from store.follow_through import set_representative
from store.intake import log_complaint
from store.kinds import Decision
from store.models import ComplaintCreate, Resident
from store.responding import Answer, respond
from store.rules import Problem, RuleBroken
from store.steps import close, escalate, extend
from tests.factories import TODAY, answered, logged, new_complaint
from tests.pilot import desk, text_of
from tests.test_letters import SETTINGS, read_back


def refused(session: Session, data: ComplaintCreate) -> list[Problem]:
    with pytest.raises(RuleBroken) as broken:
        log_complaint(session, data, today=TODAY)
    return broken.value.problems


def test_a_name_is_not_100000_characters(session: Session) -> None:
    problems = refused(session, new_complaint(name="A" * 100_000))
    assert problems == [
        Problem(
            "resident_name",
            "The resident's name is 100,000 characters long: at most 200 can be kept.",
        )
    ]
    assert session.exec(select(Resident)).all() == []


@pytest.mark.parametrize(
    ("fields", "field", "sentence"),
    [
        (
            {"name": "Ann\ufffeExample"},
            "resident_name",
            "The resident's name holds U+FFFE, which is not a character: remove it.",
        ),
        (
            {"description": "The tap\x07 leaks."},
            "description",
            "The complaint holds a control code (U+0007) that cannot be printed: remove it.",
        ),
        (
            {"service_request": "SR-1\nSR-2"},
            "service_request",
            "The service request holds a line break, but it is one line: remove it.",
        ),
        (
            {"property_address": "Flat 2\x00"},
            "property_address",
            "The property holds a control code (U+0000) that cannot be printed: remove it.",
        ),
        (
            {"description": "x" * 20_001},
            "description",
            "The complaint is 20,001 characters long: at most 20,000 can be kept.",
        ),
    ],
)
def test_intake_refuses_what_cannot_be_kept_naming_the_field(
    session: Session, fields: dict[str, Any], field: str, sentence: str
) -> None:
    assert refused(session, new_complaint(**fields)) == [Problem(field, sentence)]


def test_windows_line_breaks_are_still_made_plain(session: Session) -> None:
    case = logged(session, description="First line\r\nsecond\rthird\x0bfourth")
    assert case.complaint.description == "First line\nsecond\nthird\nfourth"


def test_every_step_refuses_text_it_cannot_keep_and_changes_nothing(
    session: Session, calendar: WorkingCalendar
) -> None:
    case = logged(session)
    with pytest.raises(RuleBroken) as broken:
        acknowledge(
            session,
            case.id,
            on=date(2026, 11, 4),
            definition=Definition("The tap \x1b[31mleaks.", "A new tap."),
            handler="Sam\uffff",
            today=TODAY,
        )
    assert set(broken.value.problems) == {
        Problem(
            "understanding",
            "The understanding of the complaint holds a control code (U+001B) that cannot be "
            "printed: remove it.",
        ),
        Problem("handler", "The handler's name holds U+FFFF, which is not a character: remove it."),
    }
    assert load_case(session, case.id).stages[1].acknowledged_on is None
    acknowledge(
        session,
        case.id,
        on=date(2026, 11, 4),
        definition=Definition("Leak.", "A tap."),
        today=TODAY,
    )
    with pytest.raises(RuleBroken) as broken:
        extend(
            session,
            case.id,
            agreed_on=date(2026, 11, 5),
            working_days=5,
            reason="The plumber is away.\nBack on Monday.",
            today=TODAY,
            calendar=calendar,
        )
    assert broken.value.problems == [
        Problem(
            "reason",
            "The reason for the extension holds a line break, but it is one line: remove it.",
        )
    ]
    assert load_case(session, case.id).extensions == ()


def test_the_end_of_a_complaint_and_its_records_are_bounded(session: Session) -> None:
    case = answered(session, logged(session))
    with pytest.raises(RuleBroken) as broken:
        close(session, case.id, on=date(2026, 11, 16), learning="L" * 30_000, today=TODAY)
    assert broken.value.problems == [
        Problem(
            "learning", "What was learned is 30,000 characters long: at most 20,000 can be kept."
        )
    ]
    with pytest.raises(RuleBroken) as broken:
        set_representative(session, case.id, details={"name": "Ben\ufdd0"}, today=TODAY)
    assert broken.value.problems == [
        Problem("name", "Name holds U+FDD0, which is not a character: remove it.")
    ]
    with pytest.raises(RuleBroken) as broken:
        escalate(
            session,
            case.id,
            requested_on=date(2026, 11, 16),
            handler="Jo",
            role="Head\x7f",
            today=TODAY,
        )
    assert broken.value.problems == [
        Problem(
            "role",
            "The handler's role holds a control code (U+007F) that cannot be printed: remove it.",
        )
    ]


def test_no_way_round_the_steps_writes_text_that_cannot_be_kept(store: Store) -> None:
    with store.session() as session:
        case = logged(session)
    with store.session() as session:
        resident = session.get(Resident, case.resident.id)
        assert resident is not None
        resident.name = "Ann\ufffe"
        with pytest.raises(RuleBroken, match="The resident's name holds U\\+FFFE"):
            session.commit()
    with store.connect() as db:
        assert db.execute("SELECT name FROM resident").fetchall() == [("Ann Example",)]


async def test_the_form_shows_each_problem_beside_its_field(store: Store) -> None:
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#resident_name", Input).value = "A" * 201
        # Pasted from another program, with a character that is not a character in it.
        app.screen.query_one("#description", TextArea).text = "Leaking tap\ufffe"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "The resident's name is 201 characters long: at most 200 can be kept." in text_of(
            app, "#error-resident_name"
        )
        assert "The complaint holds U+FFFE, which is not a character: remove it." in text_of(
            app, "#error-description"
        )
        assert app.screen.query_one("#resident_name", Input).value == "A" * 201


def test_text_kept_before_the_rule_prints_without_what_cannot_be_printed(
    store: Store, calendar: WorkingCalendar, tmp_path: Path
) -> None:
    with store.session() as session:
        case = logged(session, name="Ann Example")
        acknowledge(
            session,
            case.id,
            on=date(2026, 11, 4),
            definition=Definition("The tap leaks.", "A new tap."),
            today=TODAY,
        )
    with store.connect() as db, db:  # as an older version kept it, unchecked
        db.execute("UPDATE resident SET name = 'Ann\ufffe Ex\x1bample'")
        db.execute("UPDATE stage SET understanding = 'The tap\ufdd0 leaks.\nIt drips.'")
    with store.session() as session:
        case = load_case(session, case.id)
    path = make_letter(LetterKind.S1_ACK, case, SETTINGS, calendar, TODAY, folder=tmp_path)
    text, _ = read_back(path)
    assert "Dear Ann Example," in text
    assert "\nThe tap leaks.\nIt drips.\n" in text


@pytest.mark.parametrize(
    ("column", "cell", "said"),
    [
        (
            "resident_name",
            "A" * 100_000,
            "Row 3, resident_name: The resident's name is 100,000 characters long: at most 200 "
            "can be kept.",
        ),
        (
            "description",
            "Leak\ufffe",
            "Row 3, description: The complaint holds U+FFFE, which is not a character: remove it.",
        ),
        (
            "address",
            "1 Mill Lane\x0cKendal",
            "Row 3, address: The resident's address holds a control code (U+000C) that cannot "
            "be printed: remove it.",
        ),
        (
            "stage1_handler",
            "Sam\nSmith",
            "Row 3, stage1_handler: The handler's name holds a line break, but it is one line: "
            "remove it.",
        ),
        (
            "stage1_extension_reason",
            "Parts\x1b",
            "Row 3, stage1_extension_reason: The reason for the extension holds a control code "
            "(U+001B) that cannot be printed: remove it.",
        ),
    ],
)
def test_an_import_holds_every_cell_to_the_same_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], column: str, cell: str, said: str
) -> None:
    good = {"resident_name": "Good Row", "received": "2026-11-02", "description": "Leak"}
    bad = {
        **good,
        "resident_name": "Bad Row",
        "stage1_acknowledged": "2026-11-03",
        "stage1_extension_days": "5",
        "stage1_extension_reason": "Parts",
        column: cell,
    }
    tracker = tmp_path / "tracker.csv"
    with tracker.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(bad))
        writer.writeheader()
        writer.writerows([good, bad])
    database = tmp_path / "c.sqlite3"
    assert main(["import", str(tracker), "--db", str(database)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Nothing was imported:")
    assert said in err
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM complaint").fetchone() == (0,)


def test_what_was_typed_comes_back_from_an_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], calendar: WorkingCalendar
) -> None:
    source = tmp_path / "source.sqlite3"
    store = open_store(source)
    with store.session() as session:
        case = logged(
            session,
            name="'=Ann",
            description="'Sorted', she said.\n=SUM(A1) is not a formula here.",
            category="-",
        )
        acknowledge(
            session,
            case.id,
            on=date(2026, 11, 4),
            definition=Definition("The tap leaks.", "A new tap."),
            handler="Sam Smith",
            role="Repairs Complaints Lead",
            today=TODAY,
        )
        for days, good in ((5, "The surveyor is ill."), (3, "")):
            extend(
                session,
                case.id,
                agreed_on=date(2026, 11, 5),
                working_days=days,
                reason="Waiting",
                good_reason=good,
                update_interval_days=None if good else 5,
                today=TODAY,
                calendar=calendar,
            )
        respond(
            session,
            case.id,
            on=date(2026, 11, 20),
            answer=Answer(Decision.PARTLY_UPHELD, "Missed twice.", "The missed visits."),
            today=TODAY,
        )
    store.close()
    exported = tmp_path / "export.csv"
    assert main(["export", "--out", str(exported), "--db", str(source)]) == 0
    with exported.open(encoding="utf-8", newline="") as handle:
        [row] = csv.DictReader(handle)
    assert row["resident_name"] == "''=Ann"  # shown as typed, never run as a formula
    assert row["category"] == "'-"
    assert row["stage1_extension_good_reason"] == "The surveyor is ill.\n"
    copy = tmp_path / "copy.sqlite3"
    assert main(["import", str(exported), "--db", str(copy)]) == 0, capsys.readouterr().err
    with open_store(copy) as again, again.session() as session:
        back = find_case(session, case.complaint.reference)
    assert back.resident.name == "'=Ann"
    assert back.complaint.description == "'Sorted', she said.\n=SUM(A1) is not a formula here."
    assert back.complaint.category == "-"
    assert back.stages[1].handler_role == "Repairs Complaints Lead"
    assert back.stages[1].upheld_parts == "The missed visits."
    assert [(e.good_reason, e.update_interval_days) for e in back.extensions] == [
        ("The surveyor is ill.", None),
        ("", 5),
    ]


@pytest.mark.parametrize(
    ("damage", "where"),
    [
        ("UPDATE complaint SET description = CAST(x'fffe41' AS TEXT) WHERE id = 2", "description"),
        ("UPDATE resident SET name = CAST(x'416e6ec3' AS TEXT) WHERE id = 2", "resident's name"),
        (
            "UPDATE stage SET understanding = CAST(x'80' AS TEXT) WHERE complaint_id = 2",
            "stage's understanding",
        ),
        (
            "INSERT INTO correspondence (complaint_id, dated, direction, channel, summary, "
            "document) VALUES (2, '2026-11-05', 'IN', 'PHONE', CAST(x'c328' AS TEXT), '')",
            "correspondence's summary",
        ),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_damaged_text_stops_the_export_naming_the_complaint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str, where: str, fmt: str
) -> None:
    database = tmp_path / "c.sqlite3"
    with open_store(database) as store, store.session() as session:
        for name in ("Ann Example", "Bob Example", "Cy Example"):
            case = logged(session, name=name)
            acknowledge(
                session,
                case.id,
                on=date(2026, 11, 4),
                definition=Definition("The tap leaks.", "A new tap."),
                today=TODAY,
            )
    with sqlite3.connect(database) as db:
        db.execute(damage)
    out = tmp_path / f"export.{fmt}"
    assert main(["export", "--format", fmt, "--out", str(out), "--db", str(database)]) == 1
    assert capsys.readouterr().err == (
        f"complaints-tui: Nothing was exported: C-2026-0002's {where} is damaged in the file "
        "(it holds bytes that are not text); restore a backup from before the damage.\n"
    )
    assert not out.exists()
    assert main(["export", "--format", fmt, "--db", str(database)]) == 1
    assert capsys.readouterr().out == ""
