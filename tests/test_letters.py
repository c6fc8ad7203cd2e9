"""Letters read back as the resident would read them: everything the Code requires is there, and
nothing the record does not say."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from sqlmodel import Session

from letters.catalogue import LetterKind, available_letters, why_not
from letters.context import LetterRefused
from letters.render import make_letter
from letters.verify import visible_text
from store.case import Case, find_case, load_case
from store.clock import WorkingCalendar
from store.defining import Definition, acknowledge
from store.follow_through import save_record
from store.kinds import Decision, RefusalGround, RemedyKind
from store.records import RECORDS
from store.responding import ActionPromise, Answer, RemedyOffer, respond
from store.settings import Settings
from store.steps import escalate, extend, refuse
from tests.factories import TODAY, answered, escalated, logged

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
    """The letter's text as it prints, paragraph by paragraph, and its bulleted items."""
    document = Document(str(path))
    paragraphs = [p.text.replace("\u00a0", " ") for p in document.paragraphs]
    bullets = [p.text for p in document.paragraphs if p.style and p.style.name == "List Bullet"]
    return "\n".join(paragraphs), bullets


def full_case(
    session: Session,
    calendar: WorkingCalendar,
    name: str = "Ann Example",
    understanding: str = "The tap leaks.\nTwo appointments were missed.",
) -> Case:
    """A complaint taken through every step to its final response."""
    number = logged(session, received=date(2026, 9, 1), name=name).id
    definition = Definition(
        understanding=understanding,
        outcomes_sought="The leak fixed and an apology.",
        responsible_for="Repairs to the kitchen.",
        not_responsible_for="Your own washing machine.",
        clarification_asked="Which days suit an appointment?",
    )
    acknowledge(
        session,
        number,
        on=date(2026, 9, 3),
        definition=definition,
        handler="Sam Smith",
        role="Repairs Complaints Lead",
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
    respond(
        session,
        number,
        on=date(2026, 9, 22),
        today=TODAY,
        answer=Answer(
            Decision.PARTLY_UPHELD,
            "The appointments were missed.\nThe leak was reported twice.",
            upheld_parts="The two missed appointments.",
            remedies=(
                RemedyOffer(RemedyKind.APOLOGY, "An apology for the missed appointments"),
                RemedyOffer(RemedyKind.FINANCIAL, "£75 for the missed appointments", 7500),
            ),
            actions=(ActionPromise("Replace the tap", "Repairs team", date(2026, 9, 30)),),
        ),
    )
    escalate(
        session,
        number,
        requested_on=date(2026, 9, 25),
        handler="Jo Brown",
        role="Head of Housing",
        today=TODAY,
    )
    acknowledge(session, number, on=date(2026, 9, 28), definition=definition, today=TODAY)
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
            remedies=(RemedyOffer(RemedyKind.FINANCIAL, "Compensation for the delay", 15000),),
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
    today: date = TODAY,
) -> tuple[str, list[str]]:
    return read_back(make_letter(kind, case, settings, calendar, today, folder=folder))


def assert_common(text: str, reference: str, recipient: str = "Ann Example") -> None:
    for expected in ("Fellside Homes", recipient, reference, "25 November 2026", *OMBUDSMAN):
        assert expected in text, expected
    assert text.count("0300 111 3000") == 1  # the Ombudsman's details, once


