"""Reading a rendered letter back as the resident will read it, and checking it says everything
the Code requires of its kind (letters.catalogue.Letter.says).

Only visible text counts: a run or a style marked hidden prints nothing, so it says nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from docx.document import Document
from docx.text.paragraph import Paragraph

from letters.catalogue import COMMON, LETTERS, LetterKind
from letters.context import FIELDS

_SPACE = re.compile(r"\s+")


def visible_text(document: Document) -> str:
    """The body's text as it prints: paragraphs and table cells, hidden runs left out, every
    run of white space (a line break, a non-breaking space) one space."""
    hidden = set(
        document.styles.element.xpath(
            "w:style[w:rPr/w:vanish[not(@w:val='false') and not(@w:val='0')]]/@w:styleId"
        )
    )
    return _plain(" ".join(_visible(paragraph, hidden) for paragraph in _paragraphs(document)))


def _paragraphs(document: Document) -> Iterator[Paragraph]:
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _visible(paragraph: Paragraph, hidden_styles: set[str]) -> str:
    """The paragraph's text less its hidden runs. Styles are looked up by id: asking python-docx
    for each run's style costs more than rendering the letter."""
    if paragraph._p.style in hidden_styles:
        return ""
    texts = []
    for run in paragraph.runs:
        hidden = run.font.hidden
        if hidden is None:
            hidden = run._r.style in hidden_styles
        if not hidden:
            texts.append(run.text)
    return "".join(texts)


def _plain(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def missing_content(kind: LetterKind, context: dict[str, Any], document: Document) -> list[str]:
    """What the rendered letter fails to say, each as the Code's list names it; empty when it
    says everything."""
    text = visible_text(document)
    missing = []
    for name in (*COMMON, *LETTERS[kind].says):
        if any(_plain(piece) not in text for piece in _pieces(context.get(name))):
            missing.append(FIELDS[name])
    return missing


def _pieces(value: Any) -> list[str]:
    """Each paragraph, line or list item of a value: each must appear, in whatever layout."""
    if not value:
        return []
    if isinstance(value, list):
        return [str(item) for item in value]
    return [line for line in re.split(r"[\a\n]", str(value)) if line.strip()]
