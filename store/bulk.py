"""Writing many complaints in one transaction: all of them, or none."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlmodel import Session, SQLModel

from store.case import format_reference, take_reference_numbers
from store.clock import LONDON
from store.models import Complaint, Event, Resident, Stage, StageExtension, utc_now
from store.records import RECORDS


@dataclass
class NewCase:
    """A complaint ready to write, already checked against the Code's rules."""

    resident: dict[str, Any]
    complaint: dict[str, Any]
    stages: list[dict[str, Any]]
    extensions: list[dict[str, Any]] = field(default_factory=list)
    events: list[tuple[str, str, date | None]] = field(default_factory=list)
    """Kind, summary, and the day it happened (None: now)."""
    reference: str | None = None
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Follow-through records by kind (store.records), their owner's id left to be filled."""
    related_to: int | None = None
    """The complaint it was raised from (6.8), by its place among the cases written ..."""
    related_to_id: int | None = None
    """... or, when it is already in the file, by its id."""


class ReferenceTaken(Exception):
    """Another complaint already has this reference: nothing was written."""

    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        self.reference = reference


def insert_cases(session: Session, cases: Sequence[NewCase]) -> list[str]:
    """Write every case, or none if anything fails; returns their references in order.

    The write lock is taken first, so a second writer waits (or is told the file is busy)
    rather than taking the same ids.
    """
    connection = session.connection()
    driver = connection.connection.driver_connection
    # SQLAlchemy has begun its transaction, but the sqlite3 module only opens SQLite's on the
    # first write: ask SQLite for the write lock now, before reading the next free ids.
    if isinstance(driver, sqlite3.Connection) and not driver.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    # A complaint may name another written later in the same batch (6.8): check at commit.
    connection.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
    try:
        references = _insert(session, connection, cases)
    except BaseException:
        session.rollback()
        raise
    session.commit()
    return references


def _generated(
    session: Session, case: NewCase, counters: dict[int, int], explicit: set[str]
) -> str:
    """The next reference of the year the complaint was received, passing over any the batch
    names itself."""
    year = case.complaint["received_on"].year
    reference = None
    while reference is None or reference in explicit:
        if year not in counters:
            counters[year] = take_reference_numbers(session, year, 0)
        counters[year] += 1
        reference = format_reference(year, counters[year])
    return reference


def _insert(session: Session, connection: Connection, cases: Sequence[NewCase]) -> list[str]:
    next_resident = _next_id(session, Resident)
    next_complaint = _next_id(session, Complaint)
    explicit = {case.reference for case in cases if case.reference is not None}
    taken = _taken(connection, explicit)
    if taken:
        raise ReferenceTaken(sorted(taken)[0])
    counters: dict[int, int] = {}
    now = utc_now()
    residents, complaints, stages, extensions, events, references = [], [], [], [], [], []
    records: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for offset, case in enumerate(cases):
        resident_id, complaint_id = next_resident + offset, next_complaint + offset
        reference = case.reference or _generated(session, case, counters, explicit)
        references.append(reference)
        residents.append({**case.resident, "id": resident_id})
        complaints.append(
            {
                **case.complaint,
                "id": complaint_id,
                "resident_id": resident_id,
                "reference": reference,
                "related_to_id": case.related_to_id
                if case.related_to is None
                else next_complaint + case.related_to,
            }
        )
        for key, rows in case.records.items():
            owner = {
                f"{RECORDS[key].owner}_id": resident_id
                if RECORDS[key].owner == "resident"
                else complaint_id
            }
            records[key] += [{**row, **owner} for row in rows]
        stages += [{**stage, "complaint_id": complaint_id} for stage in case.stages]
        extensions += [{**ext, "complaint_id": complaint_id} for ext in case.extensions]
        events += [
            {
                "complaint_id": complaint_id,
                "kind": kind,
                "summary": summary,
                "at": _office_hours(on) if on else now,
                "actor": session.info.get("actor", ""),
            }
            for kind, summary, on in case.events
        ]
    tables: list[tuple[type[SQLModel], list[dict[str, Any]]]] = [
        (Resident, residents),
        (Complaint, complaints),
        (Stage, stages),
        (StageExtension, extensions),
        (Event, events),
        *((RECORDS[key].model, rows) for key, rows in records.items()),
    ]
    for table, rows in tables:
        if rows:
            _insert_rows(connection, table, _same_keys(table, rows))
    for year in counters:
        take_reference_numbers(session, year, 0)  # the counter catches up with what was used
    return references


def _taken(connection: Connection, references: set[str]) -> set[str]:
    """Which of these references the file already holds."""
    found: set[str] = set()
    listed = sorted(references)
    for start in range(0, len(listed), 500):
        chunk = listed[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        found |= {
            row[0]
            for row in connection.exec_driver_sql(
                f"SELECT reference FROM complaint WHERE reference IN ({marks})", tuple(chunk)
            )
        }
    return found


def _insert_rows(connection: Connection, table: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """One executemany with SQLAlchemy's own conversions applied once per value.

    Going through `insert(table)` costs several times more per row, which at 100,000
    complaints is the difference between seconds and half a minute.
    """
    columns = [column for column in table.__table__.columns if column.name in rows[0]]  # type: ignore[attr-defined]
    names = [column.name for column in columns]
    # Column by column: the conversion is looked up once per column, not once per value.
    by_column = []
    for column in columns:
        values = [row[column.name] for row in rows]
        processor = column.type.bind_processor(connection.dialect)
        if processor is not None:
            values = [None if value is None else processor(value) for value in values]
        by_column.append(values)
    values = list(zip(*by_column, strict=True))
    connection.exec_driver_sql(
        f"INSERT INTO {table.__tablename__} ({', '.join(names)}) "
        f"VALUES ({', '.join('?' * len(names))})",
        values,
    )


@lru_cache(maxsize=8192)
def _office_hours(day: date) -> datetime:
    """A past event known only by its date, timed mid-morning in England."""
    return datetime.combine(day, time(10, 0), LONDON)


def _same_keys(table: type[SQLModel], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every row naming every column, gaps filled with the model's defaults (ids left to SQLite
    where no row gives one)."""
    given = {key for row in rows for key in row}
    base = {}
    for name, info in table.model_fields.items():
        if name == "id" and name not in given:
            continue
        if info.default_factory is not None:
            base[name] = info.default_factory()  # type: ignore[call-arg]
        else:
            base[name] = None if info.default is PydanticUndefined else info.default
    return [{**base, **row} for row in rows]


def _next_id(session: Session, table: type[Any]) -> int:
    return int(session.execute(select(func.coalesce(func.max(table.id), 0))).scalar_one()) + 1
