"""One guided form for each step the Code takes a complaint through."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from store.case import Case
from store.deadlines import extension_cap
from store.defining import Definition, acknowledge, amend_definition, third_person
from store.formats import long_date
from store.rules import Problem, late_extension, typed_extension
from store.steps import escalate, extend
from tui.dialogs.form import Write, date_input, field, text_area
from tui.dialogs.step import StepDialog
from tui.office import Office

if TYPE_CHECKING:
    pass


class DefinitionDialog(StepDialog):
    """A form that records the complaint definition (5.6) and where responsibility lies (5.7)."""

    def definition_fields(self) -> Iterator[Widget]:
        """The complaint definition (5.6) and where responsibility lies (5.7): as recorded, or,
        at a new stage 2, as stage 1 left it, to start from."""
        stage = self.case.current
        start = stage if stage.understanding or self.case.stage == 1 else self.case.stages[1]
        second_person = (
            "Written to the resident, as the letter reads it: \u201cYou say that …\u201d"
        )
        yield field(
            "Our understanding of the complaint",
            text_area("understanding", start.understanding),
            second_person,
        )
        yield Static(id="preview-understanding", classes="hint", markup=False)
        yield field(
            "Outcomes the resident is seeking",
            text_area("outcomes_sought", start.outcomes_sought),
            "Also written to the resident: \u201cYou would like …\u201d",
        )
        yield Static(id="preview-outcomes_sought", classes="hint", markup=False)
        yield field(
            "What we are responsible for", text_area("responsible_for", start.responsible_for)
        )
        yield field(
            "What we are not responsible for (and who is)",
            text_area("not_responsible_for", start.not_responsible_for),
        )
        yield field(
            "Clarification asked of the resident",
            text_area("clarification_asked", start.clarification_asked),
            "Anything unclear must be put to the resident (Code 5.6).",
        )

    @on(TextArea.Changed, "#understanding, #outcomes_sought")
    def _preview(self, event: TextArea.Changed) -> None:
        """The sentence as the letter will read it, and a warning if it speaks of the resident
        rather than to them."""
        name = event.text_area.id
        heading = {
            "understanding": "Our understanding of the complaint",
            "outcomes_sought": "The outcomes sought",
        }[str(name)]
        text = " ".join(event.text_area.text.split())
        preview = self.query_one(f"#preview-{name}", Static)
        if not text:
            preview.update("")
            return
        shown = text if len(text) < 160 else text[:157] + "…"
        warning = (
            "\nThis speaks of the resident, but the letter is addressed to them: "
            "write \u201cYou …\u201d."
            if third_person(text)
            else ""
        )
        preview.update(f"In the letter, under \u201c{heading}\u201d: {shown}{warning}")
        preview.set_class(bool(warning), "warning")

    def definition(self) -> Definition:
        return Definition(
            understanding=self.text_of("understanding"),
            outcomes_sought=self.text_of("outcomes_sought"),
            responsible_for=self.text_of("responsible_for"),
            not_responsible_for=self.text_of("not_responsible_for"),
            clarification_asked=self.text_of("clarification_asked"),
        )


class AcknowledgeDialog(DefinitionDialog):
    """Acknowledge and define the complaint (5.6, 5.7, 6.2, 6.11)."""

    FIELD_WIDGETS: ClassVar[dict[str, str]] = {
        "stage1_acknowledged": "acknowledged",
        "stage2_acknowledged": "acknowledged",
    }
    INTRO = (
        "Set out your understanding of the complaint and the outcomes sought (the complaint "
        "definition), and what you are and are not responsible for."
    )

    def heading(self) -> str:
        return f"Acknowledge and define: stage {self.case.stage}, {self.case.complaint.reference}"

    def fields(self) -> Iterator[Widget]:
        stage = self.case.current
        yield field("Acknowledged on", date_input("acknowledged", self.office.today()))
        yield Static(id="response-due", classes="hint")
        officer = self.office.settings.officer_name
        # At stage 2 the stage 1 handler may not handle it again (6.13): suggest nobody then.
        suggested = (
            officer if self.case.stage == 1 or officer != self.case.stages[1].handler else ""
        )
        yield field("Handled by", Input(stage.handler or suggested, id="handler"))
        yield field(
            "Their role",
            Input(stage.handler_role, id="role", placeholder="Complaints Officer"),
            "Signs the letters of this stage, under the handler's name.",
        )
        yield from self.definition_fields()

    def on_mount(self) -> None:
        super().on_mount()
        self._show_due()

    @on(Input.Changed, "#acknowledged")
    def _show_due(self) -> None:
        self.problems = []
        acknowledged = self.date_of("acknowledged", required=False)
        note = self.query_one("#response-due", Static)
        if acknowledged is None:
            note.update("")
            return
        due = self.case.response_due_if_acknowledged(self.office.calendar, acknowledged)
        note.update(f"The response will be due on {long_date(due)}.")

    def submit(self) -> Write[Case]:
        on_date = self.date_of("acknowledged")
        self.stop_if_problems()
        assert on_date is not None
        handler, definition, today = self.text_of("handler"), self.definition(), self.office.today()
        role = self.text_of("role")
        return self.unit(
            acknowledge,
            self.complaint_id,
            on=on_date,
            handler=handler,
            role=role,
            definition=definition,
            today=today,
        )


class AmendDefinitionDialog(DefinitionDialog):
    """Add a new, related issue to the definition while the response is still to come (6.8)."""

    INTRO = (
        "A new issue that relates to this complaint joins its definition while the response "
        "has not been sent; an unrelated one is a new complaint (f, then 'New complaint "
        "raised during this one')."
    )

    def heading(self) -> str:
        return f"Amend the stage {self.case.stage} definition: {self.case.complaint.reference}"

    def fields(self) -> Iterator[Widget]:
        yield from self.definition_fields()

    def submit(self) -> Write[Case]:
        definition, today = self.definition(), self.office.today()
        return self.unit(amend_definition, self.complaint_id, definition=definition, today=today)


EXTENSION_HINT = "Type the working days to add or the new date: if both, they must agree."


class ExtendDialog(StepDialog):
    """Extend the response by working days or to a date: the form shows what either comes to,
    and never changes what was typed."""

    INTRO = (
        "The resident is told the reason and the new date, with the Ombudsman's details "
        "(Code 6.4, 6.5, 6.15, 6.16)."
    )

    def __init__(self, office: Office, case: Case) -> None:
        super().__init__(office, case)
        self.current_due = case.stage_clock(office.calendar).response.due
        self.used = sum(e.working_days for e in case.extensions_at(case.stage))
        self.cap = extension_cap(case.stage)

    def heading(self) -> str:
        return f"Extend the stage {self.case.stage} response: {self.case.complaint.reference}"

    def fields(self) -> Iterator[Widget]:
        yield Static(
            f"The response is due on {long_date(self.current_due)}. Extensions so far: "
            f"{self.used} of the {self.cap} working days the Code allows.",
            classes="intro",
        )
        yield field("Agreed on", date_input("agreed_on", self.office.today()))
        yield field("Working days to add", Input(id="working_days"))
        yield field("Or the new response date", date_input("new_due"))
        yield Static(EXTENSION_HINT, id="extension-hint", classes="hint")
        yield field("Reason (told to the resident)", text_area("reason"))
        yield field(
            "Good reason for going beyond the Code's limit",
            text_area("good_reason"),
            f"Needed only when extensions add up to more than {self.cap} working days.",
        )
        yield field(
            "Keep the resident informed every (working days)",
            Input("5", id="update_interval_days"),
            "The interval agreed for updates while the response is late (Code 5.9).",
        )

    @on(Input.Changed, "#working_days, #new_due")
    def _show_extension(self) -> None:
        days, target = self.text_of("working_days").strip(), self.text_of("new_due").strip()
        hint = EXTENSION_HINT
        try:
            extension = self._extension(days, target)
        except ValueError:
            pass  # the save says what is wrong, beside the field
        else:
            if extension is not None:
                hint = (
                    f"+{extension[0]} working day{'s' if extension[0] != 1 else ''}: "
                    f"due {long_date(extension[1])}."
                )
        self.query_one("#extension-hint", Static).update(hint)

    def _extension(self, days: str, target: str) -> tuple[int, date] | None:
        return typed_extension(self.office.calendar, self.current_due, days, target)

    def submit(self) -> Write[Case]:
        agreed = self.date_of("agreed_on")
        interval = self.number_of("update_interval_days", required=False)
        typed = self.text_of("working_days").strip(), self.text_of("new_due").strip()
        extension = None
        try:
            extension = self._extension(*typed)
        except ValueError as error:
            self.problems.append(Problem("new_due" if typed[1] else "working_days", str(error)))
        else:
            if extension is None:
                self.problems.append(
                    Problem("working_days", "Give the working days to add, or the new date.")
                )
        self.stop_if_problems()
        assert agreed is not None and extension is not None
        days = extension[0]
        reason, good_reason = self.text_of("reason"), self.text_of("good_reason")
        today, calendar = self.office.today(), self.office.calendar
        self.agreed = agreed
        return self.unit(
            extend,
            self.complaint_id,
            agreed_on=agreed,
            working_days=days,
            reason=reason,
            good_reason=good_reason,
            update_interval_days=interval,
            today=today,
            calendar=calendar,
        )

    def saved(self, _result: Case) -> None:
        warning = late_extension(self.current_due, self.agreed)
        if warning is not None:
            self.notify(warning, severity="warning", timeout=8)


class EscalateDialog(StepDialog):
    """Escalate to stage 2 at the resident's request (6.11 to 6.13)."""

    HEADING = "Escalate to stage 2"
    INTRO = "The resident does not have to give a reason for escalating (Code 6.12)."
    FIELD_WIDGETS: ClassVar[dict[str, str]] = {"stage2_requested": "requested"}

    def fields(self) -> Iterator[Widget]:
        first = self.case.stages[1].handler or "not recorded"
        yield field("The resident asked on", date_input("requested", self.office.today()))
        yield field(
            "Stage 2 handled by",
            Input(id="handler"),
            f"Stage 1 was handled by {first}: stage 2 needs someone else (Code 6.13).",
        )
        yield field(
            "Their role",
            Input(id="role", placeholder="Head of Housing, say"),
            "Signs the stage 2 letters, under the handler's name.",
        )

    def submit(self) -> Write[Case]:
        requested = self.date_of("requested")
        self.stop_if_problems()
        assert requested is not None
        handler, role, today = self.text_of("handler"), self.text_of("role"), self.office.today()
        return self.unit(
            escalate,
            self.complaint_id,
            requested_on=requested,
            handler=handler,
            role=role,
            today=today,
        )
