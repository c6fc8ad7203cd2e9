"""A landlord's own templates are judged by the letters they make, and every fault is named
where it is."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document

from cli.main import main
from letters.document import TemplateProblem
from letters.templates import BUNDLED, TEMPLATE_NAMES, check_folder, export_templates
from store.db import open_store
from store.defining import acknowledge
from tests.factories import TODAY, definition, logged


def rewrite(path: Path, old: str, new: str, *, part: str = "body") -> None:
    """Edit a template's text as a landlord might in Word."""
    document = Document(str(path))
    if part == "body":
        paragraphs = document.paragraphs
    else:
        section = document.sections[0]
        section.footer.is_linked_to_previous = False
        paragraphs = section.footer.paragraphs
    for paragraph in paragraphs:
        for run in paragraph.runs:
            if old in run.text:
                run.text = run.text.replace(old, new)
        if part != "body" and not old:
            paragraph.add_run(new)
    document.save(str(path))


@pytest.fixture
def custom(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    export_templates(folder)
    return folder


def test_bundled_templates_pass_their_own_check() -> None:
    assert check_folder(BUNDLED) == {name: [] for name in TEMPLATE_NAMES}


def test_exporting_never_copies_over_a_template(custom: Path) -> None:
    with pytest.raises(TemplateProblem, match="already exists"):
        export_templates(custom)


def test_plain_mistakes_are_named(custom: Path) -> None:
    rewrite(custom / "update.docx", "{{ next_date }}", "{{ next_date }")
    rewrite(custom / "acknowledgement.docx", "{{ reference }}", "{{ referance }}")
    rewrite(custom / "extension.docx", "{{ new_response_date }}", "{{ reference.number }}")
    rewrite(custom / "not-accepted.docx", "{{ refusal_reasons }}", "{{ reference.upper }}")
    problems = check_folder(custom)
    assert any(
        "in the body" in p and "unexpected '}'" in p and "next hear from us" in p
        for p in problems["update.docx"]
    ), problems["update.docx"]
    assert any(
        "{{ referance }}, which is not a field" in p for p in problems["acknowledgement.docx"]
    )
    for name in ("extension.docx", "not-accepted.docx"):
        assert any(
            "as if it had parts; every field is plain text, so write {{ reference }}" in p
            for p in problems[name]
        ), problems[name]
    assert problems["stage1-response.docx"] == []
    everything = " ".join(line for lines in problems.values() for line in lines)
    assert "code-rules" not in everything and ".md" not in everything


def test_a_required_block_that_never_shows_is_refused(custom: Path) -> None:
    """The Ombudsman's details inside a condition that is false, or one that holds only for
    some complaints, or in hidden text: the letters made lack them, so the template fails."""
    rewrite(
        custom / "stage2-response.docx",
        "{{ how_to_contact_ombudsman }}",
        "{%if outstanding_actions %}{{ how_to_contact_ombudsman }}{% endif %}",
    )
    rewrite(
        custom / "escalation-refused.docx",
        "{{ how_to_contact_ombudsman }}",
        "{% if false %}{{ how_to_contact_ombudsman }}{% endif %}",
    )
    document = Document(str(custom / "acknowledgement.docx"))
    for paragraph in document.paragraphs:
        if "ombudsman_advice" in paragraph.text:
            for run in paragraph.runs:
                run.font.hidden = True
    document.save(str(custom / "acknowledgement.docx"))
    problems = check_folder(custom)
    assert any(
        "made for a sample complaint (plain), it does not say" in p
        and "the right to go to the Housing Ombudsman" in p
        for p in problems["stage2-response.docx"]
    ), problems["stage2-response.docx"]
    assert any("does not say" in p for p in problems["escalation-refused.docx"])
    assert any("the Ombudsman's postal address" in p for p in problems["acknowledgement.docx"])


def test_a_fault_in_the_footer_is_said_to_be_in_the_footer(custom: Path) -> None:
    rewrite(custom / "update.docx", "", "Ref {{ reference }", part="footer")
    problems = check_folder(custom)["update.docx"]
    assert any("in the footer" in p and "unexpected '}'" in p for p in problems), problems


def test_a_condition_beside_a_heading_would_delete_it(custom: Path) -> None:
    rewrite(custom / "stage1-response.docx", "Our decision", "Our decision {%p if decision %}")
    problems = check_folder(custom)["stage1-response.docx"]
    assert any(
        "\u201cOur decision {%p if decision %}\u201d holds a {%p %} tag beside other text" in p
        for p in problems
    ), problems


def test_a_misnamed_template_is_not_ignored_in_silence(custom: Path) -> None:
    (custom / "stage2-response.docx").rename(custom / "Stage2-response.docx")
    (custom / "letterhead.docx").write_bytes((custom / "update.docx").read_bytes())
    problems = check_folder(custom)
    assert problems["Stage2-response.docx"] == [
        "Stage2-response.docx is not used: template names are in lower case, so name it "
        "stage2-response.docx."
    ]
    assert problems["letterhead.docx"][0].startswith("letterhead.docx is not used")


def test_the_templates_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["templates", "export", str(tmp_path / "mine")]) == 0
    assert len(capsys.readouterr().out.split("\n")) == 8
    assert main(["templates", "check", str(tmp_path / "mine")]) == 0
    rewrite(tmp_path / "mine" / "not-accepted.docx", "{{ refusal_reasons }}", "")
    assert main(["templates", "check", str(tmp_path / "mine")]) == 1
    out = capsys.readouterr().out
    assert "not-accepted.docx: cannot be used" in out
    assert "it does not say the reasons for not taking it forward" in out


