"""The letter templates: the bundled ones, the landlord's own, and checking them.

A landlord's template in the user templates folder takes the place of the bundled one of the
same name. Before it is used it is checked, part by part (the body, each header and footer):
it must parse, use only known fields as plain text, keep each {%p %} tag in a paragraph of its
own, and, rendered for sample complaints of every shape its letters can take, say everything the
Code requires of them. The check judges the letters made, not the template's source: a required
field inside a condition that never holds, or in hidden text, is caught.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from collections.abc import Callable, Mapping
from functools import cache
from html import escape
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError

from letters.catalogue import LETTERS, LetterKind
from letters.context import FIELDS
from letters.document import JINJA, TemplateProblem, render_document
from letters.samples import TODAY, samples
from letters.sandbox import reach_problems
from letters.verify import missing_content
from store.clock import WorkingCalendar
from store.paths import make_private_dir, new_file
from store.settings import Settings

BUNDLED = Path(__file__).parent / "templates"
TEMPLATE_NAMES = tuple(sorted({letter.template for letter in LETTERS.values()}))
_SAMPLE_SETTINGS = Settings(
    landlord_name="Landlord Sample",
    landlord_address="9 Sample Way\nKendal",
    landlord_phone="01539 000 000",
    landlord_email="sample@landlord.example",
    officer_name="Officer Sample",
)


def find_template(name: str, custom: Path | None) -> Path:
    """The landlord's template of this name if there is one, else the bundled one."""
    if custom is not None and (custom / name).is_file():
        return custom / name
    return BUNDLED / name


def export_templates(destination: Path) -> list[Path]:
    """Copy the bundled templates for editing; an existing file is never overwritten."""
    make_private_dir(destination)
    written = []
    for name in TEMPLATE_NAMES:
        target = destination / name
        if os.path.lexists(target):
            raise TemplateProblem([f"{target} already exists: nothing was copied over it."])
        with new_file(target) as scratch, (BUNDLED / name).open("rb") as bundled:
            shutil.copyfileobj(bundled, scratch.file)
        written.append(target)
    return written


def check_folder(
    folder: Path, others: Mapping[str, Callable[[Path], list[str]]] | None = None
) -> dict[str, list[str]]:
    """Problems with each template in `folder` (missing ones use the bundled ones), with the
    other templates `others` knows how to check (the reports' own), and with any Word document
    there that nothing will use."""
    checks = {name: check_template for name in TEMPLATE_NAMES} | dict(others or {})
    found = {
        name: check(folder / name) for name, check in checks.items() if (folder / name).is_file()
    }
    for path in sorted(folder.glob("*.docx")):
        if path.name not in checks:
            found[path.name] = [_unused(path.name)]
    return found


def _unused(name: str) -> str:
    close = [known for known in TEMPLATE_NAMES if known.lower() == name.lower()]
    if close:
        return f"{name} is not used: template names are in lower case, so name it {close[0]}."
    return (
        f"{name} is not used: it is not the name of a letter template "
        f"({', '.join(TEMPLATE_NAMES)})."
    )


def check_template(path: Path) -> list[str]:
    """Everything wrong with a template, each in a sentence; empty when it can be used."""
    stamp = path.stat()
    return list(_checked(path, stamp.st_size, stamp.st_mtime_ns))


@cache
def _checked(path: Path, _size: int, _modified: int) -> tuple[str, ...]:
    """The check, done once for each version of the file on disk."""
    kinds = [kind for kind, letter in LETTERS.items() if letter.template == path.name]
    if not kinds:
        return (_unused(path.name),)
    if not zipfile.is_zipfile(path):
        return (f"{path.name} is not a Word document (.docx).",)
    try:
        problems = _source_problems(path)
    except Exception as error:  # a damaged document: say so rather than crash
        return (f"{path.name} could not be read as a Word document ({error}).",)
    if problems:
        return tuple(problems)
    return tuple(_rendering_problems(path, kinds))


