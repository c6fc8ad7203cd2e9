"""The region's bank holidays kept in the case file, so the desk opens without recomputing them.

Working them out means loading the holidays package, a noticeable part of a cold start. The copy
is keyed by the region and by the installed package's data file, so an upgraded package (a new
one-off bank holiday, say) is picked up at once.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from datetime import date
from pathlib import Path

from store.clock import BankHolidays, WorkingCalendar, bank_holidays
from store.settings import Settings

CACHE_KEY = "cached_bank_holidays"
YEARS_BACK, YEARS_AHEAD = 8, 3


def working_calendar(db: sqlite3.Connection, settings: Settings, today: date) -> WorkingCalendar:
    first, last = today.year - YEARS_BACK, today.year + YEARS_AHEAD
    stamp = _package_stamp(settings.region)
    row = db.execute("SELECT value FROM setting WHERE key = ?", (CACHE_KEY,)).fetchone()
    known = _read(row[0], stamp) if row else None
    if known is None or not (known.covers(first) and known.covers(last)):
        known = bank_holidays(settings.region, first, last)
        with db:
            db.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (CACHE_KEY, _write(known, stamp)),
            )
    return WorkingCalendar(settings.region, settings.closure_days, known)


def _package_stamp(region: str) -> str:
    spec = importlib.util.find_spec("holidays")  # finds the package without importing it
    assert spec is not None and spec.origin is not None
    data = Path(spec.origin).parent / "countries" / "united_kingdom.py"
    found = data.stat()
    return f"{region}:{found.st_size}:{found.st_mtime_ns}"


def _read(text: str, stamp: str) -> BankHolidays | None:
    try:
        cached = json.loads(text)
        if cached["stamp"] != stamp:
            return None
        days = {date.fromisoformat(day): name for day, name in cached["days"].items()}
        return BankHolidays(cached["region"], cached["first"], cached["last"], days)
    except (ValueError, KeyError, TypeError):
        return None


def _write(known: BankHolidays, stamp: str) -> str:
    return json.dumps(
        {
            "stamp": stamp,
            "region": known.region,
            "first": known.first_year,
            "last": known.last_year,
            "days": {day.isoformat(): name for day, name in sorted(known.days.items())},
        }
    )
