"""The year's reports on the desk: the Tenant Satisfaction Measures and the main figures, drawn
in the terminal, and each document one key away."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, ProgressBar, Static
from textual_plotext import PlotextPlot

from reports.figures import Figures, figures
from reports.source import Source, read_source
from reports.tsm import GROUP_NAMES, Figure, Measures, measure
from reports.year import ReportingYear
from store.paths import reports_dir
from tui.failures import ReportsFailures
from tui.office import Office
from tui.widgets.fitted import NARROW, Column, FittedTable

if TYPE_CHECKING:
    from reports.annual import Progress


# The measures as a narrow terminal has room for them.
# A measure's code and its figure for each group of homes.
MeasureRow = tuple[str, dict[str, Figure]]

SHORT = {
    "CH01-1": "Stage 1 received per 1,000 homes",
    "CH01-2": "Stage 2 received per 1,000 homes",
    "CH02-1": "Stage 1 answered in time (%)",
    "CH02-2": "Stage 2 answered in time (%)",
}


class ReportsScreen(ReportsFailures, Screen[None]):
    """The reporting year's figures; a, s and b make the documents."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "year(-1)", "Year before", tooltip="The year before"),
        Binding("right_square_bracket", "year(1)", "Year after", tooltip="The year after"),
        Binding("a", "make('annual')", "Annual report", tooltip="The annual report (8.1)"),
        Binding(
            "s", "make('self-assessment')", "Self-assessment", tooltip="The self-assessment form"
        ),
        Binding(
            "e",
            "answers",
            "Answer the self-assessment",
            tooltip="Your answers to each provision of the Code, kept for the year",
        ),
        Binding("b", "make('board')", "Board pack", tooltip="The last full quarter (9.7)"),
        Binding("escape", "back", "Back", tooltip="Back to the desk"),
    ]

    def __init__(self, office: Office) -> None:
        super().__init__()
        self.office = office
        self.year = ReportingYear.last_ended(office.today())
        self.source: Source | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="reports-title", classes="section")
        with VerticalScroll(id="reports-body"):
            yield FittedTable(self._columns, id="tsm")
            with Horizontal(id="report-figures"):
                yield Static(id="main-figures")
                yield PlotextPlot(id="by-quarter")
            yield Static(id="left-out", classes="hint", markup=False)
        yield ProgressBar(id="making", total=None, show_eta=False)
        yield Static(id="made", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#making").display = False
        self._load()

    @work(thread=True, exclusive=True, group="figures", exit_on_error=False)
    def _load(self) -> None:
        office = self.office
        source = office.casefile.read(read_source, office.today())
        year = self.year
        numbers = figures(source, year, year.quarters)
        measures = measure(source.rows, source.settings, source.calendar, year)
        self.app.call_from_thread(self._show, source, numbers, measures)

    def _show(self, source: Source, numbers: Figures, measures: Measures) -> None:
        self.source = source
        self.query_one("#reports-title", Static).update(
            f"Reporting year {self.year.name}: {self.year.label}"
        )
        self.query_one("#tsm", FittedTable).show(
            [(key, (key, measures.measures[key])) for key in SHORT]
        )
        one, two = numbers.stages[1], numbers.stages[2]
        self.query_one("#main-figures", Static).update(
            "\n".join(
                (
                    f"Stage 1 received: {one.received}; stage 2: {two.received}",
                    f"Acknowledged in time: {one.acknowledged}",
                    f"Stage 1 answered in time: {one.answered}",
                    f"Stage 2 answered in time: {two.answered}",
                    f"Escalated: {numbers.escalation_rate}",
                    f"Remedies offered: {numbers.remedies['offered']}, "
                    f"paid: {numbers.remedies['paid']}",
                    f"Learning recorded: {sum(bool(c.learning) for c in numbers.closings)} "
                    f"of {numbers.closed} closed",
                )
            )
        )
        plot = self.query_one("#by-quarter", PlotextPlot).plt
        plot.clear_data()
        names = [name.split(" ")[0] for name, _, _ in numbers.by_quarter]
        plot.multiple_bar(
            names,
            [[first for _, first, _ in numbers.by_quarter], [s for _, _, s in numbers.by_quarter]],
            labels=["Stage 1", "Stage 2"],  # type: ignore[call-arg]  # its stub says "label"
        )
        plot.title("Complaints received by quarter")
        self.query_one("#by-quarter", PlotextPlot).refresh()
        self.query_one("#left-out", Static).update(
            "Left out of the measures: " + " ".join(measures.left_out.sentences())
        )

    def _columns(self, width: int) -> list[Column[MeasureRow]]:
        """The measures for a width: below 100 columns each figure without its fraction."""
        short = width < NARROW

        def figure(group: str) -> Callable[[MeasureRow], str]:
            def cell(row: MeasureRow) -> str:
                shown: Figure = row[1][group]
                return shown.shown() + ("" if short else f" ({shown.fraction()})")

            return cell

        return [
            Column("measure", "Measure", lambda row: f"{row[0]} {SHORT[row[0]]}", 40, grows=True),
            *(Column(group, name, figure(group), 26) for group, name in GROUP_NAMES.items()),
        ]

    def action_year(self, step: int) -> None:
        self.year = ReportingYear.of(self.year.start.year + step)
        self._load()

    def action_answers(self) -> None:
        from tui.dialogs.assessment import AnswersScreen

        self.app.push_screen(AnswersScreen(self.office, self.year))

    def action_make(self, report: str) -> None:
        if self.source is None:
            return
        self.query_one("#making").display = True
        self.query_one("#made", Static).update(f"Making the {report} report…")
        self._make(report, self.source)

    @work(thread=True, exclusive=True, group="make", exit_on_error=False)
    def _make(self, report: str, source: Source) -> None:
        folder = reports_dir(self.office.settings.letters_folder)

        def progress(step: str) -> None:
            self.app.call_from_thread(self.query_one("#made", Static).update, f"{step}…")

        try:
            made = _documents(self.office, report, source, self.year, folder, progress)
        finally:
            self.app.call_from_thread(setattr, self.query_one("#making"), "display", False)
        self.app.call_from_thread(self._made, made)

    def _made(self, made: list[Path]) -> None:
        self.query_one("#made", Static).update("Saved " + " and ".join(map(str, made)))
        self.notify("Saved " + " and ".join(map(str, made)), title="Report made", timeout=10)

    def action_back(self) -> None:
        self.app.pop_screen()


def _documents(
    office: Office,
    report: str,
    source: Source,
    year: ReportingYear,
    folder: Path,
    progress: Progress,
) -> list[Path]:
    if report == "annual":
        from reports.annual import annual_report

        return [annual_report(source, year, folder, progress)]
    if report == "board":
        from reports.board import board_pack
        from reports.year import last_full_quarter

        return [board_pack(source, last_full_quarter(office.today()), folder, progress)]
    from reports.self_assessment import self_assessment
    from store.assessment import load_answers

    answers = office.casefile.read(load_answers, year.start.year)
    docx, sheet, _ = self_assessment(source, year, answers, folder)
    return [docx, sheet]
