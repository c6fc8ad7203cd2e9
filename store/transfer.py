"""Import from a spreadsheet tracker: all the rows, or none, each checked by the store's rules."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session

from store.bulk import NewCase, insert_cases
from store.case import check_reference
from store.clock import EXTENSION_CAP
from store.columns import DATE_COLUMNS, EXPORT_COLUMNS
from store.formats import clean_text, parse_date
from store.kinds import Channel, ContactMethod, Decision, Status
from store.rules import Problem, check_dates, check_extension, check_stage2_handler

REQUIRED_COLUMNS = ("resident_name", "received", "description")
# The columns that hold what each of the store's extension rules names.
_EXTENSION_COLUMNS = {"working_days": "days", "reason": "reason", "good_reason": "reason"}


class ImportFailed(Exception):
    """Nothing was imported; `problems` says what is wrong, row by row."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ImportReport:
    references: list[str]
    unknown_columns: list[str]


def read_table(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file saved by Excel or LibreOffice, keyed by lower-case header."""
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = raw.decode("cp1252", errors="replace")
    reader = csv.reader(io.StringIO(content, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFailed([f"{path.name} is empty: it needs a header row."]) from None
    names = [name.strip().lower().replace(" ", "_") for name in header]
    rows: list[dict[str, str]] = []
    for values in reader:
        if not any(value.strip() for value in values):
            rows.append({})
            continue
        rows.append(dict(zip(names, values, strict=False)))
    return rows


def import_csv(session: Session, path: Path, *, today: date) -> ImportReport:
    rows = read_table(path)
    columns = list(dict.fromkeys(key for row in rows for key in row))
    # Follow-through records travel out for reading; they are not imported back.
    known = set(EXPORT_COLUMNS)
    unknown = [column for column in columns if column and column not in known]
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise ImportFailed([f"The file has no {', '.join(missing)} column."])
    problems: list[str] = []
    cases: list[NewCase] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        if not row:
            continue
        case, row_problems = _parse_row(session, row, today)
        reference = case.reference if case else None
        if reference is not None:
            if reference in seen:
                row_problems.append(
                    Problem("reference", f"{reference} is also used on row {seen[reference]}.")
                )
            seen.setdefault(reference, number)
        problems += [f"Row {number}, {p.field}: {p.message}" for p in row_problems]
        if case is not None and not row_problems:
            cases.append(case)
    if problems:
        raise ImportFailed(problems)
    if not cases:
        raise ImportFailed([f"{path.name} has no complaints to import."])
    for case in cases:
        case.events.append(("imported", f"Imported from {path.name}.", None))
    return ImportReport(insert_cases(session, cases), unknown)


def _parse_row(
    session: Session, row: dict[str, str], today: date
) -> tuple[NewCase | None, list[Problem]]:
    value = {key: clean_text(text or "") for key, text in row.items()}
    problems: list[Problem] = []
    dates = _dates(value, problems)
    for column in REQUIRED_COLUMNS:
        if not value.get(column):
            problems.append(Problem(column, "This cannot be empty."))
    channel = _choice(value, "channel", Channel, Channel.OTHER, problems)
    contact = _choice(value, "preferred_contact", ContactMethod, ContactMethod.LETTER, problems)
    status = _choice(value, "status", Status, None, problems)
    decisions = {
        stage: _choice(value, f"stage{stage}_decision", Decision, None, problems)
        for stage in (1, 2)
    }
    extensions = _extensions(value, problems)
    problems += [
        Problem("stage2_handler", p.message)
        for p in check_stage2_handler(
            value.get("stage1_handler", ""), value.get("stage2_handler", "")
        )
    ]
    if extensions and any(e["stage"] == 2 for e in extensions) and not dates["stage2_requested"]:
        problems.append(
            Problem(
                "stage2_extension_days",
                "A stage 2 extension needs the date the resident "
                "asked to escalate (stage2_requested).",
            )
        )
    if not problems:
        problems += check_dates(dates, today)
    reference = value.get("reference") or None
    if reference is not None:
        problems += check_reference(session, reference)
    if problems:
        return None, problems
    received = dates["received"]
    assert received is not None
    final = dates["stage2_responded"] or (
        dates["stage1_responded"] if not dates["stage2_requested"] else None
    )
    stages = _stages(value, dates, decisions)
    status = status or (Status.CLOSED if final else Status.OPEN)
    return NewCase(
        reference=reference,
        resident={
            "name": value["resident_name"],
            "address": value.get("address", ""),
            "phone": value.get("resident_phone", ""),
            "email": value.get("resident_email", ""),
            "preferred_contact": contact,
        },
        complaint={
            "property_address": value.get("property") or value.get("address", ""),
            "channel": channel,
            "category": value.get("category", ""),
            "description": value["description"],
            "received_on": received,
            "issue_arose_on": dates["issue_arose"],
            "service_request": value.get("service_request", ""),
            "status": status,
            "closed_on": final if status == Status.CLOSED else None,
        },
        stages=stages,
        extensions=extensions,
    ), []


def _dates(value: dict[str, str], problems: list[Problem]) -> dict[str, date | None]:
    dates: dict[str, date | None] = {}
    for column, field in DATE_COLUMNS.items():
        if value.get(column):
            try:
                dates[field] = parse_date(value[column])
            except ValueError as error:
                problems.append(Problem(column, str(error)))
        else:
            dates[field] = None
    return dates


def _extensions(value: dict[str, str], problems: list[Problem]) -> list[dict[str, Any]]:
    """Each stage's extension, as a tracker gives it: a total and its reason."""
    extensions = []
    for stage in (1, 2):
        days_text = value.get(f"stage{stage}_extension_days", "")
        reason = value.get(f"stage{stage}_extension_reason", "")
        if not days_text or days_text == "0":
            if reason:
                problems.append(
                    Problem(
                        f"stage{stage}_extension_days",
                        "An extension reason is given, but no number of working days.",
                    )
                )
            continue
        if not days_text.isdigit():
            problems.append(
                Problem(
                    f"stage{stage}_extension_days",
                    f"{days_text!r} is not a whole number of working days.",
                )
            )
            continue
        days = int(days_text)
        # Over the cap, the tracker's reason stands as the good reason the Code asks for.
        good_reason = reason if days > EXTENSION_CAP[stage] else ""
        broken = check_extension(stage, days, days, reason, good_reason)
        problems += [
            Problem(f"stage{stage}_extension_{_EXTENSION_COLUMNS[p.field]}", p.message)
            for p in broken
        ]
        if not broken:
            extensions.append(
                {
                    "stage": stage,
                    "working_days": days,
                    "agreed_on": None,
                    "reason": reason,
                    "good_reason": good_reason,
                }
            )
    return extensions


def _stages(
    value: dict[str, str], dates: dict[str, date | None], decisions: dict[int, Decision | None]
) -> list[dict[str, Any]]:
    stages: list[dict[str, Any]] = [
        {
            "number": 1,
            "requested_on": None,
            "handler": value.get("stage1_handler", ""),
            "acknowledged_on": dates["stage1_acknowledged"],
            "responded_on": dates["stage1_responded"],
            "decision": decisions[1],
        }
    ]
    if dates["stage2_requested"]:
        stages.append(
            {
                "number": 2,
                "requested_on": dates["stage2_requested"],
                "handler": value.get("stage2_handler", ""),
                "acknowledged_on": dates["stage2_acknowledged"],
                "responded_on": dates["stage2_responded"],
                "decision": decisions[2],
            }
        )
    return stages


def _choice(
    value: dict[str, str], column: str, kind: Any, default: Any, problems: list[Problem]
) -> Any:
    text = value.get(column, "").strip().lower().replace("_", " ")
    if not text:
        return default
    for member in kind:
        if text in (member.value, member.name.lower().replace("_", " ")):
            return member
    allowed = ", ".join(member.value for member in kind)
    problems.append(Problem(column, f"{text!r} is not one of: {allowed}."))
    return default
