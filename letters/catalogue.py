"""The letters the Code requires: what each must say, when a complaint can have one, and which
letter follows which step.

`Letter.says` is the one table of what a letter must say (code-rules.md section 3): a letter is
refused when its record lacks what `Letter.needs`, a rendered letter is not saved unless it says
all of `says`, and a landlord's template is refused unless letters made from it do.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from store.kinds import Status

if TYPE_CHECKING:
    from store.case import Case


class LetterKind(StrEnum):
    S1_ACK = "s1-ack"
    S1_EXTENSION = "s1-extension"
    S1_RESPONSE = "s1-response"
    S2_ACK = "s2-ack"
    S2_EXTENSION = "s2-extension"
    S2_RESPONSE = "s2-response"
    NOT_ACCEPTED = "not-accepted"
    ESCALATION_REFUSED = "escalation-refused"
    UPDATE = "update"


# Every letter names the landlord, the recipient, the reference and the date, and gives the
# Ombudsman's contact details (code-rules.md sections 3 and 4).
COMMON = (
    "landlord_name",
    "letter_date",
    "reference",
    "recipient_name",
    "ombudsman_name",
    "ombudsman_address",
    "ombudsman_phone",
    "ombudsman_website",
)
DEFINITION = ("understanding", "outcomes_sought")
# An acknowledgement gives the definition, where responsibility lies, anything asked, and the
# response date (5.6, 5.7).
ACKNOWLEDGEMENT = (
    "stage_name",
    *DEFINITION,
    "responsible_for",
    "not_responsible_for",
    "clarification_asked",
    "response_due",
)
EXTENSION = (
    "stage_name",
    "extension_days",
    "extension_reasons",
    "good_reason",
    "new_response_date",
)
# A response gives a. the stage, b. the definition, c. the decision, d. the reasons, e. any
# remedy, f. any outstanding actions; g. differs by stage (6.9, 6.19).
RESPONSE = (
    "stage_name",
    *DEFINITION,
    "decision",
    "what_was_upheld",
    "apology",
    "reasons",
    "remedies",
    "outstanding_actions",
)
REFUSAL = ("refusal_ground", "refusal_reasons", "how_to_contact_ombudsman")


@dataclass(frozen=True)
class Letter:
    title: str
    """As it appears in the file name and the timeline: "stage 1 acknowledgement"."""
    template: str
    says: tuple[str, ...]
    """What the letter must say, beyond the common fields, whenever the record holds it."""
    needs: tuple[str, ...]
    """What the record must hold before the letter can be made at all."""
    code: str

    @property
    def article(self) -> str:
        return "an" if self.title[0] in "aeiou" else "a"


LETTERS: dict[LetterKind, Letter] = {
    LetterKind.S1_ACK: Letter(
        "stage 1 acknowledgement",
        "acknowledgement.docx",
        ACKNOWLEDGEMENT,
        (*DEFINITION, "response_due"),
        "5.6, 5.7, 6.2",
    ),
    LetterKind.S2_ACK: Letter(
        "stage 2 acknowledgement",
        "acknowledgement.docx",
        ACKNOWLEDGEMENT,
        (*DEFINITION, "response_due"),
        "5.6, 5.7, 6.11",
    ),
    LetterKind.S1_EXTENSION: Letter(
        "stage 1 extension",
        "extension.docx",
        EXTENSION,
        ("extension_reasons", "new_response_date"),
        "6.4, 6.5",
    ),
    LetterKind.S2_EXTENSION: Letter(
        "stage 2 extension",
        "extension.docx",
        EXTENSION,
        ("extension_reasons", "new_response_date"),
        "6.15, 6.16",
    ),
    LetterKind.S1_RESPONSE: Letter(
        "stage 1 response",
        "stage1-response.docx",
        (*RESPONSE, "how_to_escalate"),
        ("decision", "reasons"),
        "6.9",
    ),
    LetterKind.S2_RESPONSE: Letter(
        "stage 2 final response",
        "stage2-response.docx",
        (*RESPONSE, "how_to_contact_ombudsman"),
        ("decision", "reasons"),
        "6.19",
    ),
    LetterKind.NOT_ACCEPTED: Letter(
        "complaint not accepted",
        "not-accepted.docx",
        REFUSAL,
        ("refusal_reasons",),
        "2.4",
    ),
    LetterKind.ESCALATION_REFUSED: Letter(
        "escalation refused",
        "escalation-refused.docx",
        REFUSAL,
        ("refusal_reasons",),
        "2.4, 5.11",
    ),
    LetterKind.UPDATE: Letter(
        "keeping you informed",
        "update.docx",
        (
            "stage_name",
            "current_position",
            "delay_reasons",
            "delay_apology",
            "expected_date",
            "next_date",
        ),
        ("current_position", "expected_date", "next_date"),
        "5.9",
    ),
}


def letter_stage(kind: LetterKind, case: Case) -> int:
    """The stage a letter speaks of: its own, or where the complaint now stands."""
    if kind in (LetterKind.S2_ACK, LetterKind.S2_EXTENSION, LetterKind.S2_RESPONSE):
        return 2
    if kind is LetterKind.UPDATE:
        return case.stage
    return 1


def available_letters(case: Case) -> list[LetterKind]:
    """The letters the complaint's record can support now."""
    found = []
    for stage_number, ack, extension, response in (
        (1, LetterKind.S1_ACK, LetterKind.S1_EXTENSION, LetterKind.S1_RESPONSE),
        (2, LetterKind.S2_ACK, LetterKind.S2_EXTENSION, LetterKind.S2_RESPONSE),
    ):
        stage = case.stages.get(stage_number)
        if stage is None:
            continue
        if stage.acknowledged_on:
            found.append(ack)
        if case.extensions_at(stage_number):
            found.append(extension)
        if stage.responded_on:
            found.append(response)
    if case.complaint.status == Status.NOT_ACCEPTED:
        found.append(LetterKind.NOT_ACCEPTED)
    if case.complaint.status == Status.ESCALATION_REFUSED:
        found.append(LetterKind.ESCALATION_REFUSED)
    if case.complaint.status == Status.OPEN and case.current.responded_on is None:
        found.append(LetterKind.UPDATE)
    return found


