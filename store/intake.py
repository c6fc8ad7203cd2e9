"""Logging a new complaint, and putting right what was mistyped at intake."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from store.case import Case, check_reference, next_reference, note, saved
from store.formats import clean_text, long_date
from store.models import Complaint, ComplaintCreate, Resident, Stage
from store.rules import Problem, RuleBroken, check_dates, contact_problems
from store.text_fields import text_problems


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
    resident_text = {
        name: clean_text(getattr(data.resident, name))
        for name in ("name", "address", "phone", "email")
    }
    complaint_text = {
        name: clean_text(getattr(data, name))
        for name in ("property_address", "category", "description", "service_request")
    }
    reference = (data.reference or "").strip() or None
    problems = _intake_problems(session, data, resident_text, complaint_text, reference, today)
    if problems:
        raise RuleBroken(problems)
    resident = Resident.model_validate(
        {**resident_text, "preferred_contact": data.resident.preferred_contact}
    )
    session.add(resident)
    session.flush()
    assert resident.id is not None
    complaint = Complaint(
        reference=reference or next_reference(session, data.received_on.year),
        resident_id=resident.id,
        # The property is the resident's home unless another is named.
        property_address=complaint_text["property_address"] or resident.address,
        category=complaint_text["category"],
        description=complaint_text["description"],
        service_request=complaint_text["service_request"],
        channel=data.channel,
        received_on=data.received_on,
        issue_arose_on=data.issue_arose_on,
        tenure=data.tenure,
        related_to_id=data.related_to_id,
        version=0,  # logging it is its first change
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
    return saved(session, complaint.id)


def _intake_problems(
    session: Session,
    data: ComplaintCreate,
    resident_text: dict[str, str],
    complaint_text: dict[str, str],
    reference: str | None,
    today: date,
) -> list[Problem]:
    """Everything wrong with a new complaint as typed, all at once."""
    problems = text_problems("resident", resident_text) + text_problems("complaint", complaint_text)
    if not resident_text["name"]:
        problems.append(Problem("resident_name", "Give the resident's name."))
    if not complaint_text["description"]:
        problems.append(Problem("description", "Record the complaint as the resident made it."))
    problems += check_dates(
        {"received": data.received_on, "issue_arose": data.issue_arose_on}, today
    )
    problems += contact_problems(
        data.resident.preferred_contact, data.resident.phone, data.resident.email
    )
    if reference is not None:
        problems += check_reference(session, reference)
    if data.related_to_id is not None and session.get(Complaint, data.related_to_id) is None:
        problems.append(Problem("related_to_id", "The complaint it relates to does not exist."))
    return problems
