"""A report as a Word document, on the landlord's own template if there is one.

The template (`report.docx` in the templates folder) gives the styles: its body is replaced,
its headers, footers, page size and styles kept. Every chart is followed by a table of its
figures, for readers who cannot see the picture.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Length

from store.paths import new_file, user_templates_dir

TEMPLATE_NAME = "report.docx"


class ReportFailed(RuntimeError):
    """The report could not be made or saved; the message says why."""


def check_report_template(path: Path) -> list[str]:
    """Whether `path` can give the reports their styles, headers and footers. Nothing in it is
    ever rendered: a report fills in no fields, so no text in it can run."""
    try:
        Document(str(path))
    except Exception as error:  # a damaged or foreign file: say so rather than crash
        return [f"{path.name} cannot be read as a Word document ({error})."]
    return []


class ReportDocument:
    def __init__(self, title: str, template: Path | None = None) -> None:
        template = template or user_templates_dir() / TEMPLATE_NAME
        try:
            self.docx: Any = Document(str(template)) if template.is_file() else Document()
        except Exception as error:  # a damaged or foreign file in the templates folder
            raise ReportFailed(f"The report template {template} cannot be read: {error}.") from None
        body = self.docx.element.body
        for element in list(body):
            if not element.tag.endswith("sectPr"):
                body.remove(element)
        self.docx.core_properties.title = title
        self.docx.add_heading(title, level=0)

    def heading(self, text: str, level: int = 1) -> None:
        self.docx.add_heading(text, level=level)

    def paragraph(self, text: str) -> None:
        self.docx.add_paragraph(text)

    def bullets(self, items: Iterable[str], *, empty: str = "None.") -> None:
        items = list(items)
        if not items:
            self.paragraph(empty)
        for item in items:
            try:
                self.docx.add_paragraph(item, style="List Bullet")
            except KeyError:  # a template without the style
                self.docx.add_paragraph(f"\u2022 {item}")

    def to_write(self, what: str) -> None:
        """A place for the officer's own words, marked so it cannot be missed."""
        run = self.docx.add_paragraph().add_run(f"[To be written: {what}]")
        run.italic = True

    def landscape(self) -> None:
        """Turn the pages: for a form wider than it is long."""
        section = self.docx.sections[-1]
        if section.page_width < section.page_height:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width

    def table(
        self,
        headings: Sequence[str],
        rows: Iterable[Sequence[object]],
        shares: Sequence[float] = (),
    ) -> None:
        """A table with a heading row, across the page: its width shared among the columns in
        proportion to `shares`, else to what each column holds."""
        cells = [list(map(str, row)) for row in rows]
        widths = self._across_page(shares or self._needs([list(headings), *cells]))
        table = self.docx.add_table(rows=1, cols=len(headings))
        # A template without the style keeps its own default.
        with contextlib.suppress(KeyError, ValueError):
            table.style = "Table Grid"
        for cell, heading in zip(table.rows[0].cells, headings, strict=True):
            cell.text = heading
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in cells:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = value
        table.autofit = False
        # Word reads the cells' widths, LibreOffice the columns': set both.
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
        self.docx.add_paragraph()

    @staticmethod
    def _needs(rows: list[list[str]]) -> list[int]:
        """What each column holds, in characters, and never less than its longest word, so a
        name such as "Communication" is not broken."""
        needs = []
        for column in zip(*rows, strict=True):
            longest_word = max(len(word) for cell in column for word in [*cell.split(), ""])
            needs.append(max(min(max(map(len, column)), 30), longest_word + 2, 6))
        return needs

    def _across_page(self, shares: Sequence[float]) -> list[float]:
        """Widths in centimetres that fill the page between its margins."""
        section = self.docx.sections[-1]
        page = Length(section.page_width - section.left_margin - section.right_margin)
        return [page.cm * share / sum(shares) for share in shares]

    def chart(self, png: bytes, headings: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
        self.docx.add_picture(io.BytesIO(png), width=Cm(16))
        self.table(headings, rows)

    def save(self, path: Path) -> Path:
        """Saved whole or not at all, readable by its owner only; a report of the same name is
        replaced."""
        content = io.BytesIO()
        self.docx.save(content)
        try:
            with new_file(path, replace=True) as scratch:
                scratch.file.write(content.getvalue())
        except OSError as error:
            raise ReportFailed(
                f"The report could not be saved in {path.parent}: {error.strerror or error}."
            ) from None
        return path
