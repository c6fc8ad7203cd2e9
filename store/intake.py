"""Logging a new complaint, and putting right what was mistyped at intake."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sqlmodel import Session

from store.case import Case, check_reference, load_case, next_reference, note
from store.formats import clean_text, long_date
from store.models import Complaint, ComplaintCreate, Resident, Stage
from store.rules import Problem, RuleBroken, check_dates


def intake_warnings(received_on: date, arose: date | None) -> list[str]:
    """What the officer should weigh before accepting, without being stopped (2.3)."""
    if arose is not None and _months_between(arose, received_on) >= 12:
        return [
            f"The issue arose on {long_date(arose)}, more than 12 months before the complaint was "
            "received. The Code lets you accept it where there are good reasons (2.3)."
        ]
    return []


def _months_between(earlier: date, later: date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def log_complaint(session: Session, data: ComplaintCreate, *, today: date) -> Case:
    """Record a new complaint at stage 1."""
    problems: list[Problem] = []
    name = clean_text(data.resident.name)
    description = clean_text(data.description)
    if not name:
        problems.append(Problem("resident_name", "Give the resident's name."))
    if not description:
        problems.append(Problem("description", "Record the complaint as the resident made it."))
    problems += check_dates(
        {"received": data.received_on, "issue_arose": data.issue_arose_on}, today
    )
    reference = (data.reference or "").strip() or None
    if reference is not None:
        problems += check_reference(session, reference)
    if data.related_to_id is not None and session.get(Complaint, data.related_to_id) is None:
        problems.append(Problem("related_to_id", "The complaint it relates to does not exist."))
    if problems:
        raise RuleBroken(problems)
    resident = Resident(
        name=name,
        address=clean_text(data.resident.address),
        phone=clean_text(data.resident.phone),
        email=clean_text(data.resident.email),
        preferred_contact=data.resident.preferred_contact,
    )
    session.add(resident)
    session.flush()
    assert resident.id is not None
    complaint = Complaint(
        reference=reference or next_reference(session, data.received_on.year),
        resident_id=resident.id,
        property_address=clean_text(data.property_address) or resident.address,
        channel=data.channel,
        category=clean_text(data.category),
        description=description,
        received_on=data.received_on,
        issue_arose_on=data.issue_arose_on,
        service_request=clean_text(data.service_request),
        related_to_id=data.related_to_id,
    )
    session.add(complaint)
    session.flush()
    assert complaint.id is not None
    session.add(Stage(complaint_id=complaint.id, number=1))
    note(
        session,
        complaint,
        "logged",
        f"Complaint received on {long_date(data.received_on)} by {data.channel.value}.",
    )
    session.commit()
    return load_case(session, complaint.id)


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
}


def correct_details(session: Session, complaint_id: int, *, changes: dict[str, Any]) -> Case:
    """Put right what was mistyped at intake; the timeline keeps what each detail was."""
    case = load_case(session, complaint_id)
    unknown = set(changes) - set(DETAILS)
    if unknown:
        raise RuleBroken.single(sorted(unknown)[0], "That detail cannot be corrected here.")
    problems = []
    for name in ("name", "description"):
        if name in changes and not clean_text(str(changes[name])):
            problems.append(Problem(name, f"{DETAILS[name][1].capitalize()} cannot be empty."))
    if problems:
        raise RuleBroken(problems)
    resident, complaint = case.resident, case.complaint
    said = []
    for name, value in changes.items():
        owner = resident if DETAILS[name][0] == "resident" else complaint
        value = clean_text(value) if isinstance(value, str) else value
        before = getattr(owner, name)
        if value == before:
            continue
        setattr(owner, name, value)
        was, now = (_shown(before), _shown(value))
        said.append(f"Corrected {DETAILS[name][1]}: was {was}, now {now}.")
    if not said:
        return case
    session.add(resident)
    events = tuple(note(session, complaint, "corrected", line) for line in said)
    session.commit()
    return replace(case, events=(*case.events, *events))


def _shown(value: Any) -> str:
    text = getattr(value, "value", value)
    return f"\u201c{text}\u201d" if text else "nothing"
