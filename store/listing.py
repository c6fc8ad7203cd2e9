"""Many complaints at once, flattened into plain rows: for the desk, search and export.

One query with its joins, rather than an object graph per complaint, keeps 100,000 complaints
quick to read.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from store.clock import CaseDates
from store.deadlines import ENDINGS, EVENTS, Extension
from store.kinds import Channel, ContactMethod, Decision, RefusalGround, Status, Tenure
from store.records import RECORDS, read_records
from store.rules import EARLIEST

# One complaint a row, each column named as the field of `CaseRow` it fills. Only live records
# count: a letter or an adjustment voided as entered by mistake is not there.
_SELECT = """
SELECT c.id AS id, c.reference AS reference, c.status AS status, c.received_on AS received,
       c.issue_arose_on AS issue_arose, c.category AS category, c.channel AS channel,
       c.service_request AS service_request, c.description AS description,
       c.property_address AS property_address, c.refused_on AS refused_on,
       c.refusal_ground AS refusal_ground, c.withdrawn_on AS withdrawn_on,
       c.closed_on AS closed_on, c.tenure AS tenure, c.version AS version,
       (SELECT reference FROM complaint WHERE id = c.related_to_id) AS related_to,
       r.name AS resident_name, r.address AS address, r.phone AS phone, r.email AS email,
       r.preferred_contact AS preferred_contact,
       s1.handler AS stage1_handler, s1.acknowledged_on AS stage1_acknowledged,
       s1.responded_on AS stage1_responded, s1.decision AS stage1_decision,
       s2.requested_on AS stage2_requested, s2.handler AS stage2_handler,
       s2.acknowledged_on AS stage2_acknowledged, s2.responded_on AS stage2_responded,
       s2.decision AS stage2_decision,
       (SELECT max(dated) FROM correspondence
        WHERE complaint_id = c.id AND direction = 'OUT' AND voided_on IS NULL) AS last_sent,
       EXISTS (SELECT 1 FROM adjustment
               WHERE resident_id = r.id AND ended_on IS NULL AND voided_on IS NULL)
           AS adjustments,
       EXISTS (SELECT 1 FROM restriction
               WHERE resident_id = r.id AND ended_on IS NULL AND voided_on IS NULL)
           AS restricted
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
    version: int = 1
    extensions: tuple[ExtensionRow, ...] = ()
    problem: str = ""
    """Why the row as stored cannot be read or worked out: it is shown, flagged, not hidden."""

    @property
    def stage(self) -> int:
        """The stage it is at: a refused escalation leaves it at stage 1."""
        return 2 if self.stage2_requested and self.status != Status.ESCALATION_REFUSED else 1

    def dates(self) -> CaseDates:
        return dates_of(self.date_fields(), self.status, self.extensions)

    def date_fields(self) -> dict[str, date | None]:
        """Every recorded date, by the names the Code's date rules use (store.rules)."""
        return {name: getattr(self, name) for name in DATE_FIELDS}


# The dates a complaint records, by the names of the catalogue's events and the date rules.
DATE_FIELDS = (
    "issue_arose",
    *(name for name, _ in EVENTS),
    *(name for name, _ in ENDINGS),
)


class _Extended(Protocol):
    @property
    def stage(self) -> int: ...
    @property
    def working_days(self) -> int: ...
    @property
    def agreed_on(self) -> date | None: ...


def dates_of(
    fields: Mapping[str, date | None], status: Status, extensions: Iterable[_Extended]
) -> CaseDates:
    """What a complaint's deadlines depend on, from its recorded dates and extensions."""
    extended = list(extensions)

    def at(stage: int) -> tuple[Extension, ...]:
        return tuple(Extension(e.working_days, e.agreed_on) for e in extended if e.stage == stage)

    refused = status == Status.ESCALATION_REFUSED
    received = fields["received"]
    assert received is not None
    return CaseDates(
        received=received,
        stage1_acknowledged=fields["stage1_acknowledged"],
        stage1_responded=fields["stage1_responded"],
        stage1_extensions=at(1),
        # A refused escalation never started stage 2: it has no stage 2 deadlines.
        stage2_requested=None if refused else fields["stage2_requested"],
        stage2_acknowledged=fields["stage2_acknowledged"],
        stage2_responded=fields["stage2_responded"],
        stage2_extensions=at(2),
        is_open=status == Status.OPEN,
    )


def load_rows(
    db: sqlite3.Connection,
    *,
    statuses: tuple[Status, ...] | None = None,
    search: str = "",
    ids: Iterable[int] | None = None,
    limit: int | None = None,
    voided: bool = False,
) -> list[CaseRow]:
    """Complaints as rows, newest first: of some statuses, matching a search, or those named.

    A complaint voided as logged by mistake is not among them, unless `voided` asks for it.
    """
    clauses, params = ["1" if voided else "c.voided_on IS NULL"], {}
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
    cursor = db.execute(sql, params)
    cursor.row_factory = sqlite3.Row
    rows = cursor.fetchall()
    extensions = _extensions(db, [row["id"] for row in rows] if len(clauses) > 1 else None)
    return [_read_row(row, extensions.get(row["id"], ())) for row in rows]


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


def _read_row(row: sqlite3.Row, extensions: tuple[ExtensionRow, ...]) -> CaseRow:
    """The row as stored; one that cannot be read comes back flagged, so the desk and the export
    still show it rather than fail on it."""
    try:
        return CaseRow(
            **{name: _READ.get(name, _as_is)(row[name]) for name in row.keys()},  # noqa: SIM118
            extensions=extensions,
        )
    except (ValueError, KeyError, TypeError) as error:
        return CaseRow(
            id=row["id"],
            reference=str(row["reference"]),
            status=Status.OPEN,
            received=EARLIEST,
            resident_name=str(row["resident_name"]),
            problem=f"this record cannot be read ({error}): check it",
        )


def _as_is(value: Any) -> Any:
    return value


def _enum(kind: type[Any], *, blank: Any = None) -> Callable[[Any], Any]:
    """A stored enum's name read back as the enum; a blank as `blank`."""
    return lambda name: kind[name] if name else blank


def _required_date(value: Any) -> date:
    found = _date(value)
    if found is None:
        raise ValueError("no date received")
    return found


# How each column is read back, where the stored value is not the field's own.
_READ: dict[str, Callable[[Any], Any]] = {
    "status": _enum(Status),
    "received": _required_date,
    "issue_arose": _date,
    "channel": _enum(Channel),
    "refused_on": _date,
    "refusal_ground": _enum(RefusalGround),
    "withdrawn_on": _date,
    "closed_on": _date,
    "tenure": _enum(Tenure),
    "related_to": lambda reference: reference or "",
    "preferred_contact": _enum(ContactMethod),
    "stage1_handler": lambda name: name or "",
    "stage1_acknowledged": _date,
    "stage1_responded": _date,
    "stage1_decision": _enum(Decision),
    "stage2_requested": _date,
    "stage2_handler": lambda name: name or "",
    "stage2_acknowledged": _date,
    "stage2_responded": _date,
    "stage2_decision": _enum(Decision),
    "last_sent": _date,
    "adjustments": bool,
    "restricted": bool,
}


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
