"""The landlord's settings, kept inside the case file so that a backup carries them.

A plain dataclass checked on creation: the desk reads these before its first paint, and a
validation library would cost more to load than the checks themselves.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from store.clock import REGIONS
from store.rules import Problem, email_problem

DEFAULT_CATEGORIES = (
    "Repairs",
    "Damp and mould",
    "Anti-social behaviour",
    "Staff conduct",
    "Communication",
    "Rent and service charges",
    "Estate services",
    "Lettings and allocations",
    "Other",
)


class SettingsError(ValueError):
    """A setting that will not do: `field` names it, `message` says why."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.message = f"{field.replace('_', ' ').capitalize()}: {reason}."
        super().__init__(self.message)


@dataclass(frozen=True)
class Settings:
    landlord_name: str = ""
    landlord_address: str = ""
    landlord_phone: str = ""
    landlord_email: str = ""
    officer_name: str = ""
    homes: int = 0
    homes_rented: int = 0
    """Low-cost rental homes (LCRA) owned at the end of the reporting year, for the TSMs."""
    homes_shared_ownership: int = 0
    """Low-cost home ownership homes (LCHO) owned at the end of the reporting year."""
    region: str = "ENG"
    closure_days: tuple[date, ...] = ()
    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    due_soon_days: int = 3
    compensation_bands: tuple[str, ...] = ()
    """The landlord's own compensation policy, one band a line, shown when offering a remedy."""
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

    def __post_init__(self) -> None:
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if item.type == "str" and not isinstance(value, str):
                raise SettingsError(item.name, "must be text")
            if item.type == "int" and (isinstance(value, bool) or not isinstance(value, int)):
                raise SettingsError(item.name, "must be a whole number")
        for name in ("homes", "homes_rented", "homes_shared_ownership"):
            if getattr(self, name) < 0:
                raise SettingsError(name, "the number of homes cannot be negative")
        region = self.region.strip().upper()
        if region not in REGIONS:
            raise SettingsError("region", f"the region must be one of {', '.join(REGIONS)}")
        if not 0 <= self.due_soon_days <= 60:
            raise SettingsError(
                "due_soon_days", 'the "due soon" threshold must be between 0 and 60 working days'
            )
        object.__setattr__(self, "region", region)
        object.__setattr__(self, "closure_days", tuple(sorted(set(self.closure_days))))
        object.__setattr__(self, "categories", tuple(self.categories))
        object.__setattr__(self, "compensation_bands", tuple(self.compensation_bands))
        object.__setattr__(self, "setup_done", bool(self.setup_done))

    def replace(self, **changes: Any) -> Settings:
        unknown = set(changes) - KNOWN
        if unknown:
            raise SettingsError(sorted(unknown)[0], "is not a setting")
        return dataclasses.replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in KNOWN}
        values["closure_days"] = [day.isoformat() for day in self.closure_days]
        values["categories"] = list(self.categories)
        values["compensation_bands"] = list(self.compensation_bands)
        return values

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> Settings:
        values = {key: value for key, value in stored.items() if key in KNOWN}
        try:
            values["closure_days"] = tuple(
                date.fromisoformat(day) for day in values.get("closure_days", ())
            )
        except (TypeError, ValueError):
            raise SettingsError("closure_days", "each must be a date") from None
        return cls(**values)


KNOWN = frozenset(item.name for item in dataclasses.fields(Settings))
_LISTS = {"categories", "compensation_bands"}


def setting_from_text(key: str, text: str) -> Any:
    """A setting as typed on the command line: whole numbers, yes or no, dates and lists
    separated by ";", and "\\n" for a new line in an address."""
    from store.formats import parse_date

    kind = next((item.type for item in dataclasses.fields(Settings) if item.name == key), None)
    if kind is None:
        raise SettingsError(key, "is not a setting (`complaints-tui settings` lists them)")
    text = text.strip()
    if kind == "int":
        if not text.isdigit():
            raise SettingsError(key, f"{text!r} is not a whole number")
        return int(text)
    if kind == "bool":
        if text.lower() not in ("yes", "no", "true", "false"):
            raise SettingsError(key, "give yes or no")
        return text.lower() in ("yes", "true")
    parts = [part.strip() for part in text.split(";") if part.strip()]
    if key == "closure_days":
        try:
            return tuple(parse_date(part) for part in parts)
        except ValueError as error:
            raise SettingsError(key, str(error).rstrip(".")) from None
    if key in _LISTS:
        return tuple(parts)
    return text.replace("\\n", "\n")


