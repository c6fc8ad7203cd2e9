"""What a letter says, worked out from the complaint's record and the landlord's settings.

Values are plain text. A paragraph break inside a value is "\\a", which the renderer turns into a
new paragraph of the same style; a line break ("\\n") stays a line break, as in an address.
Remedies and outstanding actions come from their registers, never from free text, so a letter
says what the record says.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from letters.catalogue import COMMON, LETTERS, LetterKind, letter_stage
from store.case import Case
from store.clock import WorkingCalendar
from store.deadlines import extension_cap, next_update
from store.formats import clean_text, long_date, money
from store.kinds import Decision, RemedyKind
from store.models import Stage
from store.records import RECORDS
from store.settings import Settings, stale_ombudsman_details
from store.text import printable

# Every field a template may use, with what it holds (listed in the README).
FIELDS: dict[str, str] = {
    "landlord_name": "the landlord's name",
    "landlord_address": "the landlord's address, one line a line",
    "landlord_phone": "the landlord's telephone",
    "landlord_email": "the landlord's email",
    "signatory_name": "who signs: the stage's handler, or the complaints officer",
    "signatory_role": "their role",
    "officer_name": "the complaints officer",
    "letter_date": 'the date of the letter, as "4 December 2026"',
    "reference": "the complaint reference",
    "recipient_name": "who the letter goes to (the representative, if the resident has one)",
    "recipient_address": "their address, one line a line",
    "resident_name": "the resident",
    "on_behalf_of": "the resident's name when the letter goes to their representative, else empty",
    "your_complaint": '"your complaint", or "the complaint you made on behalf of …"',
    "Your_complaint": "the same, with a capital letter",
    "stage_name": '"stage 1" or "stage 2"',
    "received_date": "when the complaint (or the escalation request) was received",
    "acknowledged_date": "when the stage was acknowledged",
    "understanding": "our understanding of the complaint",
    "outcomes_sought": "the outcomes the resident is seeking",
    "responsible_for": "what we are responsible for",
    "not_responsible_for": "what we are not responsible for",
    "clarification_asked": "anything we asked the resident to clarify",
    "response_due": "the date the response is due, as the acknowledgement gives it",
    "extension_days": "the working days the stage has been extended by, in all",
    "extension_reasons": "every reason the response needs more time",
    "good_reason": "the good reason for going beyond the Code's limit, where it does",
    "new_response_date": "the response date after the extensions",
    "update_interval": 'how often the resident will hear from us, as "every 5 working days"',
    "response_date": "the date of the response",
    "decision": '"upheld", "partly upheld" or "not upheld"',
    "decision_explained": "what the decision means, in plain words",
    "what_was_upheld": "which parts of the complaint were upheld",
    "apology": "the apology, where the complaint is upheld in whole or part",
    "reasons": "the reasons for the decision",
    "remedies": "the remedies offered: a list, one item a line",
    "outstanding_actions": "the actions still to happen: a list, one item a line",
    "how_to_escalate": "how to ask for stage 2, in a sentence",
    "how_to_contact_ombudsman": "the right to go to the Housing Ombudsman, with its details",
    "ombudsman_advice": "that the Housing Ombudsman can advise at any time, with its details",
    "refusal_ground": "the ground for not taking the complaint forward",
    "refusal_reasons": "the reasons for not taking it forward",
    "current_position": "where the complaint stands",
    "delay_reasons": "why the response is later than first said",
    "delay_apology": "sorry that the response is later than first said, where it is",
    "expected_date": "when the response is now expected",
    "next_date": "when the resident will next hear from us",
    "ombudsman_name": "the Ombudsman's name",
    "ombudsman_address": "the Ombudsman's postal address",
    "ombudsman_phone": "the Ombudsman's telephone",
    "ombudsman_website": "the Ombudsman's website",
    "ombudsman_how_to_complain": "how to complain to the Ombudsman",
}
EXPLAINED = {
    Decision.UPHELD: "Upheld means we agree that we got things wrong.",
    Decision.PARTLY_UPHELD: (
        "Partly upheld means we agree that we got some things wrong, but not everything "
        "the complaint raised."
    ),
    Decision.NOT_UPHELD: "Not upheld means we have not found that we got things wrong.",
}
NO_BREAK = "\u00a0"
PARAGRAPH = "\a"


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


def unbroken(phone: str) -> str:
    """A telephone number that a line never breaks in the middle of."""
    return phone.replace(" ", NO_BREAK)


def letter_context(
    kind: LetterKind, case: Case, settings: Settings, calendar: WorkingCalendar, today: date
) -> dict[str, Any]:
    """Everything the letter's template may use; LetterRefused if a required item is empty."""
    number = letter_stage(kind, case)
    stage = case.stages.get(number) or case.current
    context = {
        **_people(case, settings, number),
        **_ombudsman(settings),
        "letter_date": long_date(today),
        "reference": case.complaint.reference,
        "stage_name": f"stage {number}",
        "received_date": long_date(stage.requested_on or case.complaint.received_on),
        "acknowledged_date": _long(stage.acknowledged_on),
        "understanding": paragraphs(stage.understanding),
        "outcomes_sought": paragraphs(stage.outcomes_sought),
        "responsible_for": paragraphs(stage.responsible_for),
        "not_responsible_for": paragraphs(stage.not_responsible_for),
        "clarification_asked": paragraphs(stage.clarification_asked),
        **_extension(case, calendar, number),
        **_response(case, stage, number),
        **_refusal(case),
        "how_to_escalate": _escalate(case, settings),
    }
    context |= _update(case, calendar, today, number, context["your_complaint"])
    context = {name: _printable(value) for name, value in context.items()}
    letter = LETTERS[kind]
    stale = stale_ombudsman_details(settings)
    if stale:
        raise LetterRefused(
            "The Ombudsman's details in the settings are out of date, and no letter may give "
            f"them: {stale[0].message} Put them right in the settings (o on the desk)."
        )
    if kind is LetterKind.UPDATE and not context["expected_date"]:
        raise LetterRefused(
            f"The response for {case.complaint.reference} was due by "
            f"{long_date(case.stage_clock(calendar, number).response.due)}, which is not after "
            "today: record an extension with the new date first (e), so that the letter can "
            "say when the response will come (Code 5.9)."
        )
    missing = [name for name in (*letter.needs, *COMMON) if not context[name]]
    if missing:
        named = ", ".join(FIELDS[name] for name in missing)
        raise LetterRefused(
            f"The {letter.title} letter for {case.complaint.reference} cannot be made: it must "
            f"give {named} (Code {letter.code}). Record {'it' if len(missing) == 1 else 'them'} "
            "first."
        )
    return context


