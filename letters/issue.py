"""Issuing a letter: make it, then keep it in the complaint's record. One way, for the desk and
the command line alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session

from letters.catalogue import LETTERS, LetterKind, available_letters, why_not
from letters.context import LetterRefused
from letters.document import format_note
from letters.render import prepare_letter
from store.case import Case, load_case
from store.clock import WorkingCalendar
from store.follow_through import record_letter
from store.settings import Settings


@dataclass(frozen=True)
class Issued:
    path: Path
    case: Case
    """The complaint with the letter in its record."""
    note: str | None
    """What the officer must still arrange (a format the letter cannot be made in here)."""


def issue_letter(
    session: Session,
    kind: LetterKind,
    complaint_id: int,
    settings: Settings,
    calendar: WorkingCalendar,
    today: date,
    *,
    folder: Path | None = None,
) -> Issued:
    """Make the letter from the complaint as it stands in the file, save it, and record it:
    a use case of the case file (store.casefile).

    Raises LetterRefused when the record cannot support the letter, TemplateProblem when the
    landlord's template is broken, LetterFailed when it cannot be saved.
    """
    case = load_case(session, complaint_id)
    if kind not in available_letters(case):
        raise LetterRefused(why_not(case, kind))
    letter = prepare_letter(kind, case, settings, calendar, today, folder=folder)
    # Saved and recorded as one: a letter the record cannot take is removed again.
    with letter.saving() as path:
        case = record_letter(session, case, title=LETTERS[kind].title, path=str(path), today=today)
    return Issued(path, case, format_note(case))
