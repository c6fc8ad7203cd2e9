"""One complaint with everything recorded against it: loading it, its reference, its timeline.

`Case` holds the complaint's own records for the screens and letters; `Case.row()` gives the
same flat `CaseRow` the desk, the export and the reports read, so the complaint's dates and
deadlines are worked out in one place whichever way it was loaded.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import inspect
from sqlmodel import Session, col, select

from store.clock import (
    LONDON,
    CaseDates,
    ComplaintClock,
    StageClock,
    WorkingCalendar,
    complaint_clock,
)
from store.kinds import Direction, Status
from store.listing import CaseRow, dates_of, load_rows
from store.models import Complaint, Event, Resident, Stage, StageExtension
from store.records import RECORDS
from store.rules import Problem, RuleBroken, reference_problems

REFERENCE = re.compile(r"^C-(\d{4})-(\d+)$")


@dataclass(frozen=True)
class Case:
    """A complaint with everything recorded against it, detached from the database."""

    complaint: Complaint
    resident: Resident
    stages: dict[int, Stage]
    extensions: tuple[StageExtension, ...] = ()
    events: tuple[Event, ...] = ()
    records: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    """Every kind of follow-through record (store.records), the resident's included."""
    related_reference: str | None = None
    """The reference of the complaint this one was raised from (6.8) ..."""
    raised_from_here: tuple[str, ...] = ()
    """... and of those raised from this one."""
    row: CaseRow | None = None
    """The complaint as the one query of many complaints reads it (store.listing), so the desk
    and this complaint's own screen say the same of it; a sample complaint has none."""

    @property
    def id(self) -> int:
        assert self.complaint.id is not None
        return self.complaint.id

    @property
    def stage(self) -> int:
        """The stage it is at: a refused escalation leaves it at stage 1."""
        escalated = 2 in self.stages and self.complaint.status != Status.ESCALATION_REFUSED
        return 2 if escalated else 1

    @property
    def current(self) -> Stage:
        return self.stages[self.stage]

    @property
    def actions(self) -> tuple[Any, ...]:
        return self.records.get("outstanding_action", ())

    @property
    def representative(self) -> Any | None:
        found = self.records.get("representative", ())
        return found[0] if found else None

    @property
    def latest_letter(self) -> Path | None:
        """The last letter made for the complaint, as its record keeps it."""
        made = [
            letter
            for letter in self.records.get("correspondence", ())
            if letter.direction == Direction.OUT and letter.document
        ]
        if not made:
            return None
        return Path(max(made, key=lambda letter: (letter.dated, letter.id or 0)).document)

    def extensions_at(self, stage: int) -> tuple[StageExtension, ...]:
        return tuple(extension for extension in self.extensions if extension.stage == stage)

    def dates(self) -> CaseDates:
        return dates_of(self.date_fields(), self.complaint.status, self.extensions)

    def date_fields(self) -> dict[str, date | None]:
        """Every recorded date as the complaint now holds it, a change not yet saved included,
        by the names the date rules use (store.rules)."""
        complaint, one, two = self.complaint, self.stages.get(1), self.stages.get(2)
        return {
            "issue_arose": complaint.issue_arose_on,
            "received": complaint.received_on,
            "stage1_acknowledged": one.acknowledged_on if one else None,
            "stage1_responded": one.responded_on if one else None,
            "stage2_requested": two.requested_on if two else None,
            "stage2_acknowledged": two.acknowledged_on if two else None,
            "stage2_responded": two.responded_on if two else None,
            "refused_on": complaint.refused_on,
            "withdrawn_on": complaint.withdrawn_on,
            "closed_on": complaint.closed_on,
        }

    def clock(self, calendar: WorkingCalendar) -> ComplaintClock:
        return complaint_clock(calendar, self.dates())

    def response_due_if_acknowledged(self, calendar: WorkingCalendar, on: date) -> date:
        """The response date the current stage would have if acknowledged `on`."""
        dates = self.dates()
        if self.stage == 2:
            dates = replace(dates, stage2_acknowledged=on)
        else:
            dates = replace(dates, stage1_acknowledged=on)
        clock = complaint_clock(calendar, dates)
        return (clock.stage2 if self.stage == 2 and clock.stage2 else clock.stage1).response.due

    def stage_clock(self, calendar: WorkingCalendar, number: int | None = None) -> StageClock:
        """The deadlines of one stage (the current one by default)."""
        clock = self.clock(calendar)
        return clock.stage2 if (number or self.stage) == 2 and clock.stage2 else clock.stage1


def load_case(session: Session, complaint_id: int) -> Case:
    complaint = session.get(Complaint, complaint_id)
    if complaint is None:
        raise LookupError(f"There is no complaint number {complaint_id}.")
    resident = session.get(Resident, complaint.resident_id)
    assert resident is not None
    stages = {
        stage.number: stage
        for stage in session.exec(select(Stage).where(Stage.complaint_id == complaint_id))
    }
    extensions = session.exec(
        select(StageExtension)
        .where(StageExtension.complaint_id == complaint_id)
        .order_by(col(StageExtension.id))
    ).all()
    events = session.exec(
        select(Event).where(Event.complaint_id == complaint_id).order_by(col(Event.id))
    ).all()
    related = None
    if complaint.related_to_id is not None:
        related = session.exec(
            select(Complaint.reference).where(Complaint.id == complaint.related_to_id)
        ).first()
    raised = session.exec(
        select(Complaint.reference)
        .where(Complaint.related_to_id == complaint_id)
        .order_by(col(Complaint.id))
    ).all()
    (row,) = load_rows(_driver(session), ids=[complaint_id], voided=True)
    return Case(
        complaint,
        resident,
        stages,
        tuple(extensions),
        tuple(events),
        records_for(session, complaint),
        related,
        tuple(raised),
        row,
    )


