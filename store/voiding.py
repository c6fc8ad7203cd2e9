"""Taking back what was entered by mistake: a record, or a whole complaint logged in error.

Nothing is deleted. A voided record leaves every list, letter, count and export, and the
timeline keeps what it was, when it was voided, by whom and why (5.12).
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from store.case import Case, load_case, note, saved
from store.formats import clean_text, long_date
from store.records import RecordKind
from store.rules import RuleBroken
from store.text_fields import text_problems


def void_record(
    session: Session,
    kind: RecordKind,
    complaint_id: int,
    record_id: int,
    *,
    reason: str,
    by: str,
    today: date,
) -> Case:
    """Void one record of a complaint, with the reason it was a mistake."""
    case = load_case(session, complaint_id)
    record = next((r for r in case.records.get(kind.key, ()) if r.id == record_id), None)
    if record is None:
        raise LookupError(f"There is no such {kind.noun} on {case.complaint.reference}.")
    reason = _reason(reason)
    record.voided_on, record.void_reason = today, reason
    session.add(record)
    note(
        session,
        case.complaint,
        "voided",
        f"{kind.noun.capitalize()} voided{_by(by)} on {long_date(today)}: "
        f"{kind.describe(record)}. Why: {reason}",
    )
    return saved(session, case.id)


def void_complaint(
    session: Session, complaint_id: int, *, reason: str, by: str, today: date
) -> Case:
    """Void a complaint logged by mistake (a duplicate, the wrong resident): it leaves the desk,
    the letters, the figures and the export, and its timeline says why."""
    case = load_case(session, complaint_id)
    reason = _reason(reason)
    complaint = case.complaint
    if complaint.voided_on is not None:
        raise RuleBroken.single("form", f"{complaint.reference} is already voided.")
    complaint.voided_on, complaint.void_reason = today, reason
    note(
        session,
        complaint,
        "voided",
        f"Complaint voided as logged by mistake{_by(by)} on {long_date(today)}. Why: {reason}",
    )
    return saved(session, case.id)


def _reason(reason: str) -> str:
    reason = clean_text(reason)
    if not reason:
        raise RuleBroken.single("reason", "Say why it was a mistake: the timeline keeps it.")
    problems = text_problems("complaint", {"void_reason": reason})
    if problems:
        raise RuleBroken(problems)
    return reason


def _by(by: str) -> str:
    return f" by {clean_text(by)}" if clean_text(by) else ""
