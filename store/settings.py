"""The landlord's settings, kept inside the case file so that a backup carries them.

A plain dataclass checked on creation: the desk reads these before its first paint, and a
validation library would cost more to load than the checks themselves.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from store.rules import Problem, email_problem
from store.setting_values import SettingsError, check_setting, label

__all__ = ["SettingsError"]

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
    unusable: tuple[str, ...] = field(default=(), compare=False, repr=False)
    """Why each value kept in the file that the rules now refuse was set aside: the default is
    used instead until the setting is given again."""

    def __post_init__(self) -> None:
        for name in KNOWN:
            object.__setattr__(self, name, check_setting(name, getattr(self, name)))

    def replace(self, **changes: Any) -> Settings:
        unknown = set(changes) - KNOWN
        if unknown:
            raise SettingsError(sorted(unknown)[0], "is not a setting")
        given = tuple(f"{label(name)}:" for name in changes)
        unusable = tuple(problem for problem in self.unusable if not problem.startswith(given))
        return dataclasses.replace(self, **changes, unusable=unusable)

    def to_json(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in KNOWN}
        values["closure_days"] = [day.isoformat() for day in self.closure_days]
        values["categories"] = list(self.categories)
        values["compensation_bands"] = list(self.compensation_bands)
        return values

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> Settings:
        """The settings kept in the file; a value the rules refuse is set aside with why."""
        values: dict[str, Any] = {}
        unusable = []
        for key, value in stored.items():
            if key not in KNOWN:
                continue
            try:
                if key == "closure_days":
                    value = _stored_dates(value)
                values[key] = check_setting(key, value)
            except SettingsError as error:
                unusable.append(error.message)
        return cls(**values, unusable=tuple(unusable))


def _stored_dates(value: Any) -> tuple[date, ...]:
    try:
        return tuple(date.fromisoformat(day) for day in value)
    except (TypeError, ValueError):
        raise SettingsError("closure_days", "each must be a date") from None


KNOWN = frozenset(item.name for item in dataclasses.fields(Settings)) - {"unusable"}


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
