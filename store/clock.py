"""The Code's clock: working days and every deadline of a complaint.

Pure functions over plain values: no database, no I/O, and "today" is always a parameter.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

from store.deadlines import EVENTS, Deadline, Extension, deadlines, next_deadline

if TYPE_CHECKING:
    from holidays import HolidayBase

REGIONS = ("ENG", "WLS", "SCT", "NIR")
LONDON = ZoneInfo("Europe/London")

# No deadline of the Code lies further off than this (about ten years of working days), nor
# outside these years: a record that asks for one holds a typing slip, not a deadline.
MOST_WORKING_DAYS = 2600
YEARS = range(1900, 2201)


def today_london(now: datetime | None = None) -> date:
    """The date in England, which is not the UTC date for an hour each night in summer."""
    return (now or datetime.now(LONDON)).astimezone(LONDON).date()


@dataclass(frozen=True)
class BankHolidays:
    """A region's bank holidays over a run of years, as the holidays package gives them."""

    region: str
    first_year: int
    last_year: int
    days: dict[date, str]

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


def bank_holidays(region: str, first_year: int, last_year: int) -> BankHolidays:
    import holidays  # loaded only when needed: it is a noticeable part of a cold start

    # Never the United Kingdom without a subdivision: it drops Easter Monday and August.
    found = holidays.country_holidays("GB", subdiv=region, years=range(first_year, last_year + 1))
    return BankHolidays(region, first_year, last_year, dict(found))


class WorkingCalendar:
    """Monday to Friday, less the region's bank holidays and the landlord's closure days.

    The working days are laid out once as a sorted list of ordinals, a year at a time, so a
    deadline is a binary search rather than a walk day by day. Bank holidays already known (see
    `store.calendar_cache`) spare loading the holidays package until a year outside them is asked.
    """

    def __init__(
        self,
        region: str = "ENG",
        closure_days: Iterable[date] = (),
        known: BankHolidays | None = None,
    ) -> None:
        if region not in REGIONS:
            raise ValueError(f"Unknown region {region!r}: use one of {', '.join(REGIONS)}.")
        self.region = region
        self.closure_days = frozenset(closure_days)
        self._known = known if known is not None and known.region == region else None
        self._package: HolidayBase | None = None
        self._first_year = 0
        self._last_year = -1
        self._ordinals: list[int] = []
        # Complaints share their dates, so most deadlines have been worked out before.
        self._memo: dict[tuple[date, int], date] = {}

    def _holidays(self) -> HolidayBase:
        if self._package is None:
            import holidays

            self._package = holidays.country_holidays("GB", subdiv=self.region)
            self._package.update({day: "Closure day" for day in self.closure_days})
        return self._package

    def is_working_day(self, day: date) -> bool:
        if self._known is not None and self._known.covers(day.year):
            return (
                day.weekday() < 5 and day not in self._known.days and day not in self.closure_days
            )
        return bool(self._holidays().is_working_day(day))

    def holiday_name(self, day: date) -> str | None:
        if day in self.closure_days:
            return "Closure day"
        if self._known is not None and self._known.covers(day.year):
            return self._known.days.get(day)
        return self._holidays().get(day)

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day strictly after `start` (n >= 1); `start` itself never counts."""
        try:
            return self._memo[start, n]
        except KeyError:
            due = self._memo[start, n] = self._nth_working_day(start, n)
            return due

    def _nth_working_day(self, start: date, n: int) -> date:
        if n < 1:
            raise ValueError("A deadline is at least one working day away.")
        if n > MOST_WORKING_DAYS or start.year not in YEARS:
            raise ValueError(
                f"{n} working days from {start.isoformat()} is not a deadline the Code can set: "
                "the record needs checking."
            )
        if not self._first_year <= start.year < self._last_year:
            self._cover(start.year, start.year + 1)
        while True:
            index = bisect_right(self._ordinals, start.toordinal()) + n - 1
            if index < len(self._ordinals):
                return date.fromordinal(self._ordinals[index])
            self._cover(self._first_year, self._last_year + 1 + n // 250)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end], negative when `end` is before `start`."""
        if start.year not in YEARS or end.year not in YEARS:
            raise ValueError(
                f"{start.isoformat()} to {end.isoformat()}: the record needs checking."
            )
        self._cover(min(start.year, end.year), max(start.year, end.year))
        return bisect_right(self._ordinals, end.toordinal()) - bisect_right(
            self._ordinals, start.toordinal()
        )

    def _cover(self, first_year: int, last_year: int) -> None:
        if self._first_year <= first_year and last_year <= self._last_year:
            return
        first = min(first_year, self._first_year) if self._ordinals else first_year
        last = max(last_year, self._last_year)
        start, end = date(first, 1, 1).toordinal(), date(last, 12, 31).toordinal()
        is_working_day = self.is_working_day
        self._ordinals = [
            ordinal
            for ordinal in range(start, end + 1)
            if is_working_day(date.fromordinal(ordinal))
        ]
        self._first_year, self._last_year = first, last


