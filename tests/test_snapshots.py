"""What the officer sees, pinned with a frozen clock and seeded data: every screen, and every
form and dialog both as it opens and with its errors showing, at 120x40 and at 80x24; the desk,
a complaint and the agenda at 160x50 too.

Update after a deliberate change of look with `pytest --snapshot-update` and review the SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import pytest
from sqlmodel import Session
from textual.pilot import Pilot

from store.db import Store, open_store
from store.defining import acknowledge
from store.demo import make_demo
from store.follow_through import add_outstanding_action
from store.settings import update_settings
from store.steps import close
from tests.factories import TODAY, answered, definition, logged
from tests.pilot import desk
from tui.app import ComplaintsApp

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]
# The lists, and a complaint, also on a wide terminal: columns grow, and stop growing.
LIST_SIZES = [*SIZES, pytest.param((160, 50), id="160x50")]
WAIT = "wait"


def keys(*pressed: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Press each key once the screen has taken the last, and let every worker finish before
    the picture is taken: the same picture however busy the machine is."""

    async def drive(pilot: Pilot[None]) -> None:
        for key in (WAIT, *pressed, WAIT):
            if key == WAIT:
                await settle(pilot)
                # A screen beneath a dialog repaints late: paint everything afresh.
                pilot.app.refresh(repaint=True, layout=True)
                await pilot.pause()
                await pilot.wait_for_scheduled_animations()
                # A blinking cursor would be drawn or not by the time of day.
                for field in pilot.app.screen.query("Input, TextArea"):
                    field.cursor_blink = False  # type: ignore[attr-defined]
            else:
                await pilot.press(key)

    return drive


async def settle(pilot: Pilot[None]) -> None:
    """Until no worker runs and the screen in front stays the same: a save finishes in a worker,
    then its form closes and the next dialog opens, however slowly the machine goes."""
    front = None
    for _ in range(50):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        if pilot.app.screen is front and not pilot.app.workers:
            return
        front = pilot.app.screen


def seeded_desk() -> ComplaintsApp:
    store = open_store(None)
    make_demo(store, 60, today=TODAY, seed=11)
    with store.session() as session:
        # A name long enough to push every other column off the screen, if it were let.
        logged(
            session, received=date(2026, 11, 18), name="Wilhelmina Featherstonehaugh-Cholmondeley"
        )
    return desk(store)


def one_complaint(state: Callable[[Session], object]) -> ComplaintsApp:
    """A desk holding one complaint, its timeline dated so the picture does not age."""
    store: Store = open_store(None)
    with store.session() as session:
        state(session)
    with store.connect() as db:
        with db:
            db.execute("UPDATE event SET at = '2026-11-20 10:00:00.000000'")
        # The default letters folder is under the home folder, which differs from run to run.
        update_settings(db, letters_folder="/srv/complaints/letters")
    return desk(store)


def new(session: Session) -> object:
    return logged(session, received=date(2026, 11, 20))


def acknowledged(session: Session) -> object:
    case = logged(session)
    return acknowledge(session, case.id, on=date(2026, 11, 4), definition=definition(), today=TODAY)


def responded(session: Session) -> object:
    return answered(session, logged(session))


def with_action(session: Session) -> object:
    case = answered(session, logged(session))
    return add_outstanding_action(
        session, case.id, what="Replace the kitchen tap", due_on=date(2026, 11, 27), today=TODAY
    )


def closed(session: Session) -> object:
    case = answered(session, logged(session))
    return close(session, case.id, on=date(2026, 11, 16), today=TODAY)


