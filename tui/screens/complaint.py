"""One complaint: everything recorded, its deadlines, its timeline, and the steps open to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Label

from letters.catalogue import LETTERS, LetterKind, available_letters, letter_after
from letters.issue import Issued, issue_letter
from letters.output import LetterFailed, open_in_default_app, to_pdf
from store.agenda import listed_entries
from store.case import Case
from store.records import RECORDS
from store.steps import Step, available_steps
from tui.dialogs.corrections import CorrectDateDialog, CorrectDetailsDialog
from tui.dialogs.endings import CloseDialog, NotAcceptDialog, RefuseEscalationDialog, WithdrawDialog
from tui.dialogs.intake import LogComplaintDialog
from tui.dialogs.letters import LetterChoice, OfferLetter
from tui.dialogs.records import (
    FollowThroughMenu,
    OutstandingActionsScreen,
    RecordsScreen,
    RepresentativeDialog,
)
from tui.dialogs.respond import RespondDialog
from tui.dialogs.step import StepDialog
from tui.dialogs.steps import (
    AcknowledgeDialog,
    AmendDefinitionDialog,
    EscalateDialog,
    ExtendDialog,
)
from tui.dialogs.voiding import VoidComplaintDialog
from tui.failures import ReportsFailures, is_told, tell
from tui.office import Office
from tui.widgets.deadlines import DeadlinesTable
from tui.widgets.details import Details
from tui.widgets.fitted import NARROW
from tui.widgets.timeline import Timeline

# The form for each step, by the step it takes.
STEP_FORMS: dict[Step, type[StepDialog]] = {
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
    Step.CORRECT_DETAILS: CorrectDetailsDialog,
}


# The one complaint screen kept between visits.
KEPT = "complaint"


def show_complaint(app: App[Any], office: Office, complaint_id: int) -> None:
    """Open a complaint. One screen serves every complaint opened from the desk and is kept
    between visits, so opening one costs a read of the file, not the building of a screen."""
    if not app.is_screen_installed(KEPT):
        app.install_screen(ComplaintScreen(office, complaint_id), KEPT)
    kept = app.get_screen(KEPT)
    assert isinstance(kept, ComplaintScreen)
    if kept in app.screen_stack:
        # Opened from the kept screen itself (a related complaint, the palette over a form):
        # the new one goes on top, and going back returns to the first.
        app.push_screen(ComplaintScreen(office, complaint_id))
        return
    kept.open(complaint_id)
    app.push_screen(kept)


def _step(key: str, step: Step, description: str, tooltip: str, show: bool = True) -> Binding:
    return Binding(key, f"step('{step.value}')", description, tooltip=tooltip, show=show)


class ComplaintScreen(ReportsFailures, Screen[None]):
    # Below 100 columns the record and the timeline stack rather than sit side by side.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide")]  # noqa: RUF012 (as Screen types it)
    BINDINGS: ClassVar[list[BindingType]] = [
        _step("a", Step.ACKNOWLEDGE, "Acknowledge", "Acknowledge and define the complaint"),
        _step("e", Step.EXTEND, "Extend", "Extend the response date, with a reason"),
        _step("r", Step.RESPOND, "Respond", "Record the response at this stage"),
        _step("s", Step.ESCALATE, "Escalate", "Escalate to stage 2 at the resident's request"),
        _step("n", Step.NOT_ACCEPT, "Not accepted", "Refuse the complaint at intake"),
        _step(
            "x",
            Step.REFUSE_ESCALATION,
            "Refuse escalation",
            "Refuse the request to escalate, with the ground and reasons",
        ),
        _step("w", Step.WITHDRAW, "Withdrawn", "The resident withdrew the complaint"),
        _step("c", Step.CLOSE, "Close", "Close the complaint"),
        _step("d", Step.CORRECT_DATE, "Correct a date", "Put right a mistyped date", show=False),
        _step(
            "u",
            Step.CORRECT_DETAILS,
            "Correct details",
            "Put right a name, address or the complaint as typed at intake",
            show=False,
        ),
        _step(
            "m",
            Step.AMEND_DEFINITION,
            "Amend definition",
            "Add a related new issue to the definition before responding (6.8)",
            show=False,
        ),
        Binding("l", "letter", "Letter", tooltip="Make a letter this complaint's record allows"),
        Binding(
            "f",
            "follow_through",
            "Follow-through",
            tooltip="Actions, representative, correspondence, adjustments, restrictions, "
            "the Ombudsman",
        ),
        Binding(
            "t",
            "outstanding_actions",
            "Actions",
            show=False,
            tooltip="Outstanding actions: what, who, by when",
        ),
        Binding(
            "R",
            "representative",
            "Representative",
            show=False,
            tooltip="Who acts for the resident; letters go to them",
        ),
        Binding("o", "open_letter", "Open letter", tooltip="Open the last letter made", show=False),
        Binding(
            "p",
            "pdf",
            "PDF",
            tooltip="Make a PDF of the last letter (needs LibreOffice)",
            show=False,
        ),
        Binding(
            "V",
            "void",
            "Void complaint",
            show=False,
            tooltip="Void a complaint logged by mistake, with the reason",
        ),
        Binding("escape", "back", "Back", tooltip="Back to the desk"),
    ]

    def __init__(self, office: Office, complaint_id: int) -> None:
        super().__init__()
        self.office = office
        self.complaint_id = complaint_id
        self.case: Case | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield DeadlinesTable(id="deadlines", cursor_type="none", show_cursor=False)
        with ScrollableContainer(id="body"):
            with VerticalScroll(id="record"):
                yield Details(id="details")
            with VerticalScroll(id="side"):
                yield Label("Timeline", classes="section")
                yield Timeline(id="timeline")
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    def open(self, complaint_id: int) -> None:
        """Show another complaint, from the top of its record."""
        self.complaint_id = complaint_id
        if self.is_mounted:
            for scrolled in self.query("#body, #record, #side"):
                scrolled.scroll_home(animate=False)
            self._load()

    def _load(self) -> None:
        try:
            case = self.office.casefile.complaint(self.complaint_id)
        except Exception as error:
            if not is_told(error):
                raise
            # Nothing of this complaint can be shown: say why, and go back.
            tell(self, error)
            self.call_after_refresh(self._give_up)
            return
        self.show(case)
        self.call_after_refresh(self._focus_record)

    def _give_up(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()

    def _focus_record(self) -> None:
        # Side by side, the record scrolls on its own; stacked, the two scroll together.
        self.query_one("#body" if self.has_class("-narrow") else "#record").focus()

    def show(self, case: Case) -> None:
        self.case = case
        self.sub_title = f"{case.complaint.reference} · {case.resident.name}"
        self.query_one(Details).show(case, self._flags(case))
        self.query_one(DeadlinesTable).show(case, self.office.calendar, self.office.today())
        self.query_one(Timeline).show(case)
        self.refresh_bindings()

    def _flags(self, case: Case) -> tuple[str, ...]:
        """The flags the desk shows on this complaint's row, worked out the same way."""
        if case.row is None:
            return ()
        office = self.office
        (entry,) = office.casefile.read(
            listed_entries,
            [case.row],
            office.calendar,
            office.today(),
            office.settings.due_soon_days,
        )
        return entry.flags

    @property
    def last_letter(self) -> Path | None:
        return self.case.latest_letter if self.case is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_letter", "pdf"):
            return self.last_letter is not None
        if action == "step":
            action = str(parameters[0])
        if action in Step.__members__.values():
            return self.case is not None and Step(action) in available_steps(self.case)
        return True

    def action_step(self, name: str) -> None:
        step = Step(name)
        if self.case is None or step not in available_steps(self.case):
            return

        def done(case: Case | None) -> None:
            if case is None:
                return
            self.show(case)
            self.notify(case.events[-1].summary, title=case.complaint.reference)
            kind = letter_after(step, case)
            if kind is not None:
                self.app.push_screen(OfferLetter(kind), lambda make: self._make(kind, make))

        self.app.push_screen(STEP_FORMS[step](self.office, self.case), done)

    def action_outstanding_actions(self) -> None:
        if self.case is not None:
            self.app.push_screen(OutstandingActionsScreen(self.office, self.case), self._changed)

    def action_representative(self) -> None:
        if self.case is not None:
            self.app.push_screen(RepresentativeDialog(self.office, self.case), self._changed)

    def action_follow_through(self) -> None:
        self.app.push_screen(FollowThroughMenu(), self._follow_through)

    def _follow_through(self, key: str | None) -> None:
        if key is None or self.case is None:
            return
        if key == "outstanding_action":
            self.action_outstanding_actions()
        elif key == "representative":
            self.action_representative()
        elif key == "related":
            self.app.push_screen(LogComplaintDialog(self.office, self.case), self._open_related)
        else:
            self.app.push_screen(RecordsScreen(self.office, self.case, RECORDS[key]), self._changed)

    def _open_related(self, case: Case | None) -> None:
        if case is not None and case.id is not None:
            show_complaint(self.app, self.office, case.id)

    def _changed(self, case: Case | None) -> None:
        if case is not None:
            self.show(case)

    def action_letter(self) -> None:
        if self.case is not None:
            choice = LetterChoice(available_letters(self.case))
            self.app.push_screen(choice, lambda kind: self._make(kind, kind is not None))

    def _make(self, kind: LetterKind | None, make: bool | None) -> None:
        if kind is not None and make:
            self.notify(f"Making the {LETTERS[kind].title} letter…")
            self._issue(kind)

    @work(thread=True, exclusive=True, group="letter", exit_on_error=False)
    def _issue(self, kind: LetterKind) -> None:
        office = self.office
        issued = office.casefile.run(
            issue_letter,
            kind,
            self.complaint_id,
            office.settings,
            office.calendar,
            office.today(),
        )
        self.app.call_from_thread(self._issued, issued)

    def _issued(self, issued: Issued) -> None:
        self.office.changed()
        if issued.case.complaint.id == self.complaint_id:  # not left for another meanwhile
            self.show(issued.case)
        if issued.note is not None:
            self.notify(issued.note, severity="warning", timeout=15)
        self.notify(
            f"Saved {issued.path}. Press o to open it, p for a PDF.",
            title="Letter made",
            timeout=10,
        )

    def action_open_letter(self) -> None:
        letter = self._letter_on_disk()
        if letter is None:
            return
        try:
            open_in_default_app(letter)
        except (LetterFailed, OSError) as error:
            self.notify(f"{letter.name} could not be opened: {error}", severity="error")
        else:
            self.notify(f"Opening {letter.name}…", title="Letter")

    def action_pdf(self) -> None:
        letter = self._letter_on_disk()
        if letter is not None:
            self.notify(f"Making a PDF of {letter.name}…")
            self._make_pdf(letter)

    def _letter_on_disk(self) -> Path | None:
        letter = self.last_letter
        if letter is not None and not letter.is_file():
            self.notify(
                f"The last letter is no longer at {letter}: it was moved or deleted.",
                severity="error",
            )
            return None
        return letter

    @work(thread=True, exclusive=True, group="letter", exit_on_error=False)
    def _make_pdf(self, letter: Path) -> None:
        pdf = to_pdf(letter)
        self.app.call_from_thread(self.notify, f"Saved {pdf}.", title="PDF made", timeout=10)

    def action_void(self) -> None:
        if self.case is None:
            return

        def voided(case: Case | None) -> None:
            if case is not None:
                self.notify(case.events[-1].summary, title=case.complaint.reference)
                self.app.pop_screen()

        self.app.push_screen(VoidComplaintDialog(self.office, self.case), voided)

    def action_back(self) -> None:
        self.app.pop_screen()
