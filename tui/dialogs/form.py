"""The shape of every guided step: labelled fields, checked on save, errors beside the field.

A broken rule never closes the form: what was typed stays, and the message says what to change.
Fields are read on the UI thread; the write itself runs in a worker thread, so a slow or locked
disk never freezes the desk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, DataTable, Footer, Input, Label, Select, Static, TextArea
from textual.worker import WorkerFailed

from store.casefile import explain
from store.formats import parse_date, parse_money
from store.rules import Problem, RuleBroken
from tui.office import Office

Result = TypeVar("Result")
Write = Callable[[], Result]


def short_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


class FormDialog(ModalScreen[Result], Generic[Result]):
    """A modal form: Ctrl+S saves when every rule holds, Escape leaves without saving."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", tooltip="Check every field and save"),
        Binding("escape", "cancel", "Cancel", tooltip="Leave without saving"),
    ]
    HEADING: ClassVar[str] = ""
    INTRO: ClassVar[str] = ""
    # Where a rule's field name differs from the widget that holds it.
    FIELD_WIDGETS: ClassVar[dict[str, str]] = {}

    def __init__(self, office: Office) -> None:
        super().__init__()
        self.office = office
        self.problems: list[Problem] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form"):
            yield Static(self.heading(), classes="heading")
            if self.intro():
                yield Static(self.intro(), classes="intro")
            general = Static(id="form-error", classes="error", markup=False)
            general.display = False
            yield general
            yield from self.fields()
            with Horizontal(classes="buttons"):
                yield Button("Save  Ctrl+S", variant="primary", id="save")
                yield Button("Cancel  Esc", id="cancel")
        yield Footer()

    def heading(self) -> str:
        return self.HEADING

    def intro(self) -> str:
        return self.INTRO

    def on_mount(self) -> None:
        # Start in the first field, so typing goes where the officer expects.
        fields = self.query(".field Input, .field TextArea, .field Select")
        if fields:
            fields.first().focus()
        self._as_opened = self.draft()

    def draft(self) -> tuple[object, ...]:
        """Everything typed or chosen in the form, to tell whether leaving would lose any."""
        values: list[object] = []
        for widget in self.query("Input, TextArea, Select, Checkbox, DataTable"):
            if isinstance(widget, TextArea):
                values.append(widget.text)
            elif isinstance(widget, DataTable):
                values.append(widget.row_count)
            else:
                values.append(getattr(widget, "value", None))
        return tuple(values)

    def fields(self) -> Iterator[Widget]:
        raise NotImplementedError

    def submit(self) -> Write[Result]:
        """Read and check what was typed, and return the write that stores it.

        Raise RuleBroken to keep the form open. The write runs off the UI thread, so it must
        not touch a widget: everything it needs is read here first.
        """
        raise NotImplementedError

    def saved(self, result: Result) -> None:
        """What follows a save, on the UI thread, before the form closes."""

    def opened(self) -> dict[int, int]:
        """The version of each complaint as this form found it: a save over a complaint changed
        since is refused."""
        return {}

    def unit(
        self, use_case: Callable[..., Result], *args: object, **kwargs: object
    ) -> Write[Result]:
        """The save: one use case of the case file, on the complaints as this form found them."""
        casefile, opened = self.office.casefile, self.opened()
        return lambda: casefile.run_opened(opened, use_case, *args, **kwargs)

    async def action_save(self) -> None:
        for error in self.query(".error").results(Static):
            error.update("")
            error.display = False
        self.problems = []
        try:
            write = self.submit()
            result = await self.run_worker(
                write, thread=True, exit_on_error=False, group="save"
            ).wait()
        except WorkerFailed as failed:
            self.show_problems(_problems_of(failed.error))
            return
        except Exception as error:  # a rule broken while reading, or a file that will not copy
            self.show_problems(_problems_of(error))
            return
        self.office.changed()
        self.saved(result)
        self.dismiss(result)

    def action_cancel(self) -> None:
        if self.draft() == self._as_opened:
            self.leave()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.leave()

        self.app.push_screen(DiscardChanges(), answered)

    def leave(self) -> None:
        """Close the form without saving."""
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    async def _save_pressed(self) -> None:
        await self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def show_problems(self, problems: list[Problem]) -> None:
        first: Widget | None = None
        general = []
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            widget_id = self.FIELD_WIDGETS.get(problem.field, problem.field)
            if self.query(f"#error-{widget_id}"):
                by_field.setdefault(widget_id, []).append(problem.message)
            else:
                general.append(problem.message)
        # Every problem with a field shows beside it, not just the last one found.
        for widget_id, messages in by_field.items():
            error = self.query_one(f"#error-{widget_id}", Static)
            error.update("\n".join(dict.fromkeys(messages)))
            error.display = True
            first = first or self.query_one(f"#{widget_id}")
        if general:
            top = self.query_one("#form-error", Static)
            top.update("\n".join(general))
            top.display = True
            self.query_one(VerticalScroll).scroll_home()
        if first is not None:
            first.focus()
            self.query_one(VerticalScroll).scroll_to_widget(first)
        self.app.bell()

    # Reading fields: what won't do is noted in `problems`, for stop_if_problems to raise.

    def text_of(self, widget_id: str) -> str:
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, TextArea):
            return widget.text
        assert isinstance(widget, Input)
        return widget.value

    def date_of(self, widget_id: str, *, required: bool = True) -> date | None:
        typed = self.text_of(widget_id).strip()
        if not typed:
            if required:
                self.problems.append(Problem(widget_id, "Give the date, as 25/11/2026."))
            return None
        try:
            return parse_date(typed)
        except ValueError as error:
            self.problems.append(Problem(widget_id, str(error)))
            return None

    def number_of(self, widget_id: str, *, required: bool = True) -> int | None:
        typed = self.text_of(widget_id).strip()
        if not typed and not required:
            return None
        if not typed.isdigit():
            self.problems.append(Problem(widget_id, "Give a whole number, such as 10."))
            return None
        return int(typed)

    def money_of(self, widget_id: str) -> int | None:
        typed = self.text_of(widget_id).strip()
        if not typed:
            return None
        try:
            return parse_money(typed)
        except ValueError as error:
            self.problems.append(Problem(widget_id, str(error)))
            return None

    def choice_of(self, widget_id: str) -> Any:
        select = self.query_one(f"#{widget_id}", Select)
        return None if select.is_blank() else select.value

    def stop_if_problems(self) -> None:
        """Raise every problem found while reading the fields, so all show at once."""
        if self.problems:
            raise RuleBroken(self.problems)


