"""Reading a spreadsheet saved as CSV, whatever Excel or LibreOffice made of it, and writing
cells a spreadsheet will not run as formulas.

A file that is not a CSV (a workbook, UTF-16 text, binary) is named for what it is; the text is
read as UTF-8 when it is UTF-8, and as Windows-1252 only when it is not; the separator may be a
comma, a semicolon or a tab; and every row keeps the number the spreadsheet gives it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

# Longer than any complaint typed or pasted: a cell over this is a mistake, not text to keep.
MOST_CELL_CHARACTERS = 65_536
# A spreadsheet runs a cell that begins with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs"}


class ImportFailed(Exception):
    """Nothing was imported; `problems` says what is wrong, row by row, and `duplicates` how
    many of them are rows that repeat a complaint (which may be imported anyway, if meant)."""

    def __init__(self, problems: list[str], *, duplicates: int = 0) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
        self.duplicates = duplicates


@dataclass
class Table:
    rows: list[tuple[int, dict[str, str]]]
    """Each row's number in the spreadsheet (the header is row 1), and its cells by column."""
    columns: list[str]
    notes: list[str] = field(default_factory=list)
    """How the file was read, where the officer should know (its encoding, its separator)."""


def neutralise(value: str) -> str:
    """A cell a spreadsheet shows as typed: a leading apostrophe stops it running a formula.

    A value that already begins with apostrophes before a formula's first character ('=x, as
    typed) gets one more, so that `restore_cell` takes off only the one added here."""
    return "'" + value if _looks_neutralised(value) else value


def restore_cell(value: str) -> str:
    """The cell as it was before `neutralise`, so an export imports back exactly; a tracker's
    own apostrophe before anything else ('hello) stays, as it was typed."""
    return value[1:] if value.startswith("'") and _looks_neutralised(value[1:]) else value


def _looks_neutralised(value: str) -> bool:
    return value.lstrip("'").startswith(FORMULA_STARTS)


def read_table(path: Path, required: tuple[str, ...]) -> Table:
    """The rows of a CSV file, keyed by lower-case header; ImportFailed says why one cannot be
    read at all."""
    raw = path.read_bytes()
    _refuse_other_formats(path.name, raw)
    text, notes = _decode(raw)
    separator = _separator(text)
    if separator != ",":
        notes.append(f"Read with {_SEPARATORS[separator]} between the columns.")
    csv.field_size_limit(64 * MOST_CELL_CHARACTERS)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as error:
        raise ImportFailed([f"{path.name} cannot be read as CSV: {error}."]) from None
    if not records:
        raise ImportFailed([f"{path.name} is empty: it needs a header row."])
    header = [_column_name(name) for name in records[0]]
    _check_header(header, records, required)
    rows = []
    for number, values in enumerate(records[1:], start=2):
        if any(value.strip() for value in values):
            cells = dict(zip(header, values, strict=False))
            cells.pop("", None)
            rows.append((number, cells))
    columns = [name for name in header if name]
    if "" in header:
        notes.append("A column with no name in the header was ignored.")
    return Table(rows, columns, notes)


def _column_name(name: str) -> str:
    return name.strip().lower().replace(" ", "_")


def _refuse_other_formats(name: str, raw: bytes) -> None:
    if not raw.strip():
        raise ImportFailed([f"{name} is empty: it needs a header row."])
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ImportFailed(
            [
                f"{name} is an Excel workbook, not a CSV file: open it and save it as "
                '"CSV UTF-8 (comma delimited)", then import that.'
            ]
        )
    head = raw[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(b"\x00") > len(head) // 4:
        raise ImportFailed(
            [
                f'{name} is saved as UTF-16 ("Unicode text"): save it as "CSV UTF-8 (comma '
                'delimited)", then import that.'
            ]
        )
    if b"\x00" in raw:
        raise ImportFailed([f"{name} is not a text file: import a CSV saved by a spreadsheet."])


def _decode(raw: bytes) -> tuple[str, list[str]]:
    """UTF-8 (with or without the BOM Excel writes) when the file is UTF-8; Windows-1252 only for
    a file with no UTF-8 in it at all, and a line at a time for stray bytes in a UTF-8 file."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    if not _UTF8_SEQUENCE.search(raw):
        return raw.decode("cp1252", errors="replace"), [
            "Read as Windows-1252, since the file is not UTF-8: check accented names."
        ]
    lines, odd = [], []
    for number, line in enumerate(raw.removeprefix(b"\xef\xbb\xbf").split(b"\n"), start=1):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
            odd.append(str(number))
    return "\n".join(lines), [
        f"Read as UTF-8, except line{'s' if len(odd) > 1 else ''} {', '.join(odd)}, which "
        "held characters that are not UTF-8 and were read as Windows-1252: check them."
    ]


def _separator(text: str) -> str:
    """The separator of the header line: a comma unless semicolons or tabs outnumber commas."""
    first = text.split("\n", 1)[0]
    counts = {separator: first.count(separator) for separator in _SEPARATORS}
    best = max(counts, key=lambda separator: counts[separator])
    return best if counts[best] > counts[","] else ","


def _check_header(header: list[str], records: list[list[str]], required: tuple[str, ...]) -> None:
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        if name and name in seen:
            raise ImportFailed(
                [
                    f"The column {name!r} appears twice in the header (columns "
                    f"{_letters(seen[name])} and {_letters(index)}): keep one of them."
                ]
            )
        seen[name] = index
    if all(name in header for name in required):
        return
    for number, values in enumerate(records[1:10], start=2):
        names = {_column_name(value) for value in values}
        if all(name in names for name in required):
            raise ImportFailed(
                [
                    f"The column names are on row {number}, not row 1: delete the row"
                    f"{'s' if number > 2 else ''} above them, then import again."
                ]
            )
    missing = [name for name in required if name not in header]
    raise ImportFailed([f"The file has no {', '.join(missing)} column."])


def _letters(index: int) -> str:
    """A column as a spreadsheet names it: A, B, ... Z, AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def write_csv(out: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Every CSV the product writes: a header, then rows whose text a spreadsheet shows as
    typed and never runs as a formula."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_cell(value) for value in row] for row in rows)


def spreadsheet_cell(value: object) -> object:
    """Text as typed, but never as a formula; numbers (a negative countdown) stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return neutralise(value)
    return value
