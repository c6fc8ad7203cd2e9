"""What every report reads from the case file, read once."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from types import SimpleNamespace

from store.calendar_cache import working_calendar
from store.clock import WorkingCalendar
from store.listing import CaseRow, load_rows
from store.records import RECORDS, read_records
from store.settings import Settings, load_settings


@dataclass(frozen=True)
class Closing:
    """What was learned from a complaint, recorded when it closed (9.1)."""

    reference: str
    category: str
    closed_on: date
    learning: str
    improvement: str


@dataclass(frozen=True)
class Source:
    rows: list[CaseRow]
    """Every complaint on file but those voided as logged by mistake."""
    records: dict[str, list[SimpleNamespace]]
    """The follow-through records of each kind, voided ones left out."""
    closings: list[Closing]
    settings: Settings
    calendar: WorkingCalendar
    today: date

    def reference_of(self, complaint_id: int) -> str:
        row = self.by_id.get(complaint_id)
        return row.reference if row is not None else ""

    @cached_property
    def by_id(self) -> dict[int, CaseRow]:
        return {row.id: row for row in self.rows}


def read_source(db: sqlite3.Connection, today: date) -> Source:
    settings = load_settings(db)
    closings = [
        Closing(reference, category, date.fromisoformat(closed), learning, improvement)
        for reference, category, closed, learning, improvement in db.execute(
            "SELECT reference, category, closed_on, learning, improvement FROM complaint "
            "WHERE closed_on IS NOT NULL AND voided_on IS NULL ORDER BY closed_on, reference"
        )
    ]
    return Source(
        load_rows(db),
        {key: list(read_records(db, kind)) for key, kind in RECORDS.items()},
        closings,
        settings,
        working_calendar(db, settings, today),
        today,
    )
