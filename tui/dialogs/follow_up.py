"""Outstanding actions and the resident's representative, on one complaint."""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Input, Static

from store.casefile import (
    Case,
    RepresentativeDetails,
    add_action,
    complete_action,
    set_representative,
)
from store.formats import long_date
from tui.dialogs.form import date_input, field, text_area
from tui.dialogs.steps import StepDialog


class ActionsScreen(ModalScreen[Case | None]):
    """What was promised, by whom and by when, until done (6.6, 6.17, 7.3)."""

    BINDINGS = [
        Binding("n", "add", "New action", tooltip="Add something still to be done"),
        Binding("d", "done", "Done", tooltip="Mark the highlighted action done"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="form choice"):
            yield Static(f"Outstanding actions: {self.case.complaint.reference}", classes="heading")
            yield DataTable(id="actions", cursor_type="row")
            yield Static("n adds an action; d marks the highlighted one done.", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("What", "Who", "By", "Done")
        self._show()

    def _show(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for action in self.case.actions:
            table.add_row(
                action.what,
                action.who,
                long_date(action.due_on) if action.due_on else "",
                long_date(action.done_on) if action.done_on else "",
                key=str(action.id),
            )

    def _updated(self, case: Case | None) -> None:
        if case is not None:
            self.case, self.changed = case, True
            self._show()

    def action_add(self) -> None:
        self.app.push_screen(ActionDialog(self.case), self._updated)

    def action_done(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        assert key is not None
        self.app.push_screen(ActionDoneDialog(self.case, int(key)), self._updated)

    def action_close(self) -> None:
        self.dismiss(self.case if self.changed else None)


class ActionDialog(StepDialog):
    HEADING = "New outstanding action"
    INTRO = "Tracked after the response until it is done; it appears on the agenda when due."
    FIELD_WIDGETS = {"due_on": "due"}

    def fields(self) -> Iterator[Widget]:
        yield field("What will happen", text_area("what"))
        yield field("Who does it", Input(id="who"))
        yield field("By when", date_input("due"), "Optional, as 25/11/2026.")

    def save(self) -> Case:
        due = self.date_of("due", required=False)
        self.stop_if_problems()
        with self.desk.store.session() as session:
            return add_action(
                session,
                self.complaint_id,
                what=self.text_of("what"),
                who=self.text_of("who"),
                due_on=due,
                today=self.desk.today(),
            )


class ActionDoneDialog(StepDialog):
    HEADING = "Action done"
    FIELD_WIDGETS = {"done_on": "done"}

    def __init__(self, case: Case, action_id: int) -> None:
        super().__init__(case)
        self.action_id = action_id

    def fields(self) -> Iterator[Widget]:
        yield field("Done on", date_input("done", self.desk.today()))

    def save(self) -> Case:
        done = self.date_of("done")
        self.stop_if_problems()
        assert done is not None
        with self.desk.store.session() as session:
            return complete_action(session, self.action_id, done_on=done, today=self.desk.today())


class RepresentativeDialog(StepDialog):
    """Someone acting for the resident (3.6); letters go to them. Empty name removes them."""

    HEADING = "Representative"
    INTRO = (
        "Letters go to the representative. Leave the name empty and save to record that "
        "nobody represents the resident any more."
    )
    FIELD_WIDGETS = {"authority_confirmed_on": "authority"}

    def fields(self) -> Iterator[Widget]:
        current = self.case.representative
        yield field("Name", Input(current.name if current else "", id="name"))
        yield field(
            "Relationship to the resident",
            Input(current.relationship if current else "", id="relationship"),
        )
        yield field("Address", text_area("address", current.address if current else ""))
        yield field("Telephone", Input(current.phone if current else "", id="phone"))
        yield field("Email", Input(current.email if current else "", id="email"))
        yield field(
            "Authority to act confirmed on",
            date_input("authority", current.authority_confirmed_on if current else None),
        )

    def save(self) -> Case:
        confirmed = self.date_of("authority", required=False)
        self.stop_if_problems()
        details = None
        if self.text_of("name").strip():
            details = RepresentativeDetails(
                name=self.text_of("name"),
                relationship=self.text_of("relationship"),
                address=self.text_of("address"),
                phone=self.text_of("phone"),
                email=self.text_of("email"),
                authority_confirmed_on=confirmed,
            )
        with self.desk.store.session() as session:
            return set_representative(
                session, self.complaint_id, details=details, today=self.desk.today()
            )
