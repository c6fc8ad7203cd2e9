"""The desk driven by its keys, as the officer uses it."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from textual.widgets import DataTable, Input, Static, TextArea

from store.case import find_case, load_case
from store.db import Store
from store.demo import make_demo
from store.kinds import Decision, RefusalGround, Status
from store.settings import load_settings
from tests.factories import answered, logged
from tests.pilot import TODAY, choose, desk, desk_rows, fill, rendered, text_of, type_text
from tui.dialogs.form import DiscardChanges
from tui.dialogs.letters import OfferLetter
from tui.dialogs.settings import SetupDialog
from tui.screens.complaint import ComplaintScreen
from tui.screens.desk import DeskScreen
from tui.screens.help import HelpScreen


async def test_first_start_asks_for_what_the_letters_print(store: Store) -> None:
    app = desk(store, setup_done=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupDialog)
        # An empty form is not "saved": it says what the letters still need.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SetupDialog)
        assert "Every letter prints the landlord's telephone" in text_of(
            app, "#error-landlord_phone"
        )
        assert app.screen.query_one("#ombudsman_website", Input).value
        await fill(pilot, "landlord_name", "Fellside Homes")
        await fill(pilot, "landlord_address", "1 Fell Road\nKendal")
        await fill(pilot, "landlord_phone", "01539 000000")
        await fill(pilot, "landlord_email", "not-an-email")
        await fill(pilot, "officer_name", "Priya Shah")
        await fill(pilot, "homes", "2400")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not an email address" in text_of(app, "#error-landlord_email")
        await fill(pilot, "landlord_email", "complaints@fellside.org.uk")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        assert not app.screen.query_one("#reminder").display
    with store.connect() as db:
        settings = load_settings(db)
    assert (settings.landlord_name, settings.homes, settings.setup_done) == (
        "Fellside Homes",
        2400,
        True,
    )


async def test_setup_can_be_left_for_later_and_the_desk_reminds(store: Store) -> None:
    app = desk(store, setup_done=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        assert "Letters need the landlord's name" in text_of(app, "#reminder")
        assert "press o for Settings" in text_of(app, "#reminder")
    with store.connect() as db:
        assert load_settings(db).setup_done


async def test_the_desk_lists_most_urgent_first(store: Store) -> None:
    with store.session() as session:
        soon = logged(session, received=date(2026, 11, 20), name="Soon Resident")
        late = logged(session, received=date(2026, 11, 2), name="Late Resident")
        answered(session, logged(session, received=date(2026, 11, 3), name="Done Resident"))
        assert soon.id and late.id
    app = desk(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        rows = desk_rows(app)
        assert [row[1] for row in rows] == ["Late Resident", "Soon Resident", "Done Resident"]
        assert rows[0][3:6] == [
            "Stage 1 acknowledgement",
            "Mon 09 Nov 2026",
            "12 working days overdue",
        ]
        assert rows[1][3:6] == ["Stage 1 acknowledgement", "Fri 27 Nov 2026", "2 working days left"]
        assert "3 open · 1 overdue · 1 due this week" in text_of(app, "#summary")


async def test_search_and_filters(store: Store) -> None:
    make_demo(store, 300, today=TODAY)
    with store.session() as session:
        target = logged(session, name="Zebedee Quartermain")
    app = desk(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, "quarterm")
        await pilot.pause(0.3)
        assert [row[0] for row in desk_rows(app)] == [target.complaint.reference]
        await pilot.press("escape")
        await pilot.pause(0.3)
        assert len(desk_rows(app)) > 1
        await pilot.press("f")  # Overdue
        await pilot.pause(0.3)
        assert desk_rows(app)
        assert all("overdue" in row[5] for row in desk_rows(app))
        for _ in range(4):  # on to "Closed and ended"
            await pilot.press("f")
        await pilot.pause(0.3)
        rows = desk_rows(app)
        ended = [status.value for status in Status if status is not Status.OPEN]
        assert rows and all(row[6].split(", ")[0] in ended for row in rows)
        assert any(row[3].startswith("Closed on") for row in rows)
        # Those with nothing overdue follow, the most recently ended first.
        settled = [
            datetime.strptime(row[3].split(" on ")[1], "%d %B %Y") for row in rows if not row[5]
        ]
        assert settled == sorted(settled, reverse=True)


async def test_countdowns_move_on_at_midnight(store: Store) -> None:
    with store.session() as session:
        logged(session, received=date(2026, 11, 20))
    days = [date(2026, 11, 25)]
    app = desk(store)
    app.office.today = lambda: days[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert desk_rows(app)[0][5] == "2 working days left"
        days[0] = date(2026, 11, 26)
        screen = app.screen
        assert isinstance(screen, DeskScreen)
        screen._check_day()  # what the one-minute timer does
        await pilot.pause(0.3)
        assert desk_rows(app)[0][5] == "1 working day left"


async def test_log_acknowledge_extend_respond_escalate_and_close(store: Store) -> None:
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await fill(pilot, "resident_name", "Ann Example")
        await fill(pilot, "address", "1 Mill Lane\nKendal")
        await choose(pilot, "category", "Damp")
        await fill(pilot, "description", "Mould in the bedroom again.")
        await fill(pilot, "received_on", "02/11/2026")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ComplaintScreen)
        assert "C-2026-0001" in str(app.screen.sub_title)
        # Acknowledge and define.
        await pilot.press("a")
        await pilot.pause()
        await fill(pilot, "acknowledged", "04/11/2026")
        await pilot.pause()
        assert "The response will be due on 18 November 2026." in text_of(app, "#response-due")
        await fill(pilot, "handler", "Sam Smith")
        await fill(pilot, "understanding", "Mould has come back after treatment.")
        await fill(pilot, "outcomes_sought", "A lasting repair.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # The step offers its letter: make it.
        assert isinstance(app.screen, OfferLetter)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ComplaintScreen)
        assert "Letter: stage 1 acknowledgement, saved as" in rendered(app, "#timeline")
        assert app.screen.last_letter is not None and app.screen.last_letter.is_file()
        # Extend by a target date: the form says what it comes to, and changes nothing typed.
        await pilot.press("e")
        await pilot.pause()
        await fill(pilot, "agreed_on", "10/11/2026")
        await fill(pilot, "new_due", "25/11/2026")
        await pilot.pause()
        assert app.screen.query_one("#working_days", Input).value == ""
        assert "+5 working days: due 25 November 2026" in text_of(app, "#extension-hint")
        await fill(pilot, "reason", "Waiting for a damp survey.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("n")  # no letter now
        await pilot.pause()
        # Respond.
        await pilot.press("r")
        await pilot.pause()
        await fill(pilot, "responded", "24/11/2026")
        await choose(pilot, "decision", "Partly")
        await fill(pilot, "upheld_parts", "The treatment that did not last.")
        await fill(pilot, "reasons", "The first treatment did not deal with the cause.")
        await fill(pilot, "action_what", "Treat the wall again")
        await fill(pilot, "action_who", "Damp team")
        await fill(pilot, "action_by", "04/12/2026")
        await pilot.press("enter")  # adds the action to its list
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        # Escalate: the same handler is refused, beside the field.
        await pilot.press("s")
        await pilot.pause()
        await fill(pilot, "requested", "25/11/2026")
        await fill(pilot, "handler", "sam smith")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "stage 2 must be considered by someone else" in text_of(app, "#error-handler")
        await fill(pilot, "handler", "Jo Brown")
        await fill(pilot, "role", "Head of Housing")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ComplaintScreen)
        deadlines = app.screen.query_one("#deadlines", DataTable)
        steps = [str(deadlines.get_row_at(i)[0]) for i in range(deadlines.row_count)]
        assert steps[1] == "Stage 1 response (+5 days)"
        assert steps[2:] == ["Stage 2 acknowledgement", "Stage 2 final response"]
        # Stage 2 acknowledgement and final response, then close.
        await pilot.press("a")
        await pilot.pause()
        await fill(pilot, "understanding", "Still unhappy with the repair.")
        await fill(pilot, "outcomes_sought", "Compensation.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")  # no letter now
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await choose(pilot, "decision", "Upheld")
        await fill(pilot, "reasons", "We agree.")
        await choose(pilot, "remedy_kind", "Financial")
        await fill(pilot, "remedy_what", "A payment for the damage")
        await fill(pilot, "remedy_amount", "£150")
        await pilot.press("ctrl+s")  # the row typed and not yet added is added, not lost
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        assert desk_rows(app) == []
    with store.session() as session:
        case = find_case(session, "C-2026-0001")
    assert case.complaint.status == Status.CLOSED
    assert case.stages[1].handler == "Sam Smith" and case.stages[2].handler == "Jo Brown"
    assert case.stages[1].decision == Decision.PARTLY_UPHELD
    [remedy] = case.records["remedy"]
    assert (remedy.offered, remedy.amount_offered) == ("A payment for the damage", 15000)
    [action] = case.actions
    assert (action.what, action.who, action.due_on) == (
        "Treat the wall again",
        "Damp team",
        date(2026, 12, 4),
    )
    assert case.stages[1].upheld_parts == "The treatment that did not last."
    assert case.stages[2].handler_role == "Head of Housing"
    assert [e.working_days for e in case.extensions] == [5]
    assert [e.kind for e in case.events] == [
        "logged",
        "acknowledged",
        "letter",
        "extended",
        "responded",
        "escalated",
        "acknowledged",
        "responded",
        "closed",
    ]


async def test_a_broken_rule_keeps_the_typing(store: Store) -> None:
    with store.session() as session:
        case = logged(session, received=date(2026, 11, 10))
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await fill(pilot, "acknowledged", "09/11/2026")
        await fill(pilot, "understanding", "Typed with care.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "cannot be before the date the complaint was received" in text_of(
            app, "#error-acknowledged"
        )
        assert "Record the outcomes the resident is seeking" in text_of(
            app, "#error-outcomes_sought"
        )
        assert app.screen.query_one("#understanding", TextArea).text == "Typed with care."
        # Leaving a form with typing in it asks first; Escape again throws it away.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardChanges)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ComplaintScreen)
    with store.session() as session:
        assert case.id and load_case(session, case.id).stages[1].acknowledged_on is None


async def test_not_accepted_withdrawn_and_corrected(store: Store) -> None:
    with store.session() as session:
        logged(session, received=date(2026, 11, 2), name="Refused Resident")
        answered(session, logged(session, received=date(2026, 11, 3), name="Fixed Resident"))
        logged(session, received=date(2026, 11, 20), name="Gone Resident")
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # Refused Resident is the most urgent: open it and refuse it.
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await choose(pilot, "ground", "Legal")
        await fill(pilot, "reasons", "A claim was filed at court in October.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OfferLetter)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.check_action("acknowledge", ()) is False
        # Any letter the record allows can be made later, from the list.
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Letter: complaint not accepted" in rendered(app, "#timeline")
        await pilot.press("escape")
        await pilot.pause()
        # Gone Resident withdraws.
        assert desk_rows(app)[0][1] == "Gone Resident"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        await fill(pilot, "reason", "Sorted out with the contractor.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        # Fixed Resident: correct the acknowledgement date.
        assert desk_rows(app)[0][1] == "Fixed Resident"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await choose(pilot, "which", "The stage 1 ack")
        await fill(pilot, "value", "05/11/2026")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "was 4 November 2026, now 5 November 2026" in rendered(app, "#timeline")
    with store.session() as session:
        refused = find_case(session, "C-2026-0001")
        gone = find_case(session, "C-2026-0003")
        fixed = find_case(session, "C-2026-0002")
    assert refused.complaint.status == Status.NOT_ACCEPTED
    assert refused.complaint.refusal_ground == RefusalGround.LEGAL_PROCEEDINGS
    assert gone.complaint.status == Status.WITHDRAWN
    assert fixed.stages[1].acknowledged_on == date(2026, 11, 5)


async def test_help_lists_every_key_and_the_palette_every_action(store: Store) -> None:
    with store.session() as session:
        logged(session)
    app = desk(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one("#keys", Static).render())
        for words in ("Acknowledge and define", "Escalate to stage 2", "Put right a mistyped"):
            assert words in shown
        await pilot.press("escape")
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Acknowledge", "Extend", "Not accepted", "Withdrawn"} <= set(titles)
        assert "Respond" not in titles  # not possible before the acknowledgement


async def test_a_broken_template_is_a_message_not_a_crash(store: Store) -> None:
    from docx import Document

    from letters.templates import export_templates
    from store.paths import user_templates_dir

    export_templates(user_templates_dir())
    broken = user_templates_dir() / "update.docx"
    document = Document(str(broken))
    document.add_paragraph("{% if %}")
    document.save(str(broken))
    with store.session() as session:
        logged(session)
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("enter")  # the only letter: keeping you informed
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [str(notice.message) for notice in app._notifications]
        assert any("update.docx" in message for message in messages), messages
        assert isinstance(app.screen, ComplaintScreen)
        assert app.is_running


async def test_choices_left_blank_are_explained(store: Store) -> None:
    app = desk(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")  # no category chosen: a complaint can be logged without one
        await pilot.pause()
        await fill(pilot, "resident_name", "Ann Example")
        await fill(pilot, "description", "The lift is broken.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ComplaintScreen)
        await pilot.press("a")
        await pilot.pause()
        await fill(pilot, "understanding", "The lift has been broken for a week.")
        await fill(pilot, "outcomes_sought", "A working lift.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await fill(pilot, "reasons", "The part was on order.")
        await pilot.press("ctrl+s")  # no decision chosen
        await pilot.pause()
        assert "Choose the decision" in text_of(app, "#error-decision")
        assert app.screen.query_one("#reasons", TextArea).text == "The part was on order."
    with store.session() as session:
        case = find_case(session, "C-2026-0001")
    assert case.complaint.category == "" and case.stages[1].responded_on is None


async def test_a_locked_file_is_a_message_and_the_typing_stays(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    import tui.dialogs.intake

    def locked(*_: object, **__: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(tui.dialogs.intake, "log_complaint", locked)
    app = desk(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await fill(pilot, "resident_name", "Ann Example")
        await fill(pilot, "description", "The lift is broken.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "locked by another program" in text_of(app, "#form-error")
        assert app.screen.query_one("#resident_name", Input).value == "Ann Example"


async def test_correcting_details_by_keys(store: Store) -> None:
    with store.session() as session:
        logged(session, name="Ann Exmaple")
    app = desk(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        await fill(pilot, "resident_name", "Ann Example")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ComplaintScreen)
        assert "Ann Example" in str(app.screen.sub_title)
    with store.session() as session:
        case = find_case(session, "C-2026-0001")
    assert case.resident.name == "Ann Example"
    assert case.events[-1].summary == (
        "Corrected the resident's name: was \u201cAnn Exmaple\u201d, now \u201cAnn Example\u201d."
    )


async def test_every_form_opens_in_its_first_field(store: Store) -> None:
    with store.session() as session:
        logged(session)
    app = desk(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.focused is not None and app.screen.focused.id == "resident_name"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.focused is not None and app.screen.focused.id == "acknowledged"
        assert "The response will be due on" in text_of(app, "#response-due")


async def test_the_definition_shows_how_the_letter_will_read_it(store: Store) -> None:
    with store.session() as session:
        logged(session, received=date(2026, 11, 20))
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await fill(pilot, "understanding", "The resident disputes the service charge.")
        await pilot.pause()
        preview = text_of(app, "#preview-understanding")
        assert "Our understanding of the complaint" in preview
        assert "The resident disputes the service charge." in preview
        assert "the letter is addressed to them" in preview
        await fill(pilot, "understanding", "You dispute the service charge.")
        await pilot.pause()
        assert "addressed to them" not in text_of(app, "#preview-understanding")
