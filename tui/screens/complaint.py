"""One complaint: everything recorded, its deadlines, its timeline, and the steps open to it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static

from letters.kinds import SPECS, LetterKind, available_letters
from letters.render import (
    LetterFailed,
    format_note,
    make_letter,
    open_in_default_app,
    to_pdf,
)
from store.casefile import (
    Action,
    Case,
    available_actions,
    describe_action,
    load_case,
    record_letter,
)
from store.clock import LONDON, Step, complaint_clock, countdown, describe_countdown
from store.formats import long_date
from store.kinds import Status
from store.models import OutstandingAction, Stage
from store.records import SPECS as SPECS_BY_KEY
from tui.dialogs.follow_up import ActionsScreen, RepresentativeDialog
from tui.dialogs.intake import CorrectDetailsDialog, IntakeDialog
from tui.dialogs.letters import LetterChoice, OfferLetter
from tui.dialogs.records import FollowThroughMenu, RecordsScreen
from tui.dialogs.steps import (
    AcknowledgeDialog,
    AmendDefinitionDialog,
    CloseDialog,
    CorrectDateDialog,
    EscalateDialog,
    ExtendDialog,
    RefuseDialog,
    RespondDialog,
    StepDialog,
    WithdrawDialog,
)
from tui.failures import ReportsFailures

if TYPE_CHECKING:
    from tui.app import ComplaintsApp

# The letter that follows each step, if its record allows one.
STEP_LETTERS = {
    "acknowledge": {1: LetterKind.S1_ACK, 2: LetterKind.S2_ACK},
    "extend": {1: LetterKind.S1_EXTENSION, 2: LetterKind.S2_EXTENSION},
    "respond": {1: LetterKind.S1_RESPONSE, 2: LetterKind.S2_RESPONSE},
    "not_accept": {1: LetterKind.NOT_ACCEPTED},
    "refuse_escalation": {1: LetterKind.ESCALATION_REFUSED, 2: LetterKind.ESCALATION_REFUSED},
}


def step_letter(action: str, case: Case) -> LetterKind | None:
    return STEP_LETTERS.get(action, {}).get(case.stage)


# Each key's action, and the step of the Code it needs to be open.
STEP_ACTIONS: dict[str, tuple[Action, Callable[[Case], StepDialog]]] = {
    "acknowledge": (Action.ACKNOWLEDGE, AcknowledgeDialog),
    "extend": (Action.EXTEND, ExtendDialog),
    "respond": (Action.RESPOND, RespondDialog),
    "escalate": (Action.ESCALATE, EscalateDialog),
    "not_accept": (Action.NOT_ACCEPT, lambda case: RefuseDialog(case, escalation=False)),
    "refuse_escalation": (
        Action.REFUSE_ESCALATION,
        lambda case: RefuseDialog(case, escalation=True),
    ),
    "withdraw": (Action.WITHDRAW, WithdrawDialog),
    "close_case": (Action.CLOSE, CloseDialog),
    "correct": (Action.CORRECT, CorrectDateDialog),
    "amend": (Action.AMEND_DEFINITION, AmendDefinitionDialog),
    "correct_details": (Action.CORRECT, CorrectDetailsDialog),
}


class ComplaintScreen(ReportsFailures, Screen[None]):
    BINDINGS = [
        Binding("a", "acknowledge", "Acknowledge", tooltip="Acknowledge and define the complaint"),
        Binding("e", "extend", "Extend", tooltip="Extend the response date, with a reason"),
        Binding("r", "respond", "Respond", tooltip="Record the response at this stage"),
        Binding(
            "s", "escalate", "Escalate", tooltip="Escalate to stage 2 at the resident's request"
        ),
        Binding("n", "not_accept", "Not accepted", tooltip="Refuse the complaint at intake"),
        Binding(
            "x",
            "refuse_escalation",
            "Refuse escalation",
            tooltip="Refuse the request to escalate, with the ground and reasons",
        ),
        Binding("w", "withdraw", "Withdrawn", tooltip="The resident withdrew the complaint"),
        Binding("c", "close_case", "Close", tooltip="Close the complaint"),
        Binding("d", "correct", "Correct a date", tooltip="Put right a mistyped date", show=False),
        Binding(
            "u",
            "correct_details",
            "Correct details",
            show=False,
            tooltip="Put right a name, address or the complaint as typed at intake",
        ),
        Binding(
            "m",
            "amend",
            "Amend definition",
            show=False,
            tooltip="Add a related new issue to the definition before responding (6.8)",
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
            "t", "actions", "Actions", show=False, tooltip="Outstanding actions: what, who, by when"
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
        Binding("escape", "back", "Back", tooltip="Back to the desk"),
    ]

    def __init__(self, complaint_id: int) -> None:
        super().__init__()
        self.complaint_id = complaint_id
        self.case: Case | None = None
        self.last_letter: Path | None = None

    @property
    def desk(self) -> ComplaintsApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="deadlines", cursor_type="none", show_cursor=False)
        with Horizontal():
            with VerticalScroll(id="record"):
                yield Static(id="details")
            with VerticalScroll(id="side"):
                yield Label("Timeline", classes="section")
                yield Static(id="timeline")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#deadlines", DataTable).add_columns("Deadline", "Due", "Done", "")
        with self.desk.store.session() as session:
            self.show(load_case(session, self.complaint_id))
        self.query_one("#record").focus()

    def show(self, case: Case) -> None:
        self.case = case
        self.sub_title = f"{case.complaint.reference} · {case.resident.name}"
        self.query_one("#details", Static).update(_details(case))
        self._show_deadlines(case)
        self.query_one("#timeline", Static).update(_timeline(case))
        self.refresh_bindings()

    def _show_deadlines(self, case: Case) -> None:
        table = self.query_one("#deadlines", DataTable)
        table.clear()
        clock = complaint_clock(self.desk.calendar, case.dates())
        today = self.desk.today()
        for stage in (clock.stage1, clock.stage2):
            if stage is None:
                continue
            for step in (stage.acknowledgement, stage.response):
                table.add_row(*self._deadline_row(step, today, step is clock.next_step))

    def _deadline_row(self, step: Step, today: date, is_next: bool) -> tuple[object, ...]:
        colours = self.app.theme_variables
        name = step.name + (f" (+{step.extended_by} days)" if step.extended_by else "")
        if step.met is True:
            verdict = Text("met", style=colours.get("text-success", "green"))
        elif step.met is False:
            verdict = Text("missed", style=colours.get("text-error", "red"))
        elif is_next:
            left = countdown(self.desk.calendar, step.due, today)
            style = colours.get("text-error", "red") if left < 0 else ""
            verdict = Text(describe_countdown(left), style=style)
        else:
            verdict = Text("")
        done = step.done.strftime("%d %b %Y") if step.done else ""
        return (name, step.due.strftime("%a %d %b %Y"), done, verdict)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_letter", "pdf"):
            return self.last_letter is not None
        if action in STEP_ACTIONS:
            if self.case is None:
                return False
            return STEP_ACTIONS[action][0] in available_actions(self.case)
        return True

    def _step(self, action: str) -> None:
        if self.case is None or not self.check_action(action, ()):
            return
        dialog = STEP_ACTIONS[action][1](self.case)

        def done(case: Case | None) -> None:
            if case is None:
                return
            self.show(case)
            self.notify(case.events[-1].summary, title=case.complaint.reference)
            kind = step_letter(action, case)
            if kind is not None and kind in available_letters(case):

                def answered(make: bool | None) -> None:
                    if make:
                        self._make(kind)

                self.app.push_screen(OfferLetter(kind), answered)

        self.app.push_screen(dialog, done)

    def action_actions(self) -> None:
        if self.case is not None:
            self.app.push_screen(ActionsScreen(self.case), self._changed)

    def action_follow_through(self) -> None:
        def chosen(key: str | None) -> None:
            if key == "actions":
                self.action_actions()
            elif key == "representative":
                self.action_representative()
            elif key == "related" and self.case is not None:
                self.app.push_screen(IntakeDialog(self.case), self._open_related)
            elif key is not None and self.case is not None:
                self.app.push_screen(RecordsScreen(self.case, SPECS_BY_KEY[key]), self._changed)

        self.app.push_screen(FollowThroughMenu(), chosen)

    def _open_related(self, complaint_id: int | None) -> None:
        if complaint_id is not None:
            self.app.push_screen(ComplaintScreen(complaint_id))

    def action_representative(self) -> None:
        if self.case is not None:
            self.app.push_screen(RepresentativeDialog(self.case), self._changed)

    def _changed(self, case: Case | None) -> None:
        if case is not None:
            self.show(case)

    def action_letter(self) -> None:
        if self.case is None:
            return

        def chosen(kind: LetterKind | None) -> None:
            if kind is not None:
                self._make(kind)

        self.app.push_screen(LetterChoice(available_letters(self.case)), chosen)

    def _make(self, kind: LetterKind) -> None:
        self.notify(f"Making the {SPECS[kind].title} letter…")
        self._make_letter(kind)

    @work(thread=True, exclusive=True, group="letter", exit_on_error=False)
    def _make_letter(self, kind: LetterKind) -> None:
        desk, case = self.desk, self.case
        assert case is not None and case.complaint.id is not None
        path = make_letter(kind, case, desk.settings, desk.calendar, desk.today())
        with desk.store.session() as session:
            updated = record_letter(
                session,
                case.complaint.id,
                title=SPECS[kind].title,
                path=str(path),
                today=desk.today(),
            )
        self.app.call_from_thread(self._letter_made, path, updated)

    def _letter_made(self, path: Path, case: Case) -> None:
        self.last_letter = path
        self.show(case)
        note = format_note(case)
        if note is not None:
            self.notify(note, severity="warning", timeout=15)
        self.notify(
            f"Saved {path}. Press o to open it, p for a PDF.", title="Letter made", timeout=10
        )

    def action_open_letter(self) -> None:
        if self.last_letter is not None:
            try:
                open_in_default_app(self.last_letter)
            except (LetterFailed, OSError) as error:
                self.notify(str(error), severity="error")

    def action_pdf(self) -> None:
        if self.last_letter is not None:
            self._make_pdf(self.last_letter)

    @work(thread=True, exclusive=True, group="letter", exit_on_error=False)
    def _make_pdf(self, letter: Path) -> None:
        pdf = to_pdf(letter)
        self.app.call_from_thread(self.notify, f"Saved {pdf}.", title="PDF made", timeout=10)

    def action_acknowledge(self) -> None:
        self._step("acknowledge")

    def action_extend(self) -> None:
        self._step("extend")

    def action_respond(self) -> None:
        self._step("respond")

    def action_escalate(self) -> None:
        self._step("escalate")

    def action_not_accept(self) -> None:
        self._step("not_accept")

    def action_refuse_escalation(self) -> None:
        self._step("refuse_escalation")

    def action_withdraw(self) -> None:
        self._step("withdraw")

    def action_close_case(self) -> None:
        self._step("close_case")

    def action_correct(self) -> None:
        self._step("correct")

    def action_amend(self) -> None:
        self._step("amend")

    def action_correct_details(self) -> None:
        self._step("correct_details")

    def action_back(self) -> None:
        self.app.pop_screen()


def _describe_action(action: OutstandingAction) -> str:
    done = f" Done {long_date(action.done_on)}." if action.done_on else " Not done yet."
    return f"{describe_action(action)}.{done}"


def _timeline(case: Case) -> Table:
    """Newest first: when, and what happened."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(ratio=1)
    for event in reversed(case.events):
        grid.add_row(event.at.astimezone(LONDON).strftime("%d %b %Y"), Text(event.summary))
    return grid


