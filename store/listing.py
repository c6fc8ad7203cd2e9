"""Many complaints at once, flattened into plain rows: for the desk, search and export.

One query with its joins, rather than an object graph per complaint, keeps 100,000 complaints
quick to read.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from store.clock import CaseDates
from store.deadlines import Extension
from store.kinds import Channel, ContactMethod, Decision, RefusalGround, Status, Tenure
from store.records import RECORDS, read_records
from store.rules import EARLIEST

_SELECT = """
SELECT c.id, c.reference, c.status, c.received_on, c.issue_arose_on, c.category, c.channel,
       c.service_request,
       c.description, c.property_address, c.refused_on, c.refusal_ground, c.withdrawn_on,
       c.closed_on,
       (SELECT reference FROM complaint WHERE id = c.related_to_id),
       r.name, r.address, r.phone, r.email, r.preferred_contact,
       s1.handler, s1.acknowledged_on, s1.responded_on, s1.decision,
       s2.requested_on, s2.handler, s2.acknowledged_on, s2.responded_on, s2.decision,
       (SELECT max(dated) FROM correspondence WHERE complaint_id = c.id AND direction = 'OUT'),
       EXISTS (SELECT 1 FROM adjustment WHERE resident_id = r.id AND ended_on IS NULL),
       EXISTS (SELECT 1 FROM restriction WHERE resident_id = r.id AND ended_on IS NULL),
       c.tenure
FROM complaint AS c
JOIN resident AS r ON r.id = c.resident_id
LEFT JOIN stage AS s1 ON s1.complaint_id = c.id AND s1.number = 1
LEFT JOIN stage AS s2 ON s2.complaint_id = c.id AND s2.number = 2
"""


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
    resident_name: str
    issue_arose: date | None = None
    category: str = ""
    channel: Channel = Channel.OTHER
    service_request: str = ""
    description: str = ""
    property_address: str = ""
    refused_on: date | None = None
    refusal_ground: RefusalGround | None = None
    withdrawn_on: date | None = None
    closed_on: date | None = None
    related_to: str = ""
    """The reference of the complaint this one was raised from (6.8)."""
    address: str = ""
    phone: str = ""
    email: str = ""
    preferred_contact: ContactMethod = ContactMethod.LETTER
    stage1_handler: str = ""
    stage1_acknowledged: date | None = None
    stage1_responded: date | None = None
    stage1_decision: Decision | None = None
    stage2_requested: date | None = None
    stage2_handler: str = ""
    stage2_acknowledged: date | None = None
    stage2_responded: date | None = None
    stage2_decision: Decision | None = None
    last_sent: date | None = None
    """The latest letter, call or email to the resident."""
    adjustments: bool = False
    """The resident has reasonable adjustments in force (5.10)."""
    restricted: bool = False
    tenure: Tenure = Tenure.RENTED
    extensions: tuple[ExtensionRow, ...] = ()
    problem: str = ""
    """Why the row as stored cannot be read or worked out: it is shown, flagged, not hidden."""

    @property
    def stage(self) -> int:
        """The stage it is at: a refused escalation leaves it at stage 1."""
        return 2 if self.stage2_requested and self.status != Status.ESCALATION_REFUSED else 1

    def dates(self) -> CaseDates:
        return CaseDates(
            received=self.received,
            stage1_acknowledged=self.stage1_acknowledged,
            stage1_responded=self.stage1_responded,
            stage1_extensions=self._extensions_at(1),
            # A refused escalation never started stage 2: it has no stage 2 deadlines.
            stage2_requested=self.stage2_requested if self.stage == 2 else None,
            stage2_acknowledged=self.stage2_acknowledged,
            stage2_responded=self.stage2_responded,
            stage2_extensions=self._extensions_at(2),
            is_open=self.status == Status.OPEN,
        )

    def date_fields(self) -> dict[str, date | None]:
        """Every recorded date, by the names the Code's date rules use (store.rules)."""
        return {
            "issue_arose": self.issue_arose,
            "received": self.received,
            "stage1_acknowledged": self.stage1_acknowledged,
            "stage1_responded": self.stage1_responded,
            "stage2_requested": self.stage2_requested,
            "stage2_acknowledged": self.stage2_acknowledged,
            "stage2_responded": self.stage2_responded,
            "refused_on": self.refused_on,
            "withdrawn_on": self.withdrawn_on,
            "closed_on": self.closed_on,
        }

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
    ids: Iterable[int] | None = None,
    limit: int | None = None,
) -> list[CaseRow]:
    """Complaints as rows, newest first: of some statuses, matching a search, or those named.

    A complaint voided as logged by mistake is never among them.
    """
    clauses, params = ["c.voided_on IS NULL"], {}
    if statuses:
        names = ", ".join(f":status{i}" for i in range(len(statuses)))
        clauses.append(f"c.status IN ({names})")
        params.update({f"status{i}": status.name for i, status in enumerate(statuses)})
    match = search_terms(search)
    if _REFERENCE.match(search.strip()):
        # The start of a reference: read in order from the references' own index.
        clauses.append("c.reference >= :lowest AND c.reference < :highest")
        params.update(lowest=search.strip().upper(), highest=search.strip().upper() + "\uffff")
    elif match:
        # The newest matches, read from the index newest first: a search that matches most of
        # 100,000 complaints costs no more than one that matches a few.
        newest = f" ORDER BY rowid DESC LIMIT {int(limit)}" if limit is not None else ""
        clauses.append(
            "c.id IN (SELECT rowid FROM complaint_search WHERE complaint_search MATCH :match"
            f"{newest})"
        )
        params["match"] = match
    elif search.strip():
        return []
    if ids is not None:
        clauses.append(f"c.id IN ({','.join(str(int(i)) for i in ids) or 'NULL'})")
    sql = _SELECT + " WHERE " + " AND ".join(clauses) + " ORDER BY c.received_on DESC, c.id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = db.execute(sql, params).fetchall()
    extensions = _extensions(db, [row[0] for row in rows] if len(clauses) > 1 else None)
    return [_read_row(row, extensions.get(row[0], ())) for row in rows]


