"""One guided form for each step the Code takes a complaint through."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from store.case import Case
from store.clock import EXTENSION_CAP
from store.formats import long_date
from store.kinds import Decision
from store.rules import Problem, late_extension
from store.steps import (
    Answer,
    Definition,
    acknowledge,
    amend_definition,
    escalate,
    extend,
    respond,
)
from tui.dialogs.form import Write, date_input, field, short_date, text_area
from tui.dialogs.step import StepDialog
from tui.office import Office

if TYPE_CHECKING:
    pass


class DefinitionDialog(StepDialog):
    """A form that records the complaint definition (5.6) and where responsibility lies (5.7)."""

    def definition_fields(self) -> Iterator[Widget]:
        """The complaint definition (5.6) and where responsibility lies (5.7), as recorded."""
        stage = self.case.current
        yield field(
            "Our understanding of the complaint", text_area("understanding", stage.understanding)
        )
        yield field(
            "Outcomes the resident is seeking", text_area("outcomes_sought", stage.outcomes_sought)
        )
        yield field(
            "What we are responsible for", text_area("responsible_for", stage.responsible_for)
        )
        yield field(
            "What we are not responsible for (and who is)",
            text_area("not_responsible_for", stage.not_responsible_for),
        )
        yield field(
            "Clarification asked of the resident",
            text_area("clarification_asked", stage.clarification_asked),
            "Anything unclear must be put to the resident (Code 5.6).",
        )

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
        yield field(
            "Handled by", Input(stage.handler or self.office.settings.officer_name, id="handler")
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
        return self.in_session(
            lambda session: acknowledge(
                session,
                self.complaint_id,
                on=on_date,
                handler=handler,
                definition=definition,
                today=today,
            )
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
        return self.in_session(
            lambda session: amend_definition(
                session, self.complaint_id, definition=definition, today=today
            )
        )


class ExtendDialog(StepDialog):
    """Extend the response: working days or a target date, each working out the other."""

    INTRO = (
        "The resident is told the reason and the new date, with the Ombudsman's details "
        "(Code 6.4, 6.5, 6.15, 6.16)."
    )

    def __init__(self, office: Office, case: Case) -> None:
        super().__init__(office, case)
        self.current_due = case.stage_clock(office.calendar).response.due
        self.used = sum(e.working_days for e in case.extensions_at(case.stage))
        self.cap = EXTENSION_CAP[case.stage]
        self._updating = False

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
        yield field(
            "New response date",
            date_input("new_due"),
            "Type either the days or the date: the other follows.",
        )
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

    @on(Input.Changed, "#working_days")
    def _days_typed(self, event: Input.Changed) -> None:
        if self._updating or not event.value.strip().isdigit() or int(event.value) < 1:
            return
        due = self.office.calendar.add_working_days(self.current_due, int(event.value))
        self._set("new_due", short_date(due))

    @on(Input.Changed, "#new_due")
    def _date_typed(self) -> None:
        if self._updating:
            return
        self.problems = []
        target = self.date_of("new_due", required=False)
        if target is None or target <= self.current_due:
            return
        days = self.office.calendar.working_days_between(self.current_due, target)
        self._set("working_days", str(days))

    def _set(self, widget_id: str, value: str) -> None:
        self._updating = True
        try:
            self.query_one(f"#{widget_id}", Input).value = value
        finally:
            self.call_after_refresh(self._done_updating)

    def _done_updating(self) -> None:
        self._updating = False

    def submit(self) -> Write[Case]:
        agreed = self.date_of("agreed_on")
        days = self.number_of("working_days")
        interval = self.number_of("update_interval_days", required=False)
        if days is not None and days < 1:
            self.problems.append(Problem("working_days", "An extension is at least one day."))
        self.stop_if_problems()
        assert agreed is not None and days is not None
        reason, good_reason = self.text_of("reason"), self.text_of("good_reason")
        today, calendar = self.office.today(), self.office.calendar
        self.agreed = agreed
        return self.in_session(
            lambda session: extend(
                session,
                self.complaint_id,
                agreed_on=agreed,
                working_days=days,
                reason=reason,
                good_reason=good_reason,
                update_interval_days=interval,
                today=today,
                calendar=calendar,
            )
        )

    def saved(self, _result: Case) -> None:
        warning = late_extension(self.current_due, self.agreed)
        if warning is not None:
            self.notify(warning, severity="warning", timeout=8)


class RespondDialog(StepDialog):
    """The stage 1 response or the stage 2 final response (6.9, 6.19)."""

    FIELD_WIDGETS: ClassVar[dict[str, str]] = {
        "stage1_responded": "responded",
        "stage2_responded": "responded",
    }
    INTRO = (
        "Send the response when the answer is known; outstanding actions are tracked "
        "afterwards (Code 6.6)."
    )

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
        yield field("Reasons for the decision", text_area("reasons"))
        yield field(
            "Remedy offered",
            text_area("remedy"),
            "For example an apology, repairs, or compensation with its amount.",
        )
        yield field(
            "Outstanding actions",
            text_area("outstanding_actions"),
            "What will still happen, by whom and by when: one a line.",
        )

    def submit(self) -> Write[Case]:
        responded = self.date_of("responded")
        self.stop_if_problems()
        assert responded is not None
        answer = Answer(
            decision=self.choice_of("decision"),
            reasons=self.text_of("reasons"),
            remedy=self.text_of("remedy"),
            outstanding_actions=self.text_of("outstanding_actions"),
        )
        today = self.office.today()
        return self.in_session(
            lambda session: respond(
                session, self.complaint_id, on=responded, answer=answer, today=today
            )
        )


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

    def submit(self) -> Write[Case]:
        requested = self.date_of("requested")
        self.stop_if_problems()
        assert requested is not None
        handler, today = self.text_of("handler"), self.office.today()
        return self.in_session(
            lambda session: escalate(
                session, self.complaint_id, requested_on=requested, handler=handler, today=today
            )
        )