class DiscardChanges(ModalScreen[bool]):
    """Asked before a form with typing in it is closed unsaved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,y", "answer(True)", "Discard"),
        Binding("n,enter", "answer(False)", "Keep typing"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="form offer"):
            yield Static("Leave without saving what you typed?", classes="heading")
            yield Static("Escape again or Y throws it away; N goes back to the form.")
            with Horizontal(classes="buttons"):
                yield Button("Keep typing  N", variant="primary", id="keep")
                yield Button("Discard  Y", id="discard")
        yield Footer()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "discard")

    def action_answer(self, discard: bool) -> None:
        self.dismiss(discard)


def _problems_of(error: BaseException) -> list[Problem]:
    """A failed write as the form shows it: the rules broken, or one sentence on what failed."""
    if isinstance(error, RuleBroken):
        return error.problems
    if isinstance(error, LookupError):
        return [Problem("form", str(error))]
    # A locked or full disk, say: keep the form and the typing.
    message = explain(error) or f"That could not be saved: {error}"
    return [Problem("form", message)]


def field(label: str, widget: Widget, hint: str = "") -> Vertical:
    """A labelled field with room for its hint and its error message."""
    assert widget.id is not None
    parts: list[Widget] = [Label(label), widget]
    if hint:
        parts.append(Static(hint, classes="hint", id=f"hint-{widget.id}"))
    error = Static(classes="error", id=f"error-{widget.id}", markup=False)
    error.display = False
    parts.append(error)
    return Vertical(*parts, classes="field")


def date_input(widget_id: str, value: date | None = None) -> Input:
    return Input(
        value=short_date(value) if value else "",
        placeholder="DD/MM/YYYY",
        id=widget_id,
        max_length=10,
    )


def text_area(widget_id: str, text: str = "") -> TextArea:
    return TextArea(text, id=widget_id, soft_wrap=True, tab_behavior="focus")
