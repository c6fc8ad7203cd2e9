"""The catalogue of deadline rules: every clock the desk keeps, each declared once.

A rule says which event starts it, how long it runs (working days, calendar days or hours), which
event meets it, what stops it, and how it may be extended. Everything that shows, checks or counts
a deadline (the desk's countdowns and filters, a complaint's deadlines, the agenda, the export's
columns, the dates letters promise, the year's figures) asks `deadlines()` for them, so a new
clock is a new entry here, with the events it needs, and nothing else.

Events are the dated facts of a complaint, named as the record keeps them ("received",
"stage1_acknowledged"); `EVENTS` lists those the Code orders, with how a sentence names each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import NamedTuple, Protocol


class WorkingCalendar(Protocol):
    """What a rule counted in working days needs of the calendar (store.clock has it)."""

    def add_working_days(self, start: date, n: int) -> date: ...


# The dated steps of a complaint in the order the Code takes them, with how a sentence names them.
EVENTS: tuple[tuple[str, str], ...] = (
    ("received", "the date the complaint was received"),
    ("stage1_acknowledged", "the stage 1 acknowledgement"),
    ("stage1_responded", "the stage 1 response"),
    ("stage2_requested", "the request to escalate to stage 2"),
    ("stage2_acknowledged", "the stage 2 acknowledgement"),
    ("stage2_responded", "the stage 2 final response"),
)
# Events that end a complaint, and with it every clock still running.
ENDINGS: tuple[tuple[str, str], ...] = (
    ("refused_on", "the refusal"),
    ("withdrawn_on", "the withdrawal"),
    ("closed_on", "the closure"),
)


class Unit(StrEnum):
    WORKING_DAYS = "working days"
    """Monday to Friday, less bank holidays and the landlord's closure days; the start never
    counts (the N-th working day strictly after it)."""
    CALENDAR_DAYS = "calendar days"
    HOURS = "hours"
    """Round the clock, nights, weekends and bank holidays included."""


@dataclass(frozen=True)
class Extensions:
    """How a rule's deadline may be put back: the extensions recorded at `stage` add up, and past
    `cap` working days each needs a good reason (explained to the resident). An extension agreed
    after the date it extends still moves the target, but a step already missed stays missed."""

    stage: int
    cap: int
    provision: str


@dataclass(frozen=True)
class Rule:
    key: str
    """Its name in the export's columns (`{key}_due`, `{key}_met`) and in code."""
    name: str
    """As the desk and letters name it."""
    provision: str
    """Where the Code (or the law) sets it."""
    starts: str
    """The event that starts the clock."""
    length: int
    unit: Unit
    met_by: str
    """The event that meets it: done on or before the due date (or moment)."""
    projected_from: str | None = None
    """Another rule whose due date stands in for `starts` until it happens: the deadline is then
    shown as projected, not yet running."""
    stopped_by: tuple[str, ...] = ()
    """Events that stop it running (it is no longer owed), besides the complaint ending."""
    extensions: Extensions | None = None
    stage: int = 1
    """The stage of the Code it belongs to, for the desk's stage and a letter's wording."""

    def due_after(self, calendar: WorkingCalendar, start: date) -> date:
        """When the clock started at `start` runs out: a day, or for hours a moment (a
        datetime, which is also a date)."""
        if self.unit is Unit.HOURS:
            moment = start if isinstance(start, datetime) else datetime.combine(start, time())
            return moment + timedelta(hours=self.length)
        day = start.date() if isinstance(start, datetime) else start
        if self.unit is Unit.CALENDAR_DAYS:
            return day + timedelta(days=self.length)
        return calendar.add_working_days(day, self.length)


# The Code's four clocks (code-rules.md section 1).
CODE_RULES: tuple[Rule, ...] = (
    Rule(
        "stage1_ack",
        "Stage 1 acknowledgement",
        "6.2",
        starts="received",
        length=5,
        unit=Unit.WORKING_DAYS,
        met_by="stage1_acknowledged",
        stopped_by=("stage2_requested",),
    ),
    Rule(
        "stage1_response",
        "Stage 1 response",
        "6.3",
        starts="stage1_acknowledged",
        length=10,
        unit=Unit.WORKING_DAYS,
        met_by="stage1_responded",
        projected_from="stage1_ack",
        stopped_by=("stage2_requested",),
        extensions=Extensions(stage=1, cap=10, provision="6.4"),
    ),
    Rule(
        "stage2_ack",
        "Stage 2 acknowledgement",
        "6.11",
        starts="stage2_requested",
        length=5,
        unit=Unit.WORKING_DAYS,
        met_by="stage2_acknowledged",
        stage=2,
    ),
    Rule(
        "stage2_response",
        "Stage 2 final response",
        "6.14",
        starts="stage2_acknowledged",
        length=20,
        unit=Unit.WORKING_DAYS,
        met_by="stage2_responded",
        projected_from="stage2_ack",
        extensions=Extensions(stage=2, cap=20, provision="6.15"),
        stage=2,
    ),
)
RULES: tuple[Rule, ...] = CODE_RULES


