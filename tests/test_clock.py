"""The Code's clock: working days, due dates, met or missed, countdowns (code-rules.md 1)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.clock import (
    CaseDates,
    WorkingCalendar,
    complaint_clock,
    countdown,
    describe_countdown,
    stage_clock,
    today_london,
)
from store.deadlines import Extension

D = date


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # The Code's own examples: receipt on a Saturday, and on a Monday.
        (D(2026, 11, 28), 5, D(2026, 12, 4)),
        (D(2026, 11, 30), 5, D(2026, 12, 7)),
        # Received on a Friday: the Friday itself never counts.
        (D(2026, 11, 27), 1, D(2026, 11, 30)),
        # Christmas 2026: Friday 25, Saturday 26, and Boxing Day's substitute Monday 28.
        (D(2026, 12, 24), 1, D(2026, 12, 29)),
        (D(2026, 12, 21), 5, D(2026, 12, 30)),
        # Christmas 2027 falls on a weekend: Monday 27 and Tuesday 28 are substitutes.
        (D(2027, 12, 24), 1, D(2027, 12, 29)),
        # Year end: New Year's Day 2027 is a Friday.
        (D(2026, 12, 31), 1, D(2027, 1, 4)),
        # Easter 2026: Good Friday 3 April and Easter Monday 6 April.
        (D(2026, 4, 2), 1, D(2026, 4, 7)),
        # The one-off days: Platinum Jubilee, the Queen's funeral, the Coronation.
        (D(2022, 6, 1), 1, D(2022, 6, 6)),
        (D(2022, 9, 16), 1, D(2022, 9, 20)),
        (D(2023, 5, 5), 1, D(2023, 5, 9)),
        # The August bank holiday, which holidays.UK() without a region would drop.
        (D(2026, 8, 28), 1, D(2026, 9, 1)),
    ],
)
def test_nth_working_day_strictly_after(
    start: date, n: int, due: date, calendar: WorkingCalendar
) -> None:
    assert calendar.add_working_days(start, n) == due


def test_closure_days_are_not_working_days() -> None:
    closed = WorkingCalendar("ENG", [D(2026, 12, 29), D(2026, 12, 30), D(2026, 12, 31)])
    assert closed.add_working_days(D(2026, 12, 24), 1) == D(2027, 1, 4)
    assert closed.holiday_name(D(2026, 12, 30)) == "Closure day"


def test_regions_differ() -> None:
    # 2 January is a bank holiday in Scotland only (in 2027 a Saturday, so Monday 4th is
    # taken instead); 17 March is a bank holiday in Northern Ireland only.
    assert WorkingCalendar("ENG").add_working_days(D(2027, 1, 1), 1) == D(2027, 1, 4)
    assert WorkingCalendar("SCT").add_working_days(D(2027, 1, 1), 1) == D(2027, 1, 5)
    assert WorkingCalendar("NIR").add_working_days(D(2027, 3, 16), 1) == D(2027, 3, 18)
    with pytest.raises(ValueError, match="Unknown region"):
        WorkingCalendar("XX")


def test_far_dates_extend_the_calendar(calendar: WorkingCalendar) -> None:
    assert calendar.add_working_days(D(2019, 1, 1), 300) == holidays.country_holidays(
        "GB", subdiv="ENG"
    ).get_nth_working_day(D(2019, 1, 1), 300)
    assert calendar.add_working_days(D(2035, 12, 31), 1) == D(2036, 1, 2)


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=D(2018, 1, 1), max_value=D(2030, 12, 31)),
    n=st.integers(min_value=1, max_value=60),
)
def test_due_date_invariants(start: date, n: int) -> None:
    calendar = WorkingCalendar("ENG", [D(2026, 12, 30)])
    due = calendar.add_working_days(start, n)
    assert due > start
    assert calendar.is_working_day(due)
    assert calendar.working_days_between(start, due) == n
    assert calendar.add_working_days(start, n + 1) > due
    reference = holidays.country_holidays("GB", subdiv="ENG")
    reference[D(2026, 12, 30)] = "Closure day"
    assert due == reference.get_nth_working_day(start, n)


def test_6_3_stage_one_deadlines_follow_the_actual_acknowledgement(
    calendar: WorkingCalendar,
) -> None:
    projected = stage_clock(calendar, 1, D(2026, 11, 2), None, None)
    assert projected.acknowledgement.due == D(2026, 11, 9)
    assert projected.response.due == D(2026, 11, 23)  # 10 after the acknowledgement due date

    late = stage_clock(calendar, 1, D(2026, 11, 2), D(2026, 11, 11), D(2026, 11, 25))
    assert late.acknowledgement.met is False
    assert late.response.due == D(2026, 11, 25)  # counted from the late acknowledgement
    assert late.response.met is True
    assert late.open_deadline is None


def test_6_4_extensions_add_up(calendar: WorkingCalendar) -> None:
    clock = stage_clock(
        calendar,
        1,
        D(2026, 11, 2),
        D(2026, 11, 4),
        None,
        (Extension(5, D(2026, 11, 10)), Extension(5, D(2026, 11, 20))),
    )
    assert clock.extension_days == 10
    assert clock.response.due == D(2026, 12, 2)
    assert clock.open_deadline == clock.response


def test_6_4_an_extension_after_the_deadline_cannot_turn_missed_into_met(
    calendar: WorkingCalendar,
) -> None:
    # Due 18 November; extended on the 20th, after the deadline had passed.
    clock = stage_clock(
        calendar,
        1,
        D(2026, 11, 2),
        D(2026, 11, 4),
        D(2026, 11, 24),
        (Extension(5, D(2026, 11, 20)),),
    )
    assert clock.response.due == D(2026, 11, 25)
    assert clock.response.met is False
    in_time = stage_clock(
        calendar,
        1,
        D(2026, 11, 2),
        D(2026, 11, 4),
        D(2026, 11, 24),
        (Extension(5, D(2026, 11, 18)),),
    )
    assert in_time.response.met is True


def test_6_14_stage_two_deadlines(calendar: WorkingCalendar) -> None:
    dates = CaseDates(
        received=D(2026, 9, 1),
        stage1_acknowledged=D(2026, 9, 3),
        stage1_responded=D(2026, 9, 15),
        stage2_requested=D(2026, 10, 1),
        stage2_acknowledged=D(2026, 10, 6),
        stage2_extensions=(Extension(20, D(2026, 10, 20)),),
    )
    clock = complaint_clock(calendar, dates)
    assert clock.stage2 is not None
    assert clock.stage2.acknowledgement.due == D(2026, 10, 8)
    assert clock.stage2.response.due == D(2026, 12, 1)  # 20 + 20 working days after 6 October
    assert clock.next_deadline == clock.stage2.response
    assert clock.next_deadline.name == "Stage 2 final response"


def test_ended_complaints_have_no_next_deadline(calendar: WorkingCalendar) -> None:
    clock = complaint_clock(calendar, CaseDates(received=D(2026, 11, 2), is_open=False))
    assert clock.next_deadline is None
    assert clock.stage1.acknowledgement.met is None


@pytest.mark.parametrize(
    ("today", "due", "left", "words"),
    [
        (D(2026, 11, 25), D(2026, 11, 30), 3, "3 working days left"),
        (D(2026, 11, 25), D(2026, 11, 26), 1, "1 working day left"),
        (D(2026, 11, 25), D(2026, 11, 25), 0, "due today"),
        (D(2026, 11, 25), D(2026, 11, 23), -2, "2 working days overdue"),
        # Saturday after a Friday deadline: overdue, not "due today".
        (D(2026, 11, 28), D(2026, 11, 27), -1, "1 working day overdue"),
        # Saturday before a Monday deadline.
        (D(2026, 11, 28), D(2026, 11, 30), 1, "1 working day left"),
    ],
)
def test_countdown(
    today: date, due: date, left: int, words: str, calendar: WorkingCalendar
) -> None:
    assert countdown(calendar, due, today) == left
    assert describe_countdown(left) == words


def test_today_is_the_date_in_london() -> None:
    # 23:30 UTC on a summer night is already the next day in London.
    assert today_london(datetime(2026, 7, 1, 23, 30, tzinfo=UTC)) == D(2026, 7, 2)
    assert today_london(datetime(2026, 12, 1, 23, 30, tzinfo=UTC)) == D(2026, 12, 1)


def test_a_hundred_thousand_complaints_compute(calendar: WorkingCalendar) -> None:
    start = D(2019, 1, 1)
    cases = [
        CaseDates(
            received=start + timedelta(days=i % 2900),
            stage1_acknowledged=start + timedelta(days=i % 2900 + 3),
        )
        for i in range(100_000)
    ]
    clocks = [complaint_clock(calendar, case) for case in cases]
    assert all(clock.next_deadline is not None for clock in clocks)


def test_cached_bank_holidays_agree_and_spare_the_package(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    from store.calendar_cache import CACHE_KEY, working_calendar
    from store.db import open_store
    from store.settings import load_settings, update_settings

    store = open_store(tmp_path / "c.sqlite3")
    with store.connect() as db:
        update_settings(db, closure_days=[D(2026, 12, 29)])
        cached = working_calendar(db, load_settings(db), D(2026, 11, 25))
        stored = json.loads(
            db.execute("SELECT value FROM setting WHERE key = ?", (CACHE_KEY,)).fetchone()[0]
        )
    fresh = WorkingCalendar("ENG", [D(2026, 12, 29)])
    for start in (D(2019, 1, 1) + timedelta(days=n) for n in range(0, 4000, 3)):
        assert cached.add_working_days(start, 5) == fresh.add_working_days(start, 5)
    assert stored["days"]["2027-12-28"] == "Boxing Day (observed)"
    code = "\n".join(
        (
            "import sys",
            "from datetime import date",
            "from pathlib import Path",
            "from store.calendar_cache import working_calendar",
            "from store.db import open_store",
            "from store.settings import load_settings",
            f"with open_store(Path({str(tmp_path / 'c.sqlite3')!r})).connect() as db:",
            "    calendar = working_calendar(db, load_settings(db), date(2026, 11, 25))",
            "print(calendar.add_working_days(date(2026, 12, 24), 1), 'holidays' in sys.modules)",
        )
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["2026-12-30", "False"]


def test_a_stale_cache_is_recomputed(tmp_path: Path) -> None:
    from store.calendar_cache import CACHE_KEY, working_calendar
    from store.db import open_store
    from store.settings import load_settings

    store = open_store(tmp_path / "c.sqlite3")
    with store.connect() as db:
        db.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?)",
            (CACHE_KEY, '{"stamp": "old", "days": {}}'),
        )
        db.commit()
        calendar = working_calendar(db, load_settings(db), D(2026, 11, 25))
        assert calendar.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
        assert (
            "old"
            not in db.execute("SELECT value FROM setting WHERE key = ?", (CACHE_KEY,)).fetchone()[0]
        )
