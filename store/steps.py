"""The Code's steps on a complaint, each checked and written to its timeline.

Each step loads the complaint once, changes it in place, checks every date of the result, and
commits the change with its line in the timeline; a broken rule rolls it all back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from enum import StrEnum

from sqlmodel import Session

from store.case import Case, load_case, note, saved
from store.clock import WorkingCalendar
from store.formats import clean_text, long_date
from store.kinds import RefusalGround, Status
from store.models import Stage, StageExtension
from store.rules import (
    Problem,
    RuleBroken,
    check_agreed,
    check_dates,
    check_extension,
    check_stage2_handler,
    late_extension,
    standing_problems,
)
from store.text_fields import pending_text_problems


class Step(StrEnum):
    """A step of the Code; each is also the name of the key's action on a complaint."""

    ACKNOWLEDGE = "acknowledge"
    AMEND_DEFINITION = "amend_definition"
    EXTEND = "extend"
    RESPOND = "respond"
    ESCALATE = "escalate"
    REFUSE_ESCALATION = "refuse_escalation"
    NOT_ACCEPT = "not_accept"
    WITHDRAW = "withdraw"
    CLOSE = "close"
    CORRECT_DATE = "correct_date"
    CORRECT_DETAILS = "correct_details"


def available_steps(case: Case) -> set[Step]:
    """The steps the Code allows from where the complaint stands."""
    status, stage = case.complaint.status, case.current
    corrections = {Step.CORRECT_DATE, Step.CORRECT_DETAILS}
    if status == Status.CLOSED:
        reopen = case.stage == 1 and stage.responded_on is not None
        return corrections | ({Step.ESCALATE, Step.REFUSE_ESCALATION} if reopen else set())
    if status != Status.OPEN:
        return corrections
    steps = corrections | {Step.WITHDRAW}
    if stage.responded_on is None:
        steps.add(Step.EXTEND)
        if stage.acknowledged_on is None:
            steps.add(Step.ACKNOWLEDGE)
            if case.stage == 1:
                steps.add(Step.NOT_ACCEPT)
        else:
            steps |= {Step.RESPOND, Step.AMEND_DEFINITION}
    else:
        steps.add(Step.CLOSE)
        if case.stage == 1:
            steps |= {Step.ESCALATE, Step.REFUSE_ESCALATION}
    return steps


def open_step(session: Session, complaint_id: int, step: Step) -> Case:
    """The complaint, loaded to take `step`; RuleBroken if the Code does not allow it now."""
    return _require(load_case(session, complaint_id), step)


def _require(case: Case, step: Step) -> Case:
    if step not in available_steps(case):
        status = case.complaint.status.value
        raise RuleBroken.single(
            "step",
            f"{case.complaint.reference} cannot be given that step now: it is {status} at "
            f"stage {case.stage}.",
        )
    return case


def commit_step(
    session: Session,
    case: Case,
    today: date,
    kind: str,
    summary: str,
    problems: list[Problem] | None = None,
) -> Case:
    """Check every date and every text of the changed complaint, then commit it with its
    timeline line.

    `problems` already found by the step are reported together with these, so the officer
    sees everything to put right at once.
    """
    for stage in case.stages.values():
        session.add(stage)
    dates = case.date_fields()
    standing = {**dates, "refusal_ground": case.complaint.refusal_ground}
    problems = [
        *(problems or []),
        *check_dates(dates, today),
        *standing_problems(case.complaint.status, standing),
        *pending_text_problems(session),
    ]
    if problems:
        session.rollback()
        raise RuleBroken(problems)
    note(session, case.complaint, kind, summary)
    return saved(session, case.id)


def extend(
    session: Session,
    complaint_id: int,
    *,
    agreed_on: date,
    working_days: int,
    reason: str,
    good_reason: str = "",
    update_interval_days: int | None = None,
    today: date,
    calendar: WorkingCalendar,
) -> Case:
    """Extend the response at the current stage (6.4, 6.5, 6.15, 6.16).

    The timeline records the new response date, as the resident is told it, and whether the
    deadline had already passed (it then stays missed).
    """
    case = open_step(session, complaint_id, Step.EXTEND)
    total = sum(extension.working_days for extension in case.extensions_at(case.stage))
    problems = check_extension(case.stage, working_days, total + working_days, reason, good_reason)
    if update_interval_days is not None and update_interval_days < 1:
        problems.append(
            Problem("update_interval_days", "Updates are due at least one working day apart.")
        )
    problems += check_agreed(agreed_on, case.complaint.received_on, today)
    if problems:
        raise RuleBroken(problems)
    late = late_extension(case.stage_clock(calendar).response.due, agreed_on)
    extension = StageExtension(
        complaint_id=complaint_id,
        stage=case.stage,
        agreed_on=agreed_on,
        working_days=working_days,
        reason=clean_text(reason),
        good_reason=clean_text(good_reason),
        update_interval_days=update_interval_days,
    )
    session.add(extension)
    case = replace(case, extensions=(*case.extensions, extension))
    new_due = case.stage_clock(calendar).response.due
    return commit_step(
        session,
        case,
        today,
        "extended",
        f"Stage {case.stage} response extended by {working_days} working "
        f"day{'s' if working_days != 1 else ''} on {long_date(agreed_on)}; "
        f"now due {long_date(new_due)}." + (f" {late}" if late else ""),
    )


