"""Making a letter: render it, check it says what the Code requires, and save it beside the
complaint's others, never overwriting one."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from letters.catalogue import LETTERS, LetterKind
from letters.context import LetterRefused
from letters.document import render_document
from letters.output import LetterFailed
from letters.templates import template_for
from letters.verify import missing_content
from store.case import Case
from store.clock import WorkingCalendar
from store.paths import (
    complaint_folder_name,
    default_letters_dir,
    file_name,
    new_file,
    user_templates_dir,
)
from store.settings import Settings


def letters_folder(settings: Settings) -> Path:
    return (
        Path(settings.letters_folder).expanduser()
        if settings.letters_folder
        else (default_letters_dir())
    )


@dataclass(frozen=True)
class Letter:
    """A letter rendered and read back, not yet saved."""

    content: bytes
    path: Path
    """Where it is to be saved; when a letter of that name exists, "(2)" and so on is added."""

    @contextmanager
    def saving(self) -> Iterator[Path]:
        """Save the letter for the block, which records it: if the block fails, the letter is
        removed again, so a letter on disk is always a letter in the record."""
        try:
            with new_file(self.path, numbered=True) as scratch:
                scratch.file.write(self.content)
                yield scratch.publish()
        except OSError as error:
            raise LetterFailed(
                f"The letter could not be saved in {self.path.parent}: {error.strerror or error}."
            ) from None


def prepare_letter(
    kind: LetterKind,
    case: Case,
    settings: Settings,
    calendar: WorkingCalendar,
    today: date,
    *,
    folder: Path | None = None,
    templates: Path | None = None,
) -> Letter:
    """Render the letter and read it back.

    Raises LetterRefused when the record lacks what the Code requires the letter to say, or
    the rendered letter does not say it; TemplateProblem when the landlord's template is broken.
    """
    template = template_for(kind, user_templates_dir() if templates is None else templates)
    document, context = render_document(kind, case, settings, calendar, today, template)
    missing = missing_content(kind, context, document.docx)
    if missing:
        letter = LETTERS[kind]
        raise LetterRefused(
            f"The {letter.title} letter was not saved: as {template.name} renders it, it does "
            f"not say {', '.join(missing)} (Code {letter.code}). Put that back in the template."
        )
    content = io.BytesIO()
    document.save(content)
    reference = case.complaint.reference
    name = f"{file_name(reference)} {today.isoformat()} {LETTERS[kind].title}.docx"
    target = (folder or letters_folder(settings)) / complaint_folder_name(reference) / name
    return Letter(content.getvalue(), target)


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
    """Render the letter and save it, recording nothing; returns its path."""
    letter = prepare_letter(
        kind, case, settings, calendar, today, folder=folder, templates=templates
    )
    with letter.saving() as path:
        return path


def keep_copy(document: Path, settings: Settings, reference: str) -> Path:
    """A copy of a document the officer attaches, kept with the complaint's letters (5.12)."""
    if not document.is_file():
        raise LetterFailed(f"{document} is not a file.")
    folder = letters_folder(settings) / complaint_folder_name(reference)
    target = folder / f"{file_name(document.stem)}{document.suffix}"
    try:
        with new_file(target, numbered=True) as scratch, document.open("rb") as original:
            shutil.copyfileobj(original, scratch.file)
            return scratch.publish()
    except OSError as error:
        raise LetterFailed(f"{document.name} could not be copied: {error.strerror}.") from None
