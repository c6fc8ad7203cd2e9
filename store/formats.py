"""Dates and text as the officer types and reads them."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

_CONTROL = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\x7f]")


@lru_cache(maxsize=8192)
def long_date(day: date) -> str:
    """ "4 December 2026", as letters and messages write a date."""
    return f"{day.day} {day:%B %Y}"


def parse_date(text: str) -> date:
    """A date typed as 2026-11-25 or 25/11/2026; ValueError with a sentence otherwise."""
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date: write it as 2026-11-25 or 25/11/2026.")


def clean_text(text: str) -> str:
    """Typed or pasted text with Windows and Word line breaks made plain, control codes gone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _CONTROL.sub("", text).strip()
