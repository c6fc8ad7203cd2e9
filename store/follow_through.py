"""Following a complaint through: its records (actions, representative, remedies and the rest),
each checked and noted in the timeline, and the letters made for it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from store.case import Case, load_case, note, saved
from store.formats import clean_text, long_date
from store.kinds import Channel, Direction
from store.models import Correspondence
from store.records import RECORDS, RecordKind
from store.rules import NOTHING_CHANGED, Problem, RuleBroken
from store.text_fields import text_problems


def save_record(
    session: Session,
    kind: RecordKind,
    complaint_id: int,
    values: dict[str, Any],
    *,
    today: date,
    record_id: int | None = None,
) -> Case:
    """Add a record, or change one, after checking every field; note it in the timeline."""
    case = load_case(session, complaint_id)
    cleaned = {
        item.name: clean_text(values.get(item.name) or "")
        if item.kind in ("text", "long")
        else values.get(item.name)
        for item in kind.fields
    }
    problems = text_problems(kind.key, cleaned) + _problems(kind, case, cleaned, today)
    existing = case.records.get(kind.key, ())
    if record_id is None and kind.one_only and existing:
        problems.append(Problem("form", f"{kind.title} is already recorded: change it instead."))
    if problems:
        raise RuleBroken(problems)
    if record_id is None:
        owner = case.id if kind.owner == "complaint" else case.resident.id
        stamp = {"stage": case.stage} if kind.at_stage else {}
        record = kind.model(**{kind.owner_column: owner}, **stamp, **cleaned)
        verb = "added"
    else:
        record = next((r for r in existing if r.id == record_id), None)
        if record is None:
            raise LookupError(f"There is no such {kind.noun} on {case.complaint.reference}.")
        if all(getattr(record, name) == value for name, value in cleaned.items()):
            raise RuleBroken.single("form", NOTHING_CHANGED)
        for name, value in cleaned.items():
            setattr(record, name, value)
        verb = "changed"
    session.add(record)
    note(
        session,
        case.complaint,
        kind.key,
        f"{kind.noun.capitalize()} {verb}: {kind.describe(record)}",
    )
    return saved(session, case.id)


def _problems(kind: RecordKind, case: Case, values: dict[str, Any], today: date) -> list[Problem]:
    problems = []
    received = case.complaint.received_on
    for item in kind.fields:
        value = values[item.name]
        if item.required and value in (None, ""):
            problems.append(Problem(item.name, f"{item.label} cannot be empty."))
        if item.kind != "date" or value is None:
            continue
        if value > today and not item.future:
            problems.append(
                Problem(
                    item.name,
                    f"{item.label} ({long_date(value)}) is in the future; "
                    f"today is {long_date(today)}.",
                )
            )
        if item.name in kind.since_received and value < received:
            problems.append(
                Problem(
                    item.name,
                    f"{item.label} ({long_date(value)}) cannot be before the complaint was "
                    f"received ({long_date(received)}).",
                )
            )
    earlier: tuple[str, date] | None = None
    for name in kind.in_order:
        day = values[name]
        if not isinstance(day, date):
            continue
        if earlier is not None and day < earlier[1]:
            problems.append(
                Problem(
                    name,
                    f"{kind.label(name)} ({long_date(day)}) cannot be before "
                    f"{kind.label(earlier[0]).lower()} ({long_date(earlier[1])}).",
                )
            )
        earlier = (name, day)
    for name, before in kind.not_before:
        day, earliest = values[name], values[before]
        if day is not None and earliest is not None and day < earliest:
            problems.append(
                Problem(
                    name,
                    f"{kind.label(name)} ({long_date(day)}) cannot be before "
                    f"{kind.label(before).lower()} ({long_date(earliest)}).",
                )
            )
    if kind.check is not None:
        problems += kind.check(values, case.records)
    return problems


def add_outstanding_action(
    session: Session,
    complaint_id: int,
    *,
    what: str,
    who: str = "",
    due_on: date | None = None,
    today: date,
) -> Case:
    """Track something still to be done after the response (6.6, 6.17, 7.3)."""
    return save_record(
        session,
        RECORDS["outstanding_action"],
        complaint_id,
        {"what": what, "who": who, "due_on": due_on},
        today=today,
    )


def complete_outstanding_action(
    session: Session, action_id: int, *, done_on: date, today: date
) -> Case:
    kind = RECORDS["outstanding_action"]
    action = session.get(kind.model, action_id)
    if action is None:
        raise LookupError(f"There is no outstanding action number {action_id}.")
    values = {item.name: getattr(action, item.name) for item in kind.fields}
    return save_record(
        session,
        kind,
        action.complaint_id,
        {**values, "done_on": done_on},
        today=today,
        record_id=action_id,
    )


def set_representative(
    session: Session, complaint_id: int, *, details: dict[str, Any] | None, today: date
) -> Case:
    """Record who acts for the resident (3.6), or that nobody does any more (None)."""
    kind = RECORDS["representative"]
    case = load_case(session, complaint_id)
    current = case.representative
    if details is not None:
        record_id = current.id if current is not None else None
        return save_record(session, kind, complaint_id, details, today=today, record_id=record_id)
    if current is None:
        return case
    session.delete(current)
    note(session, case.complaint, kind.key, f"{current.name} no longer represents the resident.")
    return saved(session, case.id)


def record_letter(session: Session, case: Case, *, title: str, path: str, today: date) -> Case:
    """Keep the letter in the complaint's record, as outgoing correspondence (5.12)."""
    letter = Correspondence(
        complaint_id=case.id,
        dated=today,
        direction=Direction.OUT,
        channel=Channel.LETTER,
        summary=title.capitalize(),
        document=path,
    )
    session.add(letter)
    note(session, case.complaint, "letter", f"Letter: {title}, saved as {path}")
    return saved(session, case.id)