def test_5_6_and_5_7_acknowledgements(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    case = full_case(session, calendar)
    for kind, stage, due, signed in (
        (LetterKind.S1_ACK, "stage 1", "17 September 2026", "Sam Smith\nRepairs Complaints Lead"),
        (LetterKind.S2_ACK, "stage 2", "26 October 2026", "Jo Brown\nHead of Housing"),
    ):
        text, _ = make(kind, case, calendar, folder)
        assert_common(text, case.complaint.reference)
        assert f"{stage} acknowledgement" in text
        # 5.6 the definition, each line its own paragraph; 5.7 responsibility; the due date.
        assert "\nThe tap leaks.\nTwo appointments were missed.\n" in text
        for words in (
            "The leak fixed and an apology.",
            "Repairs to the kitchen.",
            "Your own washing machine.",
            "Which days suit an appointment?",
            f"We will send our response by {due}.",
        ):
            assert words in text, words
        assert text.endswith(f"{signed}, Fellside Homes")


def test_6_4_extension_letters_give_the_total_every_reason_and_the_good_reason(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    case = full_case(session, calendar)
    text, _ = make(LetterKind.S1_EXTENSION, case, calendar, folder)
    assert_common(text, case.complaint.reference)
    assert "We are waiting for the plumber's report." in text
    assert "is now 5 working days later than first set" in text
    assert "We will now respond by 24 September 2026." in text  # 17 Sept + 5 working days
    assert "Until then we will update you every 5 working days." in text
    assert "beyond that limit" not in text
    number = logged(session, received=date(2026, 10, 1), name="Over Limit").id
    acknowledge(session, number, on=date(2026, 10, 2), definition=Definition("L", "R"), today=TODAY)
    for days, reason, good in (
        (6, "The surveyor is away.", ""),
        (6, "The report needs a second opinion.", "Only one damp specialist covers the area."),
    ):
        extend(
            session,
            number,
            agreed_on=date(2026, 10, 9),
            working_days=days,
            reason=reason,
            good_reason=good,
            today=TODAY,
            calendar=calendar,
        )
    text, _ = make(LetterKind.S1_EXTENSION, load_case(session, number), calendar, folder)
    assert "The surveyor is away." in text and "The report needs a second opinion." in text
    assert "is now 12 working days later than first set, which is beyond that limit" in text
    assert "Only one damp specialist covers the area." in text


def test_6_9_stage_one_response_says_everything(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    case = full_case(session, calendar)
    text, bullets = make(LetterKind.S1_RESPONSE, case, calendar, folder)
    assert_common(text, case.complaint.reference)
    assert "at stage 1 of our complaints process" in text  # a. the stage
    assert "The tap leaks." in text and "The leak fixed and an apology." in text  # b.
    assert "The complaint is partly upheld." in text  # c., explained in plain words
    assert "Partly upheld means we agree that we got some things wrong" in text
    assert "We uphold these parts of it:\nThe two missed appointments." in text
    assert "We are sorry. We apologise for the things we got wrong" in text
    assert "\nThe appointments were missed.\nThe leak was reported twice.\n" in text  # d.
    assert bullets == [  # e. and f., from the registers
        "An apology for the missed appointments",
        "Financial remedy: £75 for the missed appointments",
        "Replace the tap (Repairs team), by 30 September 2026",
    ]
    assert "ask us to escalate the complaint to stage 2" in text  # g.
    assert "complaints@fellside.example" in text
    assert text.endswith("Sam Smith\nRepairs Complaints Lead, Fellside Homes")


def test_6_19_final_response_says_everything(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    case = full_case(session, calendar)
    text, bullets = make(LetterKind.S2_RESPONSE, case, calendar, folder)
    assert_common(text, case.complaint.reference)
    assert "This is our final response to your complaint at stage 2" in text
    assert "The complaint is upheld. Upheld means we agree that we got things wrong." in text
    assert "We uphold all of it." in text and "We are sorry." in text
    assert "We agree the repair took too long." in text
    # 6.19 f: every outstanding action, from either stage; every remedy offered.
    assert bullets == [
        "An apology for the missed appointments",
        "Financial remedy: £75 for the missed appointments",
        "Financial remedy: Compensation for the delay (£150)",
        "Replace the tap (Repairs team), by 30 September 2026",
    ]
    assert "refer the matter to the Housing Ombudsman Service" in text
    assert "escalate the complaint to stage 2" not in text
    # 6.13: signed by the stage 2 handler, never the one who handled stage 1.
    assert text.endswith("Jo Brown\nHead of Housing, Fellside Homes")
    assert "Sam Smith" not in text


def test_6_19_a_remedy_offered_again_at_stage_2_is_listed_once(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    case = full_case(session, calendar)
    assert case.id is not None
    case = save_record(
        session,
        RECORDS["remedy"],
        case.id,
        {
            "kind": RemedyKind.APOLOGY,
            "offered": "An apology for the missed appointments",
            "offered_on": date(2026, 11, 6),
        },
        today=TODAY,
    )
    _, bullets = make(LetterKind.S2_RESPONSE, case, calendar, folder)
    assert bullets.count("An apology for the missed appointments") == 1


def test_7_1_a_remedy_in_the_register_is_in_the_letter(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    case = answered(session, logged(session))
    text, _ = make(LetterKind.S1_RESPONSE, case, calendar, folder)
    assert "We are not offering a remedy" in text
    case = save_record(
        session,
        RECORDS["remedy"],
        case.id,
        {
            "kind": RemedyKind.FINANCIAL,
            "offered": "Compensation for the missed visits",
            "offered_on": date(2026, 11, 13),
            "amount_offered": 15000,
        },
        today=TODAY,
    )
    text, bullets = make(LetterKind.S1_RESPONSE, case, calendar, folder)
    assert "We are not offering a remedy" not in text
    assert bullets == ["Financial remedy: Compensation for the missed visits (£150)"]


def test_not_upheld_says_so_and_does_not_apologise(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    number = logged(session).id
    acknowledge(session, number, on=date(2026, 11, 4), definition=Definition("L", "R"), today=TODAY)
    case = respond(
        session,
        number,
        on=date(2026, 11, 13),
        answer=Answer(Decision.NOT_UPHELD, "The repair was done on time."),
        today=TODAY,
    )
    text, _ = make(LetterKind.S1_RESPONSE, case, calendar, folder)
    assert "Not upheld means we have not found that we got things wrong." in text
    assert "apologise" not in text


def test_2_4_refusals_give_reasons_and_the_right_to_the_ombudsman(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    case = refuse(
        session,
        logged(session).id,
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
    assert text.endswith("Priya Shah\nComplaints Officer, Fellside Homes")


def test_5_11_escalation_refused_letter(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    case = refuse(
        session,
        answered(session, logged(session)).id,
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


def test_5_9_keeping_you_informed_looks_forward_and_says_why(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    number = escalated(session, answered(session, logged(session))).id
    acknowledge(
        session,
        number,
        on=date(2026, 11, 17),
        definition=Definition("The tap leaks.", "A repair."),
        today=TODAY,
    )
    case = extend(
        session,
        number,
        agreed_on=date(2026, 11, 20),
        working_days=10,
        reason="Waiting for parts.",
        update_interval_days=3,
        today=TODAY,
        calendar=calendar,
    )
    text, _ = make(LetterKind.UPDATE, case, calendar, folder)
    assert_common(text, case.complaint.reference)
    assert "We are investigating your complaint at stage 2." in text  # not "stage 1"
    assert "Waiting for parts." in text
    assert "We are sorry that our response is taking longer than we first said." in text
    # Stage 2 acknowledged 17 November: due 20 working days on, 15 December; then 10 more,
    # past Christmas Day and the Boxing Day holiday on Monday 28 December.
    assert "We now expect to send our response by 31 December 2026." in text
    assert "You will next hear from us by 30 November 2026." in text  # 25 Nov + 3 working days


def test_5_9_an_update_never_promises_a_date_already_past(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    number = logged(session, received=date(2026, 9, 1)).id
    case = acknowledge(
        session, number, on=date(2026, 9, 2), definition=Definition("L", "R"), today=TODAY
    )
    with pytest.raises(LetterRefused, match="record an extension with the new date first"):
        make(LetterKind.UPDATE, case, calendar, folder)


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
    with pytest.raises(LetterRefused, match="must give the landlord's name") as refused:
        make(LetterKind.S1_ACK, case, calendar, folder, settings=Settings())
    assert "(paragraphs)" not in str(refused.value)
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


def test_which_letters_a_record_allows_and_why_not(session: Session) -> None:
    case = logged(session)
    assert available_letters(case) == [LetterKind.UPDATE]
    assert why_not(case, LetterKind.ESCALATION_REFUSED).endswith(
        "cannot have an escalation refused letter: no escalation has been refused."
    )
    assert "cannot have a stage 1 response letter" in why_not(case, LetterKind.S1_RESPONSE)


def test_3_6_a_letter_to_a_representative_speaks_to_them(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    from store.follow_through import set_representative

    case = answered(session, logged(session, name="Ann Example"))
    case = set_representative(
        session, case.id, details={"name": "Cllr Jo Bloggs", "address": "Town Hall"}, today=TODAY
    )
    text, _ = make(LetterKind.S1_RESPONSE, case, calendar, folder)
    assert "Dear Cllr Jo Bloggs," in text and "On behalf of Ann Example" in text
    assert "the complaint you made on behalf of Ann Example" in text
    assert "your complaint" not in text.lower().replace("escalate your complaint", "")


def test_every_letter_is_read_back_before_it_is_saved(
    session: Session, calendar: WorkingCalendar, folder: Path, tmp_path: Path
) -> None:
    """A template whose Ombudsman paragraph is hidden text makes a letter that does not say it:
    read back, the letter is found short, and a landlord's template like it is refused."""
    from letters.document import TemplateProblem, render_document
    from letters.templates import BUNDLED
    from letters.verify import missing_content

    custom = tmp_path / "templates"
    custom.mkdir()
    document = Document(str(BUNDLED / "update.docx"))
    for paragraph in document.paragraphs:
        if "ombudsman_advice" in paragraph.text:
            for run in paragraph.runs:
                run.font.hidden = True
    document.save(str(custom / "update.docx"))
    number = logged(session).id
    case = acknowledge(
        session, number, on=date(2026, 11, 20), definition=Definition("L", "R"), today=TODAY
    )
    rendered, context = render_document(
        LetterKind.UPDATE, case, SETTINGS, calendar, TODAY, custom / "update.docx"
    )
    assert "the Ombudsman's postal address" in missing_content(
        LetterKind.UPDATE, context, rendered.docx
    )
    assert "Housing Ombudsman Service" not in visible_text(rendered.docx)
    with pytest.raises(
        TemplateProblem, match="it does not say the Ombudsman's name, the Ombudsman's postal"
    ):
        make_letter(
            LetterKind.UPDATE, case, SETTINGS, calendar, TODAY, folder=folder, templates=custom
        )
    assert not folder.exists() or not any(folder.rglob("*.docx"))


def test_the_letter_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cli.main import main
    from store.db import open_store
    from store.settings import save_settings

    database = str(tmp_path / "c.sqlite3")
    store = open_store(Path(database))
    with store.connect() as db:
        save_settings(db, SETTINGS)
    with store.session() as session:
        case = logged(session)
        acknowledge(
            session, case.id, on=date(2026, 11, 20), definition=Definition("L", "R"), today=TODAY
        )
    out = tmp_path / "letters"
    reference = case.complaint.reference
    assert main(["letter", reference, "s1-response", "--out", str(out), "--db", database]) == 1
    assert "cannot have a stage 1 response letter: stage 1 has not been answered" in (
        capsys.readouterr().err
    )
    assert main(["letter", reference, "s1-ack", "--out", str(out), "--db", database]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.parent == out / reference and path.is_file()
    with store.session() as session:
        assert (
            find_case(session, reference)
            .events[-1]
            .summary.startswith("Letter: stage 1 acknowledgement, saved as")
        )


def test_the_definition_is_a_summary_in_the_second_person(session: Session) -> None:
    from store.defining import MOST_DEFINITION_WORDS, third_person
    from store.rules import RuleBroken

    number = logged(session).id
    long = " ".join(["word"] * (MOST_DEFINITION_WORDS + 1))
    with pytest.raises(RuleBroken, match="the definition is your summary"):
        acknowledge(
            session, number, on=date(2026, 11, 4), definition=Definition(long, "R"), today=TODAY
        )
    assert third_person("The resident disputes the charge.")
    assert third_person("Mrs Jones says the bins were not emptied.")
    assert not third_person("You dispute the charge, and you say the bins were not emptied.")


@pytest.mark.parametrize(
    ("setting", "value", "says"),
    [
        ("ombudsman_website", "", "fill this in"),
        ("ombudsman_how_to_complain", "", "fill this in"),
        ("ombudsman_website", "housing ombudsman", "is not a website address"),
        ("ombudsman_phone", "0300", "is not a whole telephone number"),
        (
            "ombudsman_how_to_complain",
            "Ask a designated person first, or wait eight weeks.",
            "ended on 1 October 2022",
        ),
        ("ombudsman_address", "Exchange Tower, Harbour Exchange, London E14 9GE", "out of date"),
        ("ombudsman_how_to_complain", "Email info@housing-ombudsman.org.uk.", "not by email"),
    ],
)
def test_the_ombudsman_settings_say_what_the_code_now_says(
    db: object, setting: str, value: str, says: str
) -> None:
    import sqlite3

    from store.settings import SettingsError, load_settings, update_settings

    assert isinstance(db, sqlite3.Connection)
    with pytest.raises(SettingsError, match=says):
        update_settings(db, **{setting: value})
    assert getattr(load_settings(db), setting) != value


def test_a_letter_never_gives_stale_ombudsman_details(
    session: Session, calendar: WorkingCalendar, folder: Path
) -> None:
    case = full_case(session, calendar)
    stale = SETTINGS.replace(ombudsman_how_to_complain="Contact a designated person.")
    with pytest.raises(LetterRefused, match="out of date"):
        make(LetterKind.S1_ACK, case, calendar, folder, settings=stale)


def test_the_demo_can_make_every_letter(tmp_path: Path) -> None:
    from store.calendar_cache import working_calendar
    from store.db import open_store
    from store.demo import make_demo
    from store.settings import load_settings

    store = open_store(None)
    make_demo(store, 200, today=TODAY)
    with store.connect() as db:
        settings = load_settings(db)
        calendar = working_calendar(db, settings, TODAY)
        ids = [row[0] for row in db.execute("SELECT id FROM complaint ORDER BY id DESC")]
    made: dict[LetterKind, Path] = {}
    shapes = {"representative": False, "large print": False, "remedies": False, "actions": False}
    with store.session() as session:
        for number in ids:
            case = load_case(session, number)
            for kind in available_letters(case):
                if kind in made:
                    continue
                try:
                    made[kind] = make_letter(kind, case, settings, calendar, TODAY, folder=tmp_path)
                except LetterRefused:
                    continue  # an update whose response date has passed: record an extension
            shapes["representative"] |= case.representative is not None
            shapes["large print"] |= any(
                a.letter_format == "large print" for a in case.records.get("adjustment", ())
            )
            shapes["remedies"] |= bool(case.records.get("remedy"))
            shapes["actions"] |= bool(case.actions)
    assert set(made) == set(LetterKind)
    assert all(shapes.values()), shapes