def _source_problems(path: Path) -> list[str]:
    """Syntax, unknown fields, fields used as if they had parts, and {%p %} tags sharing a
    paragraph with text, each named with the part of the document it is in."""
    template = DocxTemplate(path)
    template.init_docx()
    problems = []
    for part, xml in _parts(template):
        paragraphs = _paragraph_texts(template.patch_xml(xml))
        problems += [
            f"{path.name}, in the {part}: the paragraph \u201c{text}\u201d holds a {{%p %}} tag "
            "beside other text, and the whole paragraph goes when the tag does: put the tag in "
            "a paragraph of its own."
            for text in _paragraph_texts(xml)
            if "{%p" in text and re.sub(r"\{%p[^%]*%\}", "", text).strip()
        ]
        try:
            tree = JINJA.parse("\n".join(paragraphs))
        except TemplateSyntaxError as error:
            near = _near(paragraphs, error.lineno)
            problems.append(f"{path.name}, in the {part}: {error.message}, near: {near}")
            continue
        problems += [
            f"{path.name}, in the {part}: {problem}" for problem in reach_problems(tree, FIELDS)
        ]
    return problems


def _parts(template: DocxTemplate) -> list[tuple[str, str]]:
    """Every part docxtpl renders, as XML: the body, each header and footer, the footnotes and
    the document's properties (its title, subject and comments)."""
    document = template.docx
    parts = [("body", template.get_xml())]
    properties = document.core_properties
    parts.append(
        (
            "document's properties",
            "".join(
                f"<w:p>{escape(getattr(properties, name) or '', quote=False)}</w:p>"
                for name in ("author", "comments", "identifier", "language", "subject", "title")
            ),
        )
    )
    parts += [
        ("footnotes", part.blob.decode("utf-8"))
        for part in document.part.package.parts
        if part.content_type.endswith(".footnotes+xml")
    ]
    for section in document.sections:
        for name, part in (
            ("first page's header", section.first_page_header),
            ("header", section.header),
            ("footer", section.footer),
            ("first page's footer", section.first_page_footer),
        ):
            if not part.is_linked_to_previous:
                parts.append((name, template.get_part_xml(part.part)))
    return parts


def _paragraph_texts(xml: str) -> list[str]:
    """Each paragraph's text, as Jinja will see it once docxtpl has joined its runs."""
    return [
        re.sub(r"<[^>]+>", "", paragraph)
        for paragraph in re.split(r"</w:p>", xml)
        if re.sub(r"<[^>]+>", "", paragraph).strip()
    ]


def _near(paragraphs: list[str], line: int | None) -> str:
    """The template's own words around a syntax error."""
    start = max((line or 1) - 2, 0)
    found = [text.strip() for text in paragraphs[start : start + 3]]
    return " / ".join(text for text in found if text) or "(no text)"


def _rendering_problems(path: Path, kinds: list[LetterKind]) -> list[str]:
    """Render each letter the template serves for every sample shape, and read it back."""
    calendar = WorkingCalendar("ENG")
    problems: list[str] = []
    for kind in kinds:
        letter = LETTERS[kind]
        for shape, case in samples(kind):
            try:
                document, context = render_document(
                    kind, case, _SAMPLE_SETTINGS, calendar, TODAY, path
                )
            except TemplateProblem as problem:
                problems += problem.problems
                break
            missing = missing_content(kind, context, document.docx)
            if missing:
                problems.append(
                    f"{path.name} cannot serve as the {letter.title} letter: made for a "
                    f"sample complaint ({shape}), it does not say {', '.join(missing)} "
                    f"(Code {letter.code})."
                )
                break
    return list(dict.fromkeys(problems))


def template_for(kind: LetterKind, custom: Path | None) -> Path:
    """The template to render, checked first when it is the landlord's own."""
    path = find_template(LETTERS[kind].template, custom)
    if path.parent != BUNDLED:
        problems = check_template(path)
        if problems:
            raise TemplateProblem(problems)
    return path
