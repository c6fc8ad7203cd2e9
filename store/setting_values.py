"""Each setting's one rule: what it may hold, how it is typed, and how it is shown.

The desk's settings form and `complaints-tui settings set` both read what was typed through
`parse_setting`, and every value, however it arrives (typed, stored, or given by code), is held
to `check_setting` when settings are made, so one value gets one sentence wherever it is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from store.clock import REGIONS
from store.formats import long_date, parse_date
from store.rules import EARLIEST
from store.text import TextKind, text_problem

LATEST_CLOSURE_DAY = date(2099, 12, 31)
MOST_HOMES = 1_000_000
MOST_LIST_ITEMS = 200


class SettingsError(ValueError):
    """A setting that will not do: `field` names it, `message` says why."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.message = f"{label(field)}: {reason}."
        super().__init__(self.message)


def label(field: str) -> str:
    return field.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Rule:
    """What one setting holds: text of a kind, a whole number within bounds, yes or no, or a
    list (one item a line, or separated by ";" on the command line)."""

    shape: str
    kind: TextKind = TextKind.LINE
    most: int = 0
    check: Callable[[str, str], str | None] | None = None
    """A further rule on each text value: the reason it will not do, or None."""
    upper: bool = False
    """Kept in capitals, however typed."""
    blank: int | None = None
    """What a number left blank means, where it may be left blank."""


def _letters_folder(_field: str, value: str) -> str | None:
    if not value:
        return None
    folder = Path(value).expanduser()
    if not folder.is_absolute():
        return f"{value!r} is not a whole path: give it from the top, such as /home/you/Letters"
    if folder.parent == folder:
        return f"{value!r} is the top of the disk: give a folder of its own for the letters"
    return None


def _region(_field: str, value: str) -> str | None:
    return None if value in REGIONS else f"the region must be one of {', '.join(REGIONS)}"


RULES: dict[str, Rule] = {
    "landlord_name": Rule("text", TextKind.NAME),
    "landlord_address": Rule("lines", TextKind.LINE),
    "landlord_phone": Rule("text", TextKind.LINE),
    "landlord_email": Rule("text", TextKind.LINE),
    "officer_name": Rule("text", TextKind.NAME),
    "homes": Rule("number", most=MOST_HOMES, blank=0),
    "homes_rented": Rule("number", most=MOST_HOMES, blank=0),
    "homes_shared_ownership": Rule("number", most=MOST_HOMES, blank=0),
    "region": Rule("text", TextKind.NAME, check=_region, upper=True),
    "closure_days": Rule("dates"),
    "categories": Rule("list", TextKind.NAME),
    "due_soon_days": Rule("number", most=60),
    "compensation_bands": Rule("list", TextKind.LINE),
    "letters_folder": Rule("text", TextKind.LINE, check=_letters_folder),
    "ombudsman_name": Rule("text", TextKind.NAME),
    "ombudsman_address": Rule("text", TextKind.LINE),
    "ombudsman_phone": Rule("text", TextKind.LINE),
    "ombudsman_website": Rule("text", TextKind.LINE),
    "ombudsman_how_to_complain": Rule("text", TextKind.PROSE),
    "setup_done": Rule("yes or no"),
}


def rule(field: str) -> Rule:
    try:
        return RULES[field]
    except KeyError:
        raise SettingsError(
            field, "is not a setting (`complaints-tui settings` lists them)"
        ) from None


def check_setting(field: str, value: object) -> object:
    """The value as kept, or SettingsError saying why it will not do."""
    found = rule(field)
    if found.shape == "number":
        return _checked_number(field, value, found.most)
    if found.shape == "yes or no":
        if not isinstance(value, bool):
            raise SettingsError(field, "give yes or no")
        return value
    if found.shape == "dates":
        return _checked_dates(field, value)
    if found.shape == "list":
        return _checked_list(field, value, found)
    if not isinstance(value, str):
        raise SettingsError(field, "must be text")
    value = value.strip().upper() if found.upper else value.strip()
    _check_text(field, value, found, multiline=found.shape == "lines")
    return value


