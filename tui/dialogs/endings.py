"""The forms that end a complaint: not accepted, escalation refused, withdrawn, closed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from textual.widget import Widget
from textual.widgets import Select

from store.case import Case
from store.kinds import RefusalGround
from store.rules import Problem
from store.steps import close, refuse, withdraw
from tui.dialogs.form import Write, date_input, field, text_area
from tui.dialogs.step import StepDialog

if TYPE_CHECKING:
    pass


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
        return self.unit(
            refuse,
            self.complaint_id,
            on=refused,
            ground=ground,
            reasons=reasons,
            today=today,
            escalation_requested_on=requested,
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
        return self.unit(withdraw, self.complaint_id, on=withdrawn, reason=reason, today=today)


class CloseDialog(StepDialog):
    HEADING = "Close the complaint"

    def intro(self) -> str:
        if self.case.stage == 1:
            return "A closed complaint can still be escalated if the resident asks."
        return "The stage 2 response is final: the resident can now go to the Ombudsman."

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
        return self.unit(
            close,
            self.complaint_id,
            on=closed,
            today=today,
            learning=learning,
            improvement=improvement,
        )
