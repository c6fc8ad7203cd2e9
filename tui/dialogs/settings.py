"""The landlord's settings, and the short setup offered the first time the desk opens."""

from __future__ import annotations

from collections.abc import Iterator

from textual.widget import Widget
from textual.widgets import Input, Select

from store.formats import parse_date
from store.paths import default_letters_dir
from store.rules import Problem, RuleBroken
from store.settings import (
    LANDLORD_FIELDS,
    OMBUDSMAN_FIELDS,
    Settings,
    SettingsError,
    letter_problems,
    stale_ombudsman_details,
    update_settings,
)
from tui.dialogs.form import FormDialog, Write, field, short_date, text_area
from tui.failures import told

REGION_NAMES = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}


class SettingsDialog(FormDialog[Settings]):
    HEADING = "Settings"
    INTRO = "Kept inside the complaints file, so a backup carries them."

    def fields(self) -> Iterator[Widget]:
        s = self.office.settings
        yield field("Landlord's name", Input(s.landlord_name, id="landlord_name"))
        yield field("Landlord's address", text_area("landlord_address", s.landlord_address))
        yield field("Landlord's telephone", Input(s.landlord_phone, id="landlord_phone"))
        yield field("Landlord's email", Input(s.landlord_email, id="landlord_email"))
        yield field("Complaints officer's name", Input(s.officer_name, id="officer_name"))
        yield field(
            "Number of homes",
            Input(str(s.homes or ""), id="homes"),
            "For the complaints per 1,000 homes figure.",
        )
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
        yield field("Ombudsman", Input(s.ombudsman_name, id="ombudsman_name"))
        yield field("Ombudsman's address", Input(s.ombudsman_address, id="ombudsman_address"))
        yield field("Ombudsman's telephone", Input(s.ombudsman_phone, id="ombudsman_phone"))
        yield field("Ombudsman's website", Input(s.ombudsman_website, id="ombudsman_website"))
        yield field(
            "How to complain to the Ombudsman",
            text_area("ombudsman_how_to_complain", s.ombudsman_how_to_complain),
        )

    def changes(self) -> dict[str, object]:
        closure_days, wrong = [], []
        for number, line in enumerate(self.text_of("closure_days").splitlines(), start=1):
            if line.strip():
                try:
                    closure_days.append(parse_date(line))
                except ValueError as error:
                    wrong.append(f"Line {number}: {error}")
        if wrong:
            # Every bad line at once, so one save shows them all.
            self.problems.append(Problem("closure_days", "\n".join(wrong)))
        return {
            "landlord_name": self.text_of("landlord_name").strip(),
            "landlord_address": self.text_of("landlord_address").strip(),
            "landlord_phone": self.text_of("landlord_phone").strip(),
            "landlord_email": self.text_of("landlord_email").strip(),
            "officer_name": self.text_of("officer_name").strip(),
            "homes": self.number_of("homes", required=False) or 0,
            "homes_rented": self.number_of("homes_rented", required=False) or 0,
            "homes_shared_ownership": self.number_of("homes_shared_ownership", required=False) or 0,
            "region": self.choice_of("region") or "ENG",
            "closure_days": sorted(set(closure_days)),
            "due_soon_days": self.number_of("due_soon_days"),
            "categories": [c.strip() for c in self.text_of("categories").splitlines() if c.strip()],
            "compensation_bands": [
                line.strip()
                for line in self.text_of("compensation_bands").splitlines()
                if line.strip()
            ],
            "letters_folder": self.text_of("letters_folder").strip(),
            "ombudsman_name": self.text_of("ombudsman_name").strip(),
            "ombudsman_address": self.text_of("ombudsman_address").strip(),
            "ombudsman_phone": self.text_of("ombudsman_phone").strip(),
            "ombudsman_website": self.text_of("ombudsman_website").strip(),
            "ombudsman_how_to_complain": self.text_of("ombudsman_how_to_complain").strip(),
            "setup_done": True,
        }

    def submit(self) -> Write[Settings]:
        changes = self.changes()
        self.stop_if_problems()
        try:
            candidate = self.office.settings.replace(**changes)
            self.problems += letter_problems(candidate) + stale_ombudsman_details(candidate)
        except SettingsError as error:
            self.problems.append(Problem(error.field, error.message))
        self.stop_if_problems()
        store = self.office.store

        def write() -> Settings:
            try:
                with store.connect() as db:
                    return update_settings(db, **changes)
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
        yield field("Landlord's name", Input(s.landlord_name, id="landlord_name"))
        yield field("Landlord's address", text_area("landlord_address", s.landlord_address))
        yield field("Landlord's telephone", Input(s.landlord_phone, id="landlord_phone"))
        yield field("Landlord's email", Input(s.landlord_email, id="landlord_email"))
        yield field("Your name (the complaints officer)", Input(s.officer_name, id="officer_name"))
        yield field(
            "Number of homes",
            Input(str(s.homes or ""), id="homes"),
            "For the complaints per 1,000 homes figure.",
        )
        yield field("Ombudsman", Input(s.ombudsman_name, id="ombudsman_name"))
        yield field("Ombudsman's address", Input(s.ombudsman_address, id="ombudsman_address"))
        yield field("Ombudsman's telephone", Input(s.ombudsman_phone, id="ombudsman_phone"))
        yield field("Ombudsman's website", Input(s.ombudsman_website, id="ombudsman_website"))
        yield field(
            "How to complain to the Ombudsman",
            text_area("ombudsman_how_to_complain", s.ombudsman_how_to_complain),
        )

    def changes(self) -> dict[str, object]:
        changes: dict[str, object] = {
            name: self.text_of(name).strip() for name in (*LANDLORD_FIELDS, *OMBUDSMAN_FIELDS)
        }
        for name, label in LANDLORD_FIELDS.items():
            if not changes[name]:
                self.problems.append(
                    Problem(
                        name,
                        f"Every letter prints {label}: fill it in, or press Escape to do it later.",
                    )
                )
        if "@" not in str(changes["landlord_email"]) and changes["landlord_email"]:
            self.problems.append(Problem("landlord_email", "That is not an email address."))
        return {
            **changes,
            "homes": self.number_of("homes", required=False) or 0,
            "setup_done": True,
        }

    def leave(self) -> None:
        with told(self), self.office.store.connect() as db:
            self.office.apply(update_settings(db, setup_done=True))
        self.dismiss(None)
