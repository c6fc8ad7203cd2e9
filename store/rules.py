"""The Code's rules on dates, extensions and handlers; each broken rule is a sentence."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from store.clock import WorkingCalendar
from store.deadlines import ENDINGS, EVENTS, extension_cap
from store.formats import long_date, parse_date
from store.kinds import ContactMethod, Status

# No complaint in a case file is older than this: an earlier year is a typing slip.
EARLIEST = date(1990, 1, 1)
# Extensions at a stage beyond this many working days (about six months) are no longer an
# extension but a mistake in the number.
MOST_EXTENSION_DAYS = 120
REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./-]{0,39}")

# The dated steps in the Code's order, and the dates that end a complaint (none may come before
# it was received): the catalogue declares them.
DATE_CHAIN = EVENTS
END_DATES = ENDINGS
DATE_NAMES = dict(DATE_CHAIN + END_DATES + (("issue_arose", "the date the issue arose"),))


@dataclass(frozen=True, slots=True)
class Problem:
    field: str
    message: str


class RuleBroken(ValueError):
    """One or more rules broken; `problems` names each field and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(" ".join(problem.message for problem in problems))
        self.problems = problems

    @classmethod
    def single(cls, field: str, message: str) -> RuleBroken:
        return cls([Problem(field, message)])


def check_dates(dates: Mapping[str, date | None], today: date) -> list[Problem]:
    """Every recorded date in the past and not absurdly old, and each step on or after the
    steps before it."""
    problems = [
        problem
        for field, value in dates.items()
        if value is not None and (problem := _out_of_range(field, value, today))
    ]
    latest: tuple[str, date] | None = None
    for field, _name in DATE_CHAIN:
        value = dates.get(field)
        if value is None:
            continue
        if latest is not None and value < latest[1]:
            problems.append(_before(field, value, *latest))
        latest = (field, value)
    if dates.get("stage2_requested") is None:
        problems += [
            Problem(
                field,
                f"{_capital(DATE_NAMES[field])} needs the date the resident asked to "
                "escalate to stage 2.",
            )
            for field in ("stage2_acknowledged", "stage2_responded")
            if dates.get(field) is not None
        ]
    received = dates.get("received")
    arose = dates.get("issue_arose")
    if received is not None and arose is not None and arose > received:
        problems.append(_before("received", received, "issue_arose", arose))
    for field, _name in END_DATES:
        value = dates.get(field)
        if received is not None and value is not None and value < received:
            problems.append(_before(field, value, "received", received))
    return problems


def _out_of_range(field: str, value: date, today: date) -> Problem | None:
    if value < EARLIEST:
        return Problem(
            field,
            f"{_capital(DATE_NAMES[field])} ({long_date(value)}) is before {EARLIEST.year}: "
            "check the year.",
        )
    if value > today:
        return Problem(
            field,
            f"{_capital(DATE_NAMES[field])} ({long_date(value)}) is in the future; "
            f"today is {long_date(today)}.",
        )
    return None


def _before(field: str, value: date, earlier_field: str, earlier: date) -> Problem:
    return Problem(
        field,
        f"{_capital(DATE_NAMES[field])} ({long_date(value)}) cannot be before "
        f"{DATE_NAMES[earlier_field]} ({long_date(earlier)}).",
    )


def check_extension(
    stage: int, working_days: int, total_days: int, reason: str, good_reason: str
) -> list[Problem]:
    """An extension has a reason; the stage's extensions over the cap need a good reason too."""
    problems = []
    if working_days < 1:
        problems.append(Problem("working_days", "An extension is at least one working day."))
    if not reason.strip():
        problems.append(
            Problem("reason", "Give the reason for the extension: the resident must be told it.")
        )
    cap = extension_cap(stage)
    if total_days > MOST_EXTENSION_DAYS:
        problems.append(
            Problem(
                "working_days",
                f"Extensions at stage {stage} would add up to {total_days} working days, more "
                f"than {MOST_EXTENSION_DAYS} (about six months): check the number.",
            )
        )
    elif total_days > cap and not good_reason.strip():
        problems.append(
            Problem(
                "good_reason",
                f"Extensions at stage {stage} would add up to {total_days} working days, over the "
                f"Code's limit of {cap}: record the good reason for going further "
                f"(Code {'6.5' if stage == 1 else '6.16'}).",
            )
        )
    return problems


def check_agreed(agreed_on: date, received: date, today: date) -> list[Problem]:
    """An extension is agreed on a real day: not in the future, not before the complaint."""
    if agreed_on > today:
        return [
            Problem(
                "agreed_on",
                f"The extension cannot be agreed on {long_date(agreed_on)}, "
                f"which is in the future; today is {long_date(today)}.",
            )
        ]
    if agreed_on < received:
        return [
            Problem(
                "agreed_on", "The extension cannot be agreed before the complaint was received."
            )
        ]
    return []


def late_extension(due: date, agreed_on: date) -> str | None:
    """An extension agreed after the deadline it extends moves the target, but the step stays
    missed (code-rules.md section 1): the sentence that says so, or None."""
    if agreed_on <= due:
        return None
    return (
        f"The deadline ({long_date(due)}) had already passed when this was agreed: the "
        "response stays recorded as missed."
    )


def check_stage2_handler(stage1_handler: str, stage2_handler: str) -> list[Problem]:
    if stage2_handler.strip() and stage2_handler.strip().casefold() == (
        stage1_handler.strip().casefold()
    ):
        return [
            Problem(
                "handler",
                f"{stage2_handler.strip()} handled stage 1: stage 2 must be considered by someone "
                "else (Code 6.13).",
            )
        ]
    return []


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")

