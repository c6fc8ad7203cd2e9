"""When two complaints are the same complaint: the same resident, received on the same day,
about the same thing, as a person reads them (case, and spaces around or between words, make no
difference). A tracker imported twice, or a row typed twice, is caught by this.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlmodel import Session, col, select

from store.models import Complaint, Resident

Sameness = tuple[str, date, str]


def sameness(name: str, received: date, description: str) -> Sameness:
    """What two complaints share when they are the same one."""
    return _as_read(name), received, _as_read(description)


def _as_read(text: str) -> str:
    return " ".join(text.split()).casefold()


def kept_complaints(session: Session, days: Iterable[date]) -> dict[Sameness, str]:
    """The complaints in the file received on any of `days`, by what makes them the same, with
    their references; one voided as logged by mistake is not among them."""
    listed = sorted(set(days))
    found: dict[Sameness, str] = {}
    for start in range(0, len(listed), 500):
        rows = session.exec(
            select(
                col(Complaint.reference),
                col(Resident.name),
                col(Complaint.received_on),
                col(Complaint.description),
            )
            .join(Resident, col(Resident.id) == Complaint.resident_id)
            .where(col(Complaint.voided_on).is_(None))
            .where(col(Complaint.received_on).in_(listed[start : start + 500]))
        )
        for reference, name, received, description in rows:
            found.setdefault(sameness(name, received, description), reference)
    return found