OPEN = ["enter", WAIT]
# Each form: the complaint it needs, the keys that open it, and those that show its errors.
FORMS: dict[str, tuple[Callable[[Session], object], list[str], list[str]]] = {
    "log-complaint": (new, ["n"], ["ctrl+s"]),
    "settings": (new, ["o"], ["tab"] * 12 + ["ctrl+u", "ctrl+s"]),
    "acknowledge": (new, [*OPEN, "a"], ["ctrl+u", "ctrl+s"]),
    "not-accepted": (new, [*OPEN, "n"], ["ctrl+s"]),
    "extend": (new, [*OPEN, "e"], ["ctrl+s"]),
    "withdraw": (new, [*OPEN, "w"], ["ctrl+u", "ctrl+s"]),
    "correct-a-date": (new, [*OPEN, "d"], ["ctrl+s"]),
    "correct-details": (new, [*OPEN, "u"], ["ctrl+u", "ctrl+s"]),
    "respond": (acknowledged, [*OPEN, "r"], ["ctrl+s"]),
    "amend-definition": (acknowledged, [*OPEN, "m"], ["ctrl+k", "ctrl+s"]),
    "escalate": (responded, [*OPEN, "s"], ["ctrl+u", "ctrl+s"]),
    "refuse-escalation": (responded, [*OPEN, "x"], ["ctrl+s"]),
    "close": (responded, [*OPEN, "c"], ["ctrl+u", "ctrl+s"]),
    "escalate-a-closed-complaint": (closed, [*["f"] * 5, WAIT, *OPEN, "s"], ["ctrl+u", "ctrl+s"]),
    "letters": (responded, [*OPEN, "l"], []),
    "offer-a-letter": (new, [*OPEN, "a", "tab", "tab", *"Leak", "tab", *"Fix", "ctrl+s"], []),
    "follow-through": (new, [*OPEN, "f"], []),
    "outstanding-actions": (responded, [*OPEN, "t"], []),
    "outstanding-action": (responded, [*OPEN, "t", WAIT, "n"], ["ctrl+s"]),
    "representative": (new, [*OPEN, "R"], [*"Jo", *["tab"] * 5, "x", "ctrl+s"]),
    **{
        f"record-{key}": (
            new,
            [*OPEN, "f", WAIT, *["down"] * index, "enter", WAIT, "n"],
            ["ctrl+s"],
        )
        for index, key in enumerate(
            ("correspondence", "remedy", "adjustment", "restriction", "ombudsman-case", "order"),
            start=2,
        )
    },
    "records-list": (new, [*OPEN, "f", WAIT, "down", "down", "enter"], []),
    "help-on-a-complaint": (new, [*OPEN, "question_mark"], []),
    "discard-changes": (new, ["n", *"Ann", "escape"], []),
    "void-a-complaint": (new, [*OPEN, "V"], ["ctrl+s"]),
    "void-a-record": (with_action, [*OPEN, "t", WAIT, "v"], ["ctrl+s"]),
    "self-assessment-answers": (responded, ["R", WAIT, "e"], []),
    "self-assessment-answer": (
        responded,
        ["R", WAIT, "e", WAIT, "enter"],
        [*["tab"] * 4, *"99/99/2026", "ctrl+s"],
    ),
}


@pytest.mark.parametrize("size", LIST_SIZES)
def test_the_desk(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(seeded_desk(), terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", LIST_SIZES)
def test_a_complaint(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(seeded_desk(), terminal_size=size, run_before=keys("down", "enter"))


def test_the_desk_at_80_by_24_with_help(snap_compare: Any) -> None:
    assert snap_compare(seeded_desk(), terminal_size=(80, 24), run_before=keys("question_mark"))


@pytest.mark.parametrize("size", SIZES)
def test_the_reports(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(seeded_desk(), terminal_size=size, run_before=keys("R"))


@pytest.mark.parametrize("size", LIST_SIZES)
def test_the_agenda(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(seeded_desk(), terminal_size=size, run_before=keys("t"))


@pytest.mark.parametrize("size", SIZES)
def test_the_first_start(snap_compare: Any, size: tuple[int, int]) -> None:
    app = desk(open_store(None), setup_done=False)
    assert snap_compare(app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_form_as_it_opens(snap_compare: Any, form: str, size: tuple[int, int]) -> None:
    state, opening, _ = FORMS[form]
    assert snap_compare(one_complaint(state), terminal_size=size, run_before=keys(*opening))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("form", sorted(name for name, (_, _, keys) in FORMS.items() if keys))
def test_every_form_with_its_errors(snap_compare: Any, form: str, size: tuple[int, int]) -> None:
    state, opening, errors = FORMS[form]
    drive = keys(*opening, WAIT, *errors)
    assert snap_compare(one_complaint(state), terminal_size=size, run_before=drive)
