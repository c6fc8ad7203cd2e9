"""Every step the Code takes a complaint through, each checked and written to its timeline."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, select

from store.clock import CaseDates, Extension, WorkingCalendar, complaint_clock
from store.formats import clean_text, long_date
from store.kinds import Channel, Decision, Direction, RefusalGround, Status
from store.models import (
    Complaint,
    ComplaintCreate,
    Correspondence,
    Event,
    OutstandingAction,
    Representative,
    Resident,
    Stage,
    StageExtension,
)
from store.records import records_for
from store.rules import (
    DATE_NAMES,
    Problem,
    RuleBroken,
    check_dates,
    check_extension,
    check_stage2_handler,
)

REFERENCE = re.compile(r"^C-(\d{4})-(\d+)$")


class Action(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    EXTEND = "extend"
    RESPOND = "respond"
    ESCALATE = "escalate"
    REFUSE_ESCALATION = "refuse escalation"
    NOT_ACCEPT = "not accept"
    WITHDRAW = "withdraw"
    CLOSE = "close"
    CORRECT = "correct a date"
    AMEND_DEFINITION = "amend the definition"


@dataclass(frozen=True)
class Case:
    """A complaint with everything recorded against it, detached from the database."""

    complaint: Complaint
    resident: Resident
    stages: dict[int, Stage]
    extensions: tuple[StageExtension, ...] = ()
    events: tuple[Event, ...] = ()
    actions: tuple[OutstandingAction, ...] = ()
    representative: Representative | None = None
    records: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    related_reference: str | None = None
    """The reference of the complaint this one was raised from (6.8) ..."""
    raised_from_here: tuple[str, ...] = ()
    """... and of those raised from this one."""
    """Correspondence, adjustments, restrictions and the Ombudsman's case, by kind (records)."""

    @property
    def stage(self) -> int:
        return 2 if 2 in self.stages else 1

    @property
    def current(self) -> Stage:
        return self.stages[self.stage]

    def extensions_at(self, stage: int) -> tuple[StageExtension, ...]:
        return tuple(extension for extension in self.extensions if extension.stage == stage)

    def dates(self) -> CaseDates:
        return case_dates(self.complaint, self.stages, self.extensions)

    def date_fields(self) -> dict[str, date | None]:
        return date_fields(self.complaint, self.stages)


def case_dates(
    complaint: Complaint, stages: dict[int, Stage], extensions: tuple[StageExtension, ...]
) -> CaseDates:
    one, two = stages.get(1), stages.get(2)

    def agreed(stage: int) -> tuple[Extension, ...]:
        return tuple(
            Extension(extension.working_days, extension.agreed_on)
            for extension in extensions
            if extension.stage == stage
        )

    return CaseDates(
        received=complaint.received_on,
        stage1_acknowledged=one.acknowledged_on if one else None,
        stage1_responded=one.responded_on if one else None,
        stage1_extensions=agreed(1),
        stage2_requested=two.requested_on if two else None,
        stage2_acknowledged=two.acknowledged_on if two else None,
        stage2_responded=two.responded_on if two else None,
        stage2_extensions=agreed(2),
        is_open=complaint.status == Status.OPEN,
    )


def date_fields(complaint: Complaint, stages: dict[int, Stage]) -> dict[str, date | None]:
    one, two = stages.get(1), stages.get(2)
    return {
        "issue_arose": complaint.issue_arose_on,
        "received": complaint.received_on,
        "stage1_acknowledged": one.acknowledged_on if one else None,
        "stage1_responded": one.responded_on if one else None,
        "stage2_requested": two.requested_on if two else None,
        "stage2_acknowledged": two.acknowledged_on if two else None,
        "stage2_responded": two.responded_on if two else None,
        "refused_on": complaint.refused_on,
        "withdrawn_on": complaint.withdrawn_on,
        "closed_on": complaint.closed_on,
    }


