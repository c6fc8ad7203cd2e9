"""The steps of the Code as the store takes them: rules, state and the timeline."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlmodel import Session

from store.case import find_case, load_case
from store.clock import WorkingCalendar, complaint_clock
from store.corrections import correct_date
from store.intake import intake_warnings
from store.kinds import Decision, RefusalGround, RemedyKind, Status
from store.responding import Answer, RemedyOffer, respond
from store.rules import RuleBroken
from store.steps import Step, available_steps, close, extend, refuse, withdraw
from tests.factories import TODAY, answered, definition, escalated, logged

D = date


def test_logging_gives_a_reference_and_a_timeline(session: Session) -> None:
    first = logged(session)
    second = logged(session, name="Bob Example")
    assert first.complaint.reference == "C-2026-0001"
    assert second.complaint.reference == "C-2026-0002"
    assert first.complaint.status == Status.OPEN and first.stage == 1
    assert [event.kind for event in first.events] == ["logged"]
    assert first.events[0].at.tzinfo is not None
    assert find_case(session, "C-2026-0002").resident.name == "Bob Example"


def test_references_continue_after_imported_ones(session: Session) -> None:
    logged(session, reference="C-2026-0041")
    assert logged(session).complaint.reference == "C-2026-0042"
    with pytest.raises(RuleBroken, match="already in use"):
        logged(session, reference="C-2026-0041")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"received_on": D(2026, 11, 26)}, "in the future; today is 25 November 2026"),
        ({"description": "  "}, "Record the complaint"),
        ({"name": ""}, "resident's name"),
        ({"issue_arose_on": D(2026, 11, 3)}, "cannot be before the date the issue arose"),
    ],
)
def test_intake_is_refused_with_a_sentence(
    session: Session, fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(RuleBroken, match=message):
        logged(session, **fields)


def test_2_3_twelve_month_rule_warns_but_does_not_block(session: Session) -> None:
    assert "more than 12 months" in intake_warnings(D(2026, 11, 2), D(2025, 10, 1))[0]
    assert intake_warnings(D(2026, 11, 2), D(2025, 11, 2)) != []
    assert intake_warnings(D(2026, 11, 2), D(2025, 11, 3)) == []
    assert logged(session, issue_arose_on=D(2025, 10, 1)).complaint.issue_arose_on


def test_the_whole_life_of_a_complaint(session: Session, calendar: WorkingCalendar) -> None:
    case = answered(session, logged(session))
    assert case.stages[1].decision == Decision.PARTLY_UPHELD
    assert available_steps(case) >= {Step.ESCALATE, Step.CLOSE}
    case = escalated(session, case)
    assert case.stage == 2
    assert available_steps(case) >= {Step.ACKNOWLEDGE, Step.EXTEND, Step.WITHDRAW}
    clock = complaint_clock(calendar, case.dates())
    assert clock.next_deadline is not None
    assert (clock.next_deadline.name, clock.next_deadline.due) == (
        "Stage 2 acknowledgement",
        D(2026, 11, 23),
    )
    assert case.id is not None
    from store.defining import acknowledge

    case = acknowledge(
        session,
        case.id,
        on=D(2026, 11, 18),
        definition=definition(),
        handler="Jo Stage-Two",
        today=TODAY,
    )
    case = respond(
        session,
        case.id,
        on=D(2026, 11, 24),
        answer=Answer(
            Decision.UPHELD,
            "We agree.",
            remedies=(RemedyOffer(RemedyKind.FINANCIAL, "For the delay", 10000),),
        ),
        today=TODAY,
    )
    case = close(session, case.id, on=D(2026, 11, 25), today=TODAY)
    assert case.complaint.status == Status.CLOSED
    assert [event.kind for event in case.events] == [
        "logged",
        "acknowledged",
        "responded",
        "escalated",
        "acknowledged",
        "responded",
        "closed",
    ]
    assert available_steps(case) == {Step.CORRECT_DATE, Step.CORRECT_DETAILS}


def test_response_cannot_come_before_the_acknowledgement(session: Session) -> None:
    with pytest.raises(RuleBroken) as raised:
        answered(session, logged(session), acknowledged=D(2026, 11, 10), responded=D(2026, 11, 9))
    assert raised.value.problems[0].field == "stage1_responded"
    assert str(raised.value) == (
        "The stage 1 response (9 November 2026) cannot be before the stage 1 acknowledgement "
        "(10 November 2026)."
    )
    case = find_case(session, "C-2026-0001")
    assert case.stages[1].responded_on is None  # nothing half-saved


def test_5_6_acknowledgement_needs_a_definition(session: Session) -> None:
    from store.defining import Definition, acknowledge

    case = logged(session)
    assert case.id is not None
    with pytest.raises(RuleBroken) as raised:
        acknowledge(
            session,
            case.id,
            on=D(2026, 11, 3),
            definition=Definition("", ""),
            today=TODAY,
        )
    assert {problem.field for problem in raised.value.problems} == {
        "understanding",
        "outcomes_sought",
    }
    with pytest.raises(RuleBroken, match="cannot be before the date the complaint was received"):
        acknowledge(session, case.id, on=D(2026, 11, 1), definition=definition(), today=TODAY)


def test_6_11_escalation_not_before_the_stage_one_response(session: Session) -> None:
    case = answered(session, logged(session))
    with pytest.raises(RuleBroken, match="cannot be before the stage 1 response"):
        escalated(session, case, requested=D(2026, 11, 12))


def test_6_13_stage_two_handler_must_differ(session: Session) -> None:
    case = answered(session, logged(session), handler="Sam Smith")
    with pytest.raises(RuleBroken, match=r"6\.13"):
        escalated(session, case, handler="sam smith ")


def test_6_4_and_6_5_extension_over_the_cap_needs_a_good_reason(
    session: Session, calendar: WorkingCalendar
) -> None:
    case = logged(session)
    assert case.id is not None
    case = extend(
        session,
        case.id,
        agreed_on=D(2026, 11, 10),
        working_days=8,
        reason="Awaiting a survey.",
        today=TODAY,
        calendar=calendar,
    )
    with pytest.raises(RuleBroken, match="add up to 13 working days, over the Code's limit of 10"):
        extend(
            session,
            case.id,
            agreed_on=D(2026, 11, 11),
            working_days=5,
            reason="More time.",
            today=TODAY,
            calendar=calendar,
        )
    with pytest.raises(RuleBroken, match="reason for the extension"):
        extend(
            session,
            case.id,
            agreed_on=D(2026, 11, 11),
            working_days=1,
            reason=" ",
            today=TODAY,
            calendar=calendar,
        )
    case = extend(
        session,
        case.id,
        agreed_on=D(2026, 11, 11),
        working_days=5,
        reason="More time.",
        good_reason="The contractor is ill.",
        today=TODAY,
        calendar=calendar,
    )
    assert sum(e.working_days for e in case.extensions_at(1)) == 13
    assert "now due 10 December 2026" in case.events[-1].summary  # 23 Nov + 13


def test_2_4_not_accepted_and_withdrawn(session: Session) -> None:
    case = logged(session)
    assert case.id is not None
    with pytest.raises(RuleBroken, match="reasons"):
        refuse(
            session,
            case.id,
            on=D(2026, 11, 3),
            ground=RefusalGround.LEGAL_PROCEEDINGS,
            reasons="",
            today=TODAY,
        )
    case = refuse(
        session,
        case.id,
        on=D(2026, 11, 3),
        ground=RefusalGround.LEGAL_PROCEEDINGS,
        reasons="A claim is before the court.",
        today=TODAY,
    )
    assert case.complaint.status == Status.NOT_ACCEPTED
    other = logged(session)
    assert other.id is not None
    other = withdraw(session, other.id, on=D(2026, 11, 5), today=TODAY)
    assert other.complaint.status == Status.WITHDRAWN
    with pytest.raises(RuleBroken, match="cannot be given that step now"):
        close(session, other.id, on=D(2026, 11, 6), today=TODAY)


def test_5_11_escalation_refused_after_stage_one(session: Session) -> None:
    case = answered(session, logged(session))
    assert case.id is not None
    case = refuse(
        session,
        case.id,
        on=D(2026, 11, 20),
        ground=RefusalGround.ALREADY_CONSIDERED,
        reasons="Answered in full.",
        today=TODAY,
        escalation_requested_on=D(2026, 11, 18),
    )
    assert case.complaint.status == Status.ESCALATION_REFUSED
    assert case.stages[2].requested_on == D(2026, 11, 18)


def test_5_12_correcting_a_date_leaves_a_trace(session: Session) -> None:
    case = answered(session, logged(session))
    assert case.id is not None
    case = correct_date(
        session, case.id, field="stage1_acknowledged", value=D(2026, 11, 5), today=TODAY
    )
    assert case.stages[1].acknowledged_on == D(2026, 11, 5)
    assert case.events[-1].summary == (
        "Corrected the stage 1 acknowledgement: was 4 November 2026, now 5 November 2026."
    )
    with pytest.raises(RuleBroken, match="cannot be before the stage 1 acknowledgement"):
        correct_date(
            session,
            case.id,
            field="stage1_acknowledged",
            value=D(2026, 11, 14),
            today=TODAY,
        )
    assert load_case(session, case.id).stages[1].acknowledged_on == D(2026, 11, 5)
    with pytest.raises(RuleBroken, match="nothing to correct"):
        correct_date(session, case.id, field="stage2_responded", value=D(2026, 11, 14), today=TODAY)


def test_a_closed_complaint_can_still_be_escalated(session: Session) -> None:
    case = answered(session, logged(session))
    assert case.id is not None
    case = close(session, case.id, on=D(2026, 11, 13), today=TODAY)
    case = escalated(session, case, requested=D(2026, 11, 20))
    assert case.complaint.status == Status.OPEN
    assert "reopened" in case.events[-1].summary


def test_details_typed_at_intake_can_be_put_right(session: Session) -> None:
    from store.corrections import correct_details
    from store.kinds import ContactMethod

    case = logged(session)
    assert case.id is not None
    with pytest.raises(RuleBroken, match="The resident's name cannot be empty"):
        correct_details(session, case.id, changes={"name": " "})
    with pytest.raises(RuleBroken, match="Email is the preferred contact: give the email"):
        correct_details(session, case.id, changes={"preferred_contact": ContactMethod.EMAIL})
    with pytest.raises(RuleBroken, match="'not-an-email' is not an email address"):
        correct_details(session, case.id, changes={"email": "not-an-email"})
    with pytest.raises(RuleBroken, match="Nothing changed"):
        correct_details(session, case.id, changes={"name": case.resident.name})
    case = correct_details(
        session,
        case.id,
        changes={
            "address": "2 Mill Lane\nKendal",
            "preferred_contact": ContactMethod.EMAIL,
            "email": "ann@example.org",
            "name": "Ann Example",
        },
    )
    assert case.resident.address == "2 Mill Lane\nKendal"
    assert case.resident.preferred_contact == ContactMethod.EMAIL
    assert [event.summary for event in case.events[-3:-1]] == [
        "Corrected the resident's address: was \u201c1 Mill Lane\nKendal\nLA9 1AA\u201d, "
        "now \u201c2 Mill Lane\nKendal\u201d.",
        "Corrected the preferred way of contact: was \u201cletter\u201d, now \u201cemail\u201d.",
    ]
