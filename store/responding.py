"""Answering a complaint: the stage 1 response or the stage 2 final response, with the remedies
it offers and the actions it promises, each written straight into its register (6.9, 6.19,
7.1 to 7.4)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlmodel import Session

from store.case import Case
from store.formats import clean_text, long_date
from store.kinds import Decision, RemedyKind
from store.models import OutstandingAction, Remedy
from store.rules import Problem
from store.steps import Step, commit_step, open_step


@dataclass(frozen=True)
class RemedyOffer:
    """A remedy offered in the response: its kind from the Code's list (7.1), what it is, and
    any amount, in pence."""

    kind: RemedyKind
    what: str
    amount: int | None = None


@dataclass(frozen=True)
class ActionPromise:
    """Something the response promises will still happen: what, who does it, by when."""

    what: str
    who: str = ""
    by: date | None = None


@dataclass(frozen=True)
class Answer:
    """A stage 1 response or a stage 2 final response (6.9, 6.19)."""

    decision: Decision | None
    reasons: str
    upheld_parts: str = ""
    """Which parts were upheld, when the complaint is partly upheld."""
    remedies: tuple[RemedyOffer, ...] = field(default=())
    actions: tuple[ActionPromise, ...] = field(default=())


def respond(session: Session, complaint_id: int, *, on: date, answer: Answer, today: date) -> Case:
    """Record the stage 1 response or the stage 2 final response (6.9, 6.19); its remedies and
    actions go straight into their registers, where they are followed through."""
    case = open_step(session, complaint_id, Step.RESPOND)
    problems = _answer_problems(answer, case.complaint.received_on)
    stage = case.current
    stage.responded_on = on
    stage.decision = answer.decision
    stage.reasons = clean_text(answer.reasons)
    stage.upheld_parts = clean_text(answer.upheld_parts)
    remedies = [
        Remedy(
            complaint_id=complaint_id,
            kind=offer.kind,
            offered=clean_text(offer.what),
            offered_on=on,
            amount_offered=offer.amount,
        )
        for offer in answer.remedies
    ]
    actions = [
        OutstandingAction(
            complaint_id=complaint_id,
            stage=case.stage,
            what=clean_text(promise.what),
            who=clean_text(promise.who),
            due_on=promise.by,
        )
        for promise in answer.actions
    ]
    session.add_all([*remedies, *actions])
    records = {
        **case.records,
        "remedy": (*case.records.get("remedy", ()), *remedies),
        "outstanding_action": (*case.actions, *actions),
    }
    what = "Stage 1 response" if case.stage == 1 else "Stage 2 final response"
    offered = _count(len(remedies), "remedy", "remedies") + _count(
        len(actions), "action", "actions"
    )
    return commit_step(
        session,
        replace(case, records=records),
        today,
        "responded",
        f"{what} sent on {long_date(on)}: {answer.decision and answer.decision.value}"
        + (f"; {' and '.join(offered)}." if offered else "."),
        problems,
    )


def _count(number: int, one: str, many: str) -> list[str]:
    return [f"{number} {one if number == 1 else many}"] if number else []


def _answer_problems(answer: Answer, received: date) -> list[Problem]:
    problems = []
    if answer.decision is None:
        problems.append(Problem("decision", "Choose the decision: upheld, partly or not upheld."))
    if not clean_text(answer.reasons):
        problems.append(Problem("reasons", "Give the reasons for the decision (Code 6.9 d)."))
    if answer.decision is Decision.PARTLY_UPHELD and not clean_text(answer.upheld_parts):
        problems.append(
            Problem(
                "upheld_parts",
                "Say which parts of the complaint are upheld: the letter must tell the resident "
                "(Code 6.9 c).",
            )
        )
    if any(not clean_text(offer.what) for offer in answer.remedies):
        problems.append(Problem("remedies", "Say what each remedy offered is."))
    if any(not clean_text(promise.what) for promise in answer.actions):
        problems.append(Problem("actions", "Say what each action will do."))
    if any(promise.by is not None and promise.by < received for promise in answer.actions):
        problems.append(
            Problem("actions", "An action cannot be due before the complaint was received.")
        )
    return problems