def why_not(case: Case, kind: LetterKind) -> str:
    """Why the complaint cannot have this letter yet, in a sentence."""
    needs = {
        LetterKind.S1_ACK: "stage 1 has not been acknowledged",
        LetterKind.S2_ACK: "stage 2 has not been acknowledged",
        LetterKind.S1_EXTENSION: "no extension has been recorded at stage 1",
        LetterKind.S2_EXTENSION: "no extension has been recorded at stage 2",
        LetterKind.S1_RESPONSE: "stage 1 has not been answered",
        LetterKind.S2_RESPONSE: "stage 2 has not been answered",
        LetterKind.NOT_ACCEPTED: "the complaint has not been refused at intake",
        LetterKind.ESCALATION_REFUSED: "no escalation has been refused",
        LetterKind.UPDATE: "no response is pending",
    }[kind]
    if letter_stage(kind, case) == 2 and 2 not in case.stages:
        needs = "the complaint has not been escalated to stage 2"
    letter = LETTERS[kind]
    return (
        f"{case.complaint.reference} cannot have {letter.article} {letter.title} letter: {needs}."
    )


# The letter that follows each step of the Code (store.steps.Step), by the stage it was taken at.
_AFTER_STEP = {
    "acknowledge": {1: LetterKind.S1_ACK, 2: LetterKind.S2_ACK},
    "extend": {1: LetterKind.S1_EXTENSION, 2: LetterKind.S2_EXTENSION},
    "respond": {1: LetterKind.S1_RESPONSE, 2: LetterKind.S2_RESPONSE},
    "not_accept": {1: LetterKind.NOT_ACCEPTED},
    "refuse_escalation": {1: LetterKind.ESCALATION_REFUSED, 2: LetterKind.ESCALATION_REFUSED},
}


def letter_after(step: str, case: Case) -> LetterKind | None:
    """The letter to offer once `step` is saved, if the complaint's record allows it now."""
    kind = _AFTER_STEP.get(step, {}).get(case.stage)
    return kind if kind is not None and kind in available_letters(case) else None