# What a reference typed from its start looks like: "C-2025-00".
_REFERENCE = re.compile(r"[A-Za-z]{1,4}-\d")


def search_terms(search: str) -> str:
    """A search as the index reads it: each word the start of a word, all of them to match,
    with apostrophes gone (obrien and o'brien both find O'Brien); case and accents are folded
    by the index itself."""
    words = re.findall(r"\w+", search.replace("'", "").replace("\u2019", ""))
    return " AND ".join(f'"{word}"*' for word in words)


def count_rows(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT count(*) FROM complaint WHERE voided_on IS NULL").fetchone()[0])


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


def _read_row(row: Any, extensions: tuple[ExtensionRow, ...]) -> CaseRow:
    """The row as stored; one that cannot be read comes back flagged, so the desk and the export
    still show it rather than fail on it."""
    try:
        return _case_row(row, extensions)
    except (ValueError, KeyError, TypeError) as error:
        return CaseRow(
            id=row[0],
            reference=str(row[1]),
            status=Status.OPEN,
            received=EARLIEST,
            resident_name=str(row[15]),
            problem=f"this record cannot be read ({error}): check it",
        )


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
        ground,
        withdrawn,
        closed,
        related,
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
        tenure,
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
        refusal_ground=RefusalGround[ground] if ground else None,
        withdrawn_on=_date(withdrawn),
        closed_on=_date(closed),
        related_to=related or "",
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
        tenure=Tenure[tenure],
        extensions=extensions,
    )


@dataclass(frozen=True, slots=True)
class DueRecord:
    """A record falling due (an action, a review, an Ombudsman order), with its complaint."""

    kind: str
    complaint_id: int
    reference: str
    resident_name: str
    text: str
    due_on: date


def load_due_records(
    db: sqlite3.Connection,
    *,
    by: date | None = None,
    complaints: Collection[int] | None = None,
) -> list[DueRecord]:
    """Records still to be settled that have a date to meet, whatever state their complaint is
    in (6.6: actions are tracked until done); a resident's record shows with their latest
    complaint.

    `by` keeps those falling due by that day and those of open complaints: all the desk and
    the week's agenda need. `complaints` keeps those of the complaints named.
    """
    found = []
    for kind in RECORDS.values():
        if kind.due is None or kind.settled is None or kind.agenda is None:
            continue
        where = f"{kind.due} IS NOT NULL AND {kind.settled} IS NULL"
        if by is not None:
            open_ones = _owned_by(kind.owner, "SELECT id FROM complaint WHERE status = 'OPEN'")
            where += f" AND ({kind.due} <= '{by.isoformat()}' OR {open_ones})"
        if complaints is not None:
            listed = ",".join(str(int(i)) for i in complaints)
            where += f" AND {_owned_by(kind.owner, listed)}"
        records = list(read_records(db, kind, where))
        owners = _owners(db, kind.owner, {getattr(r, kind.owner_column) for r in records})
        for record in records:
            complaint_id, reference, name = owners[getattr(record, kind.owner_column)]
            due = getattr(record, kind.due)
            found.append(
                DueRecord(kind.key, complaint_id, reference, name, kind.agenda(record), due)
            )
    return found


def _owned_by(owner: str, complaints: str) -> str:
    """SQL keeping the records owned by some complaints (given as SQL): a resident's record is
    kept if any of their complaints is among them, a superset of those shown with their
    latest, which is all that narrowing the reading needs."""
    if owner == "complaint":
        return f"complaint_id IN ({complaints})"
    return f"resident_id IN (SELECT resident_id FROM complaint WHERE id IN ({complaints}))"


def _owners(db: sqlite3.Connection, owner: str, ids: set[int]) -> dict[int, tuple[int, str, str]]:
    """Each owner's complaint: its id, reference and resident's name."""
    if not ids:
        return {}
    listed = ",".join(str(int(i)) for i in ids)
    if owner == "complaint":
        sql = (
            "SELECT c.id, c.id, c.reference, r.name FROM complaint AS c "
            f"JOIN resident AS r ON r.id = c.resident_id WHERE c.id IN ({listed})"
        )
    else:
        sql = (
            "SELECT r.id, c.id, c.reference, r.name FROM resident AS r JOIN complaint AS c "
            "ON c.id = (SELECT max(id) FROM complaint WHERE resident_id = r.id) "
            f"WHERE r.id IN ({listed})"
        )
    return {
        key: (complaint_id, reference, name)
        for key, complaint_id, reference, name in db.execute(sql)
    }


def load_follow_through(db: sqlite3.Connection) -> dict[int, dict[str, str]]:
    """Each complaint's follow-through records, one line a record, by export column."""
    of_resident: dict[int, list[int]] = defaultdict(list)
    for complaint_id, resident_id in db.execute("SELECT id, resident_id FROM complaint"):
        of_resident[resident_id].append(complaint_id)
    found: dict[int, dict[str, str]] = defaultdict(dict)
    for kind in RECORDS.values():
        lines: dict[int, list[str]] = defaultdict(list)
        for record in read_records(db, kind):
            lines[getattr(record, kind.owner_column)].append(kind.describe(record))
        for owner, described in lines.items():
            complaints = [owner] if kind.owner == "complaint" else of_resident.get(owner, [])
            for complaint_id in complaints:
                found[complaint_id][kind.column] = "\n".join(described)
    return found
