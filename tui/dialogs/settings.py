"""The landlord's settings, and the short setup offered the first time the desk opens."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from textual.widget import Widget
from textual.widgets import Input, Select

from store.paths import default_letters_dir
from store.rules import Problem, RuleBroken
from store.setting_values import parse_setting
from store.settings import (
    LANDLORD_FIELDS,
    OMBUDSMAN_FIELDS,
    Settings,
    SettingsError,
    letter_problems,
    stale_ombudsman_details,
)
from tui.dialogs.form import FormDialog, Write, field, short_date, text_area
from tui.failures import told

REGION_NAMES = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}


# The settings the form shows, in its order.
SETTINGS_FORM = (
    "landlord_name",
    "landlord_address",
    "landlord_phone",
    "landlord_email",
    "officer_name",
    "homes",
    "homes_rented",
    "homes_shared_ownership",
    "region",
    "closure_days",
    "due_soon_days",
    "categories",
    "compensation_bands",
    "letters_folder",
    *OMBUDSMAN_FIELDS,
)


class SettingsDialog(FormDialog[Settings]):
    HEADING = "Settings"
    INTRO = "Kept inside the complaints file, so a backup carries them."

    def fields(self) -> Iterator[Widget]:
        s = self.office.settings
        yield from _landlord_fields(s, "Complaints officer's name")
        yield field(
            "Rented homes (low-cost rental)",
            Input(str(s.homes_rented or ""), id="homes_rented"),
            "Owned at the end of the reporting year: the Tenant Satisfaction Measures use it.",
        )
        yield field(
            "Shared-ownership homes (low-cost home ownership)",
            Input(str(s.homes_shared_ownership or ""), id="homes_shared_ownership"),
        )
        yield field(
            "Bank holidays of",
            Select(
                [(name, code) for code, name in REGION_NAMES.items()],
                value=s.region,
                allow_blank=False,
                id="region",
            ),
        )
        yield field(
            "Closure days",
            text_area("closure_days", "\n".join(short_date(d) for d in s.closure_days)),
            "One date a line (DD/MM/YYYY): days the office is shut, which are not working days.",
        )
        yield field(
            '"Due soon" within (working days)', Input(str(s.due_soon_days), id="due_soon_days")
        )
        yield field("Categories", text_area("categories", "\n".join(s.categories)), "One a line.")
        yield field(
            "Compensation bands",
            text_area("compensation_bands", "\n".join(s.compensation_bands)),
            "Your compensation policy, one band a line; shown when a remedy is offered.",
        )
        yield field(
            "Letters folder",
            Input(s.letters_folder, id="letters_folder", placeholder=str(default_letters_dir())),
            "Leave empty for the default shown.",
        )
        yield from _ombudsman_fields(s)

    def changes(self) -> dict[str, object]:
        return {**self.typed(SETTINGS_FORM), "setup_done": True}

    def typed(self, names: Iterable[str]) -> dict[str, object]:
        """The settings as typed, each read by the same rule as the command line's."""
        values = {}
        for name in names:
            typed = str(self.choice_of(name) or "") if name == "region" else self.text_of(name)
            try:
                values[name] = parse_setting(name, typed)
            except SettingsError as error:
                self.problems.append(Problem(name, error.message))
        return values

    def submit(self) -> Write[Settings]:
        changes = self.changes()
        self.stop_if_problems()
        try:
            candidate = self.office.settings.replace(**changes)
            self.problems += letter_problems(candidate) + stale_ombudsman_details(candidate)
        except SettingsError as error:
            self.problems.append(Problem(error.field, error.message))
        self.stop_if_problems()
        casefile = self.office.casefile

        def write() -> Settings:
            try:
                return casefile.change_settings(**changes)
            except SettingsError as error:
                raise RuleBroken.single(error.field, error.message) from None

        return write

    def saved(self, result: Settings) -> None:
        self.office.apply(result)
        self.notify("Settings saved.")


class SetupDialog(SettingsDialog):
    """The first time: what every letter prints. Escape leaves it for later; the desk reminds
    until it is filled in, and Settings has the rest."""

    HEADING = "Welcome: set up your complaints desk"
    INTRO = (
        "Every letter prints these details. Press Escape to fill them in later under "
        "Settings (o): the desk reminds you until they are there."
    )

    def fields(self) -> Iterator[Widget]:
        s = self.office.settings
        yield from _landlord_fields(s, "Your name (the complaints officer)")
        yield from _ombudsman_fields(s)

    def changes(self) -> dict[str, object]:
        changes = self.typed((*LANDLORD_FIELDS, "homes", *OMBUDSMAN_FIELDS))
        for name, label in LANDLORD_FIELDS.items():
            if name in changes and not changes[name]:
                self.problems.append(
                    Problem(
                        name,
                        f"Every letter prints {label}: fill it in, or press Escape to do it later.",
                    )
                )
        if "@" not in str(changes.get("landlord_email", "@")) and changes["landlord_email"]:
            self.problems.append(Problem("landlord_email", "That is not an email address."))
        return {**changes, "setup_done": True}

    def leave(self) -> None:
        with told(self):
            self.office.apply(self.office.casefile.change_settings(setup_done=True))
        self.dismiss(None)


def _landlord_fields(s: Settings, officer: str) -> Iterator[Widget]:
    """What every letter prints about the landlord, and the homes the figures count."""
    yield field("Landlord's name", Input(s.landlord_name, id="landlord_name"))
    yield field("Landlord's address", text_area("landlord_address", s.landlord_address))
    yield field("Landlord's telephone", Input(s.landlord_phone, id="landlord_phone"))
    yield field("Landlord's email", Input(s.landlord_email, id="landlord_email"))
    yield field(officer, Input(s.officer_name, id="officer_name"))
    yield field(
        "Number of homes",
        Input(str(s.homes or ""), id="homes"),
        "For the complaints per 1,000 homes figure.",
    )


def _ombudsman_fields(s: Settings) -> Iterator[Widget]:
    """What every letter prints about the Ombudsman."""
    yield field("Ombudsman", Input(s.ombudsman_name, id="ombudsman_name"))
    yield field("Ombudsman's address", Input(s.ombudsman_address, id="ombudsman_address"))
    yield field("Ombudsman's telephone", Input(s.ombudsman_phone, id="ombudsman_phone"))
    yield field("Ombudsman's website", Input(s.ombudsman_website, id="ombudsman_website"))
    yield field(
        "How to complain to the Ombudsman",
        text_area("ombudsman_how_to_complain", s.ombudsman_how_to_complain),
    )
