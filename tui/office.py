"""What every screen works with: the open file, its settings and working calendar, and today.

Screens and forms are given the office rather than reaching through the app, so each can be
built and tested on its own, and none needs to import the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from store.casefile import CaseFile
from store.clock import WorkingCalendar
from store.settings import Settings


@dataclass
class Office:
    casefile: CaseFile
    today: Callable[[], date]
    settings: Settings
    calendar: WorkingCalendar
    generation: int = 0
    """Counts the changes made from the desk, so a screen knows when what it shows is stale."""

    @classmethod
    def open(cls, casefile: CaseFile, today: Callable[[], date]) -> Office:
        settings = casefile.settings()
        office = cls(casefile, today, settings, casefile.calendar(settings, today()))
        office.sign(settings)
        return office

    def sign(self, settings: Settings) -> None:
        """What the desk does is done by the officer the settings name, where they name one."""
        if settings.officer_name:
            self.casefile.actor = settings.officer_name

    def changed(self) -> None:
        self.generation += 1

    def stamp(self) -> tuple[int, int, int]:
        """What says whether the file has changed since a screen last read it: the changes
        made here, and the file as another program leaves it."""
        return (self.generation, *self.casefile.stamp())

    def apply(self, settings: Settings) -> None:
        """New settings take effect at once: the closure days and region change the calendar."""
        self.settings = settings
        self.sign(settings)
        self.changed()
        self.calendar = self.casefile.calendar(settings, self.today())
