"""Finding text in the file that is not text: bytes that are not UTF-8 in a text column, which
SQLite keeps without complaint but which no read can turn into a string.

Only a damaged file or another program writing to it leaves such bytes. A read that meets them
fails for every row at once; this names the complaint they belong to, so the officer is told
which one, not just that something somewhere is wrong.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from store.records import RECORDS

# The message sqlite3 gives when a text value is not UTF-8.
UNDECODABLE = "Could not decode to UTF-8"

# Each table a complaint's record is read from, with how its rows join their complaint and how
# a sentence names a column of it.
_TABLES: tuple[tuple[str, str, str], ...] = (
    ("complaint", "t.id = c.id", ""),
    ("resident", "t.id = c.resident_id", "resident's "),
    ("stage", "t.complaint_id = c.id", "stage's "),
    ("stageextension", "t.complaint_id = c.id", "extension's "),
    *(
        (
            kind.key,
            f"t.{kind.owner_column} = c.{'id' if kind.owner == 'complaint' else 'resident_id'}",
            f"{kind.noun}'s ",
        )
        for kind in RECORDS.values()
    ),
)


def damaged_text(db: sqlite3.Connection) -> tuple[str, str] | None:
    """The first complaint whose record holds text that is not text, and the field that holds
    it ("description", "resident's name"); None when every text reads."""
    factory = db.text_factory
    db.text_factory = bytes  # read the raw bytes, to see which will not decode
    try:
        return next(_damaged(db), None)
    finally:
        db.text_factory = factory


def _damaged(db: sqlite3.Connection) -> Iterator[tuple[str, str]]:
    for table, joined, owner in _TABLES:
        cursor = db.execute(
            f"SELECT c.reference, t.* FROM {table} AS t JOIN complaint AS c ON {joined} "
            "ORDER BY c.id"
        )
        names = [column[0] for column in cursor.description]
        for row in cursor:
            for name, value in zip(names[1:], row[1:], strict=True):
                if isinstance(value, bytes) and not _decodes(value):
                    reference = row[0].decode("utf-8", errors="replace")
                    yield reference, owner + name.replace("_", " ")


def _decodes(value: bytes) -> bool:
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