def _details(case: Case) -> Table:
    """The whole record as label and value, user text shown exactly as typed."""
    complaint, resident = case.complaint, case.resident
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1)

    def section(title: str) -> None:
        grid.add_row(Text(""), Text(""))
        grid.add_row(Text(title, style="bold underline"), Text(""))

    def row(label: str, value: object) -> None:
        if value in (None, ""):
            return
        shown = long_date(value) if isinstance(value, date) else str(value)
        grid.add_row(Text(label), Text(shown))

    grid.add_row(Text("Reference", style="bold"), Text(complaint.reference, style="bold"))
    row("Status", f"{complaint.status.value.capitalize()}, stage {case.stage}")
    row("Received", complaint.received_on)
    row("Came in by", complaint.channel.value.capitalize())
    row("Category", complaint.category)
    row("Issue arose", complaint.issue_arose_on)
    row("The complaint", complaint.description)
    row("Service request", complaint.service_request)
    row("Raised during", case.related_reference)
    row("New complaints raised during it", ", ".join(case.raised_from_here))
    section("Resident")
    row("Name", resident.name)
    row("Address", resident.address)
    if complaint.property_address and complaint.property_address != resident.address:
        row("Property", complaint.property_address)
    row("Telephone", resident.phone)
    row("Email", resident.email)
    row("Contact by", resident.preferred_contact.value)
    if case.representative is not None:
        agent = case.representative
        section("Representative (letters go to them)")
        row("Name", agent.name)
        row("Relationship", agent.relationship)
        row("Address", agent.address)
        row("Telephone", agent.phone)
        row("Email", agent.email)
        row("Authority confirmed", agent.authority_confirmed_on)
    for number, stage in sorted(case.stages.items()):
        _stage_rows(case, number, stage, section, row)
    for key, spec in SPECS_BY_KEY.items():
        if case.records.get(key):
            section(spec.title)
            for record in case.records[key]:
                row("", spec.describe(record))
    if complaint.status in (Status.NOT_ACCEPTED, Status.ESCALATION_REFUSED):
        section(complaint.status.value.capitalize())
        row("On", complaint.refused_on)
        row("Ground", complaint.refusal_ground.value if complaint.refusal_ground else "")
        row("Reasons", complaint.refusal_reasons)
    if complaint.withdrawn_on:
        section("Withdrawn")
        row("On", complaint.withdrawn_on)
        row("Resident said", complaint.withdrawal_reason)
    if complaint.closed_on:
        section("Closed")
        row("On", complaint.closed_on)
        row("What we learned", complaint.learning)
        row("Improvement", complaint.improvement)
    return grid


def _stage_rows(
    case: Case,
    number: int,
    stage: Stage,
    section: Callable[[str], None],
    row: Callable[[str, object], None],
) -> None:
    section(f"Stage {number}")
    row("Escalation requested", stage.requested_on)
    row("Handled by", stage.handler)
    row("Acknowledged", stage.acknowledged_on)
    row("Our understanding", stage.understanding)
    row("Outcomes sought", stage.outcomes_sought)
    row("Responsible for", stage.responsible_for)
    row("Not responsible for", stage.not_responsible_for)
    row("Clarification asked", stage.clarification_asked)
    for extension in case.extensions_at(number):
        agreed = f" on {long_date(extension.agreed_on)}" if extension.agreed_on else ""
        row("Extended", f"{extension.working_days} working days{agreed}: {extension.reason}")
        row("Good reason", extension.good_reason)
        if extension.update_interval_days:
            row("Updates every", f"{extension.update_interval_days} working days")
    row("Responded", stage.responded_on)
    row("Decision", stage.decision.value.capitalize() if stage.decision else "")
    row("Reasons", stage.reasons)
    row("Remedy", stage.remedy)
    for action in case.actions:
        if action.stage == number:
            row("Action", _describe_action(action))