def saved(session: Session, complaint_id: int) -> Case:
    """Commit the unit of work, and the complaint as the file now holds it."""
    session.commit()
    return load_case(session, complaint_id)


def _driver(session: Session) -> sqlite3.Connection:
    """The session's own connection, for the query that reads complaints as rows."""
    driver = session.connection().connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver


def records_for(session: Session, complaint: Complaint) -> dict[str, tuple[Any, ...]]:
    """Every kind of record for one complaint, its resident's included."""
    found = {}
    for kind in RECORDS.values():
        model = kind.model
        owner = complaint.id if kind.owner == "complaint" else complaint.resident_id
        column = getattr(model, kind.owner_column)
        found[kind.key] = tuple(
            session.exec(
                select(model)
                .where(column == owner, col(model.voided_on).is_(None))
                .order_by(col(model.id))
            ).all()
        )
    return found


def find_case(session: Session, reference: str) -> Case:
    return load_case(session, complaint_id_of(session, reference))


def complaint_id_of(session: Session, reference: str) -> int:
    complaint_id = session.exec(
        select(Complaint.id).where(Complaint.reference == reference.strip())
    ).first()
    if complaint_id is None:
        raise LookupError(f"There is no complaint with the reference {reference.strip()}.")
    return complaint_id


def note(session: Session, complaint: Complaint, kind: str, summary: str) -> Event:
    """Add a line to the complaint's timeline, in the unit of work that changed it, saying who
    did it; and raise the complaint's version, refusing the change if the complaint is no longer
    at the version the officer opened (`Store.session(opened=...)`)."""
    assert complaint.id is not None
    opened = session.info.get("opened", {}).get(complaint.id)
    if opened is not None and opened != complaint.version:
        raise ChangedElsewhere.since(session, complaint)
    if inspect(complaint).persistent:
        complaint.version += 1
    session.add(complaint)
    event = Event(
        complaint_id=complaint.id, kind=kind, summary=summary, actor=session.info.get("actor", "")
    )
    session.add(event)
    return event


class ChangedElsewhere(RuleBroken):
    """The complaint changed since the officer opened it: nothing was saved."""

    @classmethod
    def since(cls, session: Session, complaint: Complaint) -> ChangedElsewhere:
        latest = session.exec(
            select(Event).where(Event.complaint_id == complaint.id).order_by(col(Event.id).desc())
        ).first()
        what = ""
        if latest is not None:
            who = latest.actor or "someone"
            when = latest.at.astimezone(LONDON).strftime("%H:%M on %d %b %Y")
            summary = latest.summary.rstrip(".")
            what = f": {who}, at {when}: {summary[:1].lower()}{summary[1:]}"
        return cls(
            [
                Problem(
                    "",
                    f"{complaint.reference} changed since you opened it{what}. Nothing was "
                    "saved, and what you typed is kept: close the form to see the change, then "
                    "do it again.",
                )
            ]
        )


def check_reference(session: Session, reference: str) -> list[Problem]:
    """A reference of the right shape (store.rules) that no other complaint has."""
    problems = reference_problems(reference)
    if problems:
        return problems
    taken = session.exec(select(Complaint.id).where(Complaint.reference == reference)).first()
    if taken is not None:
        return [Problem("reference", f"The reference {reference} is already in use.")]
    return []


def next_reference(session: Session, year: int) -> str:
    """A new reference for the year. The file's counter is raised and read in one statement of
    the writing transaction, so two writers can never take the same number; the references
    already on file (an import's own, say) are never taken again either."""
    return format_reference(year, take_reference_numbers(session, year, 1))


def take_reference_numbers(session: Session, year: int, count: int) -> int:
    """Raise the year's counter by `count` past any reference on file; the last number taken
    (with `count` 0, the last taken so far)."""
    from sqlalchemy import text

    floor = last_reference_number(session, year)
    taken = session.execute(
        text(
            "INSERT INTO reference_counter (year, last) VALUES (:year, :floor + :count) "
            "ON CONFLICT (year) DO UPDATE SET last = max(last, :floor) + :count RETURNING last"
        ),
        {"year": year, "floor": floor, "count": count},
    ).scalar_one()
    return int(taken)


def last_reference_number(session: Session, year: int) -> int:
    """The highest number among the year's references in the C-2026-0042 style."""
    references = session.exec(
        select(Complaint.reference).where(col(Complaint.reference).like(f"C-{year}-%"))
    )
    numbers = [int(match.group(2)) for ref in references if (match := REFERENCE.match(ref))]
    return max(numbers, default=0)


def format_reference(year: int, number: int) -> str:
    return f"C-{year}-{number:04d}"
