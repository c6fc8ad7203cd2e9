"""Putting right a mistyped date or detail; the timeline keeps what each was."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from textual.widget import Widget
from textual.widgets import Select

from store.case import Case
from store.corrections import correct_date, correct_details
from store.rules import DATE_NAMES, Problem
from tui.dialogs.form import Write, date_input, field, short_date
from tui.dialogs.intake import detail_fields
from tui.dialogs.step import StepDialog


class CorrectDateDialog(StepDialog):
    """Put right a mistyped date; the timeline keeps the old one."""

    HEADING = "Correct a date"
    INTRO = "The change is recorded in the complaint's timeline, with the date it replaces."
    # Whatever date a rule names, the officer typed it here.
    FIELD_WIDGETS: ClassVar[dict[str, str]] = dict.fromkeys((*DATE_NAMES, "form"), "value")

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

        return self.unit(correct_date, self.complaint_id, field=which, value=value, today=today)


class CorrectDetailsDialog(StepDialog):
    """Put right what was mistyped at intake; the timeline keeps the old wording."""

    HEADING = "Correct the details"
    INTRO = "Each change is recorded in the complaint's timeline, with what it replaces."
    FIELD_WIDGETS: ClassVar[dict[str, str]] = {"name": "resident_name"}

    def fields(self) -> Iterator[Widget]:
        yield from detail_fields(
            list(self.office.settings.categories), self.case.resident, self.case.complaint
        )

    def submit(self) -> Write[Case]:
        changes: dict[str, object] = {
            name: self.text_of(name)
            for name in (
                "address",
                "phone",
                "email",
                "property_address",
                "description",
                "service_request",
            )
        }
        changes["name"] = self.text_of("resident_name")
        changes |= {
            name: self.choice_of(name) for name in ("preferred_contact", "channel", "tenure")
        }
        changes["category"] = self.choice_of("category") or ""
        return self.unit(correct_details, self.complaint_id, changes=changes)
