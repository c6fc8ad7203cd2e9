"""Letters as they print: converted to PDF by LibreOffice, page by page, as a resident and an
Ombudsman caseworker read them."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session

from letters.catalogue import LetterKind, available_letters
from letters.output import libreoffice, to_pdf
from letters.render import make_letter
from store.case import Case, load_case
from store.clock import WorkingCalendar
from store.follow_through import save_record
from store.kinds import LetterFormat, RefusalGround
from store.records import RECORDS
from store.steps import refuse
from tests.factories import TODAY, answered, logged
from tests.test_letters import SETTINGS, full_case

pytestmark = pytest.mark.skipif(
    libreoffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler's pdftotext make and read the PDFs",
)
MM = 72 / 25.4  # points in a millimetre


def pages_of(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def printed(kind: LetterKind, case: Case, calendar: WorkingCalendar, folder: Path) -> Path:
    return to_pdf(make_letter(kind, case, SETTINGS, calendar, TODAY, folder=folder))


@pytest.fixture
def complaint(session: Session, calendar: WorkingCalendar) -> Case:
    return full_case(session, calendar)


@pytest.mark.parametrize(
    "kind",
    [
        LetterKind.S1_ACK,
        LetterKind.S2_ACK,
        LetterKind.S1_EXTENSION,
        LetterKind.S2_EXTENSION,
        LetterKind.S1_RESPONSE,
        LetterKind.S2_RESPONSE,
    ],
)
def test_a_letter_fits_two_pages_and_ends_with_more_than_its_signature(
    kind: LetterKind, complaint: Case, calendar: WorkingCalendar, tmp_path: Path
) -> None:
    pages = pages_of(printed(kind, complaint, calendar, tmp_path))
    assert 1 <= len(pages) <= 2
    last = pages[-1]
    assert "Yours sincerely" in last
    # The closing keeps company: the Ombudsman's details or the last section come with it.
    assert "Housing Ombudsman" in last
    if len(pages) == 2:
        assert re.search(r"Our reference C-2026-0001 · Page 2", pages[1]), pages[1][:200]
    # The Ombudsman's details once, and a telephone number never broken over two lines.
    whole = "".join(pages)
    assert whole.count("0300 111 3000") == 1, kind
    assert "01539 000 000" in whole


def test_refusal_letters_give_the_ombudsman_once(
    session: Session, calendar: WorkingCalendar, tmp_path: Path
) -> None:
    not_accepted = refuse(
        session,
        logged(session, name="Nora Refused").id,
        on=date(2026, 11, 4),
        ground=RefusalGround.OVER_TWELVE_MONTHS,
        reasons="It happened in 2023.",
        today=TODAY,
    )
    refused = refuse(
        session,
        answered(session, logged(session, name="Rex Refused")).id,
        on=date(2026, 11, 20),
        ground=RefusalGround.ALREADY_CONSIDERED,
        reasons="Answered in full.",
        today=TODAY,
        escalation_requested_on=date(2026, 11, 18),
    )
    for kind, case in (
        (LetterKind.NOT_ACCEPTED, not_accepted),
        (LetterKind.ESCALATION_REFUSED, refused),
    ):
        assert kind in available_letters(case)
        whole = "".join(pages_of(printed(kind, case, calendar, tmp_path)))
        assert whole.count("0300 111 3000") == 1, kind


def address_from_top(pdf: Path, first_word: str) -> tuple[float, float]:
    """Where the recipient's address starts and ends on the first page, in millimetres."""
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', boxes)
    start = next(float(top) for top, _, word in words if word == first_word)
    end = next(float(bottom) for _, bottom, word in words if word == "1AA")
    return start / MM, end / MM


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large print"])
def test_the_address_sits_in_a_dl_window_in_both_sizes(
    session: Session, calendar: WorkingCalendar, tmp_path: Path, large: bool
) -> None:
    case = answered(session, logged(session, name="Windowed Resident"))
    if large:
        case = save_record(
            session,
            RECORDS["adjustment"],
            case.id,
            {"need": "Sight loss", "letter_format": LetterFormat.LARGE_PRINT, "agreed_on": TODAY},
            today=TODAY,
        )
    top, bottom = address_from_top(
        printed(LetterKind.S1_RESPONSE, case, calendar, tmp_path), "Windowed"
    )
    assert top >= 45 and bottom <= 90, (top, bottom)


def test_a_very_long_complaint_still_gives_the_decision_on_the_first_page(
    session: Session, calendar: WorkingCalendar, tmp_path: Path
) -> None:
    # Near the most a complaint may hold (20,000 characters).
    long = " ".join(["The tap has leaked since the spring and nobody came."] * 377)
    case = answered(session, logged(session, description=long))
    pages = pages_of(printed(LetterKind.S1_RESPONSE, case, calendar, tmp_path))
    assert "Our decision" in pages[0] and len(pages) <= 2
    assert load_case(session, case.id).complaint.description.startswith("The tap")
