"""Putting right what was mistyped: a date, or a detail typed at intake. The timeline keeps
what each was, so the record shows the correction as well as the result."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

from sqlmodel import Session

from store.case import Case, load_case, note, saved
from store.formats import clean_text, long_date
from store.rules import DATE_NAMES, NOTHING_CHANGED, Problem, RuleBroken, contact_problems
from store.steps import Step, commit_step, open_step
from store.text_fields import text_problems

# Where each correctable date is kept: on the complaint, or on a stage's record.
_DATE_HOMES: dict[str, tuple[int | None, str]] = {
    "issue_arose": (None, "issue_arose_on"),
    "received": (None, "received_on"),
    "stage1_acknowledged": (1, "acknowledged_on"),
    "stage1_responded": (1, "responded_on"),
    "stage2_requested": (2, "requested_on"),
    "stage2_acknowledged": (2, "acknowledged_on"),
    "stage2_responded": (2, "responded_on"),
    "refused_on": (None, "refused_on"),
    "withdrawn_on": (None, "withdrawn_on"),
    "closed_on": (None, "closed_on"),
}
CORRECTABLE = tuple(name for name in DATE_NAMES if name in _DATE_HOMES)


def correct_date(
    session: Session, complaint_id: int, *, field: str, value: date, today: date
) -> Case:
    """Put right a mistyped date; the timeline keeps what it was."""
    if field not in _DATE_HOMES:
        raise RuleBroken.single("field", f"{field} is not a date that can be corrected.")
    case = open_step(session, complaint_id, Step.CORRECT_DATE)
    before = case.date_fields()[field]
    if before is None and field != "issue_arose":
        raise RuleBroken.single(
            "field",
            f"{DATE_NAMES[field].capitalize()} has not been recorded, so there is "
            "nothing to correct: take that step instead.",
        )
    if before == value:
        raise RuleBroken.single("form", NOTHING_CHANGED)
    number, attribute = _DATE_HOMES[field]
    setattr(case.complaint if number is None else case.stages[number], attribute, value)
    was = long_date(before) if before else "not recorded"
    return commit_step(
        session,
        case,
        today,
        "corrected",
        f"Corrected {DATE_NAMES[field]}: was {was}, now {long_date(value)}.",
    )


# The details typed at intake that can be put right later, with how the timeline names them.
DETAILS = {
    "name": ("resident", "the resident's name"),
    "address": ("resident", "the resident's address"),
    "phone": ("resident", "the resident's telephone"),
    "email": ("resident", "the resident's email"),
    "preferred_contact": ("resident", "the preferred way of contact"),
    "property_address": ("complaint", "the property"),
    "channel": ("complaint", "how the complaint came in"),
    "category": ("complaint", "the category"),
    "description": ("complaint", "the complaint as made"),
    "service_request": ("complaint", "the service request"),
    "tenure": ("complaint", "the complainant's tenure"),
}


def correct_details(session: Session, complaint_id: int, *, changes: dict[str, Any]) -> Case:
    """Put right what was mistyped at intake; the timeline keeps what each detail was."""
    case = load_case(session, complaint_id)
    unknown = set(changes) - set(DETAILS)
    if unknown:
        raise RuleBroken.single(sorted(unknown)[0], "That detail cannot be corrected here.")
    # Typed text is made plain; a choice (a StrEnum, also a str) stays the choice it is.
    changes = {
        name: clean_text(value) if isinstance(value, str) and not isinstance(value, Enum) else value
        for name, value in changes.items()
    }
    problems = [
        problem
        for name, value in changes.items()
        for problem in text_problems(DETAILS[name][0], {name: value})
    ]
    for name in ("name", "description"):
        if name in changes and not changes[name]:
            problems.append(Problem(name, f"{DETAILS[name][1].capitalize()} cannot be empty."))
    resident, complaint = case.resident, case.complaint
    contact = {
        name: changes.get(name, getattr(resident, name))
        for name in ("preferred_contact", "phone", "email")
    }
    problems += contact_problems(contact["preferred_contact"], contact["phone"], contact["email"])
    if problems:
        raise RuleBroken(problems)
    said = []
    for name, value in changes.items():
        owner = resident if DETAILS[name][0] == "resident" else complaint
        before = getattr(owner, name)
        if value == before:
            continue
        setattr(owner, name, value)
        was, now = (_shown(before), _shown(value))
        said.append(f"Corrected {DETAILS[name][1]}: was {was}, now {now}.")
    if not said:
        raise RuleBroken.single("form", NOTHING_CHANGED)
    session.add(resident)
    for line in said:
        note(session, complaint, "corrected", line)
    return saved(session, case.id)


def _shown(value: Any) -> str:
    text = getattr(value, "value", value)
    return f"\u201c{text}\u201d" if text else "nothing"
