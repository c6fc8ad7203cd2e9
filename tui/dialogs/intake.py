"""Logging a new complaint: who made it, what it is about, and when it came in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from pydantic import ValidationError
from textual import on
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from store.case import Case
from store.intake import intake_warnings, log_complaint
from store.kinds import Channel, ContactMethod, Tenure
from store.models import Complaint, ComplaintCreate, Resident, ResidentBase
from store.rules import RuleBroken
from tui.dialogs.form import FormDialog, Write, date_input, field, text_area
from tui.office import Office


class LogComplaintDialog(FormDialog[Case]):
    """Log a new complaint; returns it as logged."""

    HEADING = "New complaint"
    INTRO = "A complaint is any expression of dissatisfaction, however made (Code 1.2)."
    FIELD_WIDGETS: ClassVar[dict[str, str]] = {
        "received": "received_on",
        "issue_arose": "issue_arose_on",
    }

    def __init__(self, office: Office, related: Case | None = None) -> None:
        super().__init__(office)
        self.related = related

    def heading(self) -> str:
        if self.related is None:
            return self.HEADING
        return (
            f"New complaint raised during {self.related.complaint.reference} "
            "(a new issue, Code 6.8)"
        )

    def fields(self) -> Iterator[Widget]:
        today = self.office.today()
        categories = list(self.office.settings.categories)
        resident = self.related.resident if self.related is not None else None
        yield from detail_fields(categories, resident)
        yield field("Received on", date_input("received_on", today))
        yield field(
            "The issue arose (or the resident became aware of it) on",
            date_input("issue_arose_on"),
            "Optional: for the 12-month rule (Code 2.3).",
        )
        yield Static(id="warning", classes="warning", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#warning").display = False

    @on(Input.Changed, "#issue_arose_on, #received_on")
    def _warn_if_old(self) -> None:
        self.problems = []
        received = self.date_of("received_on", required=False)
        arose = self.date_of("issue_arose_on", required=False)
        warning = self.query_one("#warning", Static)
        messages = []
        if received and arose:
            messages = intake_warnings(received, arose)
        warning.update("\n".join(messages))
        warning.display = bool(messages)

    def submit(self) -> Write[Case]:
        received = self.date_of("received_on")
        arose = self.date_of("issue_arose_on", required=False)
        self.stop_if_problems()
        assert received is not None
        try:
            data = ComplaintCreate(
                resident=ResidentBase(
                    name=self.text_of("resident_name"),
                    address=self.text_of("address"),
                    phone=self.text_of("phone"),
                    email=self.text_of("email"),
                    preferred_contact=self.choice_of("preferred_contact"),
                ),
                property_address=self.text_of("property_address"),
                channel=self.choice_of("channel"),
                category=self.choice_of("category") or "",
                description=self.text_of("description"),
                received_on=received,
                issue_arose_on=arose,
                service_request=self.text_of("service_request"),
                tenure=self.choice_of("tenure"),
                related_to_id=self.related.complaint.id if self.related else None,
            )
        except ValidationError as error:
            first = error.errors()[0]
            field = {"name": "resident_name"}.get(str(first["loc"][-1]), str(first["loc"][-1]))
            raise RuleBroken.single(field, f"This will not do: {first['msg'].lower()}.") from None
        today = self.office.today()
        return self.unit(log_complaint, data, today=today)

    def saved(self, result: Case) -> None:
        self.notify(f"Logged {result.complaint.reference}.")


def detail_fields(
    categories: list[str], resident: Resident | None = None, complaint: Complaint | None = None
) -> Iterator[Widget]:
    """Who complained and what about: typed at intake, put right later with the same fields."""
    yield from _resident_fields(resident, complaint)
    yield from _complaint_fields(categories, complaint)


def _resident_fields(resident: Resident | None, complaint: Complaint | None) -> Iterator[Widget]:
    yield field("Resident's name", Input(resident.name if resident else "", id="resident_name"))
    yield field("Resident's address", text_area("address", resident.address if resident else ""))
    yield field("Telephone", Input(resident.phone if resident else "", id="phone"))
    yield field("Email", Input(resident.email if resident else "", id="email"))
    yield field(
        "Preferred way of contact",
        Select(
            [(m.value.capitalize(), m) for m in ContactMethod],
            value=resident.preferred_contact if resident else ContactMethod.LETTER,
            allow_blank=False,
            id="preferred_contact",
        ),
    )
    yield field(
        "The complainant is",
        Select(
            [
                (f"A tenant: {Tenure.RENTED.value}", Tenure.RENTED),
                (f"A tenant: {Tenure.SHARED_OWNERSHIP.value}", Tenure.SHARED_OWNERSHIP),
                ("Not a tenant (a leaseholder, a neighbour, anyone else)", Tenure.NOT_A_TENANT),
            ],
            value=complaint.tenure if complaint else Tenure.RENTED,
            allow_blank=False,
            id="tenure",
        ),
        "The Tenant Satisfaction Measures count complaints from tenants only.",
    )


def _complaint_fields(categories: list[str], complaint: Complaint | None) -> Iterator[Widget]:
    if complaint is not None and complaint.category and complaint.category not in categories:
        categories = [*categories, complaint.category]
    yield field(
        "Property complained about",
        text_area("property_address", complaint.property_address if complaint else ""),
        "Leave empty if it is the resident's address.",
    )
    yield field(
        "Came in by",
        Select(
            [(c.value.capitalize(), c) for c in Channel],
            value=complaint.channel if complaint else Channel.PHONE,
            allow_blank=False,
            id="channel",
        ),
    )
    yield field(
        "Category",
        Select(
            [(c, c) for c in categories],
            prompt="Choose a category",
            value=complaint.category if complaint and complaint.category else Select.NULL,
            id="category",
        ),
    )
    yield field(
        "The complaint, as the resident made it",
        text_area("description", complaint.description if complaint else ""),
    )
    yield field(
        "Service request it is about",
        Input(complaint.service_request if complaint else "", id="service_request"),
        "Optional: the repair or request reference (Code 1.4, 1.5).",
    )
