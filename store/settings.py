"""The landlord's settings, kept inside the case file so that a backup carries them."""

from __future__ import annotations

import json
from datetime import date

from pydantic import ValidationError, field_validator
from sqlmodel import Session, SQLModel, select

from store.clock import REGIONS, WorkingCalendar
from store.models import Setting

DEFAULT_CATEGORIES = [
    "Repairs",
    "Damp and mould",
    "Anti-social behaviour",
    "Staff conduct",
    "Communication",
    "Rent and service charges",
    "Estate services",
    "Lettings and allocations",
    "Other",
]


class Settings(SQLModel):
    landlord_name: str = ""
    landlord_address: str = ""
    landlord_phone: str = ""
    landlord_email: str = ""
    officer_name: str = ""
    homes: int = 0
    region: str = "ENG"
    closure_days: list[date] = []
    categories: list[str] = list(DEFAULT_CATEGORIES)
    due_soon_days: int = 3
    letters_folder: str = ""
    """Empty means "Complaint letters" in the user's documents."""
    ombudsman_name: str = "Housing Ombudsman Service"
    ombudsman_address: str = "PO Box 1484, Unit D, Preston, PR2 0ET"
    ombudsman_phone: str = "0300 111 3000"
    ombudsman_website: str = "www.housing-ombudsman.org.uk"
    ombudsman_how_to_complain: str = (
        "Complaints to the Housing Ombudsman are made through the online complaint form on "
        "its website."
    )
    setup_done: bool = False

    @field_validator("region")
    @classmethod
    def _known_region(cls, region: str) -> str:
        region = region.strip().upper()
        if region not in REGIONS:
            raise ValueError(f"the region must be one of {', '.join(REGIONS)}")
        return region

    @field_validator("homes")
    @classmethod
    def _homes_not_negative(cls, homes: int) -> int:
        if homes < 0:
            raise ValueError("the number of homes cannot be negative")
        return homes

    @field_validator("due_soon_days")
    @classmethod
    def _threshold_in_range(cls, days: int) -> int:
        if not 0 <= days <= 60:
            raise ValueError('the "due soon" threshold must be between 0 and 60 working days')
        return days

    def calendar(self) -> WorkingCalendar:
        return WorkingCalendar(self.region, self.closure_days)


class SettingsError(ValueError):
    """A setting that will not do: `field` names it, `message` says why."""

    def __init__(self, error: ValidationError) -> None:
        first = error.errors()[0]
        self.field = ".".join(str(part) for part in first["loc"])
        reason = first["msg"].removeprefix("Value error, ")
        self.message = f"{self.field.replace('_', ' ').capitalize()}: {reason}."
        super().__init__(self.message)


def load_settings(session: Session) -> Settings:
    stored = {row.key: json.loads(row.value) for row in session.exec(select(Setting))}
    known = {key: value for key, value in stored.items() if key in Settings.model_fields}
    try:
        return Settings.model_validate(known)
    except ValidationError as error:
        raise SettingsError(error) from None


def save_settings(session: Session, settings: Settings) -> None:
    for key, value in settings.model_dump(mode="json").items():
        session.merge(Setting(key=key, value=json.dumps(value)))
    session.commit()


def update_settings(session: Session, **changes: object) -> Settings:
    """Validate and store changed settings, returning the new whole."""
    current = load_settings(session).model_dump()
    current.update(changes)
    try:
        settings = Settings.model_validate(current)
    except ValidationError as error:
        raise SettingsError(error) from None
    save_settings(session, settings)
    return settings
