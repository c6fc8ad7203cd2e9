"""The records kept alongside a complaint, each kind listed and edited the same way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from letters.render import LetterFailed, keep_copy
from store.casefile import Case, load_case
from store.formats import money
from store.records import SPECS, RecordSpec, save_record
from store.rules import RuleBroken
from tui.dialogs.form import date_input, field, text_area
from tui.dialogs.steps import StepDialog

# The follow-through menu: the records above, with actions and the representative first.
MENU = (
    ("actions", "Outstanding actions"),
    ("representative", "Representative"),
    *((key, spec.title) for key, spec in SPECS.items()),
    ("related", "New complaint raised during this one (6.8)"),
)


class FollowThroughMenu(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

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

    BINDINGS = [
        Binding("n", "add", "Add"),
        Binding("e", "edit", "Change"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, case: Case, spec: RecordSpec) -> None:
        super().__init__()
        self.case, self.spec, self.changed = case, spec, False

    def compose(self) -> ComposeResult:
        with Vertical(classes="form choice"):
            yield Static(
                f"{self.spec.title}: {self.case.complaint.reference} (Code {self.spec.code})",
                classes="heading",
            )
            yield DataTable(id="records", cursor_type="row")
            yield Static(
                "n adds; e changes the highlighted one (to record an end, a review, "
                "a determination).",
                classes="hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_column("Record")
        self._show()

    def _show(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for record in self.case.records.get(self.spec.key, ()):
            table.add_row(self.spec.describe(record), key=str(record.id))

    def _saved(self, case: Case | None) -> None:
        if case is not None:
            self.case, self.changed = case, True
            self._show()

    def action_add(self) -> None:
        self.app.push_screen(RecordDialog(self.case, self.spec, None), self._saved)

    def action_edit(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        record = next(r for r in self.case.records[self.spec.key] if str(r.id) == key)
        self.app.push_screen(RecordDialog(self.case, self.spec, record), self._saved)

    def action_close(self) -> None:
        self.dismiss(self.case if self.changed else None)


class RecordDialog(StepDialog):
    """Adds or changes a record; an attached document is copied beside the letters."""

    def __init__(self, case: Case, spec: RecordSpec, record: Any | None) -> None:
        super().__init__(case)
        self.spec, self.record = spec, record

    def heading(self) -> str:
        return f"{self.spec.title}: {'change' if self.record else 'add'}"

    def fields(self) -> Iterator[Widget]:
        for item in self.spec.fields:
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
                hint = "\n".join(getattr(self.desk.settings, item.hint_setting)) or hint
            yield field(item.label + ("" if item.required else " (optional)"), widget, hint)

    def save(self) -> Case:
        values: dict[str, Any] = {}
        for item in self.spec.fields:
            if item.kind == "date":
                values[item.name] = self.date_of(item.name, required=False)
            elif item.kind == "choice":
                values[item.name] = self.choice_of(item.name)
            elif item.kind == "money":
                values[item.name] = self.money_of(item.name)
            else:
                values[item.name] = self.text_of(item.name)
        self.stop_if_problems()
        document = values.get("document")
        if document and not (self.record is not None and document == self.record.document):
            values["document"] = str(self._keep(Path(document).expanduser()))
        with self.desk.store.session() as session:
            save_record(
                session,
                self.spec,
                self.complaint_id,
                values,
                today=self.desk.today(),
                record_id=self.record.id if self.record is not None else None,
            )
            return load_case(session, self.complaint_id)

    def _keep(self, document: Path) -> Path:
        try:
            return keep_copy(document, self.desk.settings, self.case.complaint.reference)
        except LetterFailed as error:
            raise RuleBroken.single("document", str(error)) from None
