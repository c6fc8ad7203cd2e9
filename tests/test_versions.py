"""A change is made to the complaint as it stands: one made to a copy that has changed since is
refused with who changed it, never saved over it; every line of the timeline says who did it;
and references come from the file, so writers at once never share one."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from store.case import ChangedElsewhere, load_case, note
from store.clock import WorkingCalendar
from store.corrections import correct_details
from store.db import Store, open_store
from store.defining import acknowledge
from store.steps import extend
from tests.factories import TODAY, definition, logged
from tests.pilot import desk, fill
from tui.dialogs.steps import AcknowledgeDialog


def test_a_change_to_a_complaint_changed_since_it_was_opened_is_refused(
    store: Store, calendar: WorkingCalendar
) -> None:
    with store.session() as session:
        opened = logged(session)
    assert opened.complaint.version == 1
    store.actor = "Sam Colleague"
    with store.session({opened.id: opened.complaint.version}) as session:
        acknowledge(session, opened.id, on=date(2026, 11, 4), definition=definition(), today=TODAY)
    store.actor = "Priya Shah"
    with (
        pytest.raises(ChangedElsewhere) as refused,
        store.session({opened.id: opened.complaint.version}) as session,
    ):
        extend(
            session,
            opened.id,
            agreed_on=date(2026, 11, 10),
            working_days=5,
            reason="A survey is needed.",
            today=TODAY,
            calendar=calendar,
        )
    message = str(refused.value)
    assert f"{opened.complaint.reference} changed since you opened it" in message
    assert "Sam Colleague" in message and "stage 1 acknowledged" in message
    with store.session() as session:
        now = load_case(session, opened.id)
    assert now.extensions == ()
    assert now.complaint.version == 2


def test_every_change_raises_the_version_and_says_who(store: Store) -> None:
    store.actor = "Priya Shah"
    with store.session() as session:
        case = logged(session)
        acknowledge(session, case.id, on=date(2026, 11, 4), definition=definition(), today=TODAY)
        correct_details(session, case.id, changes={"category": "Damp and mould"})
        case = load_case(session, case.id)
    assert case.complaint.version == 3
    assert [event.actor for event in case.events] == ["Priya Shah"] * len(case.events)


def test_a_save_between_another_s_reading_and_writing_is_refused(tmp_path: Path) -> None:
    """Two writers read the same version; the second to write is refused by the file itself."""
    path = tmp_path / "c.sqlite3"
    with open_store(path) as first, first.session() as session:
        case = logged(session)
    with open_store(path) as one, open_store(path) as two:
        two.actor = "Sam Colleague"
        with (
            pytest.raises(ChangedElsewhere, match="changed while this was being saved"),
            one.session() as reading,
            two.session() as other,
        ):
            mine = load_case(reading, case.id)
            theirs = load_case(other, case.id)
            theirs.complaint.category = "Staff conduct"
            note(other, theirs.complaint, "correction", "Category corrected")
            other.commit()
            mine.complaint.category = "Repairs, again"
            note(reading, mine.complaint, "correction", "Category corrected")
            reading.commit()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT category, version FROM complaint").fetchone() == (
            "Staff conduct",
            2,
        )


async def test_the_desk_refuses_a_save_over_a_colleague_s_and_keeps_the_typing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.sqlite3"
    store = open_store(path)
    with store.session() as session:
        case = logged(session)
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AcknowledgeDialog)
        await fill(pilot, "understanding", "You told us the tap leaks.")
        await fill(pilot, "outcomes_sought", "The tap mended.")
        # Meanwhile a colleague corrects the complaint from their own desk.
        with open_store(path, create=False) as theirs:
            theirs.actor = "Sam Colleague"
            with theirs.session() as session:
                correct_details(session, case.id, changes={"category": "Damp and mould"})
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        assert isinstance(app.screen, AcknowledgeDialog)
        shown = " ".join(str(error.render()) for error in app.screen.query(".error"))
        assert "changed since you opened it" in shown and "Sam Colleague" in shown
        assert app.screen.text_of("understanding") == "You told us the tap leaks."
    store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT acknowledged_on FROM stage").fetchone() == (None,)


WRITER = """
import sys
from datetime import date
from pathlib import Path
from store.db import open_store
from tests.factories import TODAY, new_complaint
from store.intake import log_complaint

store = open_store(Path(sys.argv[1]), create=False)
for _ in range(int(sys.argv[2])):
    with store.session() as session:
        log_complaint(session, new_complaint(date(2026, 11, 2)), today=TODAY)
store.close()
"""


def test_writers_at_once_never_share_a_reference(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    open_store(path).close()
    root = Path(__file__).parent.parent
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), "12"],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(5)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=180)
        assert writer.returncode == 0, err
    with sqlite3.connect(path) as db:
        references = [row[0] for row in db.execute("SELECT reference FROM complaint")]
    assert len(references) == 60
    assert len(set(references)) == 60
    assert sorted(references) == [f"C-2026-{n:04d}" for n in range(1, 61)]
