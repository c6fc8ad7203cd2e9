"""What every report reads from the case file, read once."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from store.calendar_cache import working_calendar
from store.clock import WorkingCalendar
from store.listing import CaseRow, load_rows
from store.settings import Settings, load_settings


@dataclass(frozen=True)
class Source:
    rows: list[CaseRow]
    """Every complaint on file but those voided as logged by mistake."""
    settings: Settings
    calendar: WorkingCalendar
    today: date


def read_source(db: sqlite3.Connection, today: date) -> Source:
    settings = load_settings(db)
    return Source(load_rows(db), settings, working_calendar(db, settings, today), today)
