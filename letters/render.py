"""Making a letter: render it, check it says what the Code requires, and save it beside the
complaint's others, never overwriting one."""

from __future__ import annotations

import os
import shutil
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
    default_letters_dir,
    file_name,
    make_private_dir,
    make_private_file,
    user_templates_dir,
)
from store.settings import Settings


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

    Raises LetterRefused when the record lacks what the Code requires the letter to say, or
    the rendered letter does not say it; TemplateProblem when the landlord's template is broken;
    LetterFailed when it cannot be saved.
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
    reference = file_name(case.complaint.reference)
    target_folder = (folder or letters_folder(settings)) / reference
    name = f"{reference} {today.isoformat()} {LETTERS[kind].title}"
    try:
        make_private_dir(target_folder)
        target = _reserve(target_folder, name)
        partial = target.with_name(f".{target.name}.partial")
        try:
            make_private_file(partial)
            document.save(partial)
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
