"""A complaint's timeline, newest first: the Code's full record of what happened and who did
it (5.12)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from store.case import Case
from store.clock import LONDON


class Timeline(Static):
    def show(self, case: Case) -> None:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="dim")
        grid.add_column(ratio=1)
        for event in reversed(case.events):
            line = Text(event.summary)
            if event.actor:
                line.append(f" ({event.actor})", style="dim")
            grid.add_row(event.at.astimezone(LONDON).strftime("%d %b %Y"), line)
        self.update(grid)
