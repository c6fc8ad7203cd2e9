"""The file's schema: creating it, and each migration from an older version, all or nothing.

Python's sqlite3 module runs DDL outside any transaction unless told otherwise, so a kill in the
middle of creating or upgrading a file would leave half a schema for ever. Here every change of
schema runs between an explicit BEGIN IMMEDIATE and COMMIT, with the new version number written
in the same transaction: the file is either wholly at the old version or wholly at the new.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

SCHEMA_VERSION = 6

Execute = Callable[[str, Sequence[Any]], list[Any]]


def execute(connection: sqlite3.Connection, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
    """One statement of a schema change. A single place, so a test can fail any one of them."""
    return connection.execute(sql, parameters).fetchall()


def in_one_transaction(
    connection: sqlite3.Connection, change: Callable[[Execute], None], version: int
) -> None:
    """Run `change` and set the schema version, committing both or neither."""

    def run(sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        return execute(connection, sql, parameters)

    connection.execute("BEGIN IMMEDIATE")
    try:
        change(run)
        execute(connection, f"PRAGMA user_version={int(version)}")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


# What a search looks through, one row per complaint, kept in step by triggers. Apostrophes go
# (O'Brien is found by obrien), and the tokenizer folds case and accents (Zoë by zoe).
_SEARCHED = (
    "replace(replace(c.reference || ' ' || r.name || ' ' || r.address || ' ' || "
    "c.property_address || ' ' || c.category || ' ' || c.description, '''', ''), "
    "'\N{RIGHT SINGLE QUOTATION MARK}', '')"
)
_NEW = _SEARCHED.replace("c.", "new.")
SEARCH_INDEX = (
    "CREATE VIRTUAL TABLE complaint_search USING fts5"
    "(text, tokenize = 'unicode61 remove_diacritics 2')",
    f"""CREATE TRIGGER complaint_search_insert AFTER INSERT ON complaint BEGIN
        INSERT INTO complaint_search (rowid, text)
        SELECT new.id, {_NEW} FROM resident AS r WHERE r.id = new.resident_id;
    END""",
    f"""CREATE TRIGGER complaint_search_update AFTER UPDATE OF reference, description, category,
        property_address, resident_id ON complaint BEGIN
        DELETE FROM complaint_search WHERE rowid = old.id;
        INSERT INTO complaint_search (rowid, text)
        SELECT new.id, {_NEW} FROM resident AS r WHERE r.id = new.resident_id;
    END""",
    """CREATE TRIGGER complaint_search_delete AFTER DELETE ON complaint BEGIN
        DELETE FROM complaint_search WHERE rowid = old.id;
    END""",
    f"""CREATE TRIGGER complaint_search_resident AFTER UPDATE OF name, address ON resident BEGIN
        DELETE FROM complaint_search
        WHERE rowid IN (SELECT id FROM complaint WHERE resident_id = new.id);
        INSERT INTO complaint_search (rowid, text)
        SELECT c.id, {_SEARCHED} FROM complaint AS c JOIN resident AS r ON r.id = c.resident_id
        WHERE r.id = new.id;
    END""",
)


# The officer's answers to the Ombudsman's self-assessment form, one row a provision a year.
SELF_ASSESSMENT = (
    """CREATE TABLE self_assessment (
        year INTEGER NOT NULL,
        provision VARCHAR NOT NULL,
        comply VARCHAR NOT NULL DEFAULT '',
        evidence VARCHAR NOT NULL DEFAULT '',
        commentary VARCHAR NOT NULL DEFAULT '',
        action VARCHAR NOT NULL DEFAULT '',
        action_due DATE,
        PRIMARY KEY (year, provision)
    )""",
)


# The last number given to a reference of each year: taken and raised in the same statement, so
# two writers never take the same one.
REFERENCE_COUNTERS = (
    """CREATE TABLE reference_counter (
        year INTEGER NOT NULL PRIMARY KEY,
        last INTEGER NOT NULL
    )""",
)


def create_schema(connection: sqlite3.Connection) -> None:
    """A new file at the current version, its tables as the models describe them."""
    statements = [*_model_ddl(), *SEARCH_INDEX, *SELF_ASSESSMENT, *REFERENCE_COUNTERS]

    def create(run: Execute) -> None:
        for statement in statements:
            run(statement, ())

    in_one_transaction(connection, create, SCHEMA_VERSION)


def _model_ddl() -> list[str]:
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from store import models  # noqa: F401  (registers the tables)

    dialect = sqlite.dialect()
    statements = []
    for table in SQLModel.metadata.sorted_tables:
        statements.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        statements += [
            str(CreateIndex(index).compile(dialect=dialect)).strip() for index in table.indexes
        ]
    return statements


def migrate(connection: sqlite3.Connection, version: int) -> None:
    """Take a file from `version` to the current one, a step at a time, each step whole."""
    while version < SCHEMA_VERSION:
        in_one_transaction(connection, MIGRATIONS[version], version + 1)
        version += 1


# The tables of version 2, written out rather than taken from the models, so that step stays
# what it was when the models move on.
_FOLLOW_THROUGH_TABLES = (
    """CREATE TABLE outstanding_action (
        id INTEGER NOT NULL PRIMARY KEY,
        complaint_id INTEGER NOT NULL REFERENCES complaint (id),
        stage INTEGER NOT NULL,
        what VARCHAR NOT NULL,
        who VARCHAR NOT NULL,
        due_on DATE,
        done_on DATE)""",
    "CREATE INDEX ix_outstanding_action_complaint_id ON outstanding_action (complaint_id)",
    """CREATE TABLE representative (
        id INTEGER NOT NULL PRIMARY KEY,
        complaint_id INTEGER NOT NULL UNIQUE REFERENCES complaint (id),
        name VARCHAR NOT NULL,
        relationship VARCHAR NOT NULL,
        address VARCHAR NOT NULL,
        phone VARCHAR NOT NULL,
        email VARCHAR NOT NULL,
        authority_confirmed_on DATE)""",
    """CREATE TABLE correspondence (
        id INTEGER NOT NULL PRIMARY KEY,
        complaint_id INTEGER NOT NULL REFERENCES complaint (id),
        dated DATE NOT NULL,
        direction VARCHAR(3) NOT NULL,
        channel VARCHAR(12) NOT NULL,
        summary VARCHAR NOT NULL,
        document VARCHAR NOT NULL)""",
    "CREATE INDEX ix_correspondence_complaint_id ON correspondence (complaint_id)",
    """CREATE TABLE adjustment (
        id INTEGER NOT NULL PRIMARY KEY,
        resident_id INTEGER NOT NULL REFERENCES resident (id),
        need VARCHAR NOT NULL,
        letter_format VARCHAR(11) NOT NULL,
        agreed_on DATE NOT NULL,
        review_on DATE,
        ended_on DATE)""",
    "CREATE INDEX ix_adjustment_resident_id ON adjustment (resident_id)",
    """CREATE TABLE restriction (
        id INTEGER NOT NULL PRIMARY KEY,
        resident_id INTEGER NOT NULL REFERENCES resident (id),
        reason VARCHAR NOT NULL,
        restriction VARCHAR NOT NULL,
        started_on DATE NOT NULL,
        review_on DATE,
        ended_on DATE)""",
    "CREATE INDEX ix_restriction_resident_id ON restriction (resident_id)",
    """CREATE TABLE remedy (
        id INTEGER NOT NULL PRIMARY KEY,
        complaint_id INTEGER NOT NULL REFERENCES complaint (id),
        kind VARCHAR(15) NOT NULL,
        offered VARCHAR NOT NULL,
        offered_on DATE NOT NULL,
        amount_offered INTEGER,
        accepted_on DATE,
        amount_paid INTEGER,
        paid_on DATE)""",
    "CREATE INDEX ix_remedy_complaint_id ON remedy (complaint_id)",
    """CREATE TABLE ombudsman_case (
        id INTEGER NOT NULL PRIMARY KEY,
        complaint_id INTEGER NOT NULL UNIQUE REFERENCES complaint (id),
        referred_on DATE NOT NULL,
        case_number VARCHAR NOT NULL,
        determined_on DATE,
        determination VARCHAR NOT NULL)""",
    """CREATE TABLE ombudsman_order (
        id INTEGER NOT NULL PRIMARY KEY,
        complaint_id INTEGER NOT NULL REFERENCES complaint (id),
        requirement VARCHAR NOT NULL,
        due_on DATE,
        complied_on DATE)""",
    "CREATE INDEX ix_ombudsman_order_complaint_id ON ombudsman_order (complaint_id)",
)


def _follow_through_records(run: Execute) -> None:
    """Version 2: the records of following a complaint through (code-rules.md section 2).

    Outstanding actions become records of their own; representatives, correspondence,
    remedies, reasonable adjustments, contact restrictions and the Ombudsman's case and orders
    arrive; a complaint gains its service request, the complaint it was raised from, and its
    learning.

    The DDL is written out, not taken from the models, so this step stays what it was when
    the models move on.
    """
    for statement in _FOLLOW_THROUGH_TABLES:
        run(statement, ())
    for column in (
        "service_request VARCHAR DEFAULT '' NOT NULL",
        "related_to_id INTEGER REFERENCES complaint (id)",
        "learning VARCHAR DEFAULT '' NOT NULL",
        "improvement VARCHAR DEFAULT '' NOT NULL",
    ):
        run(f"ALTER TABLE complaint ADD COLUMN {column}", ())
    rows = run(
        "SELECT complaint_id, number, outstanding_actions FROM stage "
        "WHERE outstanding_actions != ''",
        (),
    )
    for complaint_id, number, actions in rows:
        for line in actions.splitlines():
            if line.strip():
                run(
                    "INSERT INTO outstanding_action (complaint_id, stage, what, who) "
                    "VALUES (?, ?, ?, '')",
                    (complaint_id, number, line.strip()),
                )
    run("ALTER TABLE stage DROP COLUMN outstanding_actions", ())
    # Learning moves from each response to the complaint, recorded on closing (9.1).
    run(
        "UPDATE complaint SET learning = (SELECT group_concat(learning, char(10)) FROM stage "
        "WHERE stage.complaint_id = complaint.id AND learning != '') "
        "WHERE id IN (SELECT complaint_id FROM stage WHERE learning != '')",
        (),
    )
    run("ALTER TABLE stage DROP COLUMN learning", ())


RECORD_TABLES = (
    "outstanding_action",
    "representative",
    "correspondence",
    "adjustment",
    "restriction",
    "remedy",
    "ombudsman_case",
    "ombudsman_order",
)


def _signatures_tenure_voiding_and_search(run: Execute) -> None:
    """Version 3: who signs each stage's letters and in what role, which parts of a complaint
    were upheld, the complainant's tenure (the Tenant Satisfaction Measures count tenants by
    tenure), voiding a record logged by mistake while keeping it for the record, and the index
    searching goes through."""
    for statement in (
        "ALTER TABLE stage ADD COLUMN handler_role VARCHAR DEFAULT '' NOT NULL",
        "ALTER TABLE stage ADD COLUMN upheld_parts VARCHAR DEFAULT '' NOT NULL",
        "ALTER TABLE complaint ADD COLUMN tenure VARCHAR(16) DEFAULT 'RENTED' NOT NULL",
        "ALTER TABLE complaint ADD COLUMN voided_on DATE",
        "ALTER TABLE complaint ADD COLUMN void_reason VARCHAR DEFAULT '' NOT NULL",
    ):
        run(statement, ())
    for table in RECORD_TABLES:
        run(f"ALTER TABLE {table} ADD COLUMN voided_on DATE", ())
        run(f"ALTER TABLE {table} ADD COLUMN void_reason VARCHAR DEFAULT '' NOT NULL", ())
    for statement in SEARCH_INDEX:
        run(statement, ())
    run(
        f"INSERT INTO complaint_search (rowid, text) SELECT c.id, {_SEARCHED} "
        "FROM complaint AS c JOIN resident AS r ON r.id = c.resident_id",
        (),
    )


def _related_complaints_index(run: Execute) -> None:
    """Version 4: the complaints raised from each one, found by index rather than by reading
    every complaint each time one is opened."""
    run("CREATE INDEX ix_complaint_related_to_id ON complaint (related_to_id)", ())


def _self_assessment(run: Execute) -> None:
    """Version 5: the self-assessment's answers, kept a year at a time."""
    for statement in SELF_ASSESSMENT:
        run(statement, ())


def _versions_actors_and_references(run: Execute) -> None:
    """Version 6: each complaint's version, so a change made to an out-of-date copy is refused;
    who did each thing on the timeline; and references counted so no two writers share one."""
    run("ALTER TABLE complaint ADD COLUMN version INTEGER DEFAULT 1 NOT NULL", ())
    run("ALTER TABLE event ADD COLUMN actor VARCHAR DEFAULT '' NOT NULL", ())
    for statement in REFERENCE_COUNTERS:
        run(statement, ())


# Each step takes a file from version N to N + 1, inside one transaction.
MIGRATIONS: dict[int, Callable[[Execute], None]] = {
    1: _follow_through_records,
    2: _signatures_tenure_voiding_and_search,
    3: _related_complaints_index,
    4: _self_assessment,
    5: _versions_actors_and_references,
}
