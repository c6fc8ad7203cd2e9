"""An officer's whole day at the desk: nothing typed is lost, one count of what needs attention,
checks on what is typed, and search that finds anyone."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, TextArea

from store.agenda import View
from store.case import find_case
from store.db import Store
from store.follow_through import add_outstanding_action, save_record
from store.kinds import Channel, Direction, RefusalGround, RemedyKind
from store.records import RECORDS
from store.steps import close, refuse
from tests.factories import answered, escalated, logged
from tests.pilot import (
    TODAY,
    choose,
    desk,
    desk_rows,
    fill,
    painted_lines,
    rendered,
    text_of,
    type_text,
)
from tui.dialogs.form import DiscardChanges
from tui.dialogs.respond import RespondDialog
from tui.screens.agenda import AgendaScreen
from tui.screens.complaint import ComplaintScreen
from tui.screens.desk import DeskScreen, Listing


def timeline_lines(store: Store, reference: str = "C-2026-0001") -> list[str]:
    with store.session() as session:
        return [event.summary for event in find_case(session, reference).events]


# 1. Nothing typed is lost.


@pytest.fixture
def acknowledged_case(store: Store) -> Store:
    from store.defining import Definition, acknowledge

    with store.session() as session:
        case = logged(session, received=date(2026, 11, 16))
        assert case.id is not None
        acknowledge(
            session,
            case.id,
            on=date(2026, 11, 18),
            definition=Definition("You say the tap leaks.", "The tap fixed."),
            today=TODAY,
        )
    return store


async def test_escape_asks_before_a_half_written_response_is_thrown_away(
    acknowledged_case: Store,
) -> None:
    app = desk(acknowledged_case)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        # An untouched form closes at once.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ComplaintScreen)
        await pilot.press("r")
        await pilot.pause()
        await fill(pilot, "reasons", "The first treatment did not deal with the cause.")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardChanges)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RespondDialog)
        typed = app.screen.query_one("#reasons", TextArea).text
        assert typed == "The first treatment did not deal with the cause."
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, ComplaintScreen)


# 2. The extension form never overrides what was typed.


async def test_typed_days_are_kept_whatever_the_speed(acknowledged_case: Store) -> None:
    app = desk(acknowledged_case)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await fill(pilot, "working_days", "")
        await pilot.press("2", "1")  # no pause between the keys
        await pilot.pause()
        assert app.screen.query_one("#working_days", Input).value == "21"
        assert app.screen.query_one("#new_due", Input).value == ""
        # Due 2 December 2026 (10 working days from 18 November); +21 working days.
        assert "+21 working days: due 5 January 2027" in text_of(app, "#extension-hint")


async def test_a_date_before_the_current_due_date_is_refused(acknowledged_case: Store) -> None:
    app = desk(acknowledged_case)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await fill(pilot, "new_due", "01/12/2026")
        await fill(pilot, "reason", "Waiting for a survey.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "must be after the current due date, 2 December 2026" in text_of(
            app, "#error-new_due"
        )
        # Days and a date that disagree: the form says so and saves nothing.
        await fill(pilot, "new_due", "14/12/2026")
        await fill(pilot, "working_days", "1")
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = text_of(app, "#error-new_due")
        assert "1 working days from 2 December 2026 is 3 December 2026" in error
        assert "not 14 December 2026" in error
        # They agree: saved as typed.
        await fill(pilot, "working_days", "8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("n")  # no letter now
        await pilot.pause()
    with acknowledged_case.session() as session:
        case = find_case(session, "C-2026-0001")
    assert [e.working_days for e in case.extensions] == [8]
    with acknowledged_case.session() as session:
        assert find_case(session, "C-2026-0001").stage_clock(app.office.calendar).response.due == (
            date(2026, 12, 14)
        )


# 3. A save that changes nothing records nothing.


async def test_an_unchanged_definition_says_nothing_changed(acknowledged_case: Store) -> None:
    before = timeline_lines(acknowledged_case)
    app = desk(acknowledged_case)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Nothing changed" in text_of(app, "#form-error")
    assert timeline_lines(acknowledged_case) == before


async def test_an_unchanged_date_says_nothing_changed(acknowledged_case: Store) -> None:
    before = timeline_lines(acknowledged_case)
    app = desk(acknowledged_case)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await choose(pilot, "which", "Received")
        await fill(pilot, "value", "16/11/2026")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Nothing changed" in text_of(app, "#error-value")
    assert timeline_lines(acknowledged_case) == before


# 4. A mistaken record can be voided, and a complaint logged by mistake.


async def test_a_mistaken_action_is_voided_and_the_timeline_says_why(store: Store) -> None:
    with store.session() as session:
        case = answered(session, logged(session))
        assert case.id is not None
        add_outstanding_action(
            session, case.id, what="Replace the wrong tap", due_on=date(2026, 11, 20), today=TODAY
        )
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "action overdue" in desk_rows(app)[0][6]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Say why it was a mistake" in text_of(app, "#error-reason")
        await fill(pilot, "reason", "Entered on the wrong complaint.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.query_one("#records", DataTable).row_count == 0
        await pilot.press("escape")
        await pilot.pause()
        assert "Outstanding action voided by Priya Shah on 25 November 2026" in rendered(
            app, "#timeline"
        )
        assert "Why: Entered on the wrong complaint." in rendered(app, "#timeline")
        await pilot.press("escape")
        await pilot.pause(0.3)
        [row] = desk_rows(app)
        assert row[3:7] == ["Answered: close, or escalate", "", "", ""]
        assert text_of(app, "#summary").startswith("1 open · 0 overdue")


async def test_a_complaint_logged_by_mistake_is_voided(store: Store) -> None:
    with store.session() as session:
        logged(session, name="Duplicate Resident")
        logged(session, name="Real Resident")
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert desk_rows(app)[0][1] == "Duplicate Resident"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("V")
        await pilot.pause()
        await fill(pilot, "reason", "A duplicate of C-2026-0002.")
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        assert isinstance(app.screen, DeskScreen)
        assert [row[1] for row in desk_rows(app)] == ["Real Resident"]
        await pilot.press("slash")
        await type_text(pilot, "duplicate")
        await pilot.pause(0.3)
        assert desk_rows(app) == []
    assert "Why: A duplicate of C-2026-0002." in timeline_lines(store)[-1]


# 5. One count of what needs attention.


async def test_the_desk_counts_what_the_agenda_lists(store: Store) -> None:
    with store.session() as session:
        closed = answered(session, logged(session, name="Closed Resident"))
        assert closed.id is not None
        add_outstanding_action(
            session, closed.id, what="Fit a new tap", due_on=date(2026, 11, 20), today=TODAY
        )
        close(session, closed.id, on=date(2026, 11, 16), today=TODAY)
        referred = answered(session, logged(session, name="Order Resident"))
        assert referred.id is not None
        save_record(
            session,
            RECORDS["ombudsman_case"],
            referred.id,
            {"referred_on": date(2026, 11, 16)},
            today=TODAY,
        )
        save_record(
            session,
            RECORDS["ombudsman_order"],
            referred.id,
            {"requirement": "Apologise in writing", "due_on": date(2026, 11, 23)},
            today=TODAY,
        )
    app = desk(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause(0.3)
        rows = {row[1]: row for row in desk_rows(app)}
        assert rows["Closed Resident"][3] == "Action: Fit a new tap"
        assert rows["Closed Resident"][6] == "closed, action overdue"
        assert "order overdue" in rows["Order Resident"][6]
        summary = text_of(app, "#summary")
        assert "1 open · 2 overdue" in summary
        await pilot.press("t")
        await pilot.pause(0.3)
        assert isinstance(app.screen, AgendaScreen)
        table = app.screen.query_one(DataTable)
        overdue = [
            str(table.get_row_at(i)[4])
            for i in range(table.row_count)
            if "overdue" in str(table.get_row_at(i)[1])
        ]
        assert sorted(overdue) == ["Action: Fit a new tap", "Ombudsman order: Apologise in writing"]


# 6 and 7. Refused escalations and stage 2.


async def test_a_refused_escalation_shows_no_stage_2_dates(store: Store) -> None:
    with store.session() as session:
        case = answered(session, logged(session))
        assert case.id is not None
        refuse(
            session,
            case.id,
            ground=RefusalGround.ALREADY_CONSIDERED,
            reasons="The matter was answered in full and nothing new is raised.",
            on=date(2026, 11, 20),
            escalation_requested_on=date(2026, 11, 19),
            today=TODAY,
        )
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, "example")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ComplaintScreen)
        table = app.screen.query_one("#deadlines", DataTable)
        shown = " ".join(str(cell) for i in range(table.row_count) for cell in table.get_row_at(i))
        assert "Stage 1 response" in shown and "Stage 2" not in shown


async def test_stage_2_asks_for_its_handler_and_starts_from_stage_1(store: Store) -> None:
    with store.session() as session:
        answered(session, logged(session))
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, "example")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await fill(pilot, "requested", "20/11/2026")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "stage 2" in text_of(app, "#error-handler").lower()
        await fill(pilot, "handler", "Jo Stage-Two")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("n")  # no letter now
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.query_one("#handler", Input).value == "Jo Stage-Two"
        understanding = app.screen.query_one("#understanding", TextArea).text
        assert understanding == "The tap leaks and two appointments were missed."


async def test_closing_at_stage_2_does_not_offer_an_escalation(store: Store) -> None:
    with store.session() as session:
        case = escalated(session, answered(session, logged(session)))
        assert case.id is not None
        from store.defining import Definition, acknowledge
        from store.kinds import Decision
        from store.responding import Answer, respond

        acknowledge(
            session,
            case.id,
            on=date(2026, 11, 17),
            definition=Definition("You say the tap leaks.", "The tap fixed."),
            today=TODAY,
        )
        respond(
            session,
            case.id,
            on=date(2026, 11, 24),
            answer=Answer(Decision.NOT_UPHELD, "The tap was fixed on the first visit."),
            today=TODAY,
        )
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        intro = text_of(app, ".intro")
        assert "can still be escalated" not in intro
        assert "final" in intro


async def test_brackets_in_a_name_or_address_show_as_typed_on_the_desk(store: Store) -> None:
    with store.session() as session:
        logged(session, name="Ann [b]Lee[/b] [Flat 2]")
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert any("Ann [b]Lee[/b] [Flat 2]" in line for line in painted_lines(app, "#complaints"))


async def test_brackets_typed_in_a_definition_show_as_typed_in_its_preview(store: Store) -> None:
    with store.session() as session:
        logged(session)
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await fill(pilot, "understanding", "the [red] tap [/red] leaks")
        await pilot.pause()
        assert "the [red] tap [/red] leaks" in text_of(app, "#preview-understanding")


# 8. Search.


@pytest.mark.parametrize("typed", ["obrien", "o'brien", "zoe", "ZOË", "Ó'Brien"])
async def test_search_folds_case_accents_and_apostrophes(store: Store, typed: str) -> None:
    with store.session() as session:
        logged(session, name="Zoë Ó'Brien")
        logged(session, name="Ann Other")
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, typed)
        await pilot.pause(0.3)
        assert [row[1] for row in desk_rows(app)] == ["Zoë Ó'Brien"]


async def test_a_search_covers_every_complaint_whatever_the_filter(store: Store) -> None:
    with store.session() as session:
        case = answered(session, logged(session, name="Closed Quartermain"))
        assert case.id is not None
        close(session, case.id, on=date(2026, 11, 16), today=TODAY)
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert desk_rows(app) == []  # the Open list
        await pilot.press("slash")
        await type_text(pilot, "quarterm")
        await pilot.pause(0.3)
        [row] = desk_rows(app)
        assert row[1] == "Closed Quartermain"
        assert row[3] == "Closed on 16 November 2026" and row[6].startswith("closed")


async def test_a_search_shows_a_closed_complaints_review_still_to_come(store: Store) -> None:
    from store.kinds import LetterFormat

    with store.session() as session:
        case = answered(session, logged(session, name="Reviewed Resident"))
        assert case.id is not None
        close(session, case.id, on=date(2026, 11, 16), today=TODAY)
        save_record(
            session,
            RECORDS["adjustment"],
            case.id,
            {
                "need": "Large print letters",
                "letter_format": LetterFormat.LARGE_PRINT,
                "agreed_on": date(2026, 11, 3),
                "review_on": date(2027, 2, 1),
            },
            today=TODAY,
        )
    app = desk(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert desk_rows(app) == []  # nothing open, nothing due this week
        await pilot.press("slash")
        await type_text(pilot, "reviewed")
        await pilot.pause(0.3)
        [row] = desk_rows(app)
        assert row[3:5] == ["Review adjustment: Large print letters", "Mon 01 Feb 2027"]


async def test_a_search_taken_back_before_its_list_came_shows_the_list_asked_for(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.session() as session:
        logged(session, name="Ann Abbott")
        logged(session, name="Ann Adams")
    listing = DeskScreen._listing

    def slow_for_ab(screen: DeskScreen, view: View, search: str) -> Listing:
        if search == "ab":
            time.sleep(0.3)
        return listing(screen, view, search)

    monkeypatch.setattr(DeskScreen, "_listing", slow_for_ab)
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash", "a")
        await pilot.pause(0.2)
        await pilot.press("b", "backspace")  # "ab" is still being read
        await pilot.pause(0.6)
        assert sorted(row[1] for row in desk_rows(app)) == ["Ann Abbott", "Ann Adams"]


async def test_the_palette_opens_a_complaint_by_name(store: Store) -> None:
    with store.session() as session:
        logged(session, name="Ann Example")
        logged(session, name="Zebedee Quartermain")
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "quartermain")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ComplaintScreen)
        assert app.screen.sub_title == "C-2026-0002 · Zebedee Quartermain"


async def test_the_palette_speaks_only_of_the_desk(store: Store) -> None:
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        names = [command.title for command in app.get_system_commands(app.screen)]
        assert names.count("Clear search") <= 1
        assert "Theme" not in names and "Screenshot" not in names
        assert {"New complaint", "Search", "Quit"} <= set(names)


# 9. Letters can be opened after coming back to a complaint.


async def test_o_opens_the_last_letter_after_coming_back(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr("tui.screens.complaint.open_in_default_app", opened.append)
    letter = tmp_path / "C-2026-0001 acknowledgement.docx"
    letter.write_bytes(b"PK")
    with store.session() as session:
        case = logged(session)
        assert case.id is not None
        save_record(
            session,
            RECORDS["correspondence"],
            case.id,
            {
                "dated": date(2026, 11, 3),
                "direction": Direction.OUT,
                "channel": Channel.LETTER,
                "summary": "Stage 1 acknowledgement",
                "document": str(letter),
            },
            today=TODAY,
        )
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert opened == [letter]
        letter.unlink()
        await pilot.press("o")
        await pilot.pause()
        messages = [notification.message for notification in app._notifications]
        assert any("no longer at" in message for message in messages)


# 10. Checks on what is typed.


async def test_a_date_from_the_wrong_century_is_refused(store: Store) -> None:
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await fill(pilot, "received_on", "25/11/0026")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "check the year" in text_of(app, "#error-received_on")


async def test_remedy_paid_more_than_offered_is_refused(store: Store) -> None:
    with store.session() as session:
        case = answered(session, logged(session))
    from store.rules import RuleBroken

    assert case.id is not None
    with store.session() as session, pytest.raises(RuleBroken) as broken:
        save_record(
            session,
            RECORDS["remedy"],
            case.id,
            {
                "kind": RemedyKind.FINANCIAL,
                "offered": "Compensation",
                "offered_on": date(2026, 11, 13),
                "amount_offered": 30000,
                "amount_paid": 50000,
            },
            today=TODAY,
        )
    messages = {problem.field: problem.message for problem in broken.value.problems}
    assert messages["amount_paid"].startswith("£500 paid is more than the £300 offered")
    assert messages["paid_on"] == "Give the date the amount was paid."


async def test_closure_days_show_every_bad_line(store: Store) -> None:
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        await fill(pilot, "closure_days", "24/12/2026\n31/13/2026\nnot a day")
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = text_of(app, "#error-closure_days")
        assert "Line 2: '31/13/2026' is not a date" in error
        assert "Line 3: 'not a day' is not a date" in error


# 12. Fits any terminal.


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 50)])
async def test_a_long_name_never_pushes_the_due_date_and_countdown_off(
    store: Store, size: tuple[int, int]
) -> None:
    with store.session() as session:
        logged(
            session, received=date(2026, 11, 2), name="Wilhelmina Featherstonehaugh-Cholmondeley"
        )
    app = desk(store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.3)
        table = app.screen.query_one("#complaints", DataTable)
        widths = sum(column.get_render_width(table) for column in table.columns.values())
        assert widths <= size[0]
        [row] = desk_rows(app)
        assert row[1].endswith("…") and row[1].startswith("Wilhelmina")
        assert any(cell.endswith("09 Nov 2026") for cell in row)  # the year always shows
        assert "12 overdue" in row or "12 working days overdue" in row
        await pilot.press("t")
        await pilot.pause(0.3)
        table = app.screen.query_one("#agenda", DataTable)
        what = [str(cell) for cell in table.get_row_at(0)][-1]
        assert what.startswith("Stage 1 ackn")


# 14. Quick at 100,000: one complaint screen, kept, serves every complaint opened.


async def test_a_complaint_opened_after_another_shows_only_its_own_record(store: Store) -> None:
    with store.session() as session:
        logged(session, received=date(2026, 11, 2), name="First Resident")
        logged(session, received=date(2026, 11, 20), name="Second Resident")
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "First Resident" in rendered(app, "#details")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ComplaintScreen)
        assert app.screen.sub_title == "C-2026-0002 · Second Resident"
        details = rendered(app, "#details")
        assert "Second Resident" in details and "First Resident" not in details
        [acknowledgement, _] = [
            [str(cell) for cell in row]
            for row in (
                app.screen.query_one("#deadlines", DataTable).get_row_at(i) for i in range(2)
            )
        ]
        assert acknowledgement[1] == "Fri 27 Nov 2026"  # 5 working days from 20 November


async def test_a_related_complaint_opens_over_the_one_it_was_raised_from(store: Store) -> None:
    with store.session() as session:
        logged(session, name="First Resident")
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("end", "enter")  # a new complaint raised during this one
        await pilot.pause()
        await fill(pilot, "resident_name", "Second Resident")
        await fill(pilot, "address", "2 Mill Lane\nKendal")
        await choose(pilot, "category", "Damp")
        await fill(pilot, "description", "Mould in the bedroom.")
        await fill(pilot, "received_on", "20/11/2026")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.sub_title == "C-2026-0002 · Second Resident"
        assert "C-2026-0001" in rendered(app, "#details")  # raised during the first
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ComplaintScreen)
        assert app.screen.sub_title == "C-2026-0001 · First Resident"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