def available_actions(case: Case) -> set[Action]:
    """The steps the Code allows from where the complaint stands."""
    status, stage = case.complaint.status, case.current
    if status == Status.CLOSED:
        reopen = case.stage == 1 and stage.responded_on is not None
        return (
            {Action.CORRECT, Action.ESCALATE, Action.REFUSE_ESCALATION}
            if reopen
            else {Action.CORRECT}
        )
    if status != Status.OPEN:
        return {Action.CORRECT}
    actions = {Action.CORRECT, Action.WITHDRAW}
    if stage.responded_on is None:
        actions.add(Action.EXTEND)
        if stage.acknowledged_on is None:
            actions.add(Action.ACKNOWLEDGE)
            if case.stage == 1:
                actions.add(Action.NOT_ACCEPT)
        else:
            actions |= {Action.RESPOND, Action.AMEND_DEFINITION}
    else:
        actions.add(Action.CLOSE)
        if case.stage == 1:
            actions |= {Action.ESCALATE, Action.REFUSE_ESCALATION}
    return actions


@dataclass(frozen=True)
class Definition:
    """The complaint definition (5.6) and the landlord's responsibility for it (5.7)."""

    understanding: str
    outcomes_sought: str
    responsible_for: str = ""
    not_responsible_for: str = ""
    clarification_asked: str = ""


def definition_problems(definition: Definition) -> list[Problem]:
    """A definition needs the understanding and the outcomes sought (5.6)."""
    problems = []
    if not clean_text(definition.understanding):
        problems.append(
            Problem("understanding", "Set out your understanding of the complaint (Code 5.6).")
        )
    if not clean_text(definition.outcomes_sought):
        problems.append(
            Problem("outcomes_sought", "Record the outcomes the resident is seeking (Code 5.6).")
        )
    return problems


def _define(stage: Stage, definition: Definition) -> None:
    stage.understanding = clean_text(definition.understanding)
    stage.outcomes_sought = clean_text(definition.outcomes_sought)
    stage.responsible_for = clean_text(definition.responsible_for)
    stage.not_responsible_for = clean_text(definition.not_responsible_for)
    stage.clarification_asked = clean_text(definition.clarification_asked)


@dataclass(frozen=True)
class Answer:
    """A stage 1 response or a stage 2 final response (6.9, 6.19)."""

    decision: Decision | None
    reasons: str
    remedy: str = ""
    outstanding_actions: str = ""


@dataclass
class _Editing:
    """A complaint loaded for change within one session."""

    complaint: Complaint
    stages: dict[int, Stage]
    extensions: list[StageExtension] = field(default_factory=list)


def intake_warnings(received_on: date, arose: date | None) -> list[str]:
    """What the officer should weigh before accepting, without being stopped (2.3)."""
    if arose is not None and _months_between(arose, received_on) >= 12:
        return [
            f"The issue arose on {long_date(arose)}, more than 12 months before the complaint was "
            "received. The Code lets you accept it where there are good reasons (2.3)."
        ]
    return []


