"""A landlord's own templates are judged by the letters they make, and every fault is named
where it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from letters.document import TemplateProblem
from letters.templates import BUNDLED, TEMPLATE_NAMES, check_folder, export_templates
from tui.cli import main


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
