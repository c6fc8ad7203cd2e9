"""Every complaint with its deadlines, as CSV or JSON, under the import's column names."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterable
from datetime import date
from typing import Any

from store.clock import WorkingCalendar, complaint_clock, countdown
from store.columns import EXPORT_COLUMNS
from store.listing import CaseRow, load_follow_through, load_rows
from store.records import FOLLOW_THROUGH_COLUMNS


def export_records(
    db: sqlite3.Connection, calendar: WorkingCalendar, today: date
) -> list[dict[str, Any]]:
    """Every complaint as a flat record under the export's column names."""
    follow_through = load_follow_through(db)
    return [
        export_record(row, calendar, today)
        | {
            column: follow_through.get(row.id, {}).get(column, "")
            for column in FOLLOW_THROUGH_COLUMNS
        }
        for row in reversed(load_rows(db))
    ]


def export_record(row: CaseRow, calendar: WorkingCalendar, today: date) -> dict[str, Any]:
    clock = complaint_clock(calendar, row.dates())
    stage2 = clock.stage2
    next_step = clock.next_deadline

    def total(stage: int) -> int | None:
        days = sum(e.working_days for e in row.extensions if e.stage == stage)
        return days or None

    def reasons(stage: int) -> str:
        return "; ".join(e.reason for e in row.extensions if e.stage == stage)

    return {
        "reference": row.reference,
        "resident_name": row.resident_name,
        "address": row.address,
        "received": _iso(row.received),
        "category": row.category,
        "description": row.description,
        "stage1_acknowledged": _iso(row.stage1_acknowledged),
        "stage1_extension_days": total(1),
        "stage1_extension_reason": reasons(1),
        "stage1_responded": _iso(row.stage1_responded),
        "stage2_requested": _iso(row.stage2_requested),
        "stage2_acknowledged": _iso(row.stage2_acknowledged),
        "stage2_extension_days": total(2),
        "stage2_extension_reason": reasons(2),
        "stage2_responded": _iso(row.stage2_responded),
        "status": row.status.value,
        "issue_arose": _iso(row.issue_arose),
        "channel": row.channel.value,
        "property": row.property_address,
        "resident_phone": row.phone,
        "resident_email": row.email,
        "preferred_contact": row.preferred_contact.value,
        "stage1_handler": row.stage1_handler,
        "stage1_decision": row.stage1_decision.value if row.stage1_decision else None,
        "stage2_handler": row.stage2_handler,
        "stage2_decision": row.stage2_decision.value if row.stage2_decision else None,
        "service_request": row.service_request,
        "stage": row.stage,
        "stage1_ack_due": _iso(clock.stage1.acknowledgement.due),
        "stage1_response_due": _iso(clock.stage1.response.due),
        "stage2_ack_due": _iso(stage2.acknowledgement.due) if stage2 else None,
        "stage2_response_due": _iso(stage2.response.due) if stage2 else None,
        "stage1_ack_met": clock.stage1.acknowledgement.met,
        "stage1_response_met": clock.stage1.response.met,
        "stage2_ack_met": stage2.acknowledgement.met if stage2 else None,
        "stage2_response_met": stage2.response.met if stage2 else None,
        "next_step": next_step.name if next_step else None,
        "next_deadline": _iso(next_step.due) if next_step else None,
        "working_days_left": countdown(calendar, next_step.due, today) if next_step else None,
    }


def write_export(records: Iterable[dict[str, Any]], out: io.TextIOBase | Any, fmt: str) -> None:
    if fmt == "json":
        json.dump(list(records), out, ensure_ascii=False, indent=1)
        out.write("\n")
        return
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: _csv_cell(value) for key, value in record.items()})


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
