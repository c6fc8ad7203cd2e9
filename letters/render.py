"""Making a letter: render its template, save it beside the complaint's others, never overwriting.

Also opening a letter in the default application and turning it into a PDF with LibreOffice.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from docx.shared import Pt
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined

from letters.catalogue import LETTERS, LetterKind
from letters.context import letter_context
from letters.templates import template_for
from store.case import Case
from store.clock import WorkingCalendar
from store.kinds import LetterFormat
from store.paths import (
    default_letters_dir,
    file_name,
    make_private_dir,
    make_private_file,
    user_templates_dir,
)
from store.settings import Settings

PDF_TIMEOUT_SECONDS = 120


class CompilingOnce(Environment):
    """Compiles each template's XML once: docxtpl asks anew for every letter, and compiling is
    most of the time a letter takes beyond reading and writing the document."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, Any] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            if len(self._compiled) >= 64:
                self._compiled.clear()
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


# Autoescape keeps & < > in names and text from breaking the document; strict undefined turns a
# field the template misspells into an error instead of a blank.
JINJA = CompilingOnce(autoescape=True, undefined=StrictUndefined)


class LetterFailed(RuntimeError):
    """The letter could not be written or converted; the message says why."""


def letters_folder(settings: Settings) -> Path:
    return (
        Path(settings.letters_folder).expanduser()
        if settings.letters_folder
        else (default_letters_dir())
    )


def make_letter(
    kind: LetterKind,
    case: Case,
    settings: Settings,
    calendar: WorkingCalendar,
    today: date,
    *,
    folder: Path | None = None,
    templates: Path | None = None,
) -> Path:
    """Render the letter and save it; returns its path.

    Raises LetterRefused when the record lacks what the Code requires the letter to say,
    TemplateProblem when the landlord's template is broken, LetterFailed when it cannot be saved.
    """
    context = letter_context(kind, case, settings, calendar, today)
    template = DocxTemplate(
        template_for(kind, user_templates_dir() if templates is None else templates)
    )
    template.render(context, JINJA, autoescape=True)
    if LetterFormat.LARGE_PRINT in letter_formats(case):
        _large_print(template.docx)
    reference = file_name(case.complaint.reference)
    target_folder = (folder or letters_folder(settings)) / reference
    name = f"{reference} {today.isoformat()} {LETTERS[kind].title}"
    try:
        make_private_dir(target_folder)
        target = _reserve(target_folder, name)
        partial = target.with_name(f".{target.name}.partial")
        try:
            make_private_file(partial)
            template.save(partial)
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            target.unlink(missing_ok=True)
            raise
    except OSError as error:
        raise LetterFailed(
            f"The letter could not be saved in {target_folder}: {error.strerror or error}."
        ) from None
    return target


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


def keep_copy(document: Path, settings: Settings, reference: str) -> Path:
    """A copy of a document the officer attaches, kept with the complaint's letters (5.12)."""
    if not document.is_file():
        raise LetterFailed(f"{document} is not a file.")
    folder = make_private_dir(letters_folder(settings) / file_name(reference))
    target = _reserve(folder, file_name(document.stem), document.suffix)
    try:
        shutil.copyfile(document, target)
    except OSError as error:
        target.unlink(missing_ok=True)
        raise LetterFailed(f"{document.name} could not be copied: {error.strerror}.") from None
    return target


def _reserve(folder: Path, name: str, suffix: str = ".docx") -> Path:
    """A new file: "name.docx", else "name (2).docx" and so on."""
    for number in range(1, 1000):
        candidate = folder / (f"{name}{suffix}" if number == 1 else f"{name} ({number}){suffix}")
        try:
            descriptor = os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            continue
        os.close(descriptor)
        return candidate
    raise LetterFailed(f"{folder} already holds too many letters named {name!r}.")


def open_in_default_app(path: Path) -> None:
    """Hand the file to the desktop's default application, without waiting for it."""
    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined]
        return
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    if shutil.which(opener) is None:
        raise LetterFailed(f"No program to open {path.name} with: open it from {path.parent}.")
    subprocess.Popen(
        [opener, str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(path: Path) -> Path:
    """A PDF beside the letter, made by LibreOffice with a profile of its own."""
    program = libreoffice()
    if program is None:
        raise LetterFailed("LibreOffice is not installed, so no PDF can be made.")
    pdf = path.with_suffix(".pdf")
    if pdf.exists():
        raise LetterFailed(f"{pdf.name} already exists.")
    with tempfile.TemporaryDirectory(prefix="complaints-lo-") as profile:
        try:
            subprocess.run(
                [
                    program,
                    f"-env:UserInstallation={Path(profile).as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(path.parent),
                    str(path),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=PDF_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise LetterFailed(
                f"LibreOffice took more than {PDF_TIMEOUT_SECONDS} seconds and was stopped."
            ) from None
    # LibreOffice can finish without error and without a PDF: look for the file itself.
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise LetterFailed(f"LibreOffice did not make a PDF of {path.name}.")
    pdf.chmod(0o600)
    return pdf