def _checked_number(field: str, value: object, most: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingsError(field, "must be a whole number")
    if not 0 <= value <= most:
        raise SettingsError(field, f"give a whole number from 0 to {most:,}")
    return value


def _checked_dates(field: str, value: object) -> tuple[date, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(day, date) for day in value):
        raise SettingsError(field, "each must be a date")
    for day in value:
        if not EARLIEST <= day <= LATEST_CLOSURE_DAY:
            raise SettingsError(
                field,
                f"{long_date(day)} is not a day the office could be closed: give dates from "
                f"{long_date(EARLIEST)} to {long_date(LATEST_CLOSURE_DAY)}",
            )
    return tuple(sorted(set(value)))


def _checked_list(field: str, value: object, found: Rule) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise SettingsError(field, "must be a list of text")
    items = tuple(item.strip() for item in value if item.strip())
    if field == "categories" and not items:
        raise SettingsError(field, "give at least one category, one a line")
    if len(items) > MOST_LIST_ITEMS:
        raise SettingsError(field, f"at most {MOST_LIST_ITEMS} can be kept")
    seen: set[str] = set()
    for item in items:
        _check_text(field, item, found, multiline=False)
        if item.casefold() in seen:
            raise SettingsError(field, f"{item!r} is given twice")
        seen.add(item.casefold())
    return items


def _check_text(field: str, value: str, found: Rule, *, multiline: bool) -> None:
    lines = value.split("\n") if multiline else [value]
    for line in lines:
        problem = text_problem(field, "it", line, found.kind)
        if problem is not None:
            raise SettingsError(field, problem.message.rstrip("."))
    if found.check is not None:
        reason = found.check(field, value)
        if reason is not None:
            raise SettingsError(field, reason)


def parse_setting(field: str, typed: str) -> object:
    """A setting as typed on the desk or the command line, checked. Whole numbers in figures
    (1,200 is 1200); yes or no; lists and an address one item a line, or separated by ";";
    dates as 2026-12-29 or 29/12/2026."""
    found = rule(field)
    text = typed.replace("\\n", "\n").strip()
    if found.shape == "number":
        if not text and found.blank is not None:
            return found.blank
        figures = re.sub(r"(?<=[0-9])[, ](?=[0-9]{3}\b)", "", text)
        if not re.fullmatch(r"[0-9]{1,12}", figures):
            raise SettingsError(
                field, f"{text!r} is not a whole number: write it in figures, such as 480"
            )
        return check_setting(field, int(figures))
    if found.shape == "yes or no":
        if text.lower() not in ("yes", "no", "true", "false"):
            raise SettingsError(field, "give yes or no")
        return check_setting(field, text.lower() in ("yes", "true"))
    if found.shape == "text":
        return check_setting(field, text)
    items = [item.strip() for item in re.split(r"[;\n]", text) if item.strip()]
    if found.shape == "lines":
        return check_setting(field, "\n".join(items))
    if found.shape == "dates":
        return check_setting(field, _dates(field, items))
    return check_setting(field, items)


def _dates(field: str, items: list[str]) -> list[date]:
    days, wrong = [], []
    for number, item in enumerate(items, start=1):
        try:
            days.append(parse_date(item))
        except ValueError as error:
            wrong.append(f"Line {number}: {str(error).rstrip('.')}")
    if wrong:
        # Every bad line at once, one a line, so one save shows them all.
        raise SettingsError(field, "\n" + ".\n".join(wrong))
    return days


def shown(field: str, value: object) -> list[str]:
    """A setting as `parse_setting` reads it back, one item (or address line) a line."""
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    if isinstance(value, tuple):
        return [day.isoformat() if isinstance(day, date) else str(day) for day in value] or [""]
    if RULES[field].shape == "lines":
        return str(value).split("\n")
    return [str(value)]
