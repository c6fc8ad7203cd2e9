"""Small builders for tests: a complaint logged and taken through the Code's steps."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from store.case import Case
from store.defining import Definition, acknowledge
from store.intake import log_complaint
from store.kinds import Decision
from store.models import ComplaintCreate, ResidentBase
from store.responding import Answer, respond
from store.steps import escalate

TODAY = date(2026, 11, 25)


def new_complaint(
    received: date = date(2026, 11, 2), name: str = "Ann Example", **fields: object
) -> ComplaintCreate:
    return ComplaintCreate.model_validate(
        {
            "resident": ResidentBase(name=name, address="1 Mill Lane\nKendal\nLA9 1AA"),
            "description": "The kitchen tap has leaked for six weeks.",
            "category": "Repairs",
            "received_on": received,
            **fields,
        }
    )


def logged(session: Session, received: date = date(2026, 11, 2), **fields: Any) -> Case:
    return log_complaint(session, new_complaint(received, **fields), today=TODAY)


def definition() -> Definition:
    return Definition(
        understanding="The tap leaks and two appointments were missed.",
        outcomes_sought="The leak fixed and an apology.",
        responsible_for="Repairs to the kitchen.",
        not_responsible_for="The resident's own washing machine.",
        clarification_asked="Which days suit an appointment?",
    )


def answered(
    session: Session,
    case: Case,
    acknowledged: date = date(2026, 11, 4),
    responded: date = date(2026, 11, 13),
    handler: str = "Sam Stage-One",
) -> Case:
    assert case.id is not None
    case = acknowledge(
        session,
        case.id,
        on=acknowledged,
        definition=definition(),
        handler=handler,
        today=TODAY,
    )
    return respond(
        session,
        case.id,
        on=responded,
        answer=Answer(
            Decision.PARTLY_UPHELD,
            "The appointments were missed.",
            upheld_parts="The missed appointments.",
        ),
        today=TODAY,
    )


def escalated(
    session: Session,
    case: Case,
    requested: date = date(2026, 11, 16),
    handler: str = "Jo Stage-Two",
) -> Case:
    assert case.id is not None
    return escalate(session, case.id, requested_on=requested, handler=handler, today=TODAY)
