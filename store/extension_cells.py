"""A stage's extensions as a spreadsheet gives them: one line each in the extension columns,
the days, the reason, the date agreed, the good reason and the update interval of the first
extension on the first line of each, and so on (a tracker's single total and reason is one
extension). Each is held to the rules the desk's extension step keeps (store.rules)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from store.deadlines import extension_cap
from store.formats import clean_text, parse_date
from store.rules import Problem, check_agreed, check_extension
from store.spreadsheet import restore_cell

_WHOLE_NUMBER = re.compile(r"[0-9]{1,4}")
# The column that holds what each of the store's extension rules names.
_EXTENSION_FIELDS = {
    "working_days": "extension_days",
    "reason": "extension_reason",
    "good_reason": "extension_good_reason",
    "agreed_on": "extension_agreed",
}


def _lines(text: str) -> list[str]:
    """A cell of one line per extension; a blank line is an extension with nothing here."""
    return [clean_text(line) for line in restore_cell(text).replace("\r\n", "\n").split("\n")]


def _trimmed(lines: list[str]) -> list[str]:
    """The lines that say something: blank ones at the end dropped."""
    while lines and not lines[-1]:
        lines = lines[:-1]
    return lines


def _fitted(lines: list[str], count: int) -> list[str] | None:
    """A column's lines for `count` extensions, or None when they do not fit. Blank lines at
    the end stand for extensions with nothing in this column, as an export writes the good
    reason of the first of two extensions and none for the second."""
    said = _trimmed(lines)
    if not said:
        return []
    if not len(said) <= count <= len(lines):
        return None
    return lines[:count]


def read_extensions(
    raw: dict[str, str],
    stage: int,
    dates: dict[str, date | None],
    today: date,
    problems: list[Problem],
) -> list[dict[str, Any]]:
    """A stage's extensions: one line each in the extension columns (a tracker's single total
    and reason is one extension)."""
    column = {
        name: f"stage{stage}_{name}" for name in (*_EXTENSION_FIELDS.values(), "update_interval")
    }
    given = {name: _lines(raw.get(col, "")) for name, col in column.items()}
    days_lines = _trimmed(given.pop("extension_days"))
    if days_lines in ([], ["0"]):
        if any(_trimmed(lines) for lines in given.values()):
            problems.append(
                Problem(
                    column["extension_days"],
                    "An extension is described, but no number of working days.",
                )
            )
        return []
    found = len(problems)
    _fit_columns(given, column, len(days_lines), problems)
    days = [_whole(line, column["extension_days"], problems) for line in days_lines]
    intervals = [
        _whole(line, column["update_interval"], problems) if line else None
        for line in given["update_interval"]
    ]
    if len(problems) > found:
        return []
    extensions = _extensions(
        given, stage, [d or 0 for d in days], intervals, dates, today, problems
    )
    if stage == 2 and not dates["stage2_requested"]:
        problems.append(
            Problem(
                "stage2_extension_days",
                "A stage 2 extension needs the date the resident asked to escalate "
                "(stage2_requested).",
            )
        )
    return extensions


def _fit_columns(
    given: dict[str, list[str]], column: dict[str, str], count: int, problems: list[Problem]
) -> None:
    """Each column's lines, one for each of `count` extensions, or a problem saying why not."""
    for name, lines in given.items():
        fitted = _fitted(lines, count)
        given[name] = fitted or []
        if fitted is None:
            problems.append(
                Problem(
                    column[name],
                    f"This has {len(_trimmed(lines))} lines but {column['extension_days']} has "
                    f"{count}: one line for each extension.",
                )
            )


def _extensions(
    given: dict[str, list[str]],
    stage: int,
    days: list[int],
    intervals: list[int | None],
    dates: dict[str, date | None],
    today: date,
    problems: list[Problem],
) -> list[dict[str, Any]]:
    """Each line's extension, held to the rules the desk's extension step keeps."""
    total, running, extensions = sum(days), 0, []
    for index, working_days in enumerate(days):
        running += working_days
        reason = _line(given["extension_reason"], index)
        good_reason = _line(given["extension_good_reason"], index)
        if (
            not given["extension_good_reason"]
            and total > extension_cap(stage)
            and index == len(days) - 1
        ):
            # A tracker has no column for it: over the cap, its reason stands as the good reason.
            good_reason = reason
        broken = check_extension(stage, working_days, running, reason, good_reason)
        agreed = _agreed(_line(given["extension_agreed"], index), dates, today, broken)
        problems += [
            Problem(f"stage{stage}_{_EXTENSION_FIELDS[p.field]}", p.message) for p in broken
        ]
        extensions.append(
            {
                "stage": stage,
                "working_days": working_days,
                "agreed_on": agreed,
                "reason": reason,
                "good_reason": good_reason,
                "update_interval_days": intervals[index] if index < len(intervals) else None,
            }
        )
    return extensions


def _agreed(
    text: str, dates: dict[str, date | None], today: date, broken: list[Problem]
) -> date | None:
    """The date an extension was agreed, checked as the desk checks it; None if not given."""
    if not text:
        return None
    try:
        agreed = parse_date(text)
    except ValueError as error:
        broken.append(Problem("agreed_on", str(error)))
        return None
    received = dates.get("received")
    if received is not None:
        broken += check_agreed(agreed, received, today)
    return agreed


def _line(lines: list[str], index: int) -> str:
    return lines[index] if index < len(lines) else ""


def _whole(text: str, column: str, problems: list[Problem]) -> int | None:
    if _WHOLE_NUMBER.fullmatch(text) and int(text) > 0:
        return int(text)
    problems.append(Problem(column, f"{text[:30]!r} is not a whole number of working days."))
    return None