def _printable(value: Any) -> Any:
    """A value as a letter can print it. Text kept before the case file refused what cannot be
    printed (U+FFFE in a name, say) prints without it, rather than breaking the letter's XML.
    The paragraph breaks ("\\a") put in here stay: no version ever kept that control code."""
    if isinstance(value, str):
        return PARAGRAPH.join(printable(part) for part in value.split(PARAGRAPH))
    if isinstance(value, list):
        return [_printable(item) for item in value]
    return value


def _long(day: date | None) -> str:
    return long_date(day) if day else ""


def _people(case: Case, settings: Settings, number: int) -> dict[str, str]:
    """Who the letter goes to (a representative, where there is one: 3.6) and who signs it."""
    resident, representative = case.resident, case.representative
    stage = case.stages.get(number)
    handler = stage.handler if stage is not None else ""
    signatory = handler or settings.officer_name
    if handler and stage is not None and stage.handler_role:
        role = stage.handler_role
    elif handler and handler != settings.officer_name:
        role = f"Stage {number} complaint handler"
    else:
        role = "Complaints Officer"
    your = (
        f"the complaint you made on behalf of {resident.name}"
        if representative
        else ("your complaint")
    )
    return {
        "landlord_name": settings.landlord_name,
        "landlord_address": settings.landlord_address,
        "landlord_phone": unbroken(settings.landlord_phone),
        "landlord_email": settings.landlord_email,
        "officer_name": settings.officer_name,
        "signatory_name": signatory,
        "signatory_role": role,
        "recipient_name": representative.name if representative else resident.name,
        "recipient_address": representative.address if representative else resident.address,
        "resident_name": resident.name,
        "on_behalf_of": resident.name if representative else "",
        "your_complaint": your,
        "Your_complaint": your[:1].upper() + your[1:],
    }


def _ombudsman(settings: Settings) -> dict[str, str]:
    phone = unbroken(settings.ombudsman_phone)
    details = (
        f"{settings.ombudsman_address}; telephone {phone}; {settings.ombudsman_website}. "
        f"{settings.ombudsman_how_to_complain}"
    ).strip()
    return {
        "ombudsman_name": settings.ombudsman_name,
        "ombudsman_address": settings.ombudsman_address,
        "ombudsman_phone": phone,
        "ombudsman_website": settings.ombudsman_website,
        "ombudsman_how_to_complain": settings.ombudsman_how_to_complain,
        "how_to_contact_ombudsman": (
            f"If you remain dissatisfied, you can refer the matter to the "
            f"{settings.ombudsman_name} free of charge. Its details are: {details}"
        ),
        "ombudsman_advice": (
            f"You can contact the {settings.ombudsman_name} for advice at any time, free of "
            f"charge. Its details are: {details}"
        ),
    }


def _escalate(case: Case, settings: Settings) -> str:
    contacts = [
        part for part in (settings.landlord_email, unbroken(settings.landlord_phone)) if part
    ]
    return (
        "If you are not satisfied with this response, you can ask us to escalate the complaint "
        "to stage 2 of our complaints process, where someone who has not been involved so far "
        "will review it. You do not have to give a reason. Contact us"
        + (f" at {' or '.join(contacts)}" if contacts else "")
        + f", quoting reference {case.complaint.reference}."
    )


