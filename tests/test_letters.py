"""Letters read back as the resident would read them: everything the Code requires is there."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from sqlmodel import Session

from letters.catalogue import LETTERS, LetterKind, available_letters
from letters.context import LetterRefused
from letters.render import libreoffice, make_letter, to_pdf
from letters.templates import BUNDLED, TemplateProblem, check_folder, export_templates
from store.case import Case, find_case
from store.clock import WorkingCalendar
from store.kinds import Decision, RefusalGround
from store.settings import Settings
from store.steps import Answer, Definition, acknowledge, extend, refuse, respond
from tests.factories import TODAY, escalated, logged
from tui.cli import main

SETTINGS = Settings(
    landlord_name="Fellside Homes",
    landlord_address="12 Market Place\nKendal\nLA9 4TN",
    landlord_phone="01539 000 000",
    landlord_email="complaints@fellside.example",
    officer_name="Priya Shah",
)
OMBUDSMAN = (
    "Housing Ombudsman Service",
    "PO Box 1484, Unit D, Preston, PR2 0ET",
    "0300 111 3000",
    "www.housing-ombudsman.org.uk",
)


def read_back(path: Path) -> tuple[str, list[str]]:
    """The letter's text, paragraph by paragraph, and its bulleted items."""
    document = Document(str(path))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    bullets = [p.text for p in document.paragraphs if p.style and p.style.name == "List Bullet"]
    return "\n".join(paragraphs), bullets


