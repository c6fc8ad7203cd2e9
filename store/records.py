"""The records kept alongside a complaint's steps, each described once.

Outstanding actions, the representative, remedies, correspondence, reasonable adjustments,
contact restrictions and the Ombudsman's case and orders are each a list of dated entries. One
`RecordKind` gives each its fields, its checks, its one line of description (the complaint
screen, the letters, the timeline and the export all read that line) and, where it falls due,
its place on the agenda.

Nothing here loads the database layer: the desk reads records before SQLAlchemy is imported, so
the table models are named, and looked up only when a record is written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import SimpleNamespace
from typing import Any, Literal

from store.formats import long_date, money
from store.kinds import Channel, Direction, LetterFormat, RemedyKind
from store.rules import Problem, email_problem
from store.text import TextKind


@dataclass(frozen=True)
class RecordField:
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
    text: TextKind | None = None
    """How much a text field holds, where not a line ("text") or paragraphs ("long")."""

    @property
    def text_kind(self) -> TextKind:
        return self.text or (TextKind.PROSE if self.kind == "long" else TextKind.LINE)


@dataclass(frozen=True)
class RecordKind:
    key: str
    """The table, and the kind of the timeline's line."""
    noun: str
    """One record, as a sentence names it: "remedy"."""
    title: str
    """The list, as a heading names it: "Remedies"."""
    model_name: str
    owner: Literal["complaint", "resident"]
    fields: tuple[RecordField, ...]
    describe: Callable[[Any], str]
    code: str
    column: str
    """The export's column for these records, one line a record."""
    due: str | None = None
    """The date it falls due on the agenda (a review, a deadline) ..."""
    settled: str | None = None
    """... until this date is recorded (ended, complied with, done)."""
    agenda: Callable[[Any], str] | None = None
    """How the agenda names it when it falls due."""
    in_order: tuple[str, ...] = ()
    """Dates that follow one another: none may come before the one named before it."""
    since_received: tuple[str, ...] = ()
    """Dates that cannot come before the complaint was received."""
    not_before: tuple[tuple[str, str], ...] = ()
    """Pairs of dates, the first of which cannot come before the second (a review before the
    agreement it reviews)."""
    check: Callable[[dict[str, Any], Mapping[str, Any]], list[Problem]] | None = None
    """What else must hold, given the values and the complaint's other records."""
    one_only: bool = False
    at_stage: bool = False
    """Stamped with the stage the complaint was at when the record was made."""

    @property
    def model(self) -> type[Any]:
        from store import models

        model: type[Any] = getattr(models, self.model_name)
        return model

    @property
    def owner_column(self) -> str:
        return f"{self.owner}_id"

    def label(self, name: str) -> str:
        return next(item.label for item in self.fields if item.name == name)


def _on(value: date | None) -> str:
    return long_date(value) if value else ""


def _describe_action(r: Any) -> str:
    """ "Replace the tap (Repairs team), by 30 September 2026", as letters and screens say it."""
    return (
        f"{r.what}"
        + (f" ({r.who})" if r.who else "")
        + (f", by {_on(r.due_on)}" if r.due_on else "")
        + (f"; done {_on(r.done_on)}" if r.done_on else "")
    )


def _describe_remedy(r: Any) -> str:
    return (
        f"{r.kind.value.capitalize()}: {r.offered}"
        + (f" ({money(r.amount_offered)} offered)" if r.amount_offered else "")
        + (f"; accepted {_on(r.accepted_on)}" if r.accepted_on else "")
        + (f"; {money(r.amount_paid)} paid" if r.amount_paid else "")
        + ((" " if r.amount_paid else "; paid ") + _on(r.paid_on) if r.paid_on else "")
    )


def _describe_representative(r: Any) -> str:
    return (
        f"{r.name}"
        + (f" ({r.relationship})" if r.relationship else "")
        + (
            f"; authority confirmed {_on(r.authority_confirmed_on)}"
            if r.authority_confirmed_on
            else ""
        )
    )


def _describe_ombudsman_case(r: Any) -> str:
    return (
        f"Referred {_on(r.referred_on)}"
        + (f", case {r.case_number}" if r.case_number else "")
        + (f"; determined {_on(r.determined_on)}" if r.determined_on else "")
        + (f": {r.determination}" if r.determination else "")
    )


