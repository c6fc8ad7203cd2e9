"""Defining a complaint: acknowledging it with its definition, and adding a related new issue
to the definition before the response (5.6, 5.7, 6.2, 6.8, 6.11)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from store.case import Case
from store.formats import clean_text, long_date
from store.models import Stage
from store.rules import NOTHING_CHANGED, Problem, RuleBroken, check_stage2_handler
from store.steps import Step, commit_step, open_step

# The definition is the officer's summary of the complaint, read in every letter about it: a
# complaint pasted in whole would bury the decision pages deep.
MOST_DEFINITION_WORDS = 250
_THIRD_PERSON = re.compile(
    r"\b(the (resident|tenant|complainant|customer)|(he|she|they) (says|said|is|was|are|were|"
    r"wants?|feels?|believes?|reports?|disputes?))\b|\b(Mr|Mrs|Ms|Miss|Mx)\.? [A-Z]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Definition:
    """The complaint definition (5.6) and the landlord's responsibility for it (5.7)."""

    understanding: str
    outcomes_sought: str
    responsible_for: str = ""
    not_responsible_for: str = ""
    clarification_asked: str = ""


def _definition_problems(definition: Definition) -> list[Problem]:
    """A definition needs the understanding and the outcomes sought (5.6), each a summary."""
    problems = []
    if not clean_text(definition.understanding):
        problems.append(
            Problem("understanding", "Set out your understanding of the complaint (Code 5.6).")
        )
    if not clean_text(definition.outcomes_sought):
        problems.append(
            Problem("outcomes_sought", "Record the outcomes the resident is seeking (Code 5.6).")
        )
    for name in ("understanding", "outcomes_sought"):
        words = len(getattr(definition, name).split())
        if words > MOST_DEFINITION_WORDS:
            problems.append(
                Problem(
                    name,
                    f"This is {words} words: the definition is your summary of the complaint, "
                    f"not the complaint as received. Keep it to {MOST_DEFINITION_WORDS} words.",
                )
            )
    return problems


def third_person(text: str) -> bool:
    """Whether a definition speaks of the resident rather than to them: the letters read it
    out to the resident, so "The resident says …" should be "You say …"."""
    return bool(_THIRD_PERSON.search(text))


def _define(stage: Stage, definition: Definition) -> None:
    stage.understanding = clean_text(definition.understanding)
    stage.outcomes_sought = clean_text(definition.outcomes_sought)
    stage.responsible_for = clean_text(definition.responsible_for)
    stage.not_responsible_for = clean_text(definition.not_responsible_for)
    stage.clarification_asked = clean_text(definition.clarification_asked)


def _definition_of(source: Stage | Definition) -> tuple[str, ...]:
    return tuple(
        clean_text(getattr(source, name))
        for name in (
            "understanding",
            "outcomes_sought",
            "responsible_for",
            "not_responsible_for",
            "clarification_asked",
        )
    )


def acknowledge(
    session: Session,
    complaint_id: int,
    *,
    on: date,
    definition: Definition,
    handler: str = "",
    role: str = "",
    today: date,
) -> Case:
    """Acknowledge the complaint at its current stage, with its definition (5.6, 5.7, 6.2, 6.11).

    The handler, and their role, sign the stage's letters.
    """
    case = open_step(session, complaint_id, Step.ACKNOWLEDGE)
    problems = _definition_problems(definition)
    handler = clean_text(handler) or case.current.handler
    if case.stage == 2:
        problems += check_stage2_handler(case.stages[1].handler, handler)
    stage = case.current
    stage.acknowledged_on = on
    stage.handler = handler
    stage.handler_role = clean_text(role) or stage.handler_role
    _define(stage, definition)
    return commit_step(
        session,
        case,
        today,
        "acknowledged",
        f"Stage {case.stage} acknowledged on {long_date(on)}"
        + (f", handled by {handler}." if handler else "."),
        problems,
    )


def amend_definition(
    session: Session, complaint_id: int, *, definition: Definition, today: date
) -> Case:
    """Add a related new issue to the definition before the response is sent (6.8)."""
    case = open_step(session, complaint_id, Step.AMEND_DEFINITION)
    problems = _definition_problems(definition)
    if problems:
        raise RuleBroken(problems)
    if _definition_of(case.current) == _definition_of(definition):
        raise RuleBroken.single("form", NOTHING_CHANGED)
    _define(case.current, definition)
    return commit_step(
        session,
        case,
        today,
        "amended",
        f"Stage {case.stage} definition amended (a new issue, Code 6.8).",
    )
