"""The base of every form on one complaint."""

from __future__ import annotations

from store.case import Case
from tui.dialogs.form import FormDialog
from tui.office import Office


class StepDialog(FormDialog[Case]):
    """A form on one complaint; returns the complaint as it stands after the save."""

    def __init__(self, office: Office, case: Case) -> None:
        super().__init__(office)
        self.case = case

    @property
    def complaint_id(self) -> int:
        return self.case.id

    def opened(self) -> dict[int, int]:
        return {self.case.id: self.case.complaint.version}