def _check_remedy(values: dict[str, Any], _records: Mapping[str, Any]) -> list[Problem]:
    """What was paid agrees with what was offered, and a payment has both its amount and date."""
    problems = []
    offered, paid, paid_on = values["amount_offered"], values["amount_paid"], values["paid_on"]
    if paid is not None and offered is not None and paid > offered:
        problems.append(
            Problem(
                "amount_paid",
                f"{money(paid)} paid is more than the {money(offered)} offered: correct the "
                "amount offered first, if more was agreed.",
            )
        )
    if paid and paid_on is None:
        problems.append(Problem("paid_on", "Give the date the amount was paid."))
    if paid_on is not None and not paid and offered:
        problems.append(Problem("amount_paid", "Give the amount paid on that date."))
    return problems


def _check_order(values: dict[str, Any], records: Mapping[str, Any]) -> list[Problem]:
    """An order of the Ombudsman comes after the complaint was referred to them."""
    referral = next(iter(records.get("ombudsman_case", ())), None)
    if referral is None:
        return [Problem("form", "Record the referral to the Ombudsman before their orders.")]
    referred = referral.referred_on
    return [
        Problem(
            name,
            f"{label} ({long_date(values[name])}) cannot be before the complaint was referred "
            f"to the Ombudsman ({long_date(referred)}).",
        )
        for name, label in (("due_on", "Due by"), ("complied_on", "Complied with on"))
        if values[name] is not None and values[name] < referred
    ]


def _review(r: Any) -> str:
    return (f"; review {_on(r.review_on)}" if r.review_on else "") + (
        f"; ended {_on(r.ended_on)}" if r.ended_on else ""
    )