def full_case(
    session: Session,
    calendar: WorkingCalendar,
    name: str = "Ann Example",
    understanding: str = "The tap leaks.\nTwo appointments were missed.",
) -> Case:
    """A complaint taken through every step to its final response."""
    case = logged(session, received=date(2026, 9, 1), name=name)
    assert case.id is not None
    number = case.id
    definition = Definition(
        understanding=understanding,
        outcomes_sought="The leak fixed and an apology.",
        responsible_for="Repairs to the kitchen.",
        not_responsible_for="The resident's own washing machine.",
        clarification_asked="Which days suit an appointment?",
    )
    acknowledge(
        session,
        number,
        on=date(2026, 9, 3),
        definition=definition,
        handler="Sam Smith",
        today=TODAY,
    )
    extend(
        session,
        number,
        agreed_on=date(2026, 9, 10),
        working_days=5,
        reason="We are waiting for the plumber's report.",
        update_interval_days=5,
        today=TODAY,
        calendar=calendar,
    )
    case = respond(
        session,
        number,
        on=date(2026, 9, 22),
        today=TODAY,
        answer=Answer(
            Decision.PARTLY_UPHELD,
            "The appointments were missed.\nThe leak was reported twice.",
            remedy="An apology\n- £75 for the missed appointments",
            outstanding_actions="Replace the tap by 30 September 2026",
        ),
    )
    case = escalated(session, case, requested=date(2026, 9, 25))
    acknowledge(
        session,
        number,
        on=date(2026, 9, 28),
        definition=definition,
        handler="Jo Brown",
        today=TODAY,
    )
    extend(
        session,
        number,
        agreed_on=date(2026, 10, 20),
        working_days=10,
        reason="The director is reviewing the repair history.",
        today=TODAY,
        calendar=calendar,
    )
    return respond(
        session,
        number,
        on=date(2026, 11, 6),
        today=TODAY,
        answer=Answer(
            Decision.UPHELD,
            "We agree the repair took too long.",
            remedy="£150",
            outstanding_actions="",
        ),
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "Complaint letters"


def make(
    kind: LetterKind,
    case: Case,
    calendar: WorkingCalendar,
    folder: Path,
    settings: Settings = SETTINGS,
) -> tuple[str, list[str]]:
    return read_back(make_letter(kind, case, settings, calendar, TODAY, folder=folder))


def assert_common(text: str, reference: str, recipient: str = "Ann Example") -> None:
    for expected in ("Fellside Homes", recipient, reference, "25 November 2026", *OMBUDSMAN):
        assert expected in text, expected


def test_5_6_and_5_7_acknowledgements(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    case = full_case(session, calendar)
    for kind, stage, due in (
        (LetterKind.S1_ACK, "stage 1", "17 September 2026"),
        (LetterKind.S2_ACK, "stage 2", "26 October 2026"),
    ):
        text, _ = make(kind, case, calendar, folder)
        assert_common(text, case.complaint.reference)
        assert f"Your complaint: {stage} acknowledgement" in text
        # 5.6 the definition, each line its own paragraph; 5.7 responsibility; the due date.
        assert "\nThe tap leaks.\nTwo appointments were missed.\n" in text
        for words in (
            "The leak fixed and an apology.",
            "Repairs to the kitchen.",
            "The resident's own washing machine.",
            "Which days suit an appointment?",
            f"We will send you our response by {due}.",
        ):
            assert words in text, words


def test_6_4_extension_letters(session: Session, calendar: WorkingCalendar, folder: Path) -> None:
    case = full_case(session, calendar)
    text, _ = make(LetterKind.S1_EXTENSION, case, calendar, folder)
    assert_common(text, case.complaint.reference)
    assert "We are waiting for the plumber's report." in text
    assert "We will now respond by 24 September 2026." in text  # 17 Sept + 5 working days
    assert "Until then we will update you every 5 working days." in text
    text, _ = make(LetterKind.S2_EXTENSION, case, calendar, folder)
    assert "The director is reviewing the repair history." in text
    assert "We will now respond by 9 November 2026." in text


def test_6_9_stage_one_response_says_everything(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    case = full_case(session, calendar)
    text, bullets = make(LetterKind.S1_RESPONSE, case, calendar, folder)
    assert_common(text, case.complaint.reference)
    assert "at stage 1 of our complaints process" in text  # a. the stage
    assert "The tap leaks." in text and "The leak fixed and an apology." in text  # b.
    assert "Your complaint is partly upheld." in text  # c.
    assert "\nThe appointments were missed.\nThe leak was reported twice.\n" in text  # d.
    assert bullets == [
        "An apology",
        "£75 for the missed appointments",  # e.
        "Replace the tap by 30 September 2026",
    ]  # f.
    assert "ask us to escalate your complaint to stage 2" in text  # g.
    assert "complaints@fellside.example" in text


def test_6_19_final_response_says_everything(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    case = full_case(session, calendar)
    text, bullets = make(LetterKind.S2_RESPONSE, case, calendar, folder)
    assert_common(text, case.complaint.reference)
    assert "This is our final response to your complaint, at stage 2" in text
    assert "Your complaint is upheld." in text
    assert "We agree the repair took too long." in text
    assert bullets == ["£150"]
    assert "There are no outstanding actions." in text
    assert "refer your complaint to the Housing Ombudsman Service" in text
    assert "escalate your complaint to stage 2" not in text


def test_2_4_refusals_give_reasons_and_the_right_to_the_ombudsman(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    case = logged(session)
    assert case.id is not None
    case = refuse(
        session,
        case.id,
        on=date(2026, 11, 4),
        ground=RefusalGround.LEGAL_PROCEEDINGS,
        reasons="A claim about the same repair is before the county court.",
        today=TODAY,
    )
    text, _ = make(LetterKind.NOT_ACCEPTED, case, calendar, folder)
    assert_common(text, case.complaint.reference)
    assert "because legal proceedings have started" in text
    assert "A claim about the same repair is before the county court." in text
    assert "you can ask the Housing Ombudsman to look at it" in text
    other = full_case(session, calendar, name="Bob Example")
    other = find_case(session, other.complaint.reference)
    assert other.id is not None


def test_5_11_escalation_refused_letter(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    from tests.factories import answered

    case = answered(session, logged(session))
    assert case.id is not None
    case = refuse(
        session,
        case.id,
        on=date(2026, 11, 20),
        ground=RefusalGround.ALREADY_CONSIDERED,
        reasons="Answered in full.",
        today=TODAY,
        escalation_requested_on=date(2026, 11, 18),
    )
    assert LetterKind.ESCALATION_REFUSED in available_letters(case)
    text, _ = make(LetterKind.ESCALATION_REFUSED, case, calendar, folder)
    assert_common(text, case.complaint.reference)
    assert "we have decided not to escalate it, because the matter has already been" in text
    assert "Answered in full." in text and "ask the Housing Ombudsman" in text


def test_5_9_keeping_you_informed(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    case = logged(session)
    assert case.id is not None
    case = acknowledge(
        session,
        case.id,
        on=date(2026, 11, 4),
        today=TODAY,
        definition=Definition("The tap leaks.", "A repair."),
    )
    case = extend(
        session,
        case.id,
        agreed_on=date(2026, 11, 16),
        working_days=10,
        reason="Waiting for parts.",
        update_interval_days=3,
        today=TODAY,
        calendar=calendar,
    )
    text, _ = make(LetterKind.UPDATE, case, calendar, folder)
    assert_common(text, case.complaint.reference)
    assert "We are investigating your complaint at stage 1." in text
    assert "You will next hear from us by 30 November 2026." in text  # 25 Nov + 3 working days


def test_text_comes_out_exactly_as_typed(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    tricky = 'Zoë O\'Brien & <Sons> "Ltd" 🏠 {{ 7*7 }} {% if x %}'
    case = full_case(
        session, calendar, name=tricky, understanding="First line\r\nsecond\x0bthird\rfourth"
    )
    text, _ = make(LetterKind.S1_ACK, case, calendar, folder)
    assert f"Dear {tricky}," in text
    assert "\nFirst line\nsecond\nthird\nfourth\n" in text
    assert "49" not in text


def test_missing_required_content_refuses_the_letter(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    case = full_case(session, calendar)
    with pytest.raises(LetterRefused, match="must give the landlord's name"):
        make(LetterKind.S1_ACK, case, calendar, folder, settings=Settings())
    assert not folder.exists() or not any(folder.rglob("*.docx"))


def test_letters_are_named_and_never_overwritten(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    case = full_case(session, calendar)
    first = make_letter(LetterKind.S1_ACK, case, SETTINGS, calendar, TODAY, folder=folder)
    second = make_letter(LetterKind.S1_ACK, case, SETTINGS, calendar, TODAY, folder=folder)
    reference = case.complaint.reference
    assert first == folder / reference / f"{reference} 2026-11-25 stage 1 acknowledgement.docx"
    assert second.name == f"{reference} 2026-11-25 stage 1 acknowledgement (2).docx"
    assert first.stat().st_mode & 0o777 == 0o600


def test_which_letters_a_record_allows(session: Session) -> None:
    case = logged(session)
    assert available_letters(case) == [LetterKind.UPDATE]


def test_bundled_templates_pass_their_own_check() -> None:
    assert check_folder(BUNDLED) == {name: [] for name in check_folder(BUNDLED)}
    assert len(check_folder(BUNDLED)) == 7


def test_broken_custom_templates_are_explained(
    tmp_path: Path, session: Session, calendar: WorkingCalendar
) -> None:
    custom = tmp_path / "templates"
    export_templates(custom)
    with pytest.raises(TemplateProblem, match="already exists"):
        export_templates(custom)
    _rewrite(custom / "extension.docx", "{{ ombudsman_phone }}", "")
    _rewrite(custom / "update.docx", "{{ next_date }}", "{{ next_date }")
    _rewrite(custom / "acknowledgement.docx", "{{ reference }}", "{{ referance }}")
    problems = check_folder(custom)
    assert any("does not give {{ ombudsman_phone }}" in p for p in problems["extension.docx"])
    assert any("unexpected '}'" in p and "next hear from us" in p for p in problems["update.docx"])
    assert any(
        "{{ referance }}, which is not a field" in p for p in problems["acknowledgement.docx"]
    )
    assert problems["stage1-response.docx"] == []
    case = full_case(session, calendar)
    with pytest.raises(TemplateProblem, match="ombudsman_phone"):
        make_letter(
            LetterKind.S1_EXTENSION,
            case,
            SETTINGS,
            calendar,
            TODAY,
            folder=tmp_path / "out",
            templates=custom,
        )
    path = make_letter(
        LetterKind.S1_RESPONSE,
        case,
        SETTINGS,
        calendar,
        TODAY,
        folder=tmp_path / "out",
        templates=custom,
    )
    assert "Your complaint is partly upheld." in read_back(path)[0]


def _rewrite(path: Path, old: str, new: str) -> None:
    """Edit a template's text as a landlord might in Word."""
    document = Document(str(path))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if old in run.text:
                run.text = run.text.replace(old, new)
    document.save(str(path))


def test_the_letter_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = str(tmp_path / "c.sqlite3")
    from store.db import open_store

    store = open_store(Path(database))
    with store.connect() as db:
        from store.settings import save_settings

        save_settings(db, SETTINGS)
    with store.session() as session:
        case = logged(session)
    out = tmp_path / "letters"
    reference = case.complaint.reference
    assert main(["letter", reference, "s1-response", "--out", str(out), "--db", database]) == 1
    assert "cannot have a stage 1 response letter: stage 1 has not been answered" in (
        capsys.readouterr().err
    )
    assert main(["letter", reference, "update", "--out", str(out), "--db", database]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.parent == out / reference and path.is_file()
    with store.session() as session:
        assert (
            find_case(session, reference)
            .events[-1]
            .summary.startswith("Letter: keeping you informed, saved as")
        )


def test_the_templates_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["templates", "export", str(tmp_path / "mine")]) == 0
    assert len(capsys.readouterr().out.split("\n")) == 8
    assert main(["templates", "check", str(tmp_path / "mine")]) == 0
    _rewrite(tmp_path / "mine" / "not-accepted.docx", "{{ refusal_reasons }}", "")
    assert main(["templates", "check", str(tmp_path / "mine")]) == 1
    assert "not-accepted.docx: cannot be used" in capsys.readouterr().out


@pytest.mark.skipif(libreoffice() is None, reason="LibreOffice is not installed")
def test_every_letter_prints_on_one_or_two_pages(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    case = full_case(session, calendar)
    refused = logged(session)
    assert refused.id is not None
    refused = refuse(
        session,
        refused.id,
        on=date(2026, 11, 4),
        ground=RefusalGround.OVER_TWELVE_MONTHS,
        reasons="It happened in 2023.",
        today=TODAY,
    )
    kinds = {kind: case for kind in available_letters(case)}
    kinds[LetterKind.NOT_ACCEPTED] = refused
    for kind, subject in kinds.items():
        pdf = to_pdf(make_letter(kind, subject, SETTINGS, calendar, TODAY, folder=folder))
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
        if shutil.which("pdfinfo") is None:
            assert pdf.stat().st_size > 1000
            continue
        pages = int(info.stdout.split("Pages:")[1].split()[0])
        assert 1 <= pages <= 2, (LETTERS[kind].title, pages)