def _months_between(earlier: date, later: date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def log_complaint(session: Session, data: ComplaintCreate, *, today: date) -> Case:
    """Record a new complaint at stage 1."""
    problems: list[Problem] = []
    name = clean_text(data.resident.name)
    description = clean_text(data.description)
    if not name:
        problems.append(Problem("resident_name", "Give the resident's name."))
    if not description:
        problems.append(Problem("description", "Record the complaint as the resident made it."))
    problems += check_dates(
        {"received": data.received_on, "issue_arose": data.issue_arose_on}, today
    )
    reference = (data.reference or "").strip() or None
    if reference is not None:
        problems += check_reference(session, reference)
    if data.related_to_id is not None and session.get(Complaint, data.related_to_id) is None:
        problems.append(Problem("related_to_id", "The complaint it relates to does not exist."))
    if problems:
        raise RuleBroken(problems)
    resident = Resident(
        name=name,
        address=clean_text(data.resident.address),
        phone=clean_text(data.resident.phone),
        email=clean_text(data.resident.email),
        preferred_contact=data.resident.preferred_contact,
    )
    session.add(resident)
    session.flush()
    assert resident.id is not None
    complaint = Complaint(
        reference=reference or next_reference(session, data.received_on.year),
        resident_id=resident.id,
        property_address=clean_text(data.property_address) or resident.address,
        channel=data.channel,
        category=clean_text(data.category),
        description=description,
        received_on=data.received_on,
        issue_arose_on=data.issue_arose_on,
        service_request=clean_text(data.service_request),
        related_to_id=data.related_to_id,
    )
    session.add(complaint)
    session.flush()
    assert complaint.id is not None
    session.add(Stage(complaint_id=complaint.id, number=1))
    _record(
        session,
        complaint,
        "logged",
        f"Complaint received on {long_date(data.received_on)} by {data.channel.value}.",
    )
    session.commit()
    return load_case(session, complaint.id)


def check_reference(session: Session, reference: str) -> list[Problem]:
    if len(reference) > 40 or clean_text(reference) != reference:
        return [Problem("reference", f"{reference!r} is not a usable reference.")]
    taken = session.exec(select(Complaint.id).where(Complaint.reference == reference)).first()
    if taken is not None:
        return [Problem("reference", f"The reference {reference} is already in use.")]
    return []


def next_reference(session: Session, year: int) -> str:
    return format_reference(year, last_reference_number(session, year) + 1)


def last_reference_number(session: Session, year: int) -> int:
    """The highest number among the year's references in the C-2026-0042 style."""
    references = session.exec(
        select(Complaint.reference).where(col(Complaint.reference).like(f"C-{year}-%"))
    )
    numbers = [int(match.group(2)) for ref in references if (match := REFERENCE.match(ref))]
    return max(numbers, default=0)


def format_reference(year: int, number: int) -> str:
    return f"C-{year}-{number:04d}"


def load_case(session: Session, complaint_id: int) -> Case:
    complaint = session.get(Complaint, complaint_id)
    if complaint is None:
        raise LookupError(f"There is no complaint number {complaint_id}.")
    resident = session.get(Resident, complaint.resident_id)
    assert resident is not None
    stages = {
        stage.number: stage
        for stage in session.exec(select(Stage).where(Stage.complaint_id == complaint_id))
    }
    extensions = session.exec(
        select(StageExtension)
        .where(StageExtension.complaint_id == complaint_id)
        .order_by(col(StageExtension.id))
    ).all()
    events = session.exec(
        select(Event).where(Event.complaint_id == complaint_id).order_by(col(Event.id))
    ).all()
    actions = session.exec(
        select(OutstandingAction)
        .where(OutstandingAction.complaint_id == complaint_id)
        .order_by(col(OutstandingAction.id))
    ).all()
    representative = session.exec(
        select(Representative).where(Representative.complaint_id == complaint_id)
    ).first()
    return Case(
        complaint,
        resident,
        stages,
        tuple(extensions),
        tuple(events),
        tuple(actions),
        representative,
        records_for(session, complaint),
        session.exec(
            select(Complaint.reference).where(Complaint.id == complaint.related_to_id)
        ).first()
        if complaint.related_to_id is not None
        else None,
        tuple(
            session.exec(
                select(Complaint.reference)
                .where(Complaint.related_to_id == complaint_id)
                .order_by(col(Complaint.id))
            ).all()
        ),
    )


def find_case(session: Session, reference: str) -> Case:
    complaint_id = session.exec(
        select(Complaint.id).where(Complaint.reference == reference.strip())
    ).first()
    if complaint_id is None:
        raise LookupError(f"There is no complaint with the reference {reference.strip()}.")
    return load_case(session, complaint_id)


def _edit(session: Session, complaint_id: int) -> _Editing:
    case = load_case(session, complaint_id)
    return _Editing(case.complaint, case.stages, list(case.extensions))


def _require(case: Case, action: Action) -> None:
    if action not in available_actions(case):
        status = case.complaint.status.value
        raise RuleBroken.single(
            "action",
            f"{case.complaint.reference} cannot be given that step now: it is {status} at "
            f"stage {case.stage}.",
        )


def _save(
    session: Session,
    editing: _Editing,
    today: date,
    kind: str,
    summary: str,
    problems: list[Problem] | None = None,
) -> Case:
    """Check every date of the changed complaint, then commit it with its timeline event.

    `problems` already found by the step are reported together with the dates', so the officer
    sees everything to put right at once.
    """
    problems = (problems or []) + check_dates(date_fields(editing.complaint, editing.stages), today)
    if problems:
        session.rollback()
        raise RuleBroken(problems)
    _record(session, editing.complaint, kind, summary)
    session.commit()
    assert editing.complaint.id is not None
    return load_case(session, editing.complaint.id)


def _record(session: Session, complaint: Complaint, kind: str, summary: str) -> None:
    assert complaint.id is not None
    session.add(complaint)
    session.add(Event(complaint_id=complaint.id, kind=kind, summary=summary))


def acknowledge(
    session: Session,
    complaint_id: int,
    *,
    on: date,
    definition: Definition,
    handler: str = "",
    today: date,
) -> Case:
    """Acknowledge the complaint at its current stage, with its definition (5.6, 5.7, 6.2, 6.11)."""
    case = load_case(session, complaint_id)
    _require(case, Action.ACKNOWLEDGE)
    problems = definition_problems(definition)
    handler = clean_text(handler) or case.current.handler
    if case.stage == 2:
        problems += check_stage2_handler(case.stages[1].handler, handler)
    editing = _edit(session, complaint_id)
    stage = editing.stages[case.stage]
    stage.acknowledged_on = on
    stage.handler = handler
    _define(stage, definition)
    session.add(stage)
    return _save(
        session,
        editing,
        today,
        "acknowledged",
        f"Stage {case.stage} acknowledged on {long_date(on)}"
        + (f", handled by {handler}." if handler else "."),
        problems,
    )


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

    The timeline records the new response date, as the resident is told it.
    """
    case = load_case(session, complaint_id)
    _require(case, Action.EXTEND)
    total = sum(extension.working_days for extension in case.extensions_at(case.stage))
    problems = check_extension(case.stage, working_days, total + working_days, reason, good_reason)
    if update_interval_days is not None and update_interval_days < 1:
        problems.append(
            Problem("update_interval_days", "Updates are due at least one working day apart.")
        )
    if agreed_on > today:
        problems.append(
            Problem(
                "agreed_on",
                f"The extension cannot be agreed on {long_date(agreed_on)}, "
                f"which is in the future; today is {long_date(today)}.",
            )
        )
    if agreed_on < case.complaint.received_on:
        problems.append(
            Problem(
                "agreed_on", "The extension cannot be agreed before the complaint was received."
            )
        )
    editing = _edit(session, complaint_id)
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
    clock = complaint_clock(
        calendar, case_dates(editing.complaint, editing.stages, (*case.extensions, extension))
    )
    new_due = (clock.stage2 or clock.stage1).response.due
    return _save(
        session,
        editing,
        today,
        "extended",
        f"Stage {case.stage} response extended by {working_days} working "
        f"day{'s' if working_days != 1 else ''} on {long_date(agreed_on)}; "
        f"now due {long_date(new_due)}.",
        problems,
    )


def respond(session: Session, complaint_id: int, *, on: date, answer: Answer, today: date) -> Case:
    """Record the stage 1 response or the stage 2 final response (6.9, 6.19)."""
    case = load_case(session, complaint_id)
    _require(case, Action.RESPOND)
    problems = []
    if answer.decision is None:
        problems.append(Problem("decision", "Choose the decision: upheld, partly or not upheld."))
    if not clean_text(answer.reasons):
        problems.append(Problem("reasons", "Give the reasons for the decision (Code 6.9 d)."))
    editing = _edit(session, complaint_id)
    stage = editing.stages[case.stage]
    stage.responded_on = on
    stage.decision = answer.decision
    stage.reasons = clean_text(answer.reasons)
    stage.remedy = clean_text(answer.remedy)
    session.add(stage)
    for line in clean_text(answer.outstanding_actions).splitlines():
        if line.strip(" -•*"):
            session.add(
                OutstandingAction(
                    complaint_id=complaint_id, stage=case.stage, what=line.strip(" -•*")
                )
            )
    what = "Stage 1 response" if case.stage == 1 else "Stage 2 final response"
    return _save(
        session,
        editing,
        today,
        "responded",
        f"{what} sent on {long_date(on)}: {answer.decision and answer.decision.value}.",
        problems,
    )


def escalate(
    session: Session, complaint_id: int, *, requested_on: date, handler: str = "", today: date
) -> Case:
    """Open stage 2 on the resident's request; no reason is asked of them (6.12)."""
    case = load_case(session, complaint_id)
    _require(case, Action.ESCALATE)
    handler = clean_text(handler)
    problems = check_stage2_handler(case.stages[1].handler, handler)
    editing = _edit(session, complaint_id)
    stage = Stage(complaint_id=complaint_id, number=2, requested_on=requested_on, handler=handler)
    editing.stages[2] = stage
    session.add(stage)
    reopened = editing.complaint.status == Status.CLOSED
    editing.complaint.status = Status.OPEN
    editing.complaint.closed_on = None
    return _save(
        session,
        editing,
        today,
        "escalated",
        f"Escalation to stage 2 requested on {long_date(requested_on)}"
        + (" (the complaint was reopened)." if reopened else "."),
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
    escalation = Action.NOT_ACCEPT not in available_actions(case)
    _require(case, Action.REFUSE_ESCALATION if escalation else Action.NOT_ACCEPT)
    if not clean_text(reasons):
        raise RuleBroken.single(
            "reasons", "Explain why: the resident must be told the reasons (Code 2.4)."
        )
    editing = _edit(session, complaint_id)
    complaint = editing.complaint
    complaint.status = Status.ESCALATION_REFUSED if escalation else Status.NOT_ACCEPTED
    complaint.refused_on = on
    complaint.refusal_ground = ground
    complaint.refusal_reasons = clean_text(reasons)
    complaint.closed_on = None
    if escalation and escalation_requested_on is not None:
        stage = Stage(complaint_id=complaint_id, number=2, requested_on=escalation_requested_on)
        editing.stages[2] = stage
        session.add(stage)
    what = "Escalation refused" if escalation else "Not accepted as a complaint"
    return _save(
        session,
        editing,
        today,
        "refused",
        f"{what} on {long_date(on)}: {ground.value}.",
    )


def withdraw(
    session: Session, complaint_id: int, *, on: date, reason: str = "", today: date
) -> Case:
    case = load_case(session, complaint_id)
    _require(case, Action.WITHDRAW)
    editing = _edit(session, complaint_id)
    editing.complaint.status = Status.WITHDRAWN
    editing.complaint.withdrawn_on = on
    editing.complaint.withdrawal_reason = clean_text(reason)
    return _save(
        session, editing, today, "withdrawn", f"Withdrawn by the resident on {long_date(on)}."
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
    case = load_case(session, complaint_id)
    _require(case, Action.CLOSE)
    editing = _edit(session, complaint_id)
    responded = editing.stages[case.stage].responded_on
    if responded is not None and on < responded:
        raise RuleBroken.single(
            "closed_on",
            f"The closure ({long_date(on)}) cannot be before the response it follows "
            f"({long_date(responded)}).",
        )
    editing.complaint.status = Status.CLOSED
    editing.complaint.closed_on = on
    editing.complaint.learning = clean_text(learning)
    editing.complaint.improvement = clean_text(improvement)
    return _save(session, editing, today, "closed", f"Closed on {long_date(on)}.")


CORRECTABLE = tuple(DATE_NAMES)


def correct_date(
    session: Session, complaint_id: int, *, field: str, value: date, today: date
) -> Case:
    """Put right a mistyped date; the timeline keeps what it was."""
    if field not in CORRECTABLE:
        raise RuleBroken.single("field", f"{field} is not a date that can be corrected.")
    editing = _edit(session, complaint_id)
    complaint, stages = editing.complaint, editing.stages
    before = date_fields(complaint, stages)[field]
    if before is None and field != "issue_arose":
        raise RuleBroken.single(
            "field",
            f"{DATE_NAMES[field].capitalize()} has not been recorded, so there is "
            "nothing to correct: take that step instead.",
        )
    if field.startswith("stage"):
        number = int(field[5])
        attribute = {
            "requested": "requested_on",
            "acknowledged": "acknowledged_on",
            "responded": "responded_on",
        }[field.split("_", 1)[1]]
        setattr(stages[number], attribute, value)
        session.add(stages[number])
    else:
        attribute = {"received": "received_on", "issue_arose": "issue_arose_on"}.get(field, field)
        setattr(complaint, attribute, value)
    was = long_date(before) if before else "not recorded"
    return _save(
        session,
        editing,
        today,
        "corrected",
        f"Corrected {DATE_NAMES[field]}: was {was}, now {long_date(value)}.",
    )


def record_letter(
    session: Session, complaint_id: int, *, title: str, path: str, today: date
) -> Case:
    """Keep the letter in the complaint's record: its kind and where it was saved (5.12)."""
    complaint = session.get(Complaint, complaint_id)
    if complaint is None:
        raise LookupError(f"There is no complaint number {complaint_id}.")
    session.add(
        Correspondence(
            complaint_id=complaint_id,
            dated=today,
            direction=Direction.OUT,
            channel=Channel.LETTER,
            summary=title.capitalize(),
            document=path,
        )
    )
    _record(session, complaint, "letter", f"Letter: {title}, saved as {path}")
    session.commit()
    return load_case(session, complaint_id)


def describe_action(action: OutstandingAction) -> str:
    """ "Replace the tap (Repairs team), by 30 September 2026", as letters and screens say it."""
    who = f" ({action.who})" if action.who else ""
    by = f", by {long_date(action.due_on)}" if action.due_on else ""
    return f"{action.what}{who}{by}"


def add_action(
    session: Session,
    complaint_id: int,
    *,
    what: str,
    who: str = "",
    due_on: date | None = None,
    today: date,
) -> Case:
    """Track something still to be done after the response (6.6, 6.17, 7.3)."""
    case = load_case(session, complaint_id)
    problems = []
    if not clean_text(what):
        problems.append(Problem("what", "Say what will happen."))
    if due_on is not None and due_on < case.complaint.received_on:
        problems.append(
            Problem("due_on", "An action cannot be due before the complaint was received.")
        )
    if problems:
        raise RuleBroken(problems)
    action = OutstandingAction(
        complaint_id=complaint_id,
        stage=case.stage,
        what=clean_text(what),
        who=clean_text(who),
        due_on=due_on,
    )
    session.add(action)
    by = f", by {long_date(due_on)}" if due_on else ""
    _record(session, case.complaint, "action", f"Action to follow: {action.what}{by}.")
    session.commit()
    return load_case(session, complaint_id)


def complete_action(session: Session, action_id: int, *, done_on: date, today: date) -> Case:
    action = session.get(OutstandingAction, action_id)
    if action is None:
        raise LookupError(f"There is no action number {action_id}.")
    case = load_case(session, action.complaint_id)
    if done_on > today:
        raise RuleBroken.single(
            "done_on", f"{long_date(done_on)} is in the future; today is {long_date(today)}."
        )
    if done_on < case.complaint.received_on:
        raise RuleBroken.single(
            "done_on", "An action cannot be done before the complaint was received."
        )
    action.done_on = done_on
    session.add(action)
    _record(
        session, case.complaint, "action", f"Action done on {long_date(done_on)}: {action.what}."
    )
    session.commit()
    return load_case(session, action.complaint_id)


@dataclass(frozen=True)
class RepresentativeDetails:
    name: str
    relationship: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    authority_confirmed_on: date | None = None


def set_representative(
    session: Session, complaint_id: int, *, details: RepresentativeDetails | None, today: date
) -> Case:
    """Record who acts for the resident (3.6), or that nobody does any more (None)."""
    case = load_case(session, complaint_id)
    current = case.representative
    if details is None:
        if current is not None:
            session.delete(session.merge(current))
            _record(
                session,
                case.complaint,
                "representative",
                f"{current.name} no longer represents the resident.",
            )
            session.commit()
        return load_case(session, complaint_id)
    problems = []
    if not clean_text(details.name):
        problems.append(Problem("name", "Give the representative's name."))
    confirmed = details.authority_confirmed_on
    if confirmed is not None and confirmed > today:
        problems.append(
            Problem("authority_confirmed_on", f"{long_date(confirmed)} is in the future.")
        )
    if problems:
        raise RuleBroken(problems)
    record = (
        session.merge(current)
        if current is not None
        else Representative(complaint_id=complaint_id, name="")
    )
    record.name = clean_text(details.name)
    record.relationship = clean_text(details.relationship)
    record.address = clean_text(details.address)
    record.phone = clean_text(details.phone)
    record.email = clean_text(details.email)
    record.authority_confirmed_on = confirmed
    session.add(record)
    _record(
        session,
        case.complaint,
        "representative",
        f"Represented by {record.name}"
        + (f" ({record.relationship})" if record.relationship else "")
        + ".",
    )
    session.commit()
    return load_case(session, complaint_id)


def amend_definition(
    session: Session, complaint_id: int, *, definition: Definition, today: date
) -> Case:
    """Add a related new issue to the definition before the response is sent (6.8)."""
    case = load_case(session, complaint_id)
    _require(case, Action.AMEND_DEFINITION)
    problems = definition_problems(definition)
    if problems:
        raise RuleBroken(problems)
    editing = _edit(session, complaint_id)
    stage = editing.stages[case.stage]
    _define(stage, definition)
    session.add(stage)
    return _save(
        session,
        editing,
        today,
        "amended",
        f"Stage {case.stage} definition amended (a new issue, Code 6.8).",
    )


# The details typed at intake that can be put right later, with how the timeline names them.
DETAILS = {
    "name": ("resident", "the resident's name"),
    "address": ("resident", "the resident's address"),
    "phone": ("resident", "the resident's telephone"),
    "email": ("resident", "the resident's email"),
    "preferred_contact": ("resident", "the preferred way of contact"),
    "property_address": ("complaint", "the property"),
    "channel": ("complaint", "how the complaint came in"),
    "category": ("complaint", "the category"),
    "description": ("complaint", "the complaint as made"),
    "service_request": ("complaint", "the service request"),
}


def correct_details(
    session: Session, complaint_id: int, *, changes: dict[str, Any], today: date
) -> Case:
    """Put right what was mistyped at intake; the timeline keeps what each detail was."""
    case = load_case(session, complaint_id)
    unknown = set(changes) - set(DETAILS)
    if unknown:
        raise RuleBroken.single(sorted(unknown)[0], "That detail cannot be corrected here.")
    problems = []
    for name in ("name", "description"):
        if name in changes and not clean_text(str(changes[name])):
            problems.append(Problem(name, f"{DETAILS[name][1].capitalize()} cannot be empty."))
    if problems:
        raise RuleBroken(problems)
    resident = session.merge(case.resident)
    complaint = session.merge(case.complaint)
    said = []
    for name, value in changes.items():
        owner = resident if DETAILS[name][0] == "resident" else complaint
        value = clean_text(value) if isinstance(value, str) else value
        before = getattr(owner, name)
        if value == before:
            continue
        setattr(owner, name, value)
        was, now = (_shown(before), _shown(value))
        said.append(f"Corrected {DETAILS[name][1]}: was {was}, now {now}.")
    if not said:
        return case
    session.add(resident)
    for line in said:
        _record(session, complaint, "corrected", line)
    session.commit()
    return load_case(session, complaint_id)


def _shown(value: Any) -> str:
    text = getattr(value, "value", value)
    return f"\u201c{text}\u201d" if text else "nothing"