_RECORDS = (
    RecordKind(
        "outstanding_action",
        "outstanding action",
        "Outstanding actions",
        "OutstandingAction",
        "complaint",
        (
            RecordField("what", "What will happen", "long", required=True),
            RecordField("who", "Who does it", text=TextKind.NAME),
            RecordField("due_on", "By when", "date", future=True),
            RecordField("done_on", "Done on", "date"),
        ),
        _describe_action,
        "6.6, 6.17, 7.3",
        "outstanding_actions",
        due="due_on",
        settled="done_on",
        agenda=lambda r: f"Action: {r.what}" + (f" ({r.who})" if r.who else ""),
        since_received=("due_on", "done_on"),
        at_stage=True,
    ),
    RecordKind(
        "representative",
        "representative",
        "Representative",
        "Representative",
        "complaint",
        (
            RecordField("name", "Name", required=True, text=TextKind.NAME),
            RecordField("relationship", "Relationship to the resident"),
            RecordField("address", "Address", "long", text=TextKind.LINES),
            RecordField("phone", "Telephone"),
            RecordField("email", "Email"),
            RecordField("authority_confirmed_on", "Authority to act confirmed on", "date"),
        ),
        _describe_representative,
        "3.6",
        "representative",
        one_only=True,
        check=lambda values, _records: [
            problem for problem in [email_problem("email", values["email"])] if problem
        ],
    ),
    RecordKind(
        "correspondence",
        "correspondence",
        "Correspondence",
        "Correspondence",
        "complaint",
        (
            RecordField("dated", "Date", "date", required=True),
            RecordField("direction", "In or out", "choice", True, Direction),
            RecordField("channel", "By", "choice", True, Channel),
            RecordField("summary", "Summary", "long", True),
            RecordField(
                "document", "Document", hint="Optional: the path of a file to keep a copy of."
            ),
        ),
        lambda r: (
            f"{r.channel.value.capitalize()} {r.direction.value}, {_on(r.dated)}: {r.summary}"
        ),
        "5.12",
        "correspondence",
    ),
    RecordKind(
        "remedy",
        "remedy",
        "Remedies",
        "Remedy",
        "complaint",
        (
            RecordField("kind", "Kind of remedy", "choice", True, RemedyKind),
            RecordField("offered", "What is offered", "long", True),
            RecordField("offered_on", "Offered on", "date", True),
            RecordField(
                "amount_offered", "Amount offered", "money", hint_setting="compensation_bands"
            ),
            RecordField("accepted_on", "Accepted on", "date"),
            RecordField("amount_paid", "Amount paid", "money"),
            RecordField("paid_on", "Paid on", "date"),
        ),
        _describe_remedy,
        "7.1 to 7.4",
        "remedies",
        in_order=("offered_on", "accepted_on", "paid_on"),
        check=_check_remedy,
    ),
    RecordKind(
        "adjustment",
        "reasonable adjustment",
        "Reasonable adjustments",
        "Adjustment",
        "resident",
        (
            RecordField("need", "Adjustment or disability disclosed", "long", True),
            RecordField("letter_format", "Letters in", "choice", True, LetterFormat),
            RecordField("agreed_on", "Agreed on", "date", True),
            RecordField("review_on", "Review on", "date", future=True),
            RecordField("ended_on", "Ended on", "date"),
        ),
        lambda r: (
            f"{r.need} (letters: {r.letter_format.value}; agreed {_on(r.agreed_on)}{_review(r)})"
        ),
        "5.10",
        "adjustments",
        due="review_on",
        settled="ended_on",
        agenda=lambda r: f"Review adjustment: {r.need}",
        in_order=("agreed_on", "ended_on"),
        not_before=(("review_on", "agreed_on"),),
    ),
    RecordKind(
        "restriction",
        "contact restriction",
        "Contact restrictions",
        "Restriction",
        "resident",
        (
            RecordField("restriction", "What is restricted", "long", True),
            RecordField("reason", "Reason", "long", True),
            RecordField("started_on", "From", "date", True),
            RecordField("review_on", "Review on", "date", future=True),
            RecordField("ended_on", "Ended on", "date"),
        ),
        lambda r: f"{r.restriction} (from {_on(r.started_on)}{_review(r)}): {r.reason}",
        "5.14, 5.15",
        "restrictions",
        due="review_on",
        settled="ended_on",
        agenda=lambda r: f"Review restriction: {r.restriction}",
        in_order=("started_on", "ended_on"),
        not_before=(("review_on", "started_on"),),
    ),
    RecordKind(
        "ombudsman_case",
        "Ombudsman's case",
        "Housing Ombudsman",
        "OmbudsmanCase",
        "complaint",
        (
            RecordField("referred_on", "Referred on", "date", True),
            RecordField("case_number", "Ombudsman's case number"),
            RecordField("determined_on", "Determined on", "date"),
            RecordField("determination", "Determination and findings", "long"),
        ),
        _describe_ombudsman_case,
        "section 2",
        "ombudsman",
        one_only=True,
        in_order=("referred_on", "determined_on"),
    ),
    RecordKind(
        "ombudsman_order",
        "Ombudsman's order",
        "Ombudsman's orders",
        "OmbudsmanOrder",
        "complaint",
        (
            RecordField("requirement", "The order", "long", True),
            RecordField("due_on", "Due by", "date", future=True),
            RecordField("complied_on", "Complied with on", "date"),
        ),
        lambda r: (
            r.requirement
            + (f" (due {_on(r.due_on)})" if r.due_on else "")
            + (f"; complied with {_on(r.complied_on)}" if r.complied_on else "")
        ),
        "section 2",
        "ombudsman_orders",
        due="due_on",
        settled="complied_on",
        agenda=lambda r: f"Ombudsman order: {r.requirement}",
        check=_check_order,
    ),
)
RECORDS: dict[str, RecordKind] = {kind.key: kind for kind in _RECORDS}
FOLLOW_THROUGH_COLUMNS = tuple(kind.column for kind in _RECORDS)


def read_records(
    db: sqlite3.Connection, kind: RecordKind, where: str = ""
) -> Iterator[SimpleNamespace]:
    """The records of one kind straight from SQLite, typed as the models type them.

    Each record carries `id` and its owner's id; `where` narrows them with SQL over the table's
    own columns. A record voided as entered by mistake is never among them.
    """
    extra = ("stage",) if kind.at_stage else ()
    names = ("id", kind.owner_column, *extra, *(item.name for item in kind.fields))
    readers = [_reader(item) for item in kind.fields]
    fixed = 2 + len(extra)
    sql = f"SELECT {', '.join(names)} FROM {kind.key} WHERE voided_on IS NULL" + (
        f" AND {where}" if where else ""
    )
    for row in db.execute(sql + " ORDER BY id"):
        values = dict(zip(names[:fixed], row[:fixed], strict=True))
        for item, read, value in zip(kind.fields, readers, row[fixed:], strict=True):
            values[item.name] = read(value)
        yield SimpleNamespace(**values)


def _reader(item: RecordField) -> Callable[[Any], Any]:
    if item.kind == "date":
        return lambda value: None if value is None else date.fromisoformat(value)
    if item.kind == "choice":
        choices = item.choices
        assert choices is not None
        return lambda value: None if value is None else choices[value]
    return lambda value: value