def test_the_readme_lists_every_field_a_template_may_use() -> None:
    from letters.context import FIELDS

    readme = (Path(__file__).parent.parent / "README.md").read_text()
    assert [name for name in FIELDS if f"| `{name}` |" not in readme] == []


# A template that walks from a field to Python's own objects and runs a shell command: it must
# be refused by reading it, and could not run if it were rendered.
ESCAPE = (
    "{% for c in ((landlord_name|attr('__class__'))|attr('__mro__'))[1]|attr('__subclasses__')() "
    "%}{{ ((c|attr('__init__'))|attr('__globals__'))['system']('touch MARKER') }}{% endfor %}"
)


def planted(folder: Path, marker: Path, where: str) -> Path:
    """The acknowledgement template with the escape in its body, footer or properties."""
    path = folder / "acknowledgement.docx"
    payload = ESCAPE.replace("MARKER", str(marker))
    if where == "properties":
        document = Document(str(path))
        document.core_properties.comments = payload
        document.save(str(path))
    else:
        rewrite(path, "{{ reference }}" if where == "body" else "", payload, part=where)
    return path


@pytest.mark.parametrize("where", ["body", "footer", "properties"])
def test_a_template_that_reaches_past_its_fields_is_refused_without_running_it(
    custom: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    marker = tmp_path / "ran"
    planted(custom, marker, where)
    assert main(["templates", "check", str(custom)]) == 1
    out = capsys.readouterr().out
    assert "acknowledgement.docx: cannot be used" in out
    assert f"acknowledgement.docx, in the {where if where != 'properties' else 'document'}" in out
    assert "it reaches for '__class__' of landlord_name" in out
    assert "stage1-response.docx: ok" in out
    assert not marker.exists()


def test_a_template_that_reaches_past_its_fields_makes_no_letter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from store.paths import user_templates_dir

    marker = tmp_path / "ran"
    db = tmp_path / "c.sqlite3"
    with open_store(db) as store, store.session() as session:
        case = logged(session)
        assert case.id is not None
        acknowledge(session, case.id, on=date(2026, 11, 4), definition=definition(), today=TODAY)
        reference = case.complaint.reference
    export_templates(user_templates_dir())
    planted(user_templates_dir(), marker, "body")
    assert main(["letter", reference, "s1-ack", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "the letter template cannot be used" in err
    assert "it reaches for '__class__' of landlord_name" in err
    assert not marker.exists()


@pytest.mark.parametrize(
    ("tag", "says"),
    [
        ("{{ range(3) }}", "it uses {{ range }}, which is not a field letters know"),
        ("{{ lipsum() }}", "it uses {{ lipsum }}, which is not a field letters know"),
        ("{{ reference|attr('upper') }}", "it passes reference through |attr"),
        ("{{ reference['__class__'] }}", "it reaches for '__class__' of reference"),
        ("{{ reference|map(attribute='__class__') }}", "it reaches for '__class__' of reference"),
        ("{% set x = reference %}{{ x }}", "it holds a {% assign %} statement"),
        ("{% include 'other' %}", "it holds a {% include %} statement"),
        ("{{ reference|upper }}", None),
    ],
)
def test_only_fields_if_and_for_are_allowed(custom: Path, tag: str, says: str | None) -> None:
    rewrite(custom / "acknowledgement.docx", "{{ reference }}", tag)
    problems = check_folder(custom)["acknowledgement.docx"]
    if says is None:
        assert problems == []
    else:
        assert any(says in problem for problem in problems), problems


def test_the_sandbox_holds_a_template_that_was_never_checked(custom: Path, tmp_path: Path) -> None:
    """Rendering alone, without the check, still cannot reach past the fields."""
    from letters.catalogue import LetterKind
    from letters.document import render_document
    from letters.samples import samples
    from letters.templates import _SAMPLE_SETTINGS
    from store.clock import WorkingCalendar

    marker = tmp_path / "ran"
    path = planted(custom, marker, "body")
    _shape, case = next(samples(LetterKind.S1_ACK))
    with pytest.raises(
        TemplateProblem,
        match=r"reaches past its fields|through \|attr, which templates may not use",
    ):
        render_document(
            LetterKind.S1_ACK, case, _SAMPLE_SETTINGS, WorkingCalendar("ENG"), TODAY, path
        )
    assert not marker.exists()


def test_the_report_template_is_a_template_too(
    custom: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Document().save(str(custom / "report.docx"))
    assert main(["templates", "check", str(custom)]) == 0
    assert "report.docx: ok" in capsys.readouterr().out


def test_checking_a_folder_that_is_not_there_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    assert main(["templates", "check", str(missing)]) == 1
    err = capsys.readouterr().err
    assert f"{missing} does not exist" in err
    assert "templates export" in err
    (tmp_path / "a-file").write_text("x")
    assert main(["templates", "check", str(tmp_path / "a-file")]) == 1
    assert "is a file, not a folder" in capsys.readouterr().err
