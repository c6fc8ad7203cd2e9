"""The records kept alongside a complaint, each kind listed and edited the same way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from letters.output import LetterFailed
from letters.render import keep_copy
from store.case import Case
from store.follow_through import complete_outstanding_action, save_record, set_representative
from store.formats import money
from store.records import RECORDS, RecordKind
from store.rules import RuleBroken
from tui.dialogs.form import Write, date_input, field, text_area
from tui.dialogs.step import StepDialog
from tui.dialogs.voiding import VoidRecordDialog
from tui.office import Office

# The follow-through menu: every kind of record, then a new complaint raised during this one.
MENU = (
    *((key, kind.title) for key, kind in RECORDS.items()),
    ("related", "New complaint raised during this one (6.8)"),
)


class FollowThroughMenu(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="form choice"):
            yield Static("Follow-through: the rest of the record", classes="heading")
            yield OptionList(*(Option(title, id=key) for key, title in MENU), id="menu")
            yield Static("Enter opens one; Escape goes back.", classes="hint")
        yield Footer()

    @on(OptionList.OptionSelected, "#menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class RecordsScreen(ModalScreen[Case | None]):
    """One kind of record for a complaint: n adds, e changes the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add", "Add", tooltip="Add a record of this kind"),
        Binding("e", "edit", "Change", tooltip="Change the highlighted record"),
        Binding("v", "void", "Void", tooltip="Void the highlighted record, entered by mistake"),
        Binding("escape", "close", "Close"),
    ]
    HINT = (
        "n adds; e changes the highlighted one (to record an end, a review, a determination); "
        "v voids one entered by mistake."
    )

    def __init__(self, office: Office, case: Case, kind: RecordKind) -> None:
        super().__init__()
        self.office, self.case, self.kind, self.changed = office, case, kind, False

    def compose(self) -> ComposeResult:
        with Vertical(classes="form choice"):
            yield Static(
                f"{self.kind.title}: {self.case.complaint.reference} (Code {self.kind.code})",
                classes="heading",
            )
            yield DataTable(id="records", cursor_type="row")
            yield Static(self.HINT, classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_column("Record")
        self._show()

    def _show(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for record in self.case.records.get(self.kind.key, ()):
            table.add_row(Text(self.kind.describe(record)), key=str(record.id))

    def _saved(self, case: Case | None) -> None:
        if case is not None:
            self.case, self.changed = case, True
            self._show()

    def highlighted(self) -> Any | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next(r for r in self.case.records[self.kind.key] if str(r.id) == key)

    def action_add(self) -> None:
        dialog = RecordDialog(self.office, self.case, self.kind, None)
        self.app.push_screen(dialog, self._saved)

    def action_edit(self) -> None:
        record = self.highlighted()
        if record is not None:
            dialog = RecordDialog(self.office, self.case, self.kind, record)
            self.app.push_screen(dialog, self._saved)

    def action_void(self) -> None:
        record = self.highlighted()
        if record is not None:
            dialog = VoidRecordDialog(self.office, self.case, self.kind, record)
            self.app.push_screen(dialog, self._saved)

    def action_close(self) -> None:
        self.dismiss(self.case if self.changed else None)


class OutstandingActionsScreen(RecordsScreen):
    """What was promised, by whom and by when, until done (6.6, 6.17, 7.3)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add", "New action", tooltip="Add something still to be done"),
        Binding("d", "done", "Done", tooltip="Mark the highlighted action done"),
        Binding("e", "edit", "Change", tooltip="Change the highlighted action"),
        Binding("v", "void", "Void", tooltip="Void the highlighted action, entered by mistake"),
        Binding("escape", "close", "Close"),
    ]
    HINT = "n adds an action; d marks the highlighted one done; e changes it; v voids it."

    def __init__(self, office: Office, case: Case) -> None:
        super().__init__(office, case, RECORDS["outstanding_action"])

    def action_done(self) -> None:
        action = self.highlighted()
        if action is not None:
            dialog = OutstandingActionDoneDialog(self.office, self.case, action.id)
            self.app.push_screen(dialog, self._saved)


class RecordDialog(StepDialog):
    """Adds or changes a record; an attached document is copied beside the letters."""

    def __init__(self, office: Office, case: Case, kind: RecordKind, record: Any | None) -> None:
        super().__init__(office, case)
        self.kind, self.record = kind, record

    def heading(self) -> str:
        return f"{self.kind.noun.capitalize()}: {'change' if self.record else 'add'}"

    def fields(self) -> Iterator[Widget]:
        for item in self.kind.fields:
            value = getattr(self.record, item.name) if self.record is not None else None
            widget: Widget
            if item.kind == "date":
                widget = date_input(item.name, value)
            elif item.kind == "choice":
                assert item.choices is not None
                widget = Select(
                    [(c.value.capitalize(), c) for c in item.choices],
                    value=value if value is not None else Select.NULL,
                    id=item.name,
                )
            elif item.kind == "long":
                widget = text_area(item.name, value or "")
            elif item.kind == "money":
                widget = Input(
                    money(value) if value is not None else "", id=item.name, placeholder="£0.00"
                )
            else:
                widget = Input(value or "", id=item.name)
            hint = item.hint
            if item.hint_setting is not None:
                hint = "\n".join(getattr(self.office.settings, item.hint_setting)) or hint
            yield field(item.label + ("" if item.required else " (optional)"), widget, hint)

    def values(self) -> dict[str, Any]:
        readers = {
            "date": lambda name: self.date_of(name, required=False),
            "choice": self.choice_of,
            "money": self.money_of,
        }
        return {
            item.name: readers.get(item.kind, self.text_of)(item.name) for item in self.kind.fields
        }

    def submit(self) -> Write[Case]:
        values = self.values()
        self.stop_if_problems()
        document = values.get("document")
        if document and not (self.record is not None and document == self.record.document):
            values["document"] = str(self._keep(Path(document).expanduser()))
        today = self.office.today()
        record_id = self.record.id if self.record is not None else None
        return self.unit(
            save_record, self.kind, self.complaint_id, values, today=today, record_id=record_id
        )

    def _keep(self, document: Path) -> Path:
        try:
            return keep_copy(document, self.office.settings, self.case.complaint.reference)
        except LetterFailed as error:
            raise RuleBroken.single("document", str(error)) from None


class RepresentativeDialog(RecordDialog):
    """Someone acting for the resident (3.6); letters go to them. Empty name removes them."""

    INTRO = (
        "Letters go to the representative. Leave the name empty and save to record that "
        "nobody represents the resident any more."
    )

    def __init__(self, office: Office, case: Case) -> None:
        super().__init__(office, case, RECORDS["representative"], case.representative)

    def submit(self) -> Write[Case]:
        values = self.values()
        self.stop_if_problems()
        details = values if values["name"].strip() else None
        today = self.office.today()
        return self.unit(set_representative, self.complaint_id, details=details, today=today)


class OutstandingActionDoneDialog(StepDialog):
    HEADING = "Action done"
    FIELD_WIDGETS: ClassVar[dict[str, str]] = {"done_on": "done"}

    def __init__(self, office: Office, case: Case, action_id: int) -> None:
        super().__init__(office, case)
        self.action_id = action_id

    def fields(self) -> Iterator[Widget]:
        yield field("Done on", date_input("done", self.office.today()))

    def submit(self) -> Write[Case]:
        done = self.date_of("done")
        self.stop_if_problems()
        assert done is not None
        today = self.office.today()
        return self.unit(complete_outstanding_action, self.action_id, done_on=done, today=today)
