"""The stage 1 response or the stage 2 final response (6.9, 6.19): the decision and its reasons,
and each remedy offered and action promised as a row of its own, which the save writes straight
into the remedies and actions registers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Select, Static

from store.case import Case
from store.formats import long_date, money, parse_date, parse_money
from store.kinds import Decision, RemedyKind
from store.responding import ActionPromise, Answer, RemedyOffer, respond
from store.rules import Problem, RuleBroken
from tui.dialogs.form import Write, date_input, field, text_area
from tui.dialogs.step import StepDialog
from tui.office import Office


class RespondDialog(StepDialog):
    """The response: decision, what was upheld, reasons, remedies and actions."""

    FIELD_WIDGETS: ClassVar[dict[str, str]] = {
        "stage1_responded": "responded",
        "stage2_responded": "responded",
        # A remedy's or an action's text, as its register names it, shows beside its list.
        "offered": "remedies",
        "what": "actions",
        "who": "actions",
    }
    INTRO = (
        "Send the response when the answer is known; outstanding actions are tracked "
        "afterwards (Code 6.6). Remedies and actions added here go into their registers, "
        "where they can be changed later."
    )

    def __init__(self, office: Office, case: Case) -> None:
        super().__init__(office, case)
        self.remedies: list[RemedyOffer] = []
        self.actions: list[ActionPromise] = []

    def heading(self) -> str:
        what = "Stage 1 response" if self.case.stage == 1 else "Stage 2 final response"
        return f"{what}: {self.case.complaint.reference}"

    def fields(self) -> Iterator[Widget]:
        yield field("Responded on", date_input("responded", self.office.today()))
        yield field(
            "Decision",
            Select(
                [(d.value.capitalize(), d) for d in Decision],
                prompt="Choose the decision",
                id="decision",
            ),
        )
        yield field(
            "Which parts are upheld",
            text_area("upheld_parts"),
            "Needed when it is partly upheld: the letter tells the resident (Code 6.9 c).",
        )
        yield field("Reasons for the decision", text_area("reasons"))
        yield from self._remedy_fields()
        yield from self._action_fields()

    def _remedy_fields(self) -> Iterator[Widget]:
        bands = "\n".join(self.office.settings.compensation_bands)
        recorded = [r for r in self.case.records.get("remedy", ()) if r.voided_on is None]
        yield Static("Remedies offered (Code 7.1 to 7.4)", classes="section")
        if recorded:
            yield Static(
                "Already recorded: " + "; ".join(r.offered for r in recorded), classes="hint"
            )
        yield field("Remedies", DataTable(id="remedies", cursor_type="row", show_cursor=False))
        with_amount = Horizontal(
            Select(
                [(kind.value.capitalize(), kind) for kind in RemedyKind],
                prompt="Kind of remedy",
                id="remedy_kind",
            ),
            Input(placeholder="What is offered", id="remedy_what"),
            Input(placeholder="£ amount", id="remedy_amount"),
            Button("Add remedy", id="add_remedy"),
            classes="row",
        )
        yield with_amount
        if bands:
            yield Static(bands, classes="hint")

    def _action_fields(self) -> Iterator[Widget]:
        yield Static("Outstanding actions (Code 6.6, 6.17)", classes="section")
        yield field("Actions", DataTable(id="actions", cursor_type="row", show_cursor=False))
        yield Horizontal(
            Input(placeholder="What will happen", id="action_what"),
            Input(placeholder="Who does it", id="action_who"),
            date_input("action_by"),
            Button("Add action", id="add_action"),
            classes="row",
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#remedies", DataTable).add_columns("Kind", "What is offered", "Amount")
        self.query_one("#actions", DataTable).add_columns("What", "Who", "By")

    @on(Button.Pressed, "#add_remedy")
    def _add_remedy_pressed(self) -> None:
        self._add(self._take_remedy)

    @on(Button.Pressed, "#add_action")
    def _add_action_pressed(self) -> None:
        self._add(self._take_action)

    @on(Input.Submitted, "#remedy_what, #remedy_amount")
    def _remedy_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self._add(self._take_remedy)

    @on(Input.Submitted, "#action_what, #action_who, #action_by")
    def _action_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self._add(self._take_action)

    def _add(self, take: object) -> None:
        """Add the row typed below a list, or say beside the list what is wrong with it."""
        self.problems = []
        try:
            take()  # type: ignore[operator]
        except RuleBroken as broken:
            self.show_problems(broken.problems)

    def _take_remedy(self, *, required: bool = True) -> None:
        what = self.text_of("remedy_what").strip()
        kind = self.choice_of("remedy_kind")
        amount_text = self.text_of("remedy_amount").strip()
        if not (what or amount_text or kind is not None) and not required:
            return
        problems = []
        if kind is None:
            problems.append(Problem("remedies", "Choose the kind of remedy, from the Code's list."))
        if not what:
            problems.append(Problem("remedies", "Say what is offered."))
        amount = None
        if amount_text:
            try:
                amount = parse_money(amount_text)
            except ValueError as error:
                problems.append(Problem("remedies", str(error)))
        if problems:
            raise RuleBroken(problems)
        self.remedies.append(RemedyOffer(kind, what, amount))
        self.query_one("#remedies", DataTable).add_row(
            kind.value.capitalize(), Text(what), money(amount) if amount else ""
        )
        for widget_id in ("remedy_what", "remedy_amount"):
            self.query_one(f"#{widget_id}", Input).value = ""
        self.query_one("#remedy_kind", Select).clear()

    def _take_action(self, *, required: bool = True) -> None:
        what = self.text_of("action_what").strip()
        who = self.text_of("action_who").strip()
        by_text = self.text_of("action_by").strip()
        if not (what or who or by_text) and not required:
            return
        problems = []
        if not what:
            problems.append(Problem("actions", "Say what will happen."))
        by: date | None = None
        if by_text:
            try:
                by = parse_date(by_text)
            except ValueError as error:
                problems.append(Problem("actions", str(error)))
        if problems:
            raise RuleBroken(problems)
        self.actions.append(ActionPromise(what, who, by))
        self.query_one("#actions", DataTable).add_row(
            Text(what), Text(who), long_date(by) if by else ""
        )
        for widget_id in ("action_what", "action_who", "action_by"):
            self.query_one(f"#{widget_id}", Input).value = ""

    def submit(self) -> Write[Case]:
        responded = self.date_of("responded")
        # A row typed but not yet added is part of what was meant: add it, not drop it.
        self._take_remedy(required=False)
        self._take_action(required=False)
        self.stop_if_problems()
        assert responded is not None
        answer = Answer(
            decision=self.choice_of("decision"),
            reasons=self.text_of("reasons"),
            upheld_parts=self.text_of("upheld_parts"),
            remedies=tuple(self.remedies),
            actions=tuple(self.actions),
        )
        today = self.office.today()
        return self.unit(respond, self.complaint_id, on=responded, answer=answer, today=today)