def escalate(
    session: Session,
    complaint_id: int,
    *,
    requested_on: date,
    handler: str,
    role: str = "",
    today: date,
) -> Case:
    """Open stage 2 on the resident's request; no reason is asked of them (6.12). Someone who
    did not handle stage 1 handles it (6.13)."""
    case = open_step(session, complaint_id, Step.ESCALATE)
    handler = clean_text(handler)
    problems = check_stage2_handler(case.stages[1].handler, handler)
    if not handler:
        problems.append(
            Problem(
                "handler",
                "Name who will handle stage 2: someone who did not handle stage 1 (Code 6.13).",
            )
        )
    stage = Stage(
        complaint_id=complaint_id,
        number=2,
        requested_on=requested_on,
        handler=handler,
        handler_role=clean_text(role),
    )
    reopened = case.complaint.status == Status.CLOSED
    case.complaint.status = Status.OPEN
    case.complaint.closed_on = None
    return commit_step(
        session,
        replace(case, stages={**case.stages, 2: stage}),
        today,
        "escalated",
        f"Escalation to stage 2 requested on {long_date(requested_on)}"
        + (" (the complaint was reopened)." if reopened else ".")
        + f" Stage 2 handled by {handler}." * bool(handler),
        problems,
    )


def refuse(
    session: Session,
    complaint_id: int,
    *,
    on: date,
    ground: RefusalGround,
    reasons: str,
    today: date,
    escalation_requested_on: date | None = None,
) -> Case:
    """Not accept a complaint at intake (2.1 to 2.5), or refuse to escalate it after stage 1."""
    case = load_case(session, complaint_id)
    escalation = case.current.responded_on is not None
    _require(case, Step.REFUSE_ESCALATION if escalation else Step.NOT_ACCEPT)
    if not clean_text(reasons):
        raise RuleBroken.single(
            "reasons", "Explain why: the resident must be told the reasons (Code 2.4)."
        )
    complaint = case.complaint
    complaint.status = Status.ESCALATION_REFUSED if escalation else Status.NOT_ACCEPTED
    complaint.refused_on = on
    complaint.refusal_ground = ground
    complaint.refusal_reasons = clean_text(reasons)
    complaint.closed_on = None
    if escalation and escalation_requested_on is not None:
        stage = Stage(complaint_id=complaint_id, number=2, requested_on=escalation_requested_on)
        case = replace(case, stages={**case.stages, 2: stage})
    what = "Escalation refused" if escalation else "Not accepted as a complaint"
    return commit_step(
        session, case, today, "refused", f"{what} on {long_date(on)}: {ground.value}."
    )


def withdraw(
    session: Session, complaint_id: int, *, on: date, reason: str = "", today: date
) -> Case:
    case = open_step(session, complaint_id, Step.WITHDRAW)
    case.complaint.status = Status.WITHDRAWN
    case.complaint.withdrawn_on = on
    case.complaint.withdrawal_reason = clean_text(reason)
    return commit_step(
        session, case, today, "withdrawn", f"Withdrawn by the resident on {long_date(on)}."
    )


def close(
    session: Session,
    complaint_id: int,
    *,
    on: date,
    today: date,
    learning: str = "",
    improvement: str = "",
) -> Case:
    """Close the complaint, with what was learned and the improvement it led to (9.1)."""
    case = open_step(session, complaint_id, Step.CLOSE)
    responded = case.current.responded_on
    if responded is not None and on < responded:
        raise RuleBroken.single(
            "closed_on",
            f"The closure ({long_date(on)}) cannot be before the response it follows "
            f"({long_date(responded)}).",
        )
    case.complaint.status = Status.CLOSED
    case.complaint.closed_on = on
    case.complaint.learning = clean_text(learning)
    case.complaint.improvement = clean_text(improvement)
    return commit_step(session, case, today, "closed", f"Closed on {long_date(on)}.")
