"""Every complaint with its deadlines, as CSV or JSON, under the import's column names.

A row whose deadlines cannot be worked out (a record damaged before it could be checked) is
still written, with the reason in `next_step`, rather than stopping the export. Text damaged in
the file (bytes that are not text) does stop it, naming the complaint: it cannot be written.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import date
from typing import Any, TextIO

from store.clock import WorkingCalendar, complaint_clock, countdown
from store.columns import STAGE_TEXTS, export_columns
from store.damaged import UNDECODABLE, damaged_text
from store.deadlines import catalogue
from store.errors import StoreError
from store.listing import CaseRow, ExtensionRow, load_follow_through, load_rows
from store.records import FOLLOW_THROUGH_COLUMNS
from store.spreadsheet import write_csv

# The complaint's long texts, read only for the export: the desk never needs them.
_TEXTS = (
    "c.refusal_reasons",
    "c.withdrawal_reason",
    "c.learning",
    "c.improvement",
    *(f"s{stage}.{name}" for stage in (1, 2) for name in STAGE_TEXTS),
)
_TEXT_COLUMNS = (
    "refusal_reasons",
    "withdrawal_reason",
    "learning",
    "improvement",
    *(f"stage{stage}_{name}" for stage in (1, 2) for name in STAGE_TEXTS),
)


def export_records(
    db: sqlite3.Connection, calendar: WorkingCalendar, today: date
) -> list[dict[str, Any]]:
    """Every complaint as a flat record under the export's column names.

    StoreError names the complaint whose text is damaged in the file, when one is: an export
    without it, or with its text left out, would not import back as the file is."""
    try:
        return _records(db, calendar, today)
    except sqlite3.OperationalError as error:
        found = damaged_text(db) if UNDECODABLE in str(error) else None
        if found is None:
            raise
        reference, where = found
        raise StoreError(
            f"Nothing was exported: {reference}'s {where} is damaged in the file (it holds "
            "bytes that are not text); restore a backup from before the damage."
        ) from None


def _records(
    db: sqlite3.Connection, calendar: WorkingCalendar, today: date
) -> list[dict[str, Any]]:
    follow_through = load_follow_through(db)
    texts = _load_texts(db)
    return [
        export_record(row, calendar, today)
        | texts.get(row.id, {})
        | {
            column: follow_through.get(row.id, {}).get(column, "")
            for column in FOLLOW_THROUGH_COLUMNS
        }
        for row in reversed(load_rows(db))
    ]


def _load_texts(db: sqlite3.Connection) -> dict[int, dict[str, str]]:
    rows = db.execute(
        f"SELECT c.id, {', '.join(_TEXTS)} FROM complaint AS c "
        "LEFT JOIN stage AS s1 ON s1.complaint_id = c.id AND s1.number = 1 "
        "LEFT JOIN stage AS s2 ON s2.complaint_id = c.id AND s2.number = 2"
    )
    return {
        row[0]: {column: value or "" for column, value in zip(_TEXT_COLUMNS, row[1:], strict=True)}
        for row in rows
    }


def export_record(row: CaseRow, calendar: WorkingCalendar, today: date) -> dict[str, Any]:
    return _recorded(row) | _worked_out(row, calendar, today)


def _recorded(row: CaseRow) -> dict[str, Any]:
    """What the complaint's record holds, as an import reads it back."""
    return {
        "reference": row.reference,
        "resident_name": row.resident_name,
        "address": row.address,
        "received": _iso(row.received),
        "category": row.category,
        "description": row.description,
        "stage1_acknowledged": _iso(row.stage1_acknowledged),
        "stage1_responded": _iso(row.stage1_responded),
        "stage2_requested": _iso(row.stage2_requested),
        "stage2_acknowledged": _iso(row.stage2_acknowledged),
        "stage2_responded": _iso(row.stage2_responded),
        **_extension_columns(row.extensions, 1),
        **_extension_columns(row.extensions, 2),
        "status": row.status.value,
        "issue_arose": _iso(row.issue_arose),
        "channel": row.channel.value,
        "property": row.property_address,
        "resident_phone": row.phone,
        "resident_email": row.email,
        "preferred_contact": row.preferred_contact.value,
        "service_request": row.service_request,
        "tenure": row.tenure.value,
        "stage1_handler": row.stage1_handler,
        "stage1_decision": row.stage1_decision.value if row.stage1_decision else None,
        "stage2_handler": row.stage2_handler,
        "stage2_decision": row.stage2_decision.value if row.stage2_decision else None,
        "refused_on": _iso(row.refused_on),
        "refusal_ground": row.refusal_ground.value if row.refusal_ground else None,
        "withdrawn_on": _iso(row.withdrawn_on),
        "closed_on": _iso(row.closed_on),
        "related_to": row.related_to,
    }


def _extension_columns(extensions: tuple[ExtensionRow, ...], stage: int) -> dict[str, Any]:
    """One extension: its values; several: one line each, in the order they were agreed."""
    found = [extension for extension in extensions if extension.stage == stage]

    def lines(values: list[Any]) -> Any:
        # A reason is one line now; one kept with line breaks before would split into several.
        flat = [value.replace("\n", " ") if isinstance(value, str) else value for value in values]
        if len(found) == 1:
            return flat[0]
        return "\n".join("" if value is None else str(value) for value in flat)

    prefix = f"stage{stage}_"
    if not found:
        return {
            prefix + name: None
            for name in (
                "extension_days",
                "extension_reason",
                "extension_agreed",
                "extension_good_reason",
                "update_interval",
            )
        }
    return {
        f"{prefix}extension_days": lines([e.working_days for e in found]),
        f"{prefix}extension_reason": lines([e.reason for e in found]),
        f"{prefix}extension_agreed": lines([_iso(e.agreed_on) for e in found]),
        f"{prefix}extension_good_reason": lines([e.good_reason for e in found]),
        f"{prefix}update_interval": lines([e.update_interval_days for e in found]),
    }


def _worked_out(row: CaseRow, calendar: WorkingCalendar, today: date) -> dict[str, Any]:
    """The deadlines, as the desk works them out."""
    blank: dict[str, Any] = {"stage": row.stage}
    try:
        if row.problem:
            raise ValueError(row.problem)
        clock = complaint_clock(calendar, row.dates())
        next_step = clock.next_deadline
        left = countdown(calendar, next_step.due, today) if next_step else None
    except (ValueError, OverflowError) as error:
        return blank | {"next_step": f"cannot be worked out: {error}"}
    found = [(rule.key, clock.deadlines.get(rule.key)) for rule in catalogue()]
    return (
        blank
        | {f"{key}_due": _iso(deadline.due) if deadline else None for key, deadline in found}
        | {f"{key}_met": deadline.met if deadline else None for key, deadline in found}
        | {
            "next_step": next_step.name if next_step else None,
            "next_deadline": _iso(next_step.due) if next_step else None,
            "working_days_left": left,
        }
    )


def write_export(records: Iterable[dict[str, Any]], out: TextIO, fmt: str) -> None:
    if fmt == "json":
        json.dump(list(records), out, ensure_ascii=False, indent=1)
        out.write("\n")
        return
    columns = export_columns()
    write_csv(
        out,
        columns,
        ([record.get(column) for column in columns] for record in records),
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
