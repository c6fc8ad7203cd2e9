"""The case file on disk: privacy, schema versions, migration, backups, settings."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from store.calendar_cache import working_calendar
from store.case import find_case
from store.db import open_store
from store.errors import StoreError
from store.listing import load_rows
from store.paths import resolve_db_path
from store.safekeeping import KEEP_BACKUPS, backup
from store.schema import SCHEMA_VERSION
from store.settings import Settings, SettingsError, load_settings, update_settings
from tests.factories import logged

FIRST_SCHEMA = Path(__file__).parent / "data" / "schema_v1.sql"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_file_and_folder_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "complaints.sqlite3"
    open_store(path).close()
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_connections_are_set_up_safely(tmp_path: Path) -> None:
    store = open_store(tmp_path / "c.sqlite3")
    with store.engine.connect() as connection:
        pragmas = {
            name: connection.execute(text(f"PRAGMA {name}")).scalar_one()
            for name in ("foreign_keys", "journal_mode", "busy_timeout", "synchronous")
        }
    assert pragmas == {
        "foreign_keys": 1,
        "journal_mode": "wal",
        "busy_timeout": 5000,
        "synchronous": 2,
    }


def test_default_path_and_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_db_path().name == "complaints.sqlite3"
    assert "complaints-tui" in str(resolve_db_path())
    monkeypatch.setenv("COMPLAINTS_TUI_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_db_path() == tmp_path / "env.sqlite3"
    assert resolve_db_path(str(tmp_path / "flag.sqlite3")) == tmp_path / "flag.sqlite3"


def test_a_newer_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    open_store(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="written by a newer version of complaints-tui"):
        open_store(path)


def test_other_files_are_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="not a complaints file"):
        open_store(junk)
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE things (x)")
    with pytest.raises(StoreError, match="not a complaints file"):
        open_store(other)


def test_a_file_of_the_first_schema_opens_with_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.executescript(FIRST_SCHEMA.read_text())
        connection.execute(
            "UPDATE stage SET outstanding_actions = 'Replace the tap\nRepaint the wall', "
            "learning = 'Confirm appointments by text' WHERE complaint_id = 1 AND number = 1"
        )
    store = open_store(path)
    with store.connect() as connection:
        rows = load_rows(connection)
        events = connection.execute("SELECT count(*) FROM event").fetchone()[0]
    assert [row.reference for row in rows] == ["C-2026-0002", "C-2026-0001"]
    assert rows[1].stage1_acknowledged == date(2026, 11, 4)
    assert rows[1].stage1_decision is not None
    assert events == 4
    with store.session() as session:
        case = find_case(session, "C-2026-0001")
    assert case.complaint.learning == "Confirm appointments by text"
    assert [(a.stage, a.what) for a in case.actions] == [
        (1, "Replace the tap"),
        (1, "Repaint the wall"),
    ]
    with store.connect() as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
    assert len(list((tmp_path / "backups").glob("old-*-before-migration-v1.sqlite3"))) == 1
    assert _schema(path) == _schema_of_new_file(tmp_path / "new.sqlite3")


def _schema(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Each table's columns (name, type, not null, default, key) and its indexes."""
    with sqlite3.connect(path) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        found = {}
        for table in tables:
            columns = sorted(row[1:] for row in connection.execute(f"PRAGMA table_info({table})"))
            indexes = sorted(row[1:3] for row in connection.execute(f"PRAGMA index_list({table})"))
            found[table] = columns + indexes
    return found


def _schema_of_new_file(path: Path) -> dict[str, list[tuple[object, ...]]]:
    open_store(path).close()
    return _schema(path)


def test_backup_while_in_use_and_keeps_the_last_few(tmp_path: Path) -> None:
    store = open_store(tmp_path / "c.sqlite3")
    with store.session() as session:
        logged(session)
        copies = [backup(store.path) for _ in range(KEEP_BACKUPS + 2)]
        logged(session)
    assert len(list(copies[-1].parent.glob("c-*.sqlite3"))) == KEEP_BACKUPS
    with sqlite3.connect(copies[-1]) as connection:
        assert connection.execute("SELECT count(*) FROM complaint").fetchone() == (1,)
    named = backup(store.path, tmp_path / "mine.sqlite3")
    assert named == tmp_path / "mine.sqlite3"
    with pytest.raises(StoreError, match="already exists"):
        backup(store.path, named)


def test_settings_live_in_the_file(tmp_path: Path) -> None:
    store = open_store(tmp_path / "c.sqlite3")
    with store.connect() as connection:
        assert (
            load_settings(connection).ombudsman_address == "PO Box 1484, Unit D, Preston, PR2 0ET"
        )
        update_settings(
            connection,
            landlord_name="Fellside Homes",
            region="wls",
            closure_days=[date(2026, 12, 29)],
        )
        with pytest.raises(SettingsError, match="Region: the region must be one of"):
            update_settings(connection, region="Mars")
    store.close()
    with open_store(tmp_path / "c.sqlite3").connect() as connection:
        settings = load_settings(connection)
        calendar = working_calendar(connection, settings, date(2026, 11, 25))
    assert (settings.landlord_name, settings.region) == ("Fellside Homes", "WLS")
    assert calendar.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 30)
    assert Settings().ombudsman_phone == "0300 111 3000"


def test_the_desk_starts_without_the_database_layer() -> None:
    """The cold start's budget: SQLAlchemy and the holidays data load after the first paint."""
    code = (
        "import sys, cli.main, tui.app; "
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'holidays', 'docxtpl') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