def _extension(case: Case, calendar: WorkingCalendar, number: int) -> dict[str, str]:
    """Every extension at the stage: the total, each reason, and the good reason for going
    beyond the Code's limit where the total does (6.4, 6.5, 6.15, 6.16)."""
    extensions = case.extensions_at(number)
    clock = case.stage_clock(calendar, number)
    total = sum(extension.working_days for extension in extensions)
    intervals = [e.update_interval_days for e in extensions if e.update_interval_days]
    good = [e.good_reason for e in extensions if e.good_reason]
    return {
        "response_due": long_date(clock.first_response_due),
        "extension_days": str(total) if total else "",
        "extension_reasons": "\a".join(paragraphs(e.reason) for e in extensions if e.reason),
        "good_reason": (
            "\a".join(paragraphs(reason) for reason in good)
            if total > extension_cap(number)
            else ""
        ),
        "new_response_date": long_date(clock.response.due) if extensions else "",
        "update_interval": f"every {intervals[-1]} working days" if intervals else "",
    }


def _response(case: Case, stage: Stage, number: int) -> dict[str, Any]:
    decision = stage.decision
    upheld = ""
    if decision is Decision.UPHELD:
        upheld = "We uphold all of it."
    elif decision is Decision.PARTLY_UPHELD and stage.upheld_parts:
        upheld = "We uphold these parts of it:\a" + paragraphs(stage.upheld_parts)
    return {
        "response_date": _long(stage.responded_on),
        "decision": decision.value if decision else "",
        "decision_explained": EXPLAINED[decision] if decision else "",
        "what_was_upheld": upheld,
        "apology": _apology(decision, case),
        "reasons": paragraphs(stage.reasons),
        "remedies": _remedies(case, stage, number),
        "outstanding_actions": [
            RECORDS["outstanding_action"].describe(action)
            for action in case.actions
            if action.done_on is None and action.voided_on is None and action.stage <= number
        ],
    }


def _apology(decision: Decision | None, case: Case) -> str:
    """Sorry, in words, wherever the complaint is upheld in whole or part (7.1)."""
    if decision not in (Decision.UPHELD, Decision.PARTLY_UPHELD):
        return ""
    what = "what went wrong" if decision is Decision.UPHELD else "the things we got wrong"
    suffered = "you" if case.representative is None else case.resident.name
    return (
        f"We are sorry. We apologise for {what}, and for the inconvenience and distress it "
        f"has caused {suffered}."
    )


def _remedies(case: Case, stage: Stage, number: int) -> list[str]:
    """The remedies in the register that this response offers: at stage 1 those offered by the
    response, at stage 2 all of them. A complaint from before the register keeps its text."""
    offered = [
        remedy
        for remedy in case.records.get("remedy", ())
        if remedy.voided_on is None
        and (number == 2 or stage.responded_on is None or remedy.offered_on <= stage.responded_on)
    ]
    if not offered:
        return items(stage.remedy)
    # The same remedy recorded at both stages is one offer to the resident.
    return list(dict.fromkeys(_remedy_line(remedy) for remedy in offered))


def _remedy_line(remedy: Any) -> str:
    amount = money(remedy.amount_offered) if remedy.amount_offered else ""
    line = (
        remedy.offered
        if remedy.kind is RemedyKind.APOLOGY
        else (f"{remedy.kind.value.capitalize()}: {remedy.offered}")
    )
    return line + (f" ({amount})" if amount and amount not in remedy.offered else "")


def _refusal(case: Case) -> dict[str, str]:
    complaint = case.complaint
    return {
        "refusal_ground": complaint.refusal_ground.value if complaint.refusal_ground else "",
        "refusal_reasons": paragraphs(complaint.refusal_reasons),
    }


def _update(
    case: Case, calendar: WorkingCalendar, today: date, number: int, your: str
) -> dict[str, str]:
    """Keeping the resident informed (5.9): where it stands, why it is late, when it will come,
    and when they will next hear, always a day after the letter."""
    stage = case.stages.get(number) or case.current
    clock = case.stage_clock(calendar, number)
    expected = clock.response.due
    extensions = case.extensions_at(number)
    intervals = [e.update_interval_days for e in extensions if e.update_interval_days]
    next_date = next_update(calendar, intervals, today)
    if expected > today:
        next_date = min(next_date, expected)
    if stage.acknowledged_on is None:
        received = stage.requested_on or case.complaint.received_on
        position = f"We received {your} on {long_date(received)} and are looking into it."
    else:
        position = (
            f"We are investigating {your} at stage {number}. We acknowledged it on "
            f"{long_date(stage.acknowledged_on)} and are gathering what we need to answer it "
            "fully."
        )
    late = bool(extensions)
    return {
        "current_position": position,
        "delay_reasons": "\a".join(paragraphs(e.reason) for e in extensions if e.reason),
        "delay_apology": (
            "We are sorry that our response is taking longer than we first said." if late else ""
        ),
        "expected_date": long_date(expected) if expected > today else "",
        "next_date": long_date(next_date) if next_date > today else "",
    }
