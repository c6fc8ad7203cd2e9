"""A demo case file: realistic, varied complaints in every state, spread over several years, with
every kind of record the desk keeps, so that every screen, letter and report has something to show.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from store.bulk import NewCase, insert_cases
from store.calendar_cache import working_calendar
from store.clock import WorkingCalendar
from store.db import Store
from store.deadlines import extension_cap
from store.demo_data import (
    DEMO_LANDLORD,
    EXTENSION_REASONS,
    FIRST_NAMES,
    HANDLERS,
    LEARNING,
    STREETS,
    SURNAMES,
    TOPICS,
    TOWNS,
)
from store.demo_records import (
    around,
    offer,
    promise,
    refuse_escalation,
    show_everything,
    to_the_ombudsman,
)
from store.formats import long_date
from store.kinds import (
    Channel,
    ContactMethod,
    Decision,
    RefusalGround,
    Status,
    Tenure,
)
from store.settings import load_settings, save_settings

TENURES = (Tenure.RENTED,) * 16 + (Tenure.SHARED_OWNERSHIP,) * 3 + (Tenure.NOT_A_TENANT,)


def make_demo(store: Store, count: int, *, today: date, seed: int = 7) -> list[str]:
    """Write `count` demo complaints and demo settings; returns their references."""
    with store.connect() as db:
        settings = load_settings(db)
        if not settings.landlord_name:
            settings = settings.replace(**DEMO_LANDLORD)
            save_settings(db, settings)
        calendar = working_calendar(db, settings, today)
    rng = random.Random(seed)
    recent = min(count, max(12, min(count * 15 // 100, 60 + count // 100)))
    cases = []
    for index in range(count):
        if index < recent and index % 8 == 0:
            # A complaint that stalled weeks ago, so the desk always has something overdue.
            received = today - timedelta(days=rng.randint(20, 60))
            stalled = received + timedelta(days=rng.randint(0, 12))
            cases.append(_demo_case(rng, calendar, received, stalled, today))
            continue
        days_ago = rng.randint(0, 75) if index < recent else rng.randint(76, 6 * 365)
        received = today - timedelta(days=days_ago)
        cases.append(_demo_case(rng, calendar, received, today, today))
    cases.sort(key=lambda case: case.complaint["received_on"])
    show_everything(rng, cases, today)
    with store.session() as session:
        # Made up: no one did these things, so the timeline names no one.
        session.info["actor"] = ""
        return insert_cases(session, cases)


def _demo_case(
    rng: random.Random, calendar: WorkingCalendar, received: date, stops: date, today: date
) -> NewCase:
    """A complaint played forward from `received` to `stops`, the day its story stops."""
    category, description, understanding, outcomes = rng.choice(TOPICS)
    town, postcode = rng.choice(TOWNS)
    address = (
        f"{rng.randint(1, 180)} {rng.choice(STREETS)}\n{town}\n"
        f"{postcode} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    )
    complaint: dict[str, Any] = {
        "property_address": address,
        "channel": rng.choice(tuple(Channel)),
        "category": category,
        "description": description,
        "received_on": received,
        "issue_arose_on": received - timedelta(days=rng.choice((3, 10, 30, 90, 200, 400))),
        "status": Status.OPEN,
        "tenure": rng.choice(TENURES),
    }
    case = NewCase(
        resident={
            "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
            "address": address,
            "phone": f"07700 900{rng.randint(100, 999)}",
            "email": "",
            "preferred_contact": rng.choice(tuple(ContactMethod)),
        },
        complaint=complaint,
        stages=[_handled(rng, {"number": 1})],
        events=[("logged", f"Complaint received on {long_date(received)}.", received)],
    )
    around(rng, case, received, today)
    _play(rng, calendar, case, stops, understanding, outcomes)
    return case


def _handled(rng: random.Random, stage: dict[str, Any], other: str = "") -> dict[str, Any]:
    handler, role = rng.choice([h for h in HANDLERS if h[0] != other])
    return {**stage, "handler": handler, "handler_role": role}


def _play(
    rng: random.Random,
    calendar: WorkingCalendar,
    case: NewCase,
    today: date,
    understanding: str,
    outcomes: str,
) -> None:
    complaint, events = case.complaint, case.events
    received = complaint["received_on"]
    roll = rng.random()
    if roll < 0.03:
        refused = calendar.add_working_days(received, rng.randint(1, 4))
        if refused <= today:
            complaint.update(
                status=Status.NOT_ACCEPTED,
                refused_on=refused,
                refusal_ground=RefusalGround.OVER_TWELVE_MONTHS,
                refusal_reasons="The repair complained of was completed in 2019 and "
                "no new issue has been raised since.",
            )
            events.append(("refused", f"Not accepted on {long_date(refused)}.", refused))
            return
    last = _run_stage(rng, calendar, case, 1, received, today, understanding, outcomes)
    if last is None:
        return
    if roll > 0.97:
        withdrawn = min(today, last + timedelta(days=rng.randint(1, 20)))
        complaint.update(status=Status.WITHDRAWN, withdrawn_on=withdrawn)
        events.append(("withdrawn", f"Withdrawn on {long_date(withdrawn)}.", withdrawn))
        return
    escalation = rng.random()
    requested = last + timedelta(days=rng.randint(1, 25))
    if escalation < 0.03 and requested <= today:
        refuse_escalation(case, requested, min(today, requested + timedelta(days=3)))
        return
    if escalation < 0.2 and requested <= today:
        case.stages.append(
            _handled(rng, {"number": 2, "requested_on": requested}, case.stages[0]["handler"])
        )
        events.append(("escalated", f"Escalation requested on {long_date(requested)}.", requested))
        last = _run_stage(
            rng,
            calendar,
            case,
            2,
            requested,
            today,
            "You remain unhappy with the stage 1 response. " + understanding,
            outcomes,
        )
        if last is None:
            return
    # A final response is closed at once; a stage 1 one once the time to escalate has passed.
    if len(case.stages) == 2 or calendar.working_days_between(last, today) > 10:
        _close(rng, case, last)
        if len(case.stages) == 2 and rng.random() < 0.15:
            to_the_ombudsman(rng, case, last, today)


def _close(rng: random.Random, case: NewCase, on: date) -> None:
    case.complaint.update(status=Status.CLOSED, closed_on=on)
    decisions = [stage.get("decision") for stage in case.stages]
    if Decision.NOT_UPHELD not in decisions[-1:] and rng.random() < 0.6:
        learning, improvement = LEARNING[case.complaint["category"]]
        case.complaint.update(learning=learning, improvement=improvement)
    case.events.append(("closed", f"Closed on {long_date(on)}.", on))


def _run_stage(
    rng: random.Random,
    calendar: WorkingCalendar,
    case: NewCase,
    number: int,
    started: date,
    today: date,
    understanding: str,
    outcomes: str,
) -> date | None:
    """Play one stage forward as far as today allows; returns the response date, if reached."""
    stage = case.stages[-1]
    late = rng.random() < 0.12
    acknowledged = calendar.add_working_days(
        started, rng.randint(6, 9) if late else rng.randint(1, 5)
    )
    if acknowledged > today:
        return None
    stage.update(
        acknowledged_on=acknowledged,
        understanding=understanding,
        outcomes_sought=outcomes,
        responsible_for="The matters raised about our service.",
        not_responsible_for="Matters for the local council, such as street lighting.",
    )
    case.events.append(
        ("acknowledged", f"Stage {number} acknowledged on {long_date(acknowledged)}.", acknowledged)
    )
    allowed = 10 if number == 1 else 20
    extension = _extend(rng, calendar, case, number, acknowledged, allowed, today)
    spent = (
        rng.randint(allowed + extension + 1, allowed + extension + 6)
        if rng.random() < 0.15
        else rng.randint(max(1, allowed // 2), allowed + extension)
    )
    responded = calendar.add_working_days(acknowledged, spent)
    if responded > today:
        return None
    decision = rng.choice(tuple(Decision))
    stage.update(
        responded_on=responded,
        decision=decision,
        upheld_parts="We did not keep you informed." if decision is Decision.PARTLY_UPHELD else "",
        reasons="We looked at our records of the case and spoke to the staff involved.",
    )
    if decision is not Decision.NOT_UPHELD:
        offer(rng, case, responded, today)
    if rng.random() < 0.35:
        promise(rng, case, number, responded, today)
    case.events.append(
        (
            "responded",
            f"Stage {number} response sent on {long_date(responded)}: {decision.value}.",
            responded,
        )
    )
    return responded


def _extend(
    rng: random.Random,
    calendar: WorkingCalendar,
    case: NewCase,
    number: int,
    acknowledged: date,
    allowed: int,
    today: date,
) -> int:
    if rng.random() >= 0.18:
        return 0
    extension = rng.choice((5, 5, 10, extension_cap(number) + 5))
    agreed = calendar.add_working_days(acknowledged, rng.randint(1, allowed - 1))
    if agreed > today:
        return 0
    over = extension > extension_cap(number)
    case.extensions.append(
        {
            "stage": number,
            "agreed_on": agreed,
            "working_days": extension,
            "reason": rng.choice(EXTENSION_REASONS),
            "good_reason": "The contractor cannot attend sooner." if over else "",
            "update_interval_days": 5,
        }
    )
    case.events.append(
        ("extended", f"Stage {number} extended by {extension} working days.", agreed)
    )
    return extension
