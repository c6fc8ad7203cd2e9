"""What a letter says, worked out from the complaint's record and the landlord's settings.

Values are plain text. A paragraph break inside a value is "\\a", which the renderer turns into a
new paragraph of the same style; a line break ("\\n") stays a line break, as in an address.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from letters.catalogue import LETTERS, LetterKind, letter_stage
from store.case import Case
from store.clock import WorkingCalendar
from store.formats import clean_text, long_date
from store.records import RECORDS
from store.settings import Settings

# Every field a template may use, with what it holds (listed in the README).
FIELDS: dict[str, str] = {
    "landlord_name": "the landlord's name",
    "landlord_address": "the landlord's address, one line a line",
    "landlord_phone": "the landlord's telephone",
    "landlord_email": "the landlord's email",
    "officer_name": "the complaints officer who signs",
    "letter_date": 'the date of the letter, as "4 December 2026"',
    "reference": "the complaint reference",
    "recipient_name": "who the letter goes to",
    "recipient_address": "their address, one line a line",
    "resident_name": "the resident",
    "on_behalf_of": "the resident's name when the letter goes to their representative, else empty",
    "stage_name": '"stage 1" or "stage 2"',
    "received_date": "when the complaint (or the escalation request) was received",
    "acknowledged_date": "when the stage was acknowledged",
    "understanding": "our understanding of the complaint (paragraphs)",
    "outcomes_sought": "the outcomes the resident is seeking (paragraphs)",
    "responsible_for": "what we are responsible for (paragraphs)",
    "not_responsible_for": "what we are not responsible for (paragraphs)",
    "clarification_asked": "anything we asked the resident to clarify (paragraphs)",
    "response_due": "the date the response is due",
    "extension_days": "working days added by the latest extension",
    "extension_reasons": "why the response needs more time (paragraphs)",
    "new_response_date": "the response date after the extension",
    "update_interval": 'how often the resident will hear from us, as "every 5 working days"',
    "response_date": "the date of the response",
    "decision": '"upheld", "partly upheld" or "not upheld"',
    "reasons": "the reasons for the decision (paragraphs)",
    "remedies": "the remedies offered: a list, one item a line",
    "outstanding_actions": "the actions still to happen: a list, one item a line",
    "how_to_escalate": "how to ask for stage 2, in a sentence",
    "how_to_contact_ombudsman": "the right to go to the Housing Ombudsman, in a sentence",
    "refusal_ground": "the ground for not taking the complaint forward",
    "refusal_reasons": "the reasons (paragraphs)",
    "current_position": "where the complaint stands (paragraphs)",
    "next_date": "when the resident will next hear from us",
    "ombudsman_name": "the Ombudsman's name",
    "ombudsman_address": "the Ombudsman's postal address",
    "ombudsman_phone": "the Ombudsman's telephone",
    "ombudsman_website": "the Ombudsman's website",
    "ombudsman_how_to_complain": "how to complain to the Ombudsman",
}


class LetterRefused(ValueError):
    """The record lacks something the Code requires this letter to say."""


def paragraphs(text: str) -> str:
    """Typed text with each line its own paragraph in the letter."""
    lines = [line.strip() for line in clean_text(text).split("\n")]
    return "\a".join(line for line in lines if line)


def items(text: str) -> list[str]:
    """Typed text as list items: one a line, leading dashes and bullets dropped."""
    lines = [line.strip().lstrip("-•*").strip() for line in clean_text(text).split("\n")]
    return [line for line in lines if line]


def letter_context(
    kind: LetterKind, case: Case, settings: Settings, calendar: WorkingCalendar, today: date
) -> dict[str, Any]:
    """Everything the letter's template may use; LetterRefused if a required item is empty."""
    number = letter_stage(kind)
    if kind is LetterKind.ESCALATION_REFUSED:
        number = 1
    stage = case.stages.get(number) or case.current
    stage_clock = case.stage_clock(calendar, number)
    resident, complaint, representative = case.resident, case.complaint, case.representative
    extensions = case.extensions_at(number)
    latest = extensions[-1] if extensions else None
    ombudsman = (
        f"If you remain dissatisfied, you can refer your complaint to the {settings.ombudsman_name}"
        f" free of charge: {settings.ombudsman_how_to_complain} You can also write to "
        f"{settings.ombudsman_address}, telephone {settings.ombudsman_phone}, or visit "
        f"{settings.ombudsman_website}."
    )
    contacts = [part for part in (settings.landlord_email, settings.landlord_phone) if part]
    escalate = (
        "If you are not satisfied with this response, you can ask us to escalate your complaint "
        "to stage 2 of our complaints process, where someone who has not been involved so far "
        "will review it. You do not have to give a reason. Contact us"
        + (f" at {' or '.join(contacts)}" if contacts else "")
        + f", quoting reference {complaint.reference}."
    )
    next_date = stage_clock.response.due
    if latest is not None and latest.update_interval_days:
        next_date = min(next_date, calendar.add_working_days(today, latest.update_interval_days))
    context: dict[str, Any] = {
        "landlord_name": settings.landlord_name,
        "landlord_address": settings.landlord_address,
        "landlord_phone": settings.landlord_phone,
        "landlord_email": settings.landlord_email,
        "officer_name": settings.officer_name,
        "letter_date": long_date(today),
        "reference": complaint.reference,
        # Letters go to the representative, where the resident has one (3.6).
        "recipient_name": representative.name if representative else resident.name,
        "recipient_address": representative.address if representative else resident.address,
        "resident_name": resident.name,
        "on_behalf_of": resident.name if representative else "",
        "stage_name": f"stage {number}",
        "received_date": long_date(stage.requested_on or complaint.received_on),
        "acknowledged_date": _long(stage.acknowledged_on),
        "understanding": paragraphs(stage.understanding),
        "outcomes_sought": paragraphs(stage.outcomes_sought),
        "responsible_for": paragraphs(stage.responsible_for),
        "not_responsible_for": paragraphs(stage.not_responsible_for),
        "clarification_asked": paragraphs(stage.clarification_asked),
        # As the acknowledgement gave it: extensions are told in letters of their own.
        "response_due": long_date(stage_clock.first_response_due),
        "extension_days": str(latest.working_days) if latest else "",
        "extension_reasons": paragraphs(latest.reason) if latest else "",
        "new_response_date": long_date(stage_clock.response.due) if latest else "",
        "update_interval": (
            f"every {latest.update_interval_days} working days"
            if latest and latest.update_interval_days
            else ""
        ),
        "response_date": _long(stage.responded_on),
        "decision": stage.decision.value if stage.decision else "",
        "reasons": paragraphs(stage.reasons),
        "remedies": items(stage.remedy),
        "outstanding_actions": [
            RECORDS["outstanding_action"].describe(action)
            for action in case.actions
            if action.stage == number and action.done_on is None
        ],
        "how_to_escalate": escalate,
        "how_to_contact_ombudsman": ombudsman,
        "refusal_ground": complaint.refusal_ground.value if complaint.refusal_ground else "",
        "refusal_reasons": paragraphs(complaint.refusal_reasons),
        "current_position": _position(case, number),
        "next_date": long_date(next_date),
        "ombudsman_name": settings.ombudsman_name,
        "ombudsman_address": settings.ombudsman_address,
        "ombudsman_phone": settings.ombudsman_phone,
        "ombudsman_website": settings.ombudsman_website,
        "ombudsman_how_to_complain": settings.ombudsman_how_to_complain,
    }
    spec = LETTERS[kind]
    missing = [
        name
        for name in (*spec.filled, "landlord_name", "ombudsman_address", "ombudsman_phone")
        if not context[name]
    ]
    if missing:
        named = ", ".join(FIELDS[name] for name in missing)
        raise LetterRefused(
            f"The {spec.title} letter for {complaint.reference} cannot be made: it must give "
            f"{named} (Code {spec.code}). Record {'it' if len(missing) == 1 else 'them'} first."
        )
    return context


def _long(day: date | None) -> str:
    return long_date(day) if day else ""


def _position(case: Case, number: int) -> str:
    stage = case.stages.get(number) or case.current
    if stage.acknowledged_on is None:
        received = stage.requested_on or case.complaint.received_on
        return f"We received your complaint on {long_date(received)} and are looking into it."
    return (
        f"We are investigating your complaint at stage {number}. We acknowledged it on "
        f"{long_date(stage.acknowledged_on)} and are gathering what we need to answer it "
        "fully."
    )