def catalogue() -> tuple[Rule, ...]:
    """Every rule in force, in the order the desk lists them."""
    return RULES


def rule(key: str) -> Rule:
    return next(found for found in catalogue() if found.key == key)


def extension_cap(stage: int) -> int:
    """The working days a stage may be extended by without a good reason (6.4, 6.15)."""
    return next(
        found.extensions.cap
        for found in catalogue()
        if found.extensions is not None and found.extensions.stage == stage
    )


@dataclass(frozen=True, slots=True)
class Extension:
    working_days: int
    agreed_on: date | None = None


class Deadline(NamedTuple):
    """One deadline: when it is due and whether it was met."""

    name: str
    due: date
    done: date | None
    met: bool | None
    """True or False once done; None while pending."""
    extended_by: int = 0
    key: str = ""
    first_due: date | None = None
    """The due date before any extension, as the clock's start gave it."""
    running: bool = False
    """Owed now: started, not done, not stopped."""


def deadlines(
    calendar: WorkingCalendar,
    facts: Mapping[str, date | None],
    extensions: Mapping[int, Sequence[Extension]],
    *,
    is_open: bool,
) -> dict[str, Deadline]:
    """Every rule's deadline for a complaint whose events are `facts`, by rule key; a rule whose
    start has not happened (and cannot be projected) has none yet."""
    found: dict[str, Deadline] = {}
    for each in catalogue():
        start = facts.get(each.starts)
        origin = start or _projected(found, each)
        if origin is None:
            continue  # not started, and nothing to project it from
        base = each.due_after(calendar, origin)
        agreed = extensions.get(each.extensions.stage, ()) if each.extensions else ()
        due, due_for_met, total = _extended(calendar, base, agreed)
        done = facts.get(each.met_by)
        stopped = not is_open or any(facts.get(event) for event in each.stopped_by)
        found[each.key] = Deadline(
            each.name,
            due,
            done,
            None if done is None else done <= due_for_met,
            total,
            each.key,
            base,
            running=start is not None and done is None and not stopped,
        )
    return found


def _projected(found: Mapping[str, Deadline], each: Rule) -> date | None:
    """The due date that stands in for a rule's start until it happens."""
    source = found.get(each.projected_from) if each.projected_from else None
    return source.due if source is not None else None


def _extended(
    calendar: WorkingCalendar, base: date, agreed: Sequence[Extension]
) -> tuple[date, date, int]:
    """The due date after the extensions, the date a step must be done by to count as met, and
    the working days added in all."""
    if not agreed:
        return base, base, 0
    total = sum(extension.working_days for extension in agreed)
    due = calendar.add_working_days(base, total)
    due_for_met = base
    for extension in sorted(agreed, key=lambda extension: extension.agreed_on or date.min):
        if extension.agreed_on is not None and extension.agreed_on > due_for_met:
            break
        due_for_met = calendar.add_working_days(due_for_met, extension.working_days)
    return due, due_for_met, total


def next_deadline(found: Mapping[str, Deadline]) -> Deadline | None:
    """The deadline owed soonest, the catalogue's order breaking a tie."""
    running = [deadline for deadline in found.values() if deadline.running]
    return min(running, key=lambda deadline: deadline.due, default=None)


# How often a resident hears while a response is late, when no interval was agreed (5.9).
UPDATE_INTERVAL = 5


def next_update(calendar: WorkingCalendar, intervals: Sequence[int], since: date) -> date:
    """When the resident is next owed an update while a response is late (5.9): the interval
    last agreed (else the usual one) after `since`, the last time they heard."""
    return calendar.add_working_days(since, intervals[-1] if intervals else UPDATE_INTERVAL)
