"""The officer's answers to the self-assessment: each provision of the Code, yes or no, the
evidence and commentary, and for a no the action and date that will put it right."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Select, Static

from reports.self_assessment import Provision, provisions
from reports.year import ReportingYear
from store.assessment import Answer, load_answers, save_answer
from tui.dialogs.form import FormDialog, Write, date_input, field, text_area
from tui.failures import told
from tui.office import Office


class AnswersScreen(ModalScreen[None]):
    """Every provision with its answer for the year; Enter answers the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, office: Office, year: ReportingYear) -> None:
        super().__init__()
        self.office, self.year = office, year
        self.provisions = {provision.number: provision for provision in provisions()}

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(f"Self-assessment {self.year.name}: your answers", classes="heading")
            yield Static(
                "Enter answers the highlighted provision. Answers not yet given this year "
                "start from the last ones given, marked with their year.",
                classes="intro",
            )
            yield DataTable(id="answers", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Code", "Comply", "Action", "From")
        self._show()
        table.focus()

    def _show(self) -> None:
        table = self.query_one(DataTable)
        selected = table.cursor_row
        table.clear()
        with told(self):
            self._fill(table, self.office.casefile.read(load_answers, self.year.start.year))
        table.move_cursor(row=selected)

    def _fill(self, table: DataTable[str], answers: dict[str, tuple[Answer, int]]) -> None:
        for number in self.provisions:
            answer, given = answers.get(number, (Answer(), 0))
            action = "NEEDED" if answer.needs_action else _day(answer)
            table.add_row(
                number,
                answer.comply or "-",
                action,
                "" if given in (0, self.year.start.year) else str(given),
                key=number,
            )

    @on(DataTable.RowSelected, "#answers")
    def _answer(self, event: DataTable.RowSelected) -> None:
        number = str(event.row_key.value)
        with told(self):
            answers = self.office.casefile.read(load_answers, self.year.start.year)
            answer = answers.get(number, (Answer(), 0))[0]
            dialog = AnswerDialog(self.office, self.year, self.provisions[number], answer)
            self.app.push_screen(dialog, lambda _saved: self._show())

    def action_close(self) -> None:
        self.dismiss(None)


class AnswerDialog(FormDialog[Answer]):
    def __init__(
        self, office: Office, year: ReportingYear, provision: Provision, answer: Answer
    ) -> None:
        super().__init__(office)
        self.year, self.provision, self.answer = year, provision, answer

    def heading(self) -> str:
        return f"Provision {self.provision.number}: {self.year.name}"

    def fields(self) -> Iterator[Widget]:
        answer = self.answer
        yield Static(self.provision.requirement, classes="intro")
        yield field(
            "Comply",
            Select(
                [("Yes", "yes"), ("No", "no")],
                value=answer.comply or Select.NULL,
                prompt="Not answered",
                id="comply",
            ),
        )
        yield field("Evidence", text_area("evidence", answer.evidence))
        yield field("Commentary or explanation", text_area("commentary", answer.commentary))
        yield field(
            "If not: what will be done",
            text_area("action", answer.action),
            'A "No" needs an action and a date.',
        )
        yield field(
            "By when",
            date_input("action_due", answer.action_due),
        )

    def submit(self) -> Write[Answer]:
        due = self.date_of("action_due", required=False)
        self.stop_if_problems()
        answer = Answer(
            comply=str(self.choice_of("comply") or ""),
            evidence=self.text_of("evidence"),
            commentary=self.text_of("commentary"),
            action=self.text_of("action"),
            action_due=due,
        )
        casefile, year, number = self.office.casefile, self.year.start.year, self.provision.number

        def write() -> Answer:
            casefile.read(save_answer, year, number, answer)
            return answer

        return write

    def saved(self, result: Answer) -> None:
        if result.needs_action:
            self.notify(
                f'{self.provision.number} is answered "No" with no action and date yet.',
                severity="warning",
            )


def _day(answer: Answer) -> str:
    return answer.action_due.isoformat() if answer.action_due else ""
