"""Everything that falls due today or this week: the Code's deadlines and promised actions."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from store.agenda import AgendaItem, workload
from store.formats import long_date
from tui.failures import ReportsFailures
from tui.office import Office


class AgendaScreen(ReportsFailures, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the desk")
    ]

    def __init__(self, office: Office) -> None:
        super().__init__()
        self.office = office

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="agenda-title", classes="section")
        yield DataTable(id="agenda", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Due", "Countdown", "Reference", "Resident", "What")
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        office = self.office
        today, calendar = office.today(), office.calendar
        with office.store.connect() as db:
            items = workload(db, calendar, today, office.settings.due_soon_days).items
        self.app.call_from_thread(self._show, items, today)

    def _show(self, items: list[AgendaItem], today: date) -> None:
        overdue = sum(item.left < 0 for item in items)
        self.query_one("#agenda-title", Static).update(
            f"Due by the end of this week: {len(items)} ({overdue} overdue)    {long_date(today)}"
        )
        table = self.query_one(DataTable)
        table.clear()
        error = self.app.theme_variables.get("text-error", "red")
        for index, item in enumerate(items):
            table.add_row(
                item.due.strftime("%a %d %b %Y"),
                Text(item.countdown, style=f"bold {error}" if item.left < 0 else ""),
                item.reference,
                item.resident,
                item.what,
                key=f"{index}:{item.complaint_id}",
            )

    @on(DataTable.RowSelected, "#agenda")
    def _open(self, event: DataTable.RowSelected) -> None:
        from tui.screens.complaint import ComplaintScreen

        assert event.row_key.value is not None
        complaint_id = int(event.row_key.value.split(":")[1])
        self.app.push_screen(ComplaintScreen(self.office, complaint_id))

    def action_back(self) -> None:
        self.app.pop_screen()