def setting_as_text(settings: Settings, key: str) -> str:
    """A setting as `setting_from_text` reads it back."""
    value = getattr(settings, key)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return "; ".join(day.isoformat() if isinstance(day, date) else str(day) for day in value)
    return str(value).replace("\n", "\\n")


def load_settings(db: sqlite3.Connection) -> Settings:
    stored = {key: json.loads(value) for key, value in db.execute("SELECT key, value FROM setting")}
    return Settings.from_json(stored)


def save_settings(db: sqlite3.Connection, settings: Settings) -> None:
    with db:
        db.executemany(
            "INSERT INTO setting (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [(key, json.dumps(value)) for key, value in settings.to_json().items()],
        )


# What every letter prints of the Ombudsman (code-rules.md section 4).
OMBUDSMAN_FIELDS = (
    "ombudsman_name",
    "ombudsman_address",
    "ombudsman_phone",
    "ombudsman_website",
    "ombudsman_how_to_complain",
)
# What the Ombudsman's details no longer say (code-rules.md sections 2 and 4): no letter may.
_STALE = (
    (
        re.compile(r"designated person", re.IGNORECASE),
        'The "designated person" route ended on 1 October 2022: no letter may mention it.',
    ),
    (
        re.compile(r"\b(eight|8)[ -]weeks?\b", re.IGNORECASE),
        "The eight-week wait before going to the Ombudsman ended on 1 October 2022.",
    ),
    (
        re.compile(r"\b(liverpool|london)\b", re.IGNORECASE),
        "That address is out of date: the Ombudsman is at PO Box 1484, Unit D, Preston, PR2 0ET.",
    ),
    (
        re.compile(r"\be-?mail\b|@", re.IGNORECASE),
        "Since 13 January 2026 the Ombudsman takes new complaints through the online form on "
        "its website, not by email.",
    ),
)


def letter_problems(settings: Settings) -> list[Problem]:
    """The Ombudsman's details every letter prints, each there and usable."""
    problems = [
        Problem(name, "Every letter must give the Ombudsman's details: fill this in.")
        for name in OMBUDSMAN_FIELDS
        if not getattr(settings, name).strip()
    ]
    website = settings.ombudsman_website.strip()
    if website and (" " in website or "." not in website):
        problems.append(Problem("ombudsman_website", f"{website!r} is not a website address."))
    email = email_problem("landlord_email", settings.landlord_email)
    if email is not None:
        problems.append(email)
    phone = settings.ombudsman_phone.strip()
    if phone and sum(character.isdigit() for character in phone) < 10:
        problems.append(Problem("ombudsman_phone", f"{phone!r} is not a whole telephone number."))
    return problems


# What every letter prints about the landlord, as the settings name each.
LANDLORD_FIELDS = {
    "landlord_name": "the landlord's name",
    "landlord_address": "the landlord's address",
    "landlord_phone": "the landlord's telephone",
    "landlord_email": "the landlord's email",
    "officer_name": "the complaints officer's name",
}


def missing_for_letters(settings: Settings) -> list[str]:
    """What the letters print about the landlord that is not filled in yet."""
    return [label for name, label in LANDLORD_FIELDS.items() if not getattr(settings, name).strip()]


def stale_ombudsman_details(settings: Settings) -> list[Problem]:
    """The phrases in the Ombudsman's details that the Code no longer allows a letter to say."""
    return [
        Problem(name, sentence)
        for name in OMBUDSMAN_FIELDS
        for pattern, sentence in _STALE
        if pattern.search(getattr(settings, name))
    ]


def update_settings(db: sqlite3.Connection, **changes: Any) -> Settings:
    """Check and store changed settings, returning the new whole."""
    settings = load_settings(db).replace(**changes)
    problems = letter_problems(settings) + stale_ombudsman_details(settings)
    if problems:
        message = problems[0].message.rstrip(".")
        raise SettingsError(problems[0].field, message[:1].lower() + message[1:])
    save_settings(db, settings)
    return settings