NOTHING_CHANGED = "Nothing changed: there is nothing to save."


def email_problem(field: str, email: str) -> Problem | None:
    if email.strip() and not _EMAIL.fullmatch(email.strip()):
        return Problem(
            field, f"{email.strip()!r} is not an email address, such as name@example.org."
        )
    return None


def contact_problems(
    preferred: ContactMethod | None, phone: str, email: str, *, prefix: str = ""
) -> list[Problem]:
    """An email that is an email, and a way to reach the resident as they asked to be reached."""
    problems = [p for p in [email_problem(f"{prefix}email", email)] if p]
    if preferred is ContactMethod.EMAIL and not email.strip():
        problems.append(
            Problem(f"{prefix}email", "Email is the preferred contact: give the email address.")
        )
    if preferred in (ContactMethod.PHONE, ContactMethod.TEXT):
        digits = sum(character.isdigit() for character in phone)
        if not phone.strip():
            problems.append(
                Problem(
                    f"{prefix}phone",
                    f"{_capital(preferred.value)} is the preferred contact: give the number.",
                )
            )
        elif digits < 10:
            problems.append(
                Problem(f"{prefix}phone", f"{phone.strip()!r} is not a whole telephone number.")
            )
    return problems


def reference_problems(reference: str) -> list[Problem]:
    """A reference names the complaint's folder of letters: letters, digits, spaces and - / .
    only, starting with a letter or digit, 40 characters at most."""
    if REFERENCE.fullmatch(reference):
        return []
    return [
        Problem(
            "reference",
            f"{reference[:60]!r} cannot be a reference: use letters, digits, spaces and - / . "
            "only, starting with a letter or digit, 40 characters at most.",
        )
    ]


# What each way a complaint can end must have recorded, and the sentence when it is missing.
_ENDINGS: dict[Status, tuple[tuple[str, str], ...]] = {
    Status.CLOSED: (("closed_on", "A closed complaint needs the date it was closed."),),
    Status.WITHDRAWN: (("withdrawn_on", "A withdrawn complaint needs the date it was withdrawn."),),
    Status.NOT_ACCEPTED: (
        ("refused_on", "A complaint not accepted needs the date of that decision."),
        (
            "refusal_ground",
            "A complaint not accepted needs the ground, from the Code's list (2.4).",
        ),
    ),
    Status.ESCALATION_REFUSED: (
        ("refused_on", "A refused escalation needs the date of that decision."),
        ("refusal_ground", "A refused escalation needs the ground, from the Code's list (5.11)."),
    ),
}


def standing_problems(status: Status, record: Mapping[str, object]) -> list[Problem]:
    """Whether a complaint's status agrees with what is recorded: each ending has its date (and
    a refusal its ground), and every response follows its acknowledgement. The steps keep to
    these, and an import is held to them."""
    problems = [
        Problem(field, sentence)
        for field, sentence in _ENDINGS.get(status, ())
        if record.get(field) in (None, "")
    ]
    for stage in (1, 2):
        if record.get(f"stage{stage}_responded") and not record.get(f"stage{stage}_acknowledged"):
            problems.append(
                Problem(
                    f"stage{stage}_acknowledged",
                    f"Stage {stage} was answered, so it must have been acknowledged first: "
                    "give the acknowledgement date.",
                )
            )
    current = 2 if record.get("stage2_requested") else 1
    if status == Status.CLOSED and not record.get(f"stage{current}_responded"):
        problems.append(
            Problem(
                f"stage{current}_responded",
                f"A complaint is closed after its response: give the stage {current} response "
                "date.",
            )
        )
    if status == Status.NOT_ACCEPTED and record.get("stage1_acknowledged"):
        problems.append(
            Problem(
                "status",
                "A complaint that was acknowledged has been accepted: it cannot be 'not "
                "accepted' (Code 2.1 to 2.5 decide that at intake).",
            )
        )
    if status == Status.ESCALATION_REFUSED and not record.get("stage1_responded"):
        problems.append(
            Problem(
                "stage1_responded",
                "An escalation can be refused only after the stage 1 response.",
            )
        )
    return problems


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def typed_extension(
    calendar: WorkingCalendar, current_due: date, days: str, target: str
) -> tuple[int, date] | None:
    """The working days added and the new due date, from whichever was typed (both typed must
    agree); None when neither was.

    Raises ValueError, with the sentence to show beside the field, when they cannot.
    """
    if not days and not target:
        return None
    by_days = None
    if days:
        if not days.isdigit() or int(days) < 1:
            raise ValueError("Give the working days to add as a whole number, such as 10.")
        by_days = (int(days), calendar.add_working_days(current_due, int(days)))
        if not target:
            return by_days
    due = parse_date(target)
    if due <= current_due:
        raise ValueError(
            f"The new date must be after the current due date, {long_date(current_due)}."
        )
    if not calendar.is_working_day(due):
        raise ValueError(f"{long_date(due)} is not a working day.")
    by_date = (calendar.working_days_between(current_due, due), due)
    if by_days is not None and by_days != by_date:
        raise ValueError(
            f"{days} working days from {long_date(current_due)} is {long_date(by_days[1])}, "
            f"not {long_date(due)}: clear one of the two, or make them agree."
        )
    return by_date
