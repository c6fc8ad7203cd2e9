"""Sample complaints for checking a template: each letter kind, in each of the shapes its
record can take (nothing offered, remedies and actions, a representative, large print), so a
template is judged by the letters it makes, every branch of it.

They live in memory only: nothing here touches a case file.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from letters.catalogue import LetterKind
from store.case import Case
from store.kinds import Decision, LetterFormat, RefusalGround, RemedyKind, Status
from store.models import (
    Adjustment,
    Complaint,
    OutstandingAction,
    Remedy,
    Representative,
    Resident,
    Stage,
    StageExtension,
)

TODAY = date(2026, 11, 25)
SHAPES = ("plain", "remedies and actions", "a representative", "large print")


def samples(kind: LetterKind) -> Iterator[tuple[str, Case]]:
    """The sample complaints a letter of this kind is checked against, by their shape."""
    for shape in SHAPES:
        yield shape, _sample(kind, shape)


def _sample(kind: LetterKind, shape: str) -> Case:
    resident = Resident(id=1, name="Sam Sample", address="1 Sample Street\nKendal\nLA9 1AA")
    complaint = Complaint(
        id=1,
        reference="C-2026-0001",
        resident_id=1,
        description="The tap leaks.",
        received_on=date(2026, 9, 1),
        category="Repairs",
        status=Status.OPEN,
    )
    stages = {1: _stage(1, acknowledged=date(2026, 9, 2), responded=date(2026, 9, 14))}
    extensions: list[StageExtension] = []
    if kind in (LetterKind.S2_ACK, LetterKind.S2_EXTENSION, LetterKind.S2_RESPONSE):
        responded = date(2026, 10, 30) if kind is LetterKind.S2_RESPONSE else None
        stages[2] = _stage(2, acknowledged=date(2026, 9, 22), responded=responded)
        stages[2].requested_on = date(2026, 9, 16)
        extensions.append(_extension(2, 25, "The Good Reason Sample."))
    elif kind in (LetterKind.S1_ACK, LetterKind.S1_EXTENSION, LetterKind.UPDATE):
        stages[1].responded_on = None
        stages[1].decision = None
        extensions.append(_extension(1, 5, ""))
    if kind is LetterKind.UPDATE:
        stages[1].acknowledged_on = date(2026, 11, 16)
        extensions[0].agreed_on = date(2026, 11, 20)
    if kind is LetterKind.NOT_ACCEPTED:
        stages = {1: Stage(complaint_id=1, number=1)}
        _refuse(complaint, Status.NOT_ACCEPTED)
    if kind is LetterKind.ESCALATION_REFUSED:
        _refuse(complaint, Status.ESCALATION_REFUSED)
    return Case(complaint, resident, stages, tuple(extensions), (), _records(shape))


def _stage(number: int, acknowledged: date, responded: date | None) -> Stage:
    return Stage(
        complaint_id=1,
        number=number,
        handler=f"Handler Sample {number}",
        handler_role="Sample Role",
        acknowledged_on=acknowledged,
        understanding="The Understanding Sample.\nA second paragraph of it.",
        outcomes_sought="The Outcomes Sample.",
        responsible_for="The Responsible Sample.",
        not_responsible_for="The Not Responsible Sample.",
        clarification_asked="The Clarification Sample?",
        responded_on=responded,
        decision=Decision.PARTLY_UPHELD if responded else None,
        upheld_parts="The Upheld Part Sample.",
        reasons="The Reasons Sample.",
    )


def _extension(stage: int, days: int, good_reason: str) -> StageExtension:
    return StageExtension(
        complaint_id=1,
        stage=stage,
        agreed_on=date(2026, 9, 8),
        working_days=days,
        reason=f"The Extension Reason Sample {stage}.",
        good_reason=good_reason,
        update_interval_days=5,
    )


def _refuse(complaint: Complaint, status: Status) -> None:
    complaint.status = status
    complaint.refused_on = date(2026, 9, 20)
    complaint.refusal_ground = RefusalGround.ALREADY_CONSIDERED
    complaint.refusal_reasons = "The Refusal Reasons Sample."


def _records(shape: str) -> dict[str, tuple[Any, ...]]:
    records: dict[str, tuple[Any, ...]] = {"correspondence": ()}
    if shape == "remedies and actions":
        records["remedy"] = (
            Remedy(
                id=1,
                complaint_id=1,
                kind=RemedyKind.FINANCIAL,
                offered="The Remedy Sample",
                offered_on=date(2026, 9, 10),
                amount_offered=7500,
            ),
        )
        records["outstanding_action"] = (
            OutstandingAction(
                id=1, complaint_id=1, stage=1, what="The Action Sample", who="Repairs"
            ),
        )
    if shape == "a representative":
        records["representative"] = (
            Representative(id=1, complaint_id=1, name="Rep Sample", address="2 Agent Road\nKendal"),
        )
    if shape == "large print":
        records["adjustment"] = (
            Adjustment(
                id=1,
                resident_id=1,
                need="Sight loss",
                letter_format=LetterFormat.LARGE_PRINT,
                agreed_on=date(2026, 9, 1),
            ),
        )
    return records
