"""Dates and text as the officer types and reads them."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache


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


def parse_money(text: str) -> int:
    """An amount typed as £1,250.50 or 1250.5, in pence; ValueError with a sentence otherwise."""
    cleaned = text.strip().removeprefix("£").replace(",", "").strip()
    pounds, _, pence = cleaned.partition(".")
    if not pounds.isdigit() or (pence and (not pence.isdigit() or len(pence) > 2)):
        raise ValueError(f"{text.strip()!r} is not an amount: write it as £150 or £150.50.")
    return int(pounds) * 100 + int(pence.ljust(2, "0") if pence else 0)


def money(pence: int) -> str:
    """ "£1,250.50", or "£150" for whole pounds."""
    pounds, rest = divmod(pence, 100)
    return f"£{pounds:,}" + (f".{rest:02d}" if rest else "")


def clean_text(text: str) -> str:
    """Typed or pasted text with Windows and Word line breaks made plain and the ends trimmed.

    Other control codes stay, for the text rule (store.text) to refuse with the field named:
    taken out quietly, they would change what the officer typed without saying so."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").strip()


def listed(items: list[str]) -> str:
    """ "a, b and c", as a sentence lists things."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
