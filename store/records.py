"""The records kept alongside a complaint's steps, all handled the same way.

Correspondence, reasonable adjustments, contact restrictions and the Ombudsman's case and
orders are each a list of dated entries: one description here gives each its fields, its checks,
its line in the timeline and, where it falls due, its place on the agenda.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from sqlmodel import Session, SQLModel, col, select

from store.formats import clean_text, long_date, money
from store.kinds import Channel, Direction, LetterFormat, RemedyKind
from store.models import (
    Adjustment,
    Complaint,
    Correspondence,
    Event,
    OmbudsmanCase,
    OmbudsmanOrder,
    Remedy,
    Restriction,
)
from store.rules import Problem, RuleBroken


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: Literal["text", "long", "date", "choice", "money"] = "text"
    required: bool = False
    choices: type[StrEnum] | None = None
    future: bool = False
    """A date that may lie ahead (a review, a deadline); other dates must be past."""
    hint: str = ""
    hint_setting: str | None = None
    """A setting whose lines are shown as the hint (the compensation bands, say)."""


@dataclass(frozen=True)
class RecordSpec:
    key: str
    title: str
    model: type[SQLModel]
    owner: Literal["complaint", "resident"]
    fields: tuple[FieldSpec, ...]
    describe: Callable[[Any], str]
    code: str
    due: str | None = None
    """The date it falls due on the agenda (a review, a deadline) ..."""
    settled: str | None = None
    """... until this date is recorded (ended, complied with)."""
    agenda: tuple[str, str] = ("", "")
    """How the agenda names it: a label and the field that says what it is."""
    in_order: tuple[str, ...] = ()
    """Dates that follow one another: none may come before the one named before it."""
    one_only: bool = False


def _date(value: date | None) -> str:
    return long_date(value) if value else ""


SPECS: dict[str, RecordSpec] = {
    spec.key: spec
    for spec in (
        RecordSpec(
            "correspondence",
            "Correspondence",
            Correspondence,
            "complaint",
            (
                FieldSpec("dated", "Date", "date", required=True),
                FieldSpec("direction", "In or out", "choice", True, Direction),
                FieldSpec("channel", "By", "choice", True, Channel),
                FieldSpec("summary", "Summary", "long", True),
                FieldSpec(
                    "document", "Document", hint="Optional: the path of a file to keep a copy of."
                ),
            ),
            lambda r: (
                f"{r.channel.value.capitalize()} {r.direction.value}, {_date(r.dated)}: {r.summary}"
            ),
            "5.12",
        ),
        RecordSpec(
            "remedy",
            "Remedies",
            Remedy,
            "complaint",
            (
                FieldSpec("kind", "Kind of remedy", "choice", True, RemedyKind),
                FieldSpec("offered", "What is offered", "long", True),
                FieldSpec("offered_on", "Offered on", "date", True),
                FieldSpec(
                    "amount_offered", "Amount offered", "money", hint_setting="compensation_bands"
                ),
                FieldSpec("accepted_on", "Accepted on", "date"),
                FieldSpec("amount_paid", "Amount paid", "money"),
                FieldSpec("paid_on", "Paid on", "date"),
            ),
            lambda r: (
                f"{r.kind.value.capitalize()}: {r.offered}"
                + (f" ({money(r.amount_offered)} offered)" if r.amount_offered else "")
                + (f"; accepted {_date(r.accepted_on)}" if r.accepted_on else "")
                + (f"; {money(r.amount_paid or 0)} paid {_date(r.paid_on)}" if r.paid_on else "")
            ),
            "7.1 to 7.4",
            in_order=("offered_on", "accepted_on", "paid_on"),
        ),
        RecordSpec(
            "adjustment",
            "Reasonable adjustments",
            Adjustment,
            "resident",
            (
                FieldSpec("need", "Adjustment or disability disclosed", "long", True),
                FieldSpec("letter_format", "Letters in", "choice", True, LetterFormat),
                FieldSpec("agreed_on", "Agreed on", "date", True),
                FieldSpec("review_on", "Review on", "date", future=True),
                FieldSpec("ended_on", "Ended on", "date"),
            ),
            lambda r: (
                f"{r.need} (letters: {r.letter_format.value}"
                + (f"; review {_date(r.review_on)}" if r.review_on else "")
                + ")"
            ),
            "5.10",
            due="review_on",
            settled="ended_on",
            agenda=("Review adjustment", "need"),
            in_order=("agreed_on", "ended_on"),
        ),
        RecordSpec(
            "restriction",
            "Contact restrictions",
            Restriction,
            "resident",
            (
                FieldSpec("restriction", "What is restricted", "long", True),
                FieldSpec("reason", "Reason", "long", True),
                FieldSpec("started_on", "From", "date", True),
                FieldSpec("review_on", "Review on", "date", future=True),
                FieldSpec("ended_on", "Ended on", "date"),
            ),
            lambda r: (
                f"{r.restriction} (from {_date(r.started_on)}"
                + (f"; review {_date(r.review_on)}" if r.review_on else "")
                + ")"
            ),
            "5.14, 5.15",
            due="review_on",
            settled="ended_on",
            agenda=("Review restriction", "restriction"),
            in_order=("started_on", "ended_on"),
        ),
        RecordSpec(
            "ombudsman_case",
            "Housing Ombudsman",
            OmbudsmanCase,
            "complaint",
            (
                FieldSpec("referred_on", "Referred on", "date", True),
                FieldSpec("case_number", "Ombudsman's case number"),
                FieldSpec("determined_on", "Determined on", "date"),
                FieldSpec("determination", "Determination and findings", "long"),
            ),
            lambda r: (
                f"Referred {_date(r.referred_on)}"
                + (f", case {r.case_number}" if r.case_number else "")
                + (f"; determined {_date(r.determined_on)}" if r.determined_on else "")
            ),
            "section 2",
            one_only=True,
            in_order=("referred_on", "determined_on"),
        ),
        RecordSpec(
            "ombudsman_order",
            "Ombudsman's orders",
            OmbudsmanOrder,
            "complaint",
            (
                FieldSpec("requirement", "The order", "long", True),
                FieldSpec("due_on", "Due by", "date", future=True),
                FieldSpec("complied_on", "Complied with on", "date"),
            ),
            lambda r: (
                f"{r.requirement}"
                + (f" (due {_date(r.due_on)})" if r.due_on else "")
                + (f", complied with {_date(r.complied_on)}" if r.complied_on else "")
            ),
            "section 2",
            due="due_on",
            settled="complied_on",
            agenda=("Ombudsman order", "requirement"),
        ),
    )
}


def records_for(session: Session, complaint: Complaint) -> dict[str, tuple[Any, ...]]:
    """Every kind of record for one complaint, its resident's included."""
    found = {}
    for spec in SPECS.values():
        model: Any = spec.model
        owner = complaint.id if spec.owner == "complaint" else complaint.resident_id
        column = model.complaint_id if spec.owner == "complaint" else model.resident_id
        found[spec.key] = tuple(
            session.exec(select(model).where(column == owner).order_by(col(model.id))).all()
        )
    return found


