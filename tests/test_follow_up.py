"""Following through: outstanding actions until done, representatives, the week's agenda."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from sqlmodel import Session

from letters.catalogue import LetterKind
from letters.render import make_letter
from store.agenda import agenda, desk_entries
from store.clock import WorkingCalendar
from store.db import Store
from store.follow_through import (
    add_outstanding_action,
    complete_outstanding_action,
    set_representative,
)
from store.kinds import Channel, Decision, Direction, LetterFormat, RemedyKind, Status
from store.listing import load_due_records, load_rows
from store.responding import ActionPromise, Answer, RemedyOffer, respond
from store.rules import RuleBroken
from store.settings import Settings
from tests.factories import TODAY, answered, logged
from tests.pilot import desk, fill
from tui.screens.agenda import AgendaScreen
from tui.screens.complaint import ComplaintScreen

D = date


def test_6_6_a_response_puts_its_remedies_and_actions_in_their_registers(
    session: Session,
) -> None:
    case = logged(session)
    assert case.id is not None
    from store.defining import Definition, acknowledge

    acknowledge(
        session,
        case.id,
        on=D(2026, 11, 3),
        today=TODAY,
        definition=Definition("Leak", "Repair"),
    )
    case = respond(
        session,
        case.id,
        on=D(2026, 11, 10),
        today=TODAY,
        answer=Answer(
            Decision.UPHELD,
            "Agreed.",
            remedies=(RemedyOffer(RemedyKind.FINANCIAL, "For the missed visits", 15000),),
            actions=(
                ActionPromise("Replace the tap", "Repairs team", D(2026, 11, 27)),
                ActionPromise("Repaint"),
            ),
        ),
    )
    assert [(a.stage, a.what, a.who, a.due_on, a.done_on) for a in case.actions] == [
        (1, "Replace the tap", "Repairs team", D(2026, 11, 27), None),
        (1, "Repaint", "", None, None),
    ]
    [remedy] = case.records["remedy"]
    assert (remedy.kind, remedy.amount_offered, remedy.offered_on) == (
        RemedyKind.FINANCIAL,
        15000,
        D(2026, 11, 10),
    )
    assert case.events[-1].summary.endswith("upheld; 1 remedy and 2 actions.")
    with pytest.raises(RuleBroken, match="which parts of the complaint are upheld"):
        respond(
            session,
            logged_and_acknowledged(session),
            on=D(2026, 11, 10),
            today=TODAY,
            answer=Answer(Decision.PARTLY_UPHELD, "Some of it."),
        )


def logged_and_acknowledged(session: Session) -> int:
    from store.defining import Definition, acknowledge

    case = logged(session)
    acknowledge(session, case.id, on=D(2026, 11, 3), today=TODAY, definition=Definition("L", "R"))
    return case.id


def test_6_6_actions_are_checked_and_kept_in_the_timeline(session: Session) -> None:
    case = answered(session, logged(session))
    assert case.id is not None
    with pytest.raises(RuleBroken, match="What will happen cannot be empty"):
        add_outstanding_action(session, case.id, what=" ", today=TODAY)
    with pytest.raises(RuleBroken, match="before the complaint was received"):
        add_outstanding_action(session, case.id, what="Fix", due_on=D(2026, 10, 1), today=TODAY)
    case = add_outstanding_action(
        session,
        case.id,
        what="Replace the tap",
        who="Repairs team",
        due_on=D(2026, 11, 27),
        today=TODAY,
    )
    assert case.events[-1].summary == (
        "Outstanding action added: Replace the tap (Repairs team), by 27 November 2026"
    )
    action = case.actions[-1]
    assert action.id is not None
    with pytest.raises(RuleBroken, match="in the future"):
        complete_outstanding_action(session, action.id, done_on=D(2026, 11, 26), today=TODAY)
    case = complete_outstanding_action(session, action.id, done_on=D(2026, 11, 25), today=TODAY)
    assert case.actions[-1].done_on == D(2026, 11, 25)
    assert case.events[-1].summary == (
        "Outstanding action changed: Replace the tap (Repairs team), by 27 November 2026; "
        "done 25 November 2026"
    )


def test_the_agenda_holds_deadlines_and_actions_due_this_week(
    store: Store, calendar: WorkingCalendar
) -> None:
    with store.session() as session:
        soon = logged(session, received=D(2026, 11, 20), name="Soon Resident")
        late = logged(session, received=D(2026, 11, 2), name="Late Resident")
        done = answered(session, logged(session, received=D(2026, 11, 3), name="Acted Resident"))
        assert done.id is not None
        add_outstanding_action(
            session, done.id, what="Replace the tap", due_on=D(2026, 11, 26), today=TODAY
        )
        add_outstanding_action(
            session, done.id, what="Next month", due_on=D(2026, 12, 14), today=TODAY
        )
        from store.steps import close

        close(session, done.id, on=D(2026, 11, 20), today=TODAY)
    with store.connect() as db:
        entries = desk_entries(load_rows(db, statuses=(Status.OPEN,)), calendar, TODAY, 3)
        items = agenda(entries, load_due_records(db), calendar, TODAY)
    assert [(i.resident, i.what, i.due, i.countdown) for i in items] == [
        ("Late Resident", "Stage 1 acknowledgement", D(2026, 11, 9), "12 working days overdue"),
        ("Acted Resident", "Action: Replace the tap", D(2026, 11, 26), "1 working day left"),
        ("Soon Resident", "Stage 1 acknowledgement", D(2026, 11, 27), "2 working days left"),
    ]
    assert soon.complaint.reference and late.complaint.reference


def test_3_6_letters_go_to_the_representative(
    session: Session, calendar: WorkingCalendar, tmp_path: Path
) -> None:
    case = logged(session, received=D(2026, 11, 20), name="Ann Example")
    assert case.id is not None
    with pytest.raises(RuleBroken, match="Name cannot be empty"):
        set_representative(session, case.id, today=TODAY, details={"name": ""})
    case = set_representative(
        session,
        case.id,
        today=TODAY,
        details={
            "name": "Cllr Jo Bloggs",
            "relationship": "Ward councillor",
            "address": "Town Hall\nKendal",
            "authority_confirmed_on": D(2026, 11, 3),
        },
    )
    settings = Settings(landlord_name="Fellside Homes", officer_name="Priya Shah")
    path = make_letter(LetterKind.UPDATE, case, settings, calendar, TODAY, folder=tmp_path)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "Dear Cllr Jo Bloggs," in text and "Town Hall\nKendal" in text
    assert "On behalf of Ann Example" in text
    case = set_representative(session, case.id, details=None, today=TODAY)
    assert case.representative is None
    assert case.events[-1].summary == "Cllr Jo Bloggs no longer represents the resident."


async def test_actions_and_the_agenda_by_keys(store: Store) -> None:
    with store.session() as session:
        answered(session, logged(session, received=D(2026, 11, 3)))
    app = desk(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await fill(pilot, "what", "Replace the kitchen tap")
        await fill(pilot, "who", "Repairs team")
        await fill(pilot, "due_on", "27/11/2026")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ComplaintScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause(0.3)
        assert isinstance(app.screen, AgendaScreen)
        from textual.widgets import DataTable

        table = app.screen.query_one(DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows == [
            [
                "Fri 27 Nov 2026",
                "2 working days left",
                "C-2026-0001",
                "Ann Example",
                "Action: Replace the kitchen tap (Repairs team)",
            ]
        ]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    with store.session() as session:
        from store.case import find_case

        assert find_case(session, "C-2026-0001").actions[0].done_on == TODAY


def _agenda(
    store: Store, calendar: WorkingCalendar, today: date = TODAY
) -> list[tuple[str, str, date]]:
    with store.connect() as db:
        entries = desk_entries(load_rows(db, statuses=(Status.OPEN,)), calendar, today, 3)
        items = agenda(entries, load_due_records(db), calendar, today)
    return [(item.resident, item.what, item.due) for item in items]


def test_5_10_and_5_14_reviews_and_orders_fall_due_on_their_day(
    store: Store, calendar: WorkingCalendar
) -> None:
    from store.follow_through import save_record
    from store.records import RECORDS

    with store.session() as session:
        case = answered(session, logged(session, received=D(2026, 10, 1), name="Rev Resident"))
        assert case.id is not None
        number = case.id
        save_record(
            session,
            RECORDS["adjustment"],
            number,
            today=TODAY,
            values={
                "need": "Partially sighted",
                "letter_format": LetterFormat.LARGE_PRINT,
                "agreed_on": D(2026, 10, 2),
                "review_on": D(2026, 11, 27),
            },
        )
        save_record(
            session,
            RECORDS["restriction"],
            number,
            today=TODAY,
            values={
                "restriction": "Contact by email only",
                "reason": "Abusive calls to staff",
                "started_on": D(2026, 10, 20),
                "review_on": D(2027, 1, 20),
            },
        )
        save_record(
            session,
            RECORDS["ombudsman_case"],
            number,
            today=TODAY,
            values={"referred_on": D(2026, 11, 2), "case_number": "202612345"},
        )
        with pytest.raises(RuleBroken, match="already recorded"):
            save_record(
                session,
                RECORDS["ombudsman_case"],
                number,
                today=TODAY,
                values={"referred_on": D(2026, 11, 3)},
            )
        with pytest.raises(RuleBroken, match="in the future"):
            save_record(
                session,
                RECORDS["correspondence"],
                number,
                today=TODAY,
                values={
                    "dated": D(2026, 11, 26),
                    "direction": Direction.IN,
                    "channel": Channel.PHONE,
                    "summary": "Called",
                },
            )
        save_record(
            session,
            RECORDS["ombudsman_order"],
            number,
            today=TODAY,
            values={"requirement": "Pay £200 compensation", "due_on": D(2026, 11, 24)},
        )
        from store.case import load_case

        case = load_case(session, number)
    assert case.events[-1].summary == (
        "Ombudsman's order added: Pay £200 compensation (due 24 November 2026)"
    )
    due = _agenda(store, calendar)
    assert ("Rev Resident", "Ombudsman order: Pay £200 compensation", D(2026, 11, 24)) in due
    assert ("Rev Resident", "Review adjustment: Partially sighted", D(2026, 11, 27)) in due
    assert not any("restriction" in what for _, what, _ in due)  # January is not this week
    assert _agenda(store, calendar, D(2027, 1, 18))[-1] == (
        "Rev Resident",
        "Review restriction: Contact by email only",
        D(2027, 1, 20),
    )
    with store.session() as session:
        order = case.records["ombudsman_order"][0]
        save_record(
            session,
            RECORDS["ombudsman_order"],
            number,
            today=TODAY,
            record_id=order.id,
            values={
                "requirement": order.requirement,
                "due_on": order.due_on,
                "complied_on": D(2026, 11, 23),
            },
        )
    assert not any("Ombudsman" in what for _, what, _ in _agenda(store, calendar))
    with store.connect() as db:
        [row] = load_rows(db)
    assert row.adjustments and row.restricted


def test_5_9_updates_are_owed_at_the_agreed_interval(
    store: Store, calendar: WorkingCalendar, tmp_path: Path
) -> None:
    from store.case import load_case
    from store.defining import Definition, acknowledge
    from store.follow_through import record_letter
    from store.steps import extend

    with store.session() as session:
        case = logged(session, received=D(2026, 11, 2), name="Waiting Resident")
        assert case.id is not None
        acknowledge(
            session,
            case.id,
            on=D(2026, 11, 3),
            today=TODAY,
            definition=Definition("Leak", "Repair"),
        )
        extend(
            session,
            case.id,
            agreed_on=D(2026, 11, 16),
            working_days=10,
            reason="Parts",
            update_interval_days=5,
            today=TODAY,
            calendar=calendar,
        )
    assert ("Waiting Resident", "Update to the resident (5.9)", D(2026, 11, 23)) in _agenda(
        store, calendar
    )
    with store.connect() as db:
        [entry] = desk_entries(load_rows(db, statuses=(Status.OPEN,)), calendar, TODAY, 3)
    assert "update due" in entry.flags
    with store.session() as session:  # the update letter goes; the next is 5 days on
        record_letter(
            session,
            load_case(session, case.id),
            title="keeping you informed",
            path=str(tmp_path / "x.docx"),
            today=TODAY,
        )
    assert ("Waiting Resident", "Update to the resident (5.9)", D(2026, 12, 2)) not in _agenda(
        store, calendar
    )
    with store.connect() as db:
        [entry] = desk_entries(load_rows(db, statuses=(Status.OPEN,)), calendar, TODAY, 3)
    assert entry.update_due == D(2026, 12, 2) and "update due" not in entry.flags


def test_5_10_large_print_letters(
    session: Session, calendar: WorkingCalendar, tmp_path: Path
) -> None:
    from letters.document import format_note
    from store.case import load_case
    from store.follow_through import save_record
    from store.records import RECORDS

    case = logged(session, received=D(2026, 11, 20))
    assert case.id is not None
    save_record(
        session,
        RECORDS["adjustment"],
        case.id,
        today=TODAY,
        values={
            "need": "Sight loss",
            "letter_format": LetterFormat.LARGE_PRINT,
            "agreed_on": D(2026, 11, 2),
        },
    )
    case = load_case(session, case.id)
    settings = Settings(landlord_name="Fellside Homes", officer_name="Priya Shah")
    path = make_letter(LetterKind.UPDATE, case, settings, calendar, TODAY, folder=tmp_path)
    document = Document(str(path))
    assert document.styles["Normal"].font.size.pt == 16
    normal = document.styles["Normal"].font.size
    sizes = [
        (run.font.size or (p.style.font.size if p.style else None) or normal).pt
        for p in document.paragraphs
        for run in p.runs
    ]
    assert sizes and min(sizes) >= 16
    assert format_note(case) is None
    save_record(
        session,
        RECORDS["adjustment"],
        case.id,
        today=TODAY,
        values={
            "need": "Blind",
            "letter_format": LetterFormat.BRAILLE,
            "agreed_on": D(2026, 11, 2),
        },
    )
    assert "braille" in (format_note(load_case(session, case.id)) or "")


async def test_follow_through_by_keys(store: Store, tmp_path: Path) -> None:
    with store.session() as session:
        logged(session)
    scan = tmp_path / "email from resident.pdf"
    scan.write_bytes(b"%PDF-1.4 the resident's email")
    app = desk(store)
    with store.connect() as db:
        from store.settings import update_settings

        app.office.apply(update_settings(db, letters_folder=str(tmp_path / "letters")))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # Correspondence
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await fill(pilot, "dated", "24/11/2026")
        from tests.pilot import choose

        await choose(pilot, "direction", "In")
        await choose(pilot, "channel", "Phone")
        await fill(pilot, "summary", "Rang to ask for news.")
        await fill(pilot, "document", str(scan))
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ComplaintScreen)
    with store.session() as session:
        from store.case import find_case

        [call] = find_case(session, "C-2026-0001").records["correspondence"]
    assert (call.dated, call.direction, call.channel, call.summary) == (
        D(2026, 11, 24),
        Direction.IN,
        Channel.PHONE,
        "Rang to ask for news.",
    )


def test_the_export_carries_the_follow_through(store: Store, calendar: WorkingCalendar) -> None:
    from store.export import export_records
    from store.follow_through import save_record
    from store.records import RECORDS

    with store.session() as session:
        case = answered(session, logged(session))
        assert case.id is not None
        add_outstanding_action(
            session,
            case.id,
            what="Replace the tap",
            who="Repairs",
            due_on=D(2026, 11, 27),
            today=TODAY,
        )
        save_record(
            session,
            RECORDS["correspondence"],
            case.id,
            today=TODAY,
            values={
                "dated": D(2026, 11, 24),
                "direction": Direction.IN,
                "channel": Channel.PHONE,
                "summary": "Asked for news",
            },
        )
        save_record(
            session,
            RECORDS["adjustment"],
            case.id,
            today=TODAY,
            values={
                "need": "Sight loss",
                "letter_format": LetterFormat.LARGE_PRINT,
                "agreed_on": D(2026, 11, 2),
            },
        )
    with store.connect() as db:
        [record] = export_records(db, calendar, TODAY)
    assert record["outstanding_actions"] == "Replace the tap (Repairs), by 27 November 2026"
    assert record["correspondence"] == "Phone in, 24 November 2026: Asked for news"
    assert record["adjustments"] == "Sight loss (letters: large print; agreed 2 November 2026)"
    assert record["representative"] == "" and record["ombudsman"] == ""


def test_6_8_and_9_1_related_complaints_service_requests_and_learning(
    session: Session, db: sqlite3.Connection, calendar: WorkingCalendar
) -> None:
    from store.case import load_case
    from store.steps import close

    first = answered(session, logged(session, service_request="R-40211"))
    assert first.id is not None and first.complaint.service_request == "R-40211"
    second = logged(session, related_to_id=first.id, name="Ann Example")
    assert second.related_reference == first.complaint.reference
    assert load_case(session, first.id).raised_from_here == (second.complaint.reference,)
    with pytest.raises(RuleBroken, match="does not exist"):
        logged(session, related_to_id=999)
    closed = close(
        session,
        first.id,
        on=D(2026, 11, 20),
        today=TODAY,
        learning="Appointments were not confirmed.",
        improvement="Texts now confirm every appointment.",
    )
    assert (closed.complaint.learning, closed.complaint.improvement) == (
        "Appointments were not confirmed.",
        "Texts now confirm every appointment.",
    )
    assert load_case(session, first.id).complaint.closed_on == D(2026, 11, 20)
    from store.export import export_records

    records = export_records(db, calendar, TODAY)
    assert records[0]["service_request"] == "R-40211"


def test_7_1_remedies_are_followed_through(store: Store, calendar: WorkingCalendar) -> None:
    from store.export import export_records
    from store.follow_through import save_record
    from store.formats import money, parse_money
    from store.kinds import RemedyKind
    from store.records import RECORDS

    assert [parse_money(text) for text in ("£150", "1,250.5", "£0.99")] == [15000, 125050, 99]
    assert money(125050) == "£1,250.50" and money(15000) == "£150"
    with pytest.raises(ValueError, match="not an amount"):
        parse_money("a lot")
    with store.session() as session:
        case = answered(session, logged(session))
        assert case.id is not None
        save_record(
            session,
            RECORDS["remedy"],
            case.id,
            today=TODAY,
            values={
                "kind": RemedyKind.FINANCIAL,
                "offered": "For the missed appointments",
                "offered_on": D(2026, 11, 13),
                "amount_offered": 15000,
                "accepted_on": D(2026, 11, 16),
                "amount_paid": 15000,
                "paid_on": D(2026, 11, 20),
            },
        )
        from store.case import load_case

        case = load_case(session, case.id)
    assert case.events[-1].summary == (
        "Remedy added: Financial remedy: For the missed appointments (£150 offered); "
        "accepted 16 November 2026; £150 paid 20 November 2026"
    )
    with store.connect() as db:
        [record] = export_records(db, calendar, TODAY)
    # The export says it as the complaint screen does: one description of a remedy.
    assert record["remedies"] == case.events[-1].summary.removeprefix("Remedy added: ")


async def test_6_8_a_related_new_issue_joins_the_definition(store: Store) -> None:
    from store.case import find_case
    from store.defining import Definition, acknowledge
    from store.steps import Step, available_steps

    with store.session() as session:
        case = logged(session)
        assert case.id is not None
        case = acknowledge(
            session,
            case.id,
            on=D(2026, 11, 3),
            today=TODAY,
            definition=Definition("The tap leaks.", "A repair."),
        )
        assert Step.AMEND_DEFINITION in available_steps(case)
    app = desk(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        await fill(pilot, "understanding", "The tap leaks. The boiler also fails.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ComplaintScreen)
    with store.session() as session:
        case = find_case(session, "C-2026-0001")
    assert case.stages[1].understanding == "The tap leaks. The boiler also fails."
    assert case.events[-1].summary == "Stage 1 definition amended (a new issue, Code 6.8)."
    assert case.stages[1].acknowledged_on == D(2026, 11, 3)


def test_record_dates_must_follow_one_another(session: Session) -> None:
    from store.follow_through import save_record
    from store.kinds import RemedyKind
    from store.records import RECORDS

    case = logged(session)
    assert case.id is not None
    with pytest.raises(RuleBroken) as raised:
        save_record(
            session,
            RECORDS["remedy"],
            case.id,
            today=TODAY,
            values={
                "kind": RemedyKind.APOLOGY,
                "offered": "A written apology",
                "offered_on": D(2026, 11, 20),
                "accepted_on": D(2026, 11, 18),
            },
        )
    assert str(raised.value) == (
        "Accepted on (18 November 2026) cannot be before offered on (20 November 2026)."
    )
    with pytest.raises(RuleBroken, match="What is restricted cannot be empty"):
        save_record(
            session,
            RECORDS["restriction"],
            case.id,
            today=TODAY,
            values={"reason": "Threats", "started_on": D(2026, 11, 2)},
        )
