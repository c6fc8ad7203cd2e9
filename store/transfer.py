"""Import from a spreadsheet tracker: every row or none, each held to the rules the desk's steps
keep (store.rules), every refusal naming its row and column."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session

from store.bulk import NewCase, ReferenceTaken, insert_cases
from store.case import check_reference, complaint_id_of
from store.columns import (
    DATE_COLUMNS,
    REQUIRED_COLUMNS,
    STAGE_TEXTS,
    TEXT_HOMES,
    export_columns,
)
from store.duplicates import Sameness, kept_complaints, sameness
from store.extension_cells import read_extensions
from store.formats import clean_text, parse_date
from store.kinds import Channel, ContactMethod, Decision, RefusalGround, Status, Tenure
from store.rules import (
    Problem,
    check_dates,
    check_stage2_handler,
    standing_problems,
)
from store.spreadsheet import MOST_CELL_CHARACTERS, ImportFailed, read_table, restore_cell
from store.text_fields import text_problems


@dataclass(frozen=True)
class ImportReport:
    references: list[str]
    notes: list[str]
    """How the file was read, and the columns left aside, for the officer to know."""


def import_csv(
    session: Session, path: Path, *, today: date, allow_duplicates: bool = False
) -> ImportReport:
    """Import every row of the tracker at `path`, or none. A row that repeats a complaint
    already in the file, or an earlier row, is refused unless `allow_duplicates`."""
    table = read_table(path, REQUIRED_COLUMNS)
    problems: list[str] = []
    cases: list[NewCase] = []
    numbers: list[int] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        case, row_problems = _parse_row(session, cells, today)
        if case is not None and case.reference is not None:
            if case.reference in seen:
                row_problems.append(
                    Problem(
                        "reference", f"{case.reference} is also used on row {seen[case.reference]}."
                    )
                )
            seen.setdefault(case.reference, number)
        problems += [f"Row {number}, {p.field}: {p.message}" for p in row_problems]
        if case is not None and not row_problems:
            cases.append(case)
            numbers.append(number)
    problems += _relate(session, table.rows, cases)
    repeated = [] if allow_duplicates else _duplicates(session, numbers, cases)
    if problems or repeated:
        raise ImportFailed(problems + repeated, duplicates=len(repeated))
    if not cases:
        raise ImportFailed([f"{path.name} has no complaints to import."])
    for case in cases:
        case.events.append(("imported", f"Imported from {path.name}.", None))
    try:
        references = insert_cases(session, cases)
    except ReferenceTaken as taken:
        row = next(
            (number for number, cells in table.rows if cells.get("reference") == taken.reference),
            None,
        )
        where = f"Row {row}, reference: " if row else ""
        raise ImportFailed([f"{where}{taken.reference} is already in use."]) from None
    known = set(export_columns())
    unknown = [column for column in table.columns if column not in known]
    notes = table.notes + [
        f"Ignored the column {column!r}, which complaints-tui does not know." for column in unknown
    ]
    return ImportReport(references, notes)


def _duplicates(session: Session, numbers: list[int], cases: list[NewCase]) -> list[str]:
    """Each row that repeats a complaint already in the file, or an earlier row of its own."""
    kept = kept_complaints(session, (case.complaint["received_on"] for case in cases))
    found: list[str] = []
    first: dict[Sameness, int] = {}
    why = "the same resident, date received and description"
    for number, case in zip(numbers, cases, strict=True):
        complaint = case.complaint
        same = sameness(case.resident["name"], complaint["received_on"], complaint["description"])
        if same in kept:
            found.append(
                f"Row {number}: the same complaint as {kept[same]}, already in the file ({why})."
            )
        elif same in first:
            found.append(f"Row {number}: the same complaint as row {first[same]} ({why}).")
        else:
            first[same] = number
    return found


def _relate(
    session: Session, rows: list[tuple[int, dict[str, str]]], cases: list[NewCase]
) -> list[str]:
    """Each complaint raised during another (6.8) joined to it: one in the same file, or one
    already in the case file."""
    if len(cases) != len(rows):
        return []  # some rows are refused already: their problems come first
    index = {case.reference: place for place, case in enumerate(cases) if case.reference}
    problems = []
    for place, ((number, cells), case) in enumerate(zip(rows, cases, strict=True)):
        related = clean_text(cells.get("related_to", ""))
        if not related:
            continue
        if related in index and index[related] != place:
            case.related_to = index[related]
            continue
        try:
            case.related_to_id = complaint_id_of(session, related)
        except LookupError:
            problems.append(
                f"Row {number}, related_to: {related} is not a complaint in this file or "
                "already in the case file."
            )
    return problems


def _parse_row(
    session: Session, cells: dict[str, str], today: date
) -> tuple[NewCase | None, list[Problem]]:
    problems: list[Problem] = []
    value = _cells(cells, problems)
    dates = _dates(value, problems)
    problems += [
        Problem(column, "This cannot be empty.")
        for column in REQUIRED_COLUMNS
        if not value.get(column) and not any(p.field == column for p in problems)
    ]
    choices = {
        "channel": _choice(value, "channel", Channel, Channel.OTHER, problems),
        "preferred_contact": _choice(
            value, "preferred_contact", ContactMethod, ContactMethod.LETTER, problems
        ),
        "refusal_ground": _choice(value, "refusal_ground", RefusalGround, None, problems),
        # Blank is a tenant renting from the landlord, as most complainants are.
        "tenure": _choice(value, "tenure", Tenure, Tenure.RENTED, problems),
        **{
            f"stage{stage}_decision": _choice(
                value, f"stage{stage}_decision", Decision, None, problems
            )
            for stage in (1, 2)
        },
    }
    status = _choice(value, "status", Status, None, problems) or _status(dates, choices)
    if dates.get("received") and not problems:
        problems += check_dates(dates, today)
    extensions = [
        extension
        for stage in (1, 2)
        for extension in read_extensions(cells, stage, dates, today, problems)
    ]
    if status == Status.CLOSED and dates["closed_on"] is None:
        dates["closed_on"] = _final_response(dates)
    problems += standing_problems(status, {**dates, "refusal_ground": choices["refusal_ground"]})
    if status == Status.OPEN and dates["stage2_responded"]:
        # On the desk a complaint stays open between its final response and its closing, when
        # the learning is recorded; a spreadsheet that says "open" after it has simply not
        # been updated, and would put a finished complaint back on the desk.
        problems.append(
            Problem(
                "status",
                "The stage 2 final response has been sent, so it is not open: say closed, "
                "with the date it was closed.",
            )
        )
    problems += [
        Problem("stage2_handler", p.message)
        for p in check_stage2_handler(
            value.get("stage1_handler", ""), value.get("stage2_handler", "")
        )
    ]
    reference = value.get("reference") or None
    if reference is not None:
        problems += check_reference(session, reference)
    if problems:
        return None, problems
    return _new_case(value, dates, choices, status, extensions, reference), []


def _cells(cells: dict[str, str], problems: list[Problem]) -> dict[str, str]:
    """Each cell as typed: a cell too long to be a real one is refused, the apostrophe an
    export puts before a formula-like value comes off again, and text the desk would refuse in
    the same field is refused."""
    value = {}
    for column, text in cells.items():
        text = text or ""
        if column in TEXT_HOMES:
            value[column] = clean_text(restore_cell(text))
            problems += _text_problems(column, value[column])
            continue
        if len(text) > MOST_CELL_CHARACTERS:
            problems.append(
                Problem(
                    column,
                    f"The cell holds {len(text):,} characters, more than the "
                    f"{MOST_CELL_CHARACTERS:,} a cell may: shorten it.",
                )
            )
            text = ""
        value[column] = clean_text(restore_cell(text))
    return value


def _text_problems(column: str, text: str) -> list[Problem]:
    """The desk's rule for the field the column fills; in an extension's column, for each line,
    one an extension."""
    table, name = TEXT_HOMES[column]
    lines = text.split("\n") if table == "stageextension" else [text]
    for line in lines:
        found = text_problems(table, {name: clean_text(line)})
        if found:
            return [Problem(column, found[0].message)]
    return []


def _dates(value: dict[str, str], problems: list[Problem]) -> dict[str, date | None]:
    dates: dict[str, date | None] = {}
    for column in DATE_COLUMNS:
        dates[column] = None
        if value.get(column):
            try:
                dates[column] = parse_date(value[column])
            except ValueError as error:
                problems.append(Problem(column, str(error)))
    return dates


def _final_response(dates: dict[str, date | None]) -> date | None:
    return dates["stage2_responded"] or (
        None if dates["stage2_requested"] else dates["stage1_responded"]
    )


def _status(dates: dict[str, date | None], choices: dict[str, Any]) -> Status:
    """What a tracker with no status column means by its dates."""
    if dates["withdrawn_on"]:
        return Status.WITHDRAWN
    if dates["refused_on"] or choices["refusal_ground"]:
        return Status.ESCALATION_REFUSED if dates["stage1_responded"] else Status.NOT_ACCEPTED
    if dates["closed_on"] or _final_response(dates):
        return Status.CLOSED
    return Status.OPEN


def _new_case(
    value: dict[str, str],
    dates: dict[str, date | None],
    choices: dict[str, Any],
    status: Status,
    extensions: list[dict[str, Any]],
    reference: str | None,
) -> NewCase:
    received = dates["received"]
    assert received is not None
    stages = [_stage(value, dates, choices, 1)]
    if dates["stage2_requested"]:
        stages.append(_stage(value, dates, choices, 2))
    refused = status in (Status.NOT_ACCEPTED, Status.ESCALATION_REFUSED)
    return NewCase(
        reference=reference,
        resident={
            "name": value["resident_name"],
            "address": value.get("address", ""),
            "phone": value.get("resident_phone", ""),
            "email": value.get("resident_email", ""),
            "preferred_contact": choices["preferred_contact"],
        },
        complaint={
            "property_address": value.get("property") or value.get("address", ""),
            "channel": choices["channel"],
            "category": value.get("category", ""),
            "description": value["description"],
            "received_on": received,
            "issue_arose_on": dates["issue_arose"],
            "service_request": value.get("service_request", ""),
            "tenure": choices["tenure"],
            "status": status,
            "closed_on": dates["closed_on"] if status == Status.CLOSED else None,
            "refused_on": dates["refused_on"] if refused else None,
            "refusal_ground": choices["refusal_ground"] if refused else None,
            "refusal_reasons": value.get("refusal_reasons", "") if refused else "",
            "withdrawn_on": dates["withdrawn_on"] if status == Status.WITHDRAWN else None,
            "withdrawal_reason": value.get("withdrawal_reason", ""),
            "learning": value.get("learning", ""),
            "improvement": value.get("improvement", ""),
        },
        stages=stages,
        extensions=extensions,
    )


def _stage(
    value: dict[str, str], dates: dict[str, date | None], choices: dict[str, Any], number: int
) -> dict[str, Any]:
    prefix = f"stage{number}_"
    return {
        "number": number,
        "requested_on": dates["stage2_requested"] if number == 2 else None,
        "handler": value.get(f"{prefix}handler", ""),
        "acknowledged_on": dates[f"{prefix}acknowledged"],
        "responded_on": dates[f"{prefix}responded"],
        "decision": choices[f"{prefix}decision"],
        **{name: value.get(prefix + name, "") for name in STAGE_TEXTS},
    }


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
    problems.append(Problem(column, f"{text[:40]!r} is not one of: {allowed}."))
    return default
