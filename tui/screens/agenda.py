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
from store.clock import describe_countdown
from store.formats import long_date
from tui.failures import ReportsFailures
from tui.office import Office
from tui.widgets.fitted import NARROW, WIDE, Column, FittedTable


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
        yield FittedTable(self._columns, id="agenda")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(FittedTable).focus()

    def _columns(self, width: int) -> list[Column[AgendaItem]]:
        """The agenda's columns for a width: what is due always gets the room left."""
        error = self.app.theme_variables.get("text-error", "red")
        short = width < NARROW

        def countdown(item: AgendaItem) -> Text:
            text = describe_countdown(item.left, short=short)
            return Text(text, style=f"bold {error}" if item.left < 0 else "")

        date_format = "%a %d %b %Y" if width >= WIDE else "%d %b %Y"
        return [
            Column("due", "Due", lambda item: item.due.strftime(date_format), 15),
            Column("countdown", "Working days" if short else "Countdown", countdown, 26),
            Column("reference", "Reference", lambda item: item.reference, 14),
            Column("resident", "Resident", lambda item: item.resident, 16 if short else 24),
            Column("what", "What", lambda item: item.what, 80, grows=True),
        ]

    def on_screen_resume(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        office = self.office
        today, calendar = office.today(), office.calendar
        items = office.casefile.read(workload, calendar, today, office.settings.due_soon_days).items
        self.app.call_from_thread(self._show, items, today)

    def _show(self, items: list[AgendaItem], today: date) -> None:
        overdue = sum(item.left < 0 for item in items)
        self.query_one("#agenda-title", Static).update(
            f"Due by the end of this week: {len(items)} ({overdue} overdue)    {long_date(today)}"
        )
        table = self.query_one(FittedTable)
        table.show([(f"{index}:{item.complaint_id}", item) for index, item in enumerate(items)])

    @on(DataTable.RowSelected, "#agenda")
    def _open(self, event: DataTable.RowSelected) -> None:
        from tui.screens.complaint import show_complaint

        assert event.row_key.value is not None
        complaint_id = int(event.row_key.value.split(":")[1])
        show_complaint(self.app, self.office, complaint_id)

    def action_back(self) -> None:
        self.app.pop_screen()