class StageClock(NamedTuple):
    """A stage of the Code as its two rules in the catalogue make it."""

    stage: int
    acknowledgement: Deadline
    response: Deadline
    extension_days: int
    first_response_due: date
    """The response date before any extension, as the acknowledgement gave it."""

    @property
    def open_deadline(self) -> Deadline | None:
        if self.response.done:
            return None
        return self.response if self.acknowledgement.done else self.acknowledgement


def _stage(found: Mapping[str, Deadline], stage: int) -> StageClock | None:
    acknowledgement = found.get(f"stage{stage}_ack")
    response = found.get(f"stage{stage}_response")
    if acknowledgement is None or response is None:
        return None
    first = response.first_due or response.due
    return StageClock(stage, acknowledgement, response, response.extended_by, first)


# Where each stage starts: the complaint received, or the escalation asked for.
_STARTS = {1: "received", 2: "stage2_requested"}


def stage_clock(
    calendar: WorkingCalendar,
    stage: int,
    started: date,
    acknowledged: date | None,
    responded: date | None,
    extensions: Sequence[Extension] = (),
) -> StageClock:
    """The deadlines of one stage, from the day it started (received, or escalation requested).

    The response is due a set number of working days after the actual acknowledgement, projected
    from the acknowledgement's due date until then. Extensions add up. An extension agreed after
    the due date it extends still moves the target, but cannot turn a missed step into a met one.
    """
    facts = {
        _STARTS[stage]: started,
        f"stage{stage}_acknowledged": acknowledged,
        f"stage{stage}_responded": responded,
    }
    found = deadlines(calendar, facts, {stage: extensions}, is_open=True)
    clock = _stage(found, stage)
    assert clock is not None
    return clock


def describe_countdown(working_days_left: int, *, short: bool = False) -> str:
    """The countdown as read: "3 working days left", "due today", "2 working days overdue";
    short, under a heading that says the days are working days: "3 left", "2 overdue"."""
    if working_days_left == 0:
        return "due today"
    days = abs(working_days_left)
    unit = "" if short else " working day" if days == 1 else " working days"
    return f"{days}{unit} left" if working_days_left > 0 else f"{days}{unit} overdue"


def countdown(calendar: WorkingCalendar, due: date, today: date) -> int:
    """Working days from today to `due`: 0 when due today, negative once overdue.

    A deadline that passed on the last working day is one day overdue over the weekend, not
    "due today".
    """
    left = calendar.working_days_between(today, due)
    if due < today and left == 0:
        return -1
    return left


@dataclass(frozen=True, slots=True)
class CaseDates:
    """The dates of a complaint that its deadlines depend on."""

    received: date
    stage1_acknowledged: date | None = None
    stage1_responded: date | None = None
    stage1_extensions: tuple[Extension, ...] = ()
    stage2_requested: date | None = None
    stage2_acknowledged: date | None = None
    stage2_responded: date | None = None
    stage2_extensions: tuple[Extension, ...] = ()
    is_open: bool = True

    def facts(self) -> dict[str, date | None]:
        """Each event by the name the catalogue's rules give it."""
        return {name: getattr(self, name) for name, _ in EVENTS}

    def extensions(self) -> dict[int, tuple[Extension, ...]]:
        return {1: self.stage1_extensions, 2: self.stage2_extensions}


class ComplaintClock(NamedTuple):
    stage1: StageClock
    stage2: StageClock | None
    next_deadline: Deadline | None
    """The deadline owed soonest, or None when nothing is owed (or the complaint has ended)."""
    deadlines: dict[str, Deadline]
    """Every rule's deadline, in the catalogue's order."""


def complaint_clock(calendar: WorkingCalendar, dates: CaseDates) -> ComplaintClock:
    found = deadlines(calendar, dates.facts(), dates.extensions(), is_open=dates.is_open)
    stage1 = _stage(found, 1)
    assert stage1 is not None  # every complaint was received
    return ComplaintClock(stage1, _stage(found, 2), next_deadline(found), found)