def save_record(
    session: Session,
    spec: RecordSpec,
    complaint_id: int,
    values: dict[str, Any],
    *,
    today: date,
    record_id: int | None = None,
) -> None:
    """Add a record, or change one, after checking every field; note it in the timeline."""
    complaint = session.get(Complaint, complaint_id)
    if complaint is None:
        raise LookupError(f"There is no complaint number {complaint_id}.")
    cleaned: dict[str, Any] = {}
    problems = []
    for item in spec.fields:
        value = values.get(item.name)
        if item.kind in ("text", "long"):
            value = clean_text(value or "")
        if item.required and value in (None, ""):
            problems.append(Problem(item.name, f"{item.label} cannot be empty."))
        if item.kind == "date" and value is not None and value > today and not item.future:
            problems.append(
                Problem(
                    item.name,
                    f"{item.label} ({long_date(value)}) is in the "
                    f"future; today is {long_date(today)}.",
                )
            )
        cleaned[item.name] = value
    model: Any = spec.model
    owner = (
        {"complaint_id": complaint_id}
        if spec.owner == "complaint"
        else {"resident_id": complaint.resident_id}
    )
    labels = {item.name: item.label for item in spec.fields}
    earlier: tuple[str, date] | None = None
    for name in spec.in_order:
        day = cleaned[name]
        if not isinstance(day, date):
            continue
        if earlier is not None and day < earlier[1]:
            problems.append(
                Problem(
                    name,
                    f"{labels[name]} ({long_date(day)}) cannot be before "
                    f"{labels[earlier[0]].lower()} ({long_date(earlier[1])}).",
                )
            )
        earlier = (name, day)
    if (
        record_id is None
        and spec.one_only
        and session.exec(select(model).where(model.complaint_id == complaint_id)).first()
        is not None
    ):
        problems.append(Problem("form", f"{spec.title} is already recorded: change it instead."))
    if problems:
        raise RuleBroken(problems)
    if record_id is None:
        record = model(**owner, **cleaned)
        verb = "added"
    else:
        record = session.get(model, record_id)
        if record is None:
            raise LookupError(f"There is no such {spec.title.lower()} record.")
        for name, value in cleaned.items():
            setattr(record, name, value)
        verb = "changed"
    session.add(record)
    session.add(
        Event(
            complaint_id=complaint_id,
            kind=spec.key,
            summary=f"{spec.title} {verb}: {spec.describe(record)}",
        )
    )
    session.commit()


@dataclass(frozen=True, slots=True)
class DueRecord:
    """A record falling due (a review, an Ombudsman order), with its complaint."""

    kind: str
    complaint_id: int
    reference: str
    resident_name: str
    text: str
    due_on: date


def load_due_records(db: sqlite3.Connection) -> list[DueRecord]:
    """Reviews and orders still to do; a resident's record shows with their latest complaint."""
    found = []
    for spec in SPECS.values():
        if spec.due is None or spec.settled is None:
            continue
        label, text = spec.agenda
        complaint = (
            "c.id = t.complaint_id"
            if spec.owner == "complaint"
            else "c.id = (SELECT max(id) FROM complaint WHERE resident_id = t.resident_id)"
        )
        rows = db.execute(
            f"SELECT c.id, c.reference, r.name, t.{text}, t.{spec.due} "
            f"FROM {spec.model.__tablename__} AS t JOIN complaint AS c ON {complaint} "
            f"JOIN resident AS r ON r.id = c.resident_id "
            f"WHERE t.{spec.due} IS NOT NULL AND t.{spec.settled} IS NULL"
        ).fetchall()
        found += [
            DueRecord(
                spec.key, complaint_id, reference, name, f"{label}: {what}", date.fromisoformat(due)
            )
            for complaint_id, reference, name, what, due in rows
        ]
    return found
