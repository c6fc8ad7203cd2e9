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
from store.kinds import Decision, RefusalGround
from store.rules import DATE_NAMES, Problem, RuleBroken, late_extension
from store.steps import (
    Answer,
    Definition,
    Step,
    acknowledge,
    amend_definition,
    close,
    correct_date,
    escalate,
    extend,
    refuse,
    respond,
    withdraw,
)
from tui.dialogs.form import FormDialog, Write, date_input, field, short_date, text_area
from tui.office import Office

if TYPE_CHECKING:
    from sqlmodel import Session


class StepDialog(FormDialog[Case]):
    """A form on one complaint; returns the complaint as it stands after the save."""

    def __init__(self, office: Office, case: Case) -> None:
        super().__init__(office)
        self.case = case

    @property
    def complaint_id(self) -> int:
        return self.case.id

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


class AcknowledgeDialog(StepDialog):
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


class AmendDefinitionDialog(StepDialog):
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


class RefuseDialog(StepDialog):
    """A ground from the Code and the reasons, told to the resident (2.4, 5.11)."""

    FIELD_WIDGETS: ClassVar[dict[str, str]] = {
        "refused_on": "refused",
        "stage2_requested": "requested",
    }
    INTRO = (
        "Each complaint on its own merits (Code 2.5). The resident is told the reasons and "
        "their right to take the decision to the Ombudsman (Code 2.4)."
    )
    ESCALATION: bool

    def heading(self) -> str:
        what = "Refuse to escalate" if self.ESCALATION else "Not accepted as a complaint"
        return f"{what}: {self.case.complaint.reference}"

    def fields(self) -> Iterator[Widget]:
        today = self.office.today()
        if self.ESCALATION:
            yield field("The resident asked to escalate on", date_input("requested", today))
        yield field(
            "Ground",
            Select(
                [(g.value.capitalize(), g) for g in RefusalGround],
                prompt="Choose the ground",
                id="ground",
            ),
        )
        yield field("Reasons (told to the resident)", text_area("reasons"))
        yield field("Decided on", date_input("refused", today))

    def submit(self) -> Write[Case]:
        refused = self.date_of("refused")
        requested = self.date_of("requested") if self.ESCALATION else None
        ground = self.choice_of("ground")
        if ground is None:
            self.problems.append(Problem("ground", "Choose the ground from the Code's list."))
        self.stop_if_problems()
        assert refused is not None
        reasons, today = self.text_of("reasons"), self.office.today()
        return self.in_session(
            lambda session: refuse(
                session,
                self.complaint_id,
                on=refused,
                ground=ground,
                reasons=reasons,
                today=today,
                escalation_requested_on=requested,
            )
        )


class NotAcceptDialog(RefuseDialog):
    """Not accept a complaint at intake (2.1 to 2.5)."""

    ESCALATION = False


class RefuseEscalationDialog(RefuseDialog):
    """Refuse a request to escalate after the stage 1 response (5.11)."""

    ESCALATION = True


class WithdrawDialog(StepDialog):
    HEADING = "Withdrawn by the resident"
    FIELD_WIDGETS: ClassVar[dict[str, str]] = {"withdrawn_on": "withdrawn"}

    def fields(self) -> Iterator[Widget]:
        yield field("Withdrawn on", date_input("withdrawn", self.office.today()))
        yield field("What the resident said", text_area("reason"), "Optional.")

    def submit(self) -> Write[Case]:
        withdrawn = self.date_of("withdrawn")
        self.stop_if_problems()
        assert withdrawn is not None
        reason, today = self.text_of("reason"), self.office.today()
        return self.in_session(
            lambda session: withdraw(
                session, self.complaint_id, on=withdrawn, reason=reason, today=today
            )
        )


class CloseDialog(StepDialog):
    HEADING = "Close the complaint"
    INTRO = "A closed complaint can still be escalated if the resident asks."
    FIELD_WIDGETS: ClassVar[dict[str, str]] = {"closed_on": "closed"}

    def fields(self) -> Iterator[Widget]:
        yield field("Closed on", date_input("closed", self.office.today()))
        yield field("What we learned", text_area("learning"), "For the annual report (9.1).")
        yield field("The service improvement it led to", text_area("improvement"))

    def submit(self) -> Write[Case]:
        closed = self.date_of("closed")
        self.stop_if_problems()
        assert closed is not None
        learning, improvement = self.text_of("learning"), self.text_of("improvement")
        today = self.office.today()
        return self.in_session(
            lambda session: close(
                session,
                self.complaint_id,
                on=closed,
                today=today,
                learning=learning,
                improvement=improvement,
            )
        )


class CorrectDateDialog(StepDialog):
    """Put right a mistyped date; the timeline keeps the old one."""

    HEADING = "Correct a date"
    INTRO = "The change is recorded in the complaint's timeline, with the date it replaces."

    def fields(self) -> Iterator[Widget]:
        recorded = self.case.date_fields()
        options = [
            (
                f"{DATE_NAMES[name].capitalize()}"
                + (f" ({short_date(value)})" if value else " (not recorded)"),
                name,
            )
            for name, value in recorded.items()
            if value is not None or name == "issue_arose"
        ]
        yield field("Which date", Select(options, prompt="Choose the date", id="which"))
        yield field("The right date", date_input("value"))

    def submit(self) -> Write[Case]:
        which = self.choice_of("which")
        if which is None:
            self.problems.append(Problem("which", "Choose the date to correct."))
        value = self.date_of("value")
        self.stop_if_problems()
        assert value is not None
        today = self.office.today()

        def write(session: Session) -> Case:
            try:
                return correct_date(
                    session,
                    self.complaint_id,
                    field=which,
                    value=value,
                    today=today,
                )
            except RuleBroken as broken:
                # Whatever date the rule names, the officer typed it here.
                raise RuleBroken([Problem("value", p.message) for p in broken.problems]) from None

        return self.in_session(write)


# The form for each step, by the step it takes.
STEP_DIALOGS: dict[Step, type[StepDialog]] = {
    Step.ACKNOWLEDGE: AcknowledgeDialog,
    Step.AMEND_DEFINITION: AmendDefinitionDialog,
    Step.EXTEND: ExtendDialog,
    Step.RESPOND: RespondDialog,
    Step.ESCALATE: EscalateDialog,
    Step.NOT_ACCEPT: NotAcceptDialog,
    Step.REFUSE_ESCALATION: RefuseEscalationDialog,
    Step.WITHDRAW: WithdrawDialog,
    Step.CLOSE: CloseDialog,
    Step.CORRECT_DATE: CorrectDateDialog,
}
