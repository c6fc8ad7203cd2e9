"""Voiding what was entered by mistake: one record, or a whole complaint."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from textual.widget import Widget
from textual.widgets import Static

from store.case import Case
from store.records import RecordKind
from store.voiding import void_complaint, void_record
from tui.dialogs.form import Write, field, text_area
from tui.dialogs.step import StepDialog
from tui.office import Office

REASON_HINT = "Kept in the timeline, with today's date and your name."


class VoidRecordDialog(StepDialog):
    """Void one record: it leaves the lists and letters, and the timeline says why."""

    def __init__(self, office: Office, case: Case, kind: RecordKind, record: Any) -> None:
        super().__init__(office, case)
        self.kind, self.record = kind, record

    def heading(self) -> str:
        return f"Void this {self.kind.noun}: {self.case.complaint.reference}"

    def fields(self) -> Iterator[Widget]:
        yield Static(self.kind.describe(self.record), classes="intro")
        yield field("Why it was a mistake", text_area("reason"), REASON_HINT)

    def submit(self) -> Write[Case]:
        reason, today = self.text_of("reason"), self.office.today()
        by, kind, record_id = self.office.settings.officer_name, self.kind, self.record.id
        return self.unit(
            void_record, kind, self.complaint_id, record_id, reason=reason, by=by, today=today
        )


class VoidComplaintDialog(StepDialog):
    """Void a complaint logged by mistake: a duplicate, or the wrong resident."""

    INTRO = (
        "A voided complaint leaves the desk, the letters, the figures and the export. Nothing "
        "is deleted: its timeline keeps what was recorded and why it was voided."
    )

    def heading(self) -> str:
        return f"Void {self.case.complaint.reference} as logged by mistake"

    def fields(self) -> Iterator[Widget]:
        yield field(
            "Why it was logged by mistake",
            text_area("reason"),
            "Such as: a duplicate of C-2026-0012; the wrong resident. " + REASON_HINT,
        )

    def submit(self) -> Write[Case]:
        reason, today = self.text_of("reason"), self.office.today()
        by = self.office.settings.officer_name
        return self.unit(void_complaint, self.complaint_id, reason=reason, by=by, today=today)
