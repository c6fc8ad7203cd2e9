from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date

import pytest
from sqlmodel import Session

from store.clock import WorkingCalendar
from store.db import Store, open_store

TODAY = date(2026, 11, 25)


@pytest.fixture
def store() -> Iterator[Store]:
    opened = open_store(None)
    yield opened
    opened.close()


@pytest.fixture
def session(store: Store) -> Iterator[Session]:
    with store.session() as opened:
        yield opened


@pytest.fixture
def db(store: Store) -> Iterator[sqlite3.Connection]:
    with store.connect() as connection:
        yield connection


@pytest.fixture(scope="session")
def calendar() -> WorkingCalendar:
    return WorkingCalendar("ENG")


@pytest.fixture(autouse=True)
def _private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test away from the real user's data and documents folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Documents"))
    monkeypatch.delenv("COMPLAINTS_TUI_DB", raising=False)
    # Whoever runs the tests, the timeline says the same account did what the desk did not.
    monkeypatch.setenv("LOGNAME", "officer")
