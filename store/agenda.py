"""What needs the officer: each complaint's next deadline, the updates owed while a response is
late (5.9), and the records that fall due (actions, reviews, the Ombudsman's orders), counted
once, for the desk, its summary and the week's agenda alike.

A complaint that is closed but has something overdue (an action not done, an order not
complied with) stays on the desk, flagged, until it is done.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from store.clock import WorkingCalendar, complaint_clock, countdown, describe_countdown
from store.deadlines import next_update
from store.formats import long_date
from store.kinds import Status
from store.listing import CaseRow, DueRecord, load_due_records, load_rows

# How the desk flags a complaint with a record of this kind overdue.
OVERDUE_FLAGS = {
    "outstanding_action": "action overdue",
    "adjustment": "review overdue",
    "restriction": "review overdue",
    "ombudsman_order": "order overdue",
}


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
    """What falls due next ("Stage 1 response", "Action: …"), or how the complaint stands."""
    due: date | None
    left: int | None
    urgency: Urgency
    flags: tuple[str, ...]
    update_due: date | None = None
    """When the resident is next owed an update while the response is late (5.9)."""
    deadline: tuple[str, date, int] | None = None
    """The Code's next deadline, its date and countdown, whether or not a record falls due
    before it and is what the desk shows."""
    ended: date | None = None
    """When it was closed, withdrawn or refused."""

    @property
    def countdown(self) -> str:
        return "" if self.left is None else describe_countdown(self.left)


def desk_entries(
    rows: Iterable[CaseRow],
    calendar: WorkingCalendar,
    today: date,
    due_soon: int,
    records: Iterable[DueRecord] = (),
) -> list[DeskEntry]:
    """Entries most urgent first: records to check, then the nearest date, then the rest,
    the most recently ended first."""
    falling_due: dict[int, list[DueRecord]] = defaultdict(list)
    for record in records:
        falling_due[record.complaint_id].append(record)
    entries = [
        _entry_or_check(row, calendar, today, due_soon, falling_due.get(row.id, [])) for row in rows
    ]
    entries.sort(
        key=lambda e: (
            e.urgency is not Urgency.CHECK,
            e.due is None,
            e.due or date.max,
            -(e.ended or date.min).toordinal(),
            e.reference,
        )
    )
    return entries


def _entry_or_check(
    row: CaseRow,
    calendar: WorkingCalendar,
    today: date,
    due_soon: int,
    records: list[DueRecord],
) -> DeskEntry:
    problem = row.problem
    if not problem:
        try:
            return _entry(row, calendar, today, due_soon, records)
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


def _entry(
    row: CaseRow,
    calendar: WorkingCalendar,
    today: date,
    due_soon: int,
    records: list[DueRecord],
) -> DeskEntry:
    step = complaint_clock(calendar, row.dates()).next_deadline
    name, due = (step.name, step.due) if step else (_standing(row), None)
    soonest = min(records, key=lambda record: record.due_on, default=None)
    if soonest is not None and (due is None or soonest.due_on < due):
        name, due = soonest.text, soonest.due_on
    left = None if due is None else countdown(calendar, due, today)
    flags = _flags(row, records, today)
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
        step=name,
        due=due,
        left=left,
        urgency=_urgency(left, due_soon),
        flags=tuple(flags),
        update_due=update_due,
        deadline=(step.name, step.due, countdown(calendar, step.due, today)) if step else None,
        ended=row.closed_on or row.withdrawn_on or row.refused_on,
    )


def _urgency(left: int | None, due_soon: int) -> Urgency:
    if left is None:
        return Urgency.NONE
    if left < 0:
        return Urgency.OVERDUE
    return Urgency.DUE_SOON if left <= due_soon else Urgency.ON_TRACK


def _flags(row: CaseRow, records: list[DueRecord], today: date) -> list[str]:
    flags = []
    if row.status != Status.OPEN:
        flags.append(row.status.value)
    if any(extension.stage == row.stage for extension in row.extensions):
        flags.append("extended")
    if row.adjustments:
        flags.append("adjustments")
    if row.restricted:
        flags.append("contact restricted")
    for record in records:
        flag = OVERDUE_FLAGS.get(record.kind)
        if flag and record.due_on < today and flag not in flags:
            flags.append(flag)
    return flags


def _update_due(row: CaseRow, calendar: WorkingCalendar) -> date | None:
    """The next update agreed with the resident (5.9): the interval after the extension that
    set it, or after the last letter, call or email sent since."""
    agreed = [e for e in row.extensions if e.stage == row.stage and e.update_interval_days]
    if not agreed:
        return None
    latest = agreed[-1]
    assert latest.update_interval_days is not None
    last = max(day for day in (latest.agreed_on, row.last_sent, row.received) if day)
    return next_update(calendar, [latest.update_interval_days], last)


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
class AgendaItem:
    """Anything that falls due: a deadline of the Code, an update owed, a record."""

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
    until: date | None = None,
) -> list[AgendaItem]:
    """Everything due by `until` (the end of this week), overdue first: the Code's deadlines,
    updates owed to residents, and the records that fall due (promised actions, reviews of
    adjustments and restrictions, the Ombudsman's orders)."""
    until = until or end_of_week(today)
    entries = list(entries)
    items = [
        AgendaItem(e.id, e.reference, e.resident, *e.deadline)
        for e in entries
        if e.deadline is not None and e.deadline[1] <= until
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


@dataclass(frozen=True, slots=True)
class Summary:
    open: int
    overdue: int
    due_this_week: int

    def __str__(self) -> str:
        return f"{self.open} open · {self.overdue} overdue · {self.due_this_week} due this week"


def summarise(items: Iterable[AgendaItem], open_complaints: int) -> Summary:
    """The desk's one count of what needs the officer, from the same items as the agenda."""
    items = list(items)
    return Summary(
        open=open_complaints,
        overdue=sum(item.left < 0 for item in items),
        due_this_week=sum(item.left >= 0 for item in items),
    )


@dataclass(frozen=True)
class Workload:
    """Everything that needs the officer today: the desk's list, the week's agenda and the one
    count of them all."""

    entries: list[DeskEntry]
    """Every open complaint, and any other with something overdue."""
    items: list[AgendaItem]
    """Everything due by the end of the week, overdue first."""
    summary: Summary


def workload(
    db: sqlite3.Connection, calendar: WorkingCalendar, today: date, due_soon: int
) -> Workload:
    records = load_due_records(db, by=end_of_week(today))
    rows = load_rows(db, statuses=(Status.OPEN,))
    opened = {row.id for row in rows}
    overdue_elsewhere = {r.complaint_id for r in records if r.due_on < today} - opened
    if overdue_elsewhere:
        rows += load_rows(db, ids=overdue_elsewhere)
    entries = desk_entries(rows, calendar, today, due_soon, records)
    items = agenda(entries, records, calendar, today)
    return Workload(entries, items, summarise(items, len(opened)))


def listed_entries(
    db: sqlite3.Connection,
    rows: Iterable[CaseRow],
    calendar: WorkingCalendar,
    today: date,
    due_soon: int,
) -> list[DeskEntry]:
    """Entries for the complaints a search or a filter lists, each with its records falling due."""
    rows = list(rows)
    records = load_due_records(db, complaints=[row.id for row in rows])
    return desk_entries(rows, calendar, today, due_soon, records)


def page(
    db: sqlite3.Connection,
    view: View,
    search: str,
    calendar: WorkingCalendar,
    today: date,
    due_soon: int,
    *,
    most: int,
) -> tuple[list[DeskEntry], bool] | None:
    """The entries a search or a list of ended complaints shows (the newest `most`), and
    whether there are more; None for the lists the workload itself gives."""
    if search.strip():
        # A search looks through every complaint, whatever the filter.
        rows = load_rows(db, search=search, limit=most + 1)
    elif view in (View.ENDED, View.ALL):
        rows = load_rows(db, statuses=view.statuses, limit=most + 1)
    else:
        return None
    return listed_entries(db, rows[:most], calendar, today, due_soon), len(rows) > most
