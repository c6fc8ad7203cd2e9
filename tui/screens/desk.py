"""The desk: open complaints, most urgent first, with countdowns to each deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static
from textual.worker import get_current_worker

from store.agenda import (
    DeskEntry,
    Summary,
    Urgency,
    View,
    Workload,
    in_view,
    page,
    workload,
)
from store.clock import describe_countdown
from store.formats import listed, long_date
from store.settings import Settings, missing_for_letters
from tui.failures import ReportsFailures
from tui.office import Office
from tui.widgets.fitted import NARROW, WIDE, Column, FittedTable

if TYPE_CHECKING:
    from store.case import Case

# Closed and all complaints can run to 100,000: the desk lists the newest this many, and
# fewer matches of a search, which narrows with each letter typed.
LIMIT = 1000
SEARCH_LIMIT = 200


@dataclass(frozen=True)
class Listing:
    entries: list[DeskEntry]
    summary: Summary
    more: bool
    today: date
    search: str
    settings: Settings


class DeskScreen(ReportsFailures, Screen[None]):
    """Everything open, most urgent first. Enter opens a complaint."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "log_complaint", "New complaint", tooltip="Log a new complaint (intake)"),
        Binding("slash", "search", "Search", tooltip="Search by reference, name, address, text"),
        Binding("f", "next_view", "Filter", tooltip="Switch the list: open, overdue, stage..."),
        Binding(
            "t",
            "agenda",
            "Due this week",
            tooltip="Everything due by the end of the week: deadlines and actions",
        ),
        Binding("o", "settings", "Settings", tooltip="The landlord's settings and closure days"),
        Binding(
            "R",
            "reports",
            "Reports",
            tooltip="The year's figures, the annual report, the self-assessment, the board pack",
        ),
        Binding("escape", "clear_search", "Clear search", show=False),
    ]

    view: reactive[View] = reactive(View.OPEN)
    search: reactive[str] = reactive("")

    def __init__(self, office: Office) -> None:
        super().__init__()
        self.office = office
        self._today: date | None = None
        self._workload: tuple[object, Workload] | None = None
        self._shown: Listing | None = None
        self._asked: object = None
        """What the list last asked for was read from: the file, the day, filter and search."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield Static(id="reminder", classes="warning")
        with Horizontal(id="tools"):
            yield Input(placeholder="Search: reference, name, address or words", id="search")
            yield Select(
                [(view.value, view) for view in View],
                value=View.OPEN,
                allow_blank=False,
                id="view",
            )
        yield FittedTable(self._columns, id="complaints")
        yield Static(id="more")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(FittedTable).focus()
        # The first list is read at once, so the desk's first paint already shows it.
        self._asked = self._source(self.view, self.search)
        self._show(self._listing(self.view, self.search))
        # Countdowns must move on at midnight even if the desk is left open.
        self.set_interval(60, self._check_day)

    def on_screen_resume(self) -> None:
        self.reload()

    def _check_day(self) -> None:
        if self._today is not None and self.office.today() != self._today:
            self.reload()

    def watch_view(self) -> None:
        self.reload()

    def watch_search(self) -> None:
        self.reload()

    def reload(self) -> None:
        if not self.is_mounted:
            return
        source = self._source(self.view, self.search)
        # Back from a complaint that changed nothing, the list last asked for is still right.
        if source != self._asked:
            self._asked = source
            self._load(self.view, self.search)

    def _source(self, view: View, search: str) -> object:
        return (self._stamp(), view, search)

    def _stamp(self) -> tuple[object, date]:
        """Whether the file or the day has moved on since the desk last read it."""
        return (self.office.stamp(), self.office.today())

    @work(thread=True, exclusive=True, group="desk", exit_on_error=False)
    def _load(self, view: View, search: str) -> None:
        listing = self._listing(view, search)
        # A newer search or filter has started: its listing, not this one, is the one to paint.
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, listing)

    def _listing(self, view: View, search: str) -> Listing:
        office = self.office
        stamp = self._stamp()
        today, calendar = stamp[1], office.calendar
        due_soon = office.settings.due_soon_days
        casefile = office.casefile
        # What needs the officer is worked out once per change to the file, not per keystroke.
        if self._workload is None or self._workload[0] != stamp:
            self._workload = (stamp, casefile.read(workload, calendar, today, due_soon))
        work_now = self._workload[1]
        most = SEARCH_LIMIT if search.strip() else LIMIT
        found = casefile.read(page, view, search, calendar, today, due_soon, most=most)
        entries, more = found if found is not None else (work_now.entries, False)
        if not search.strip():
            entries = [entry for entry in entries if in_view(entry, view, today)]
        return Listing(entries, work_now.summary, more, today, search, office.settings)

    def _show(self, listing: Listing) -> None:
        if listing == self._shown:
            return  # the file changed, but not what this list shows: nothing to repaint
        self._shown = listing
        self._today = listing.today
        self.query_one("#summary", Static).update(
            f"{listing.summary}    {long_date(listing.today)}"
        )
        settings = self.office.settings
        missing = missing_for_letters(settings)
        reminder = self.query_one("#reminder", Static)
        reminder.display = bool(missing or settings.unusable)
        if settings.unusable:
            reminder.update(
                f"{settings.unusable[0]} The default is used until you set it: press o for "
                "Settings."
            )
        elif missing:
            reminder.update(f"Letters need {listed(missing)}: press o for Settings.")
        table = self.query_one("#complaints", FittedTable)
        table.show([(str(entry.id), entry) for entry in listing.entries], table.selected_key())
        shown = len(listing.entries)
        if listing.more and listing.search.strip():
            note = f"Showing the newest {SEARCH_LIMIT:,} matches: type more to narrow them."
        elif listing.more:
            note = f"Showing the newest {LIMIT:,}: search to narrow the list."
        elif not shown:
            note = "Nothing here." + (" Press n to log a complaint." if not self.search else "")
        else:
            note = f"{shown:,} complaint{'s' if shown != 1 else ''}. Enter opens one."
        self.query_one("#more", Static).update(note)

    def _columns(self, width: int) -> list[Column[DeskEntry]]:
        """The desk's columns for a width: the countdown and due date always among them."""
        colours = self.app.theme_variables
        styles = {
            Urgency.CHECK: colours.get("text-error", "red"),
            Urgency.OVERDUE: colours.get("text-error", "red"),
            Urgency.DUE_SOON: colours.get("text-warning", "yellow"),
        }
        short = width < NARROW

        def countdown(entry: DeskEntry) -> Text:
            style = styles.get(entry.urgency, "")
            text = "" if entry.left is None else describe_countdown(entry.left, short=short)
            return Text(text, style=f"bold {style}" if style else "")

        date_format = "%a %d %b %Y" if width >= WIDE else "%d %b %Y"
        reference = Column[DeskEntry]("reference", "Reference", lambda e: e.reference, 14)
        resident = Column[DeskEntry](
            "resident", "Resident", lambda e: e.resident, 16 if short else 24
        )
        step = Column[DeskEntry]("step", "Next step", lambda e: e.step, 60, grows=True)
        due = Column[DeskEntry](
            "due", "Due", lambda e: e.due.strftime(date_format) if e.due else "", 15
        )
        left = Column[DeskEntry](
            "countdown", "Working days" if short else "Countdown", countdown, 26
        )
        if short:
            return [reference, resident, due, left, step]
        stage = Column[DeskEntry]("stage", "Stage", lambda e: str(e.stage), 5)
        flags = Column[DeskEntry]("flags", "Flags", lambda e: ", ".join(e.flags), 40, grows=True)
        return [reference, resident, stage, step, due, left, flags]

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search = event.value

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one(DataTable).focus()

    @on(Select.Changed, "#view")
    def _view_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, View):
            self.view = event.value

    @on(DataTable.RowSelected, "#complaints")
    def _open(self, event: DataTable.RowSelected) -> None:
        from tui.screens.complaint import show_complaint

        if event.row_key.value is not None:
            show_complaint(self.app, self.office, int(event.row_key.value))

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        self.query_one(DataTable).focus()

    def action_next_view(self) -> None:
        views = list(View)
        self.query_one("#view", Select).value = views[(views.index(self.view) + 1) % len(views)]

    def action_log_complaint(self) -> None:
        from tui.dialogs.intake import LogComplaintDialog
        from tui.screens.complaint import show_complaint

        def logged(case: Case | None) -> None:
            if case is not None and case.id is not None:
                show_complaint(self.app, self.office, case.id)

        self.app.push_screen(LogComplaintDialog(self.office), logged)

    def action_agenda(self) -> None:
        from tui.screens.agenda import AgendaScreen

        self.app.push_screen(AgendaScreen(self.office))

    def action_reports(self) -> None:
        from tui.screens.reports import ReportsScreen

        self.app.push_screen(ReportsScreen(self.office))

    def action_settings(self) -> None:
        from tui.dialogs.settings import SettingsDialog

        self.app.push_screen(SettingsDialog(self.office))
