"""The Code's deadlines of one complaint: due, done, met or missed, and the countdown."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import DataTable

from store.case import Case
from store.clock import Deadline, WorkingCalendar, countdown, describe_countdown


class DeadlinesTable(DataTable[object]):
    def on_mount(self) -> None:
        self.add_columns("Deadline", "Due", "Done", "")

    def show(self, case: Case, calendar: WorkingCalendar, today: date) -> None:
        self.clear()
        clock = case.clock(calendar)
        for stage in (clock.stage1, clock.stage2):
            if stage is None:
                continue
            for deadline in (stage.acknowledgement, stage.response):
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
