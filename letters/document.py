"""Rendering a letter's template for a complaint: the document as it will be saved.

Used to make a letter and to check a landlord's template against sample complaints, so both
judge the same rendering.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from docx.shared import Pt
from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.exceptions import SecurityError

from letters.catalogue import LetterKind
from letters.context import letter_context
from letters.sandbox import TEXT_FILTERS, sandbox
from store.case import Case
from store.clock import WorkingCalendar
from store.kinds import LetterFormat
from store.settings import Settings


class TemplateProblem(ValueError):
    """A template that cannot be used as it is; `problems` says what to fix."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


JINJA = sandbox()


class LetterTemplate(DocxTemplate):  # type: ignore[misc]  # docxtpl has no types
    """A template whose XML is cleaned for Jinja once per version of the template, not once
    per letter: the cleaning is a run of regular expressions over the whole document, and the
    same document comes in every time."""

    _patched: ClassVar[dict[str, str]] = {}

    def patch_xml(self, src_xml: str) -> str:
        patched = self._patched.get(src_xml)
        if patched is None:
            if len(self._patched) >= 64:
                self._patched.clear()
            patched = self._patched[src_xml] = super().patch_xml(src_xml)
        return patched


def render_document(
    kind: LetterKind,
    case: Case,
    settings: Settings,
    calendar: WorkingCalendar,
    today: date,
    template: Path,
) -> tuple[DocxTemplate, dict[str, Any]]:
    """The letter rendered from `template`, and what it was given to say.

    Raises LetterRefused when the record lacks what the letter must say, TemplateProblem when
    the template cannot be rendered.
    """
    context = letter_context(kind, case, settings, calendar, today)
    document = LetterTemplate(template)
    try:
        document.render(context, JINJA, autoescape=True)
    except TemplateError as error:
        raise TemplateProblem([f"{template.name}: {explain(error)}"]) from None
    if LetterFormat.LARGE_PRINT in letter_formats(case):
        _large_print(document.docx)
    return document, context


def explain(error: TemplateError) -> str:
    """A rendering error in the landlord's words: which field, and what to write instead."""
    message = str(error.message or error)
    if isinstance(error, SecurityError):
        return (
            f"it reaches past its fields ({message}); a template may only print its fields, "
            "with {% if %} and {% for %} around them."
        )
    unknown_filter = re.match(r"No filter named '(\w+)'", message)
    if unknown_filter:
        return (
            f"it passes a field through |{unknown_filter[1]}, which templates may not use; "
            f"the filters allowed are {', '.join(sorted(TEXT_FILTERS))}."
        )
    if "has no attribute" in message:
        return (
            f"a field is used as if it had parts ({message}); every field is plain text: "
            "write {{ reference }}, not {{ reference.number }}."
        )
    if "is undefined" in message:
        return f"it uses a field letters do not know ({message})."
    return message


LARGE_PRINT_POINTS = 16


def letter_formats(case: Case) -> set[LetterFormat]:
    """The formats the resident's adjustments in force ask for (5.10)."""
    return {
        LetterFormat(adjustment.letter_format)
        for adjustment in case.records.get("adjustment", ())
        if adjustment.ended_on is None
    } - {LetterFormat.STANDARD}


def format_note(case: Case) -> str | None:
    """What the officer must arrange for formats a letter cannot be made in here."""
    others = sorted(kind.value for kind in letter_formats(case) - {LetterFormat.LARGE_PRINT})
    if not others:
        return None
    return (
        f"{case.resident.name} needs letters in {' and '.join(others)} (a reasonable "
        "adjustment, Code 5.10): arrange that version of this letter too."
    )


def _large_print(document: Any) -> None:
    """Every style and run at least large-print size, keeping headings larger than text."""
    for style in document.styles:
        font = getattr(style, "font", None)
        if font is not None and font.size is not None:
            font.size = Pt(max(font.size.pt * 1.45, LARGE_PRINT_POINTS))
    document.styles["Normal"].font.size = Pt(LARGE_PRINT_POINTS)
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if run.font.size is not None and run.font.size.pt < LARGE_PRINT_POINTS:
                run.font.size = Pt(LARGE_PRINT_POINTS)
