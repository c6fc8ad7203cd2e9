"""What the desk lists: each complaint's next deadline and countdown, most urgent first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from store.clock import WorkingCalendar, complaint_clock, countdown, describe_countdown
from store.formats import long_date
from store.kinds import Status
from store.listing import CaseRow, DueRecord


class Urgency(StrEnum):
    CHECK = "needs checking"
    """The record as stored cannot be worked out: shown first, so it is put right."""
    OVERDUE = "overdue"
    DUE_SOON = "due soon"
    ON_TRACK = "on track"
    NONE = "none"


class View(StrEnum):
    """The desk's filters."""

    OPEN = "Open"
    OVERDUE = "Overdue"
    THIS_WEEK = "Due this week"
    STAGE1 = "Open at stage 1"
    STAGE2 = "Open at stage 2"
    ENDED = "Closed and ended"
    ALL = "All"

    @property
    def statuses(self) -> tuple[Status, ...] | None:
        if self is View.ALL:
            return None
        if self is View.ENDED:
            return tuple(status for status in Status if status != Status.OPEN)
        return (Status.OPEN,)


@dataclass(frozen=True, slots=True)
class DeskEntry:
    id: int
    reference: str
    resident: str
    address: str
    stage: int
    status: Status
    step: str
    """The next step due ("Stage 1 response"), or how the complaint stands if nothing is due."""
    due: date | None
    left: int | None
    urgency: Urgency
    flags: tuple[str, ...]
    update_due: date | None = None
    """When the resident is next owed an update while the response is late (5.9)."""

    @property
    def countdown(self) -> str:
        return "" if self.left is None else describe_countdown(self.left)


def desk_entries(
    rows: Iterable[CaseRow], calendar: WorkingCalendar, today: date, due_soon: int
) -> list[DeskEntry]:
    """Entries most urgent first: records to check, then the nearest deadline, nothing due at
    the bottom."""
    entries = [_entry_or_check(row, calendar, today, due_soon) for row in rows]
    entries.sort(
        key=lambda e: (
            e.urgency is not Urgency.CHECK,
            e.due is None,
            e.due or date.max,
            e.reference,
        )
    )
    return entries


def _entry_or_check(
    row: CaseRow, calendar: WorkingCalendar, today: date, due_soon: int
) -> DeskEntry:
    problem = row.problem
    if not problem:
        try:
            return _entry(row, calendar, today, due_soon)
        except (ValueError, OverflowError) as error:  # a date the clock cannot work with
            problem = str(error)
    return DeskEntry(
        id=row.id,
        reference=row.reference,
        resident=row.resident_name,
        address="",
        stage=row.stage,
        status=row.status,
        step=f"Needs checking: {problem}",
        due=None,
        left=None,
        urgency=Urgency.CHECK,
        flags=("needs checking",),
    )


def _entry(row: CaseRow, calendar: WorkingCalendar, today: date, due_soon: int) -> DeskEntry:
    step = complaint_clock(calendar, row.dates()).next_deadline
    left = None if step is None else countdown(calendar, step.due, today)
    if left is None:
        urgency = Urgency.NONE
    elif left < 0:
        urgency = Urgency.OVERDUE
    elif left <= due_soon:
        urgency = Urgency.DUE_SOON
    else:
        urgency = Urgency.ON_TRACK
    flags = []
    if any(extension.stage == row.stage for extension in row.extensions):
        flags.append("extended")
    if row.adjustments:
        flags.append("adjustments")
    if row.restricted:
        flags.append("contact restricted")
    update_due = _update_due(row, calendar) if step is not None else None
    if update_due is not None and update_due <= today:
        flags.append("update due")
    return DeskEntry(
        id=row.id,
        reference=row.reference,
        resident=row.resident_name,
        address=row.address.split("\n", 1)[0],
        stage=row.stage,
        status=row.status,
        step=step.name if step else _standing(row),
        due=step.due if step else None,
        left=left,
        urgency=urgency,
        flags=tuple(flags),
        update_due=update_due,
    )


def _update_due(row: CaseRow, calendar: WorkingCalendar) -> date | None:
    """The next update agreed with the resident (5.9): the interval after the extension that
    set it, or after the last letter, call or email sent since."""
    agreed = [e for e in row.extensions if e.stage == row.stage and e.update_interval_days]
    if not agreed:
        return None
    latest = agreed[-1]
    assert latest.update_interval_days is not None
    last = max(day for day in (latest.agreed_on, row.last_sent, row.received) if day)
    return calendar.add_working_days(last, latest.update_interval_days)


def _standing(row: CaseRow) -> str:
    """How a complaint with nothing due stands."""
    if row.status == Status.OPEN:
        return "Answered: close, or escalate"
    ended = row.closed_on or row.withdrawn_on or row.refused_on
    return f"{row.status.value.capitalize()}" + (f" on {long_date(ended)}" if ended else "")


def in_view(entry: DeskEntry, view: View, today: date) -> bool:
    if view is View.OVERDUE:
        return entry.urgency is Urgency.OVERDUE
    if view is View.THIS_WEEK:
        return entry.due is not None and today <= entry.due <= end_of_week(today)
    if view is View.STAGE1:
        return entry.stage == 1
    if view is View.STAGE2:
        return entry.stage == 2
    return True


def end_of_week(today: date) -> date:
    return today + timedelta(days=6 - today.weekday())


@dataclass(frozen=True, slots=True)
class Summary:
    open: int
    overdue: int
    due_this_week: int

    def __str__(self) -> str:
        return f"{self.open} open · {self.overdue} overdue · {self.due_this_week} due this week"


def summarise(entries: Iterable[DeskEntry], today: date) -> Summary:
    """Counts over the open complaints."""
    opened = [entry for entry in entries if entry.status == Status.OPEN]
    return Summary(
        open=len(opened),
        overdue=sum(entry.urgency is Urgency.OVERDUE for entry in opened),
        due_this_week=sum(in_view(entry, View.THIS_WEEK, today) for entry in opened),
    )


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """Anything that falls due: a deadline of the Code or a promised action."""

    complaint_id: int
    reference: str
    resident: str
    what: str
    due: date
    left: int

    @property
    def countdown(self) -> str:
        return describe_countdown(self.left)


def agenda(
    entries: Iterable[DeskEntry],
    records: Iterable[DueRecord],
    calendar: WorkingCalendar,
    today: date,
) -> list[AgendaItem]:
    """Everything due by the end of this week, overdue first: the Code's deadlines, updates
    owed to residents, and the records that fall due (promised actions, reviews of adjustments
    and restrictions, the Ombudsman's orders)."""
    until = end_of_week(today)
    entries = list(entries)
    items = [
        AgendaItem(e.id, e.reference, e.resident, e.step, e.due, e.left or 0)
        for e in entries
        if e.due is not None and e.due <= until
    ]
    items += [
        AgendaItem(
            e.id,
            e.reference,
            e.resident,
            "Update to the resident (5.9)",
            e.update_due,
            countdown(calendar, e.update_due, today),
        )
        for e in entries
        if e.update_due is not None and e.update_due <= until
    ]
    items += [
        AgendaItem(
            r.complaint_id,
            r.reference,
            r.resident_name,
            r.text,
            r.due_on,
            countdown(calendar, r.due_on, today),
        )
        for r in records
        if r.due_on <= until
    ]
    items.sort(key=lambda item: (item.due, item.reference))
    return items
