"""What every screen works with: the open file, its settings and working calendar, and today.

Screens and forms are given the office rather than reaching through the app, so each can be
built and tested on its own, and none needs to import the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from store.calendar_cache import working_calendar
from store.clock import WorkingCalendar
from store.db import Store
from store.settings import Settings, load_settings


@dataclass
class Office:
    store: Store
    today: Callable[[], date]
    settings: Settings
    calendar: WorkingCalendar

    @classmethod
    def open(cls, store: Store, today: Callable[[], date]) -> Office:
        with store.connect() as db:
            settings = load_settings(db)
            return cls(store, today, settings, working_calendar(db, settings, today()))

    def apply(self, settings: Settings) -> None:
        """New settings take effect at once: the closure days and region change the calendar."""
        self.settings = settings
        with self.store.connect() as db:
            self.calendar = working_calendar(db, settings, self.today())
