"""Many complaints at once, flattened into plain rows: for the desk, search and export.

One query with its joins, rather than an object graph per complaint, keeps 100,000 complaints
quick to read.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from store.clock import CaseDates, Extension
from store.kinds import Channel, ContactMethod, Decision, Status

_SELECT = """
SELECT c.id, c.reference, c.status, c.received_on, c.issue_arose_on, c.category, c.channel,
       c.service_request,
       c.description, c.property_address, c.refused_on, c.withdrawn_on, c.closed_on,
       r.name, r.address, r.phone, r.email, r.preferred_contact,
       s1.handler, s1.acknowledged_on, s1.responded_on, s1.decision,
       s2.requested_on, s2.handler, s2.acknowledged_on, s2.responded_on, s2.decision,
       (SELECT max(dated) FROM correspondence WHERE complaint_id = c.id AND direction = 'OUT'),
       EXISTS (SELECT 1 FROM adjustment WHERE resident_id = r.id AND ended_on IS NULL),
       EXISTS (SELECT 1 FROM restriction WHERE resident_id = r.id AND ended_on IS NULL)
FROM complaint AS c
JOIN resident AS r ON r.id = c.resident_id
LEFT JOIN stage AS s1 ON s1.complaint_id = c.id AND s1.number = 1
LEFT JOIN stage AS s2 ON s2.complaint_id = c.id AND s2.number = 2
"""

# Searching matches these columns, case-insensitively.
_SEARCHED = (
    "c.reference",
    "r.name",
    "r.address",
    "c.property_address",
    "c.description",
    "c.category",
)


@dataclass(frozen=True, slots=True)
class ExtensionRow:
    stage: int
    working_days: int
    agreed_on: date | None
    reason: str
    good_reason: str
    update_interval_days: int | None


@dataclass(frozen=True, slots=True)
class CaseRow:
    id: int
    reference: str
    status: Status
    received: date
    issue_arose: date | None
    category: str
    channel: Channel
    service_request: str
    description: str
    property_address: str
    refused_on: date | None
    withdrawn_on: date | None
    closed_on: date | None
    resident_name: str
    address: str
    phone: str
    email: str
    preferred_contact: ContactMethod
    stage1_handler: str
    stage1_acknowledged: date | None
    stage1_responded: date | None
    stage1_decision: Decision | None
    stage2_requested: date | None
    stage2_handler: str
    stage2_acknowledged: date | None
    stage2_responded: date | None
    stage2_decision: Decision | None
    last_sent: date | None
    """The latest letter, call or email to the resident."""
    adjustments: bool
    """The resident has reasonable adjustments in force (5.10)."""
    restricted: bool
    extensions: tuple[ExtensionRow, ...]

    @property
    def stage(self) -> int:
        return 2 if self.stage2_requested else 1

    def dates(self) -> CaseDates:
        return CaseDates(
            received=self.received,
            stage1_acknowledged=self.stage1_acknowledged,
            stage1_responded=self.stage1_responded,
            stage1_extensions=self._extensions_at(1),
            stage2_requested=self.stage2_requested,
            stage2_acknowledged=self.stage2_acknowledged,
            stage2_responded=self.stage2_responded,
            stage2_extensions=self._extensions_at(2),
            is_open=self.status == Status.OPEN,
        )

    def _extensions_at(self, stage: int) -> tuple[Extension, ...]:
        return tuple(
            Extension(extension.working_days, extension.agreed_on)
            for extension in self.extensions
            if extension.stage == stage
        )


def load_rows(
    db: sqlite3.Connection,
    *,
    statuses: tuple[Status, ...] | None = None,
    search: str = "",
    limit: int | None = None,
) -> list[CaseRow]:
    """Complaints as rows, newest first, optionally of some statuses or matching a search."""
    clauses, params = [], {}
    if statuses:
        names = ", ".join(f":status{i}" for i in range(len(statuses)))
        clauses.append(f"c.status IN ({names})")
        params.update({f"status{i}": status.name for i, status in enumerate(statuses)})
    for i, word in enumerate(search.split()):
        params[f"word{i}"] = f"%{_escape_like(word)}%"
        clauses.append(
            "(" + " OR ".join(f"{column} LIKE :word{i} ESCAPE '\\'" for column in _SEARCHED) + ")"
        )
    sql = _SELECT
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += " ORDER BY c.received_on DESC, c.id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = db.execute(sql, params).fetchall()
    extensions = _extensions(db, [row[0] for row in rows] if clauses else None)
    return [_case_row(row, extensions.get(row[0], ())) for row in rows]


def count_rows(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT count(*) FROM complaint").fetchone()[0])


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _extensions(
    db: sqlite3.Connection, ids: list[int] | None
) -> dict[int, tuple[ExtensionRow, ...]]:
    sql = (
        "SELECT complaint_id, stage, working_days, agreed_on, reason, good_reason, "
        "update_interval_days FROM stageextension"
    )
    found: dict[int, list[ExtensionRow]] = defaultdict(list)
    for chunk in _chunks(ids):
        where = "" if chunk is None else f" WHERE complaint_id IN ({','.join(map(str, chunk))})"
        for complaint_id, stage, days, agreed, reason, good, interval in db.execute(
            sql + where + " ORDER BY id"
        ):
            found[complaint_id].append(
                ExtensionRow(stage, days, _date(agreed), reason, good, interval)
            )
    return {complaint_id: tuple(rows) for complaint_id, rows in found.items()}


def _chunks(ids: list[int] | None, size: int = 5000) -> Iterator[list[int] | None]:
    if ids is None:
        yield None
        return
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _case_row(row: Any, extensions: tuple[ExtensionRow, ...]) -> CaseRow:
    (
        id_,
        reference,
        status,
        received,
        arose,
        category,
        channel,
        service_request,
        description,
        property_address,
        refused,
        withdrawn,
        closed,
        name,
        address,
        phone,
        email,
        contact,
        s1_handler,
        s1_ack,
        s1_resp,
        s1_decision,
        s2_req,
        s2_handler,
        s2_ack,
        s2_resp,
        s2_decision,
        last_sent,
        adjustments,
        restricted,
    ) = row
    return CaseRow(
        id=id_,
        reference=reference,
        status=Status[status],
        received=date.fromisoformat(received),
        issue_arose=_date(arose),
        category=category,
        channel=Channel[channel],
        service_request=service_request,
        description=description,
        property_address=property_address,
        refused_on=_date(refused),
        withdrawn_on=_date(withdrawn),
        closed_on=_date(closed),
        resident_name=name,
        address=address,
        phone=phone,
        email=email,
        preferred_contact=ContactMethod[contact],
        stage1_handler=s1_handler or "",
        stage1_acknowledged=_date(s1_ack),
        stage1_responded=_date(s1_resp),
        stage1_decision=Decision[s1_decision] if s1_decision else None,
        stage2_requested=_date(s2_req),
        stage2_handler=s2_handler or "",
        stage2_acknowledged=_date(s2_ack),
        stage2_responded=_date(s2_resp),
        stage2_decision=Decision[s2_decision] if s2_decision else None,
        last_sent=_date(last_sent),
        adjustments=bool(adjustments),
        restricted=bool(restricted),
        extensions=extensions,
    )


@dataclass(frozen=True, slots=True)
class ActionRow:
    """An outstanding action still to be done, with the complaint it belongs to."""

    id: int
    complaint_id: int
    reference: str
    resident_name: str
    what: str
    who: str
    due_on: date | None


def load_open_actions(db: sqlite3.Connection) -> list[ActionRow]:
    """Every action not yet done, whatever state its complaint is in (6.6: tracked until done)."""
    rows = db.execute(
        "SELECT a.id, a.complaint_id, c.reference, r.name, a.what, a.who, a.due_on "
        "FROM outstanding_action AS a JOIN complaint AS c ON c.id = a.complaint_id "
        "JOIN resident AS r ON r.id = c.resident_id WHERE a.done_on IS NULL "
        "ORDER BY a.due_on IS NULL, a.due_on, a.id"
    ).fetchall()
    return [
        ActionRow(id_, complaint, reference, name, what, who, _date(due))
        for id_, complaint, reference, name, what, who, due in rows
    ]


# How each follow-through record reads in an export: one line a record, ISO dates.
_FOLLOW_THROUGH = {
    "outstanding_actions": (
        "outstanding_action",
        "complaint_id",
        "t.what || iif(t.who != '', ' (' || t.who || ')', '')"
        " || iif(t.due_on IS NOT NULL, ', by ' || t.due_on, '')"
        " || iif(t.done_on IS NOT NULL, ', done ' || t.done_on, ', not done')",
    ),
    "representative": (
        "representative",
        "complaint_id",
        "t.name || iif(t.relationship != '', ' (' || t.relationship || ')', '')"
        " || iif(t.authority_confirmed_on IS NOT NULL,"
        " ', authority confirmed ' || t.authority_confirmed_on, '')",
    ),
    "remedies": (
        "remedy",
        "complaint_id",
        "lower(replace(t.kind, '_', ' ')) || ': ' || t.offered || ', offered ' || t.offered_on"
        " || iif(t.amount_offered IS NOT NULL,"
        " ' (£' || printf('%.2f', t.amount_offered / 100.0) || ')', '')"
        " || iif(t.accepted_on IS NOT NULL, ', accepted ' || t.accepted_on, '')"
        " || iif(t.paid_on IS NOT NULL, ', £' || printf('%.2f', coalesce(t.amount_paid, 0)"
        " / 100.0) || ' paid ' || t.paid_on, '')",
    ),
    "correspondence": (
        "correspondence",
        "complaint_id",
        "t.dated || ' ' || lower(t.direction) || ' by ' || lower(t.channel) || ': ' || t.summary",
    ),
    "adjustments": (
        "adjustment",
        "resident_id",
        "t.need || ' (letters: ' || lower(replace(t.letter_format, '_', ' '))"
        " || ', agreed ' || t.agreed_on"
        " || iif(t.review_on IS NOT NULL, ', review ' || t.review_on, '')"
        " || iif(t.ended_on IS NOT NULL, ', ended ' || t.ended_on, '') || ')'",
    ),
    "restrictions": (
        "restriction",
        "resident_id",
        "t.restriction || ' (from ' || t.started_on"
        " || iif(t.review_on IS NOT NULL, ', review ' || t.review_on, '')"
        " || iif(t.ended_on IS NOT NULL, ', ended ' || t.ended_on, '') || '): ' || t.reason",
    ),
    "ombudsman": (
        "ombudsman_case",
        "complaint_id",
        "'referred ' || t.referred_on"
        " || iif(t.case_number != '', ', case ' || t.case_number, '')"
        " || iif(t.determined_on IS NOT NULL,"
        " ', determined ' || t.determined_on || ': ' || t.determination, '')",
    ),
    "ombudsman_orders": (
        "ombudsman_order",
        "complaint_id",
        "t.requirement || iif(t.due_on IS NOT NULL, ', due ' || t.due_on, '')"
        " || iif(t.complied_on IS NOT NULL, ', complied with ' || t.complied_on,"
        " ', not complied with')",
    ),
}
FOLLOW_THROUGH_COLUMNS = tuple(_FOLLOW_THROUGH)


def load_follow_through(db: sqlite3.Connection) -> dict[int, dict[str, str]]:
    """Each complaint's follow-through records as text, one line a record, by export column."""
    found: dict[int, dict[str, str]] = defaultdict(dict)
    for column, (table, owner, text) in _FOLLOW_THROUGH.items():
        join = (
            "t.complaint_id = c.id" if owner == "complaint_id" else "t.resident_id = c.resident_id"
        )
        for complaint_id, lines in db.execute(
            f"SELECT c.id, group_concat({text}, char(10)) FROM {table} AS t "
            f"JOIN complaint AS c ON {join} GROUP BY c.id"
        ):
            found[complaint_id][column] = lines
    return found
