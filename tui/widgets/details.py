"""The whole record of a complaint as label and value, user text shown exactly as typed."""

from __future__ import annotations

from datetime import date

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from store.case import Case
from store.formats import long_date
from store.kinds import Status
from store.models import Stage
from store.records import RECORDS


class Details(Static):
    def show(self, case: Case, flags: tuple[str, ...] = ()) -> None:
        """The record, with the flags the desk shows on the complaint's row."""
        self.update(_Sheet(case, flags).table)


class _Sheet:
    def __init__(self, case: Case, flags: tuple[str, ...]) -> None:
        self.table = Table.grid(padding=(0, 2))
        self.table.add_column(style="bold", no_wrap=True)
        self.table.add_column(ratio=1)
        self._complaint(case, flags)
        self._resident(case)
        for number, stage in sorted(case.stages.items()):
            self._stage(case, number, stage)
        for key, kind in RECORDS.items():
            if key != "representative" and case.records.get(key):
                self.section(kind.title)
                for record in case.records[key]:
                    self.row("", kind.describe(record))
        self._ending(case)

    def section(self, title: str) -> None:
        self.table.add_row(Text(""), Text(""))
        self.table.add_row(Text(title, style="bold underline"), Text(""))

    def row(self, label: str, value: object) -> None:
        if value in (None, ""):
            return
        shown = long_date(value) if isinstance(value, date) else str(value)
        self.table.add_row(Text(label), Text(shown))

    def _complaint(self, case: Case, flags: tuple[str, ...]) -> None:
        complaint = case.complaint
        self.table.add_row(Text("Reference", style="bold"), Text(complaint.reference, style="bold"))
        self.row("Status", f"{complaint.status.value.capitalize()}, stage {case.stage}")
        self.row("Flags", ", ".join(flag for flag in flags if flag != complaint.status.value))
        self.row("Received", complaint.received_on)
        self.row("Came in by", complaint.channel.value.capitalize())
        self.row("Category", complaint.category)
        self.row("Issue arose", complaint.issue_arose_on)
        self.row("The complaint", complaint.description)
        self.row("Service request", complaint.service_request)
        self.row("Raised during", case.related_reference)
        self.row("New complaints raised during it", ", ".join(case.raised_from_here))

    def _resident(self, case: Case) -> None:
        resident, complaint = case.resident, case.complaint
        self.section("Resident")
        self.row("Name", resident.name)
        self.row("Address", resident.address)
        if complaint.property_address and complaint.property_address != resident.address:
            self.row("Property", complaint.property_address)
        self.row("Telephone", resident.phone)
        self.row("Email", resident.email)
        self.row("Contact by", resident.preferred_contact.value)
        agent = case.representative
        if agent is not None:
            self.section("Representative (letters go to them)")
            self.row("Name", agent.name)
            self.row("Relationship", agent.relationship)
            self.row("Address", agent.address)
            self.row("Telephone", agent.phone)
            self.row("Email", agent.email)
            self.row("Authority confirmed", agent.authority_confirmed_on)

    def _stage(self, case: Case, number: int, stage: Stage) -> None:
        self.section(f"Stage {number}")
        self.row("Escalation requested", stage.requested_on)
        self.row("Handled by", stage.handler)
        self.row("Acknowledged", stage.acknowledged_on)
        self.row("Our understanding", stage.understanding)
        self.row("Outcomes sought", stage.outcomes_sought)
        self.row("Responsible for", stage.responsible_for)
        self.row("Not responsible for", stage.not_responsible_for)
        self.row("Clarification asked", stage.clarification_asked)
        for extension in case.extensions_at(number):
            agreed = f" on {long_date(extension.agreed_on)}" if extension.agreed_on else ""
            days = f"{extension.working_days} working days{agreed}: {extension.reason}"
            self.row("Extended", days)
            self.row("Good reason", extension.good_reason)
            if extension.update_interval_days:
                self.row("Updates every", f"{extension.update_interval_days} working days")
        self.row("Responded", stage.responded_on)
        self.row("Decision", stage.decision.value.capitalize() if stage.decision else "")
        self.row("Reasons", stage.reasons)
        self.row("Remedy", stage.remedy)

    def _ending(self, case: Case) -> None:
        complaint = case.complaint
        if complaint.status in (Status.NOT_ACCEPTED, Status.ESCALATION_REFUSED):
            self.section(complaint.status.value.capitalize())
            self.row("On", complaint.refused_on)
            self.row("Ground", complaint.refusal_ground.value if complaint.refusal_ground else "")
            self.row("Reasons", complaint.refusal_reasons)
        if complaint.withdrawn_on:
            self.section("Withdrawn")
            self.row("On", complaint.withdrawn_on)
            self.row("Resident said", complaint.withdrawal_reason)
        if complaint.closed_on:
            self.section("Closed")
            self.row("On", complaint.closed_on)
            self.row("What we learned", complaint.learning)
            self.row("Improvement", complaint.improvement)
