"""The letter templates: the bundled ones, the landlord's own, and checking them.

A landlord's template in the user templates folder takes the place of the bundled one of the
same name. Before a template of the landlord's is used it is checked: it must parse, use only
known fields, and say everything the Code requires of its letter.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import Environment, TemplateSyntaxError

from letters.catalogue import COMMON_FIELDS, LETTERS, LetterKind
from letters.context import FIELDS
from store.paths import make_private_dir, make_private_file

BUNDLED = Path(__file__).parent / "templates"
TEMPLATE_NAMES = tuple(sorted({spec.template for spec in LETTERS.values()}))


class TemplateProblem(ValueError):
    """A template that cannot be used as it is; `problems` says what to fix."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


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
        if target.exists():
            raise TemplateProblem([f"{target} already exists: nothing was copied over it."])
        make_private_file(target)
        shutil.copyfile(BUNDLED / name, target)
        written.append(target)
    return written


def check_folder(folder: Path) -> dict[str, list[str]]:
    """Problems with each template in `folder` (missing files use the bundled ones)."""
    return {
        name: check_template(folder / name) for name in TEMPLATE_NAMES if (folder / name).is_file()
    }


def check_template(path: Path) -> list[str]:
    """Everything wrong with a template, each in a sentence; empty when it can be used."""
    kinds = [kind for kind, spec in LETTERS.items() if spec.template == path.name]
    if not kinds:
        return [
            f"{path.name} is not the name of any letter template ({', '.join(TEMPLATE_NAMES)})."
        ]
    if not zipfile.is_zipfile(path):
        return [f"{path.name} is not a Word document (.docx)."]
    try:
        lines = _body_lines(path)
        Environment().parse("\n".join(lines))
        used = DocxTemplate(path).get_undeclared_template_variables(Environment())
    except TemplateSyntaxError as error:
        return [f"{path.name}: {error.message}, near: {_near(lines, error.lineno)}"]
    except Exception as error:  # a damaged document: say so rather than crash
        return [f"{path.name} could not be read as a Word document ({error})."]
    problems = [
        f"{path.name} uses {{{{ {name} }}}}, which is not a field letters know."
        for name in sorted(used - set(FIELDS) - {"loop"})
    ]
    for kind in kinds:
        spec = LETTERS[kind]
        missing = [name for name in (*COMMON_FIELDS, *spec.fields) if name not in used]
        if missing:
            problems.append(
                f"{path.name} cannot serve as the {spec.title} letter: it does not give "
                + ", ".join(f"{{{{ {name} }}}}" for name in missing)
                + f" (Code {spec.code}; code-rules.md section 3)."
            )
    return problems


def _body_lines(path: Path) -> list[str]:
    """The body's XML as docxtpl renders it: one paragraph a line."""
    template = DocxTemplate(path)
    template.init_docx()
    xml = template.patch_xml(template.get_xml())
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml).splitlines()


def _near(lines: list[str], line: int | None) -> str:
    """The template's own words around a syntax error, tags removed."""
    start = max((line or 1) - 2, 0)
    text = re.sub(r"<[^>]+>", "", "</w:p>".join(lines[start : start + 3]).replace("</w:p>", "\0"))
    found = [part.strip() for part in text.split("\0")]
    return " / ".join(part for part in found if part) or "(no text)"


def template_for(kind: LetterKind, custom: Path | None) -> Path:
    """The template to render, checked first when it is the landlord's own."""
    path = find_template(LETTERS[kind].template, custom)
    if path.parent != BUNDLED:
        problems = check_template(path)
        if problems:
            raise TemplateProblem(problems)
    return path
