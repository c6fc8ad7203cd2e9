"""What the officer sees, pinned with a frozen clock and seeded data.

Update after a deliberate change of look with `pytest --snapshot-update` and review the SVGs.
"""

from __future__ import annotations

from typing import Any

from store.db import open_store
from store.demo import make_demo
from tests.pilot import TODAY, desk
from tui.app import ComplaintsApp


def seeded_desk() -> ComplaintsApp:
    store = open_store(None)
    make_demo(store, 60, today=TODAY, seed=11)
    return desk(store)


def test_the_desk(snap_compare: Any) -> None:
    assert snap_compare(seeded_desk(), terminal_size=(120, 40))


def test_a_complaint(snap_compare: Any) -> None:
    assert snap_compare(seeded_desk(), terminal_size=(120, 40), press=["down", "enter", "wait:500"])


def test_the_desk_at_80_by_24_with_help(snap_compare: Any) -> None:
    assert snap_compare(seeded_desk(), terminal_size=(80, 24), press=["question_mark", "wait:300"])
