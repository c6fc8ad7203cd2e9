"""Every deadline of one complaint, as the catalogue declares them: due, done, met or missed,
and the countdown."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import DataTable

from store.case import Case
from store.clock import WorkingCalendar, countdown, describe_countdown
from store.deadlines import Deadline


class DeadlinesTable(DataTable[object]):
    def on_mount(self) -> None:
        self.add_columns("Deadline", "Due", "Done", "")

    def show(self, case: Case, calendar: WorkingCalendar, today: date) -> None:
        self.clear()
        clock = case.clock(calendar)
        for deadline in clock.deadlines.values():
            is_next = deadline is clock.next_deadline
            self.add_row(*self._row(deadline, calendar, today, is_next))

    def _row(
        self, deadline: Deadline, calendar: WorkingCalendar, today: date, is_next: bool
    ) -> tuple[object, ...]:
        colours = self.app.theme_variables
        extended = f" (+{deadline.extended_by} days)" if deadline.extended_by else ""
        if deadline.met is True:
            verdict = Text("met", style=colours.get("text-success", "green"))
        elif deadline.met is False:
            verdict = Text("missed", style=colours.get("text-error", "red"))
        elif is_next:
            left = countdown(calendar, deadline.due, today)
            style = colours.get("text-error", "red") if left < 0 else ""
            verdict = Text(describe_countdown(left), style=style)
        else:
            verdict = Text("")
        done = deadline.done.strftime("%d %b %Y") if deadline.done else ""
        return (deadline.name + extended, deadline.due.strftime("%a %d %b %Y"), done, verdict)
