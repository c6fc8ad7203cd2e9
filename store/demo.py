"""A demo case file: realistic, varied complaints in every state, spread over several years."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from store.bulk import NewCase, insert_cases
from store.calendar_cache import working_calendar
from store.clock import EXTENSION_CAP, WorkingCalendar
from store.db import Store
from store.formats import long_date
from store.kinds import Channel, ContactMethod, Decision, RefusalGround, Status
from store.settings import load_settings, save_settings

FIRST_NAMES = (
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Eilidh",
    "Fatima",
    "George",
    "Hana",
    "Idris",
    "Joanne",
    "Kwame",
    "Lucy",
    "Mohammed",
    "Niamh",
    "Oliver",
    "Priya",
    "Rhys",
    "Sofia",
    "Tomasz",
    "Una",
    "Vikram",
    "Wendy",
    "Yusuf",
    "Zoe",
)
SURNAMES = (
    "Adebayo",
    "Brennan",
    "Clarke",
    "Dobson",
    "Evans",
    "Fraser",
    "Gill",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kowalski",
    "Lloyd",
    "Mahmood",
    "Nowak",
    "O'Brien",
    "Patel",
    "Quinn",
    "Robinson",
    "Singh",
    "Taylor",
    "Walsh",
    "Young",
)
STREETS = (
    "Mill Lane",
    "Church Street",
    "Station Road",
    "Victoria Close",
    "Oak Avenue",
    "Canal Walk",
    "Park View",
    "Orchard Way",
    "Hillside Court",
    "Queen's Road",
)
TOWNS = (("Kendal", "LA9"), ("Penrith", "CA11"), ("Lancaster", "LA1"), ("Carlisle", "CA2"))
EXTENSION_REASONS = (
    "We are waiting for a specialist survey of the property.",
    "The contractor's report is not yet back.",
    "We need to speak to staff who are on leave until next week.",
)
DEMO_LANDLORD: dict[str, Any] = {
    "landlord_name": "Fellside Homes",
    "landlord_address": "12 Market Place\nKendal\nLA9 4TN",
    "landlord_phone": "01539 000 000",
    "landlord_email": "complaints@fellside-homes.example",
    "officer_name": "Priya Shah",
    "homes": 2400,
    "setup_done": True,
}
CHANNELS, CONTACTS, DECISIONS = tuple(Channel), tuple(ContactMethod), tuple(Decision)
HANDLERS = ("Priya Shah", "Tom Reilly", "Grace Okafor", "Dan Hughes", "Helen Marsh")

# What residents complain about, with the definition an officer would write and the outcome.
TOPICS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Repairs",
        "The kitchen tap has leaked for six weeks. Two appointments were missed and "
        "nobody called to rearrange.",
        "The resident is unhappy that a reported leak was not repaired and that appointments were "
        "missed without notice.",
        "The leak repaired, and an apology for the missed appointments.",
    ),
    (
        "Damp and mould",
        "Black mould is back in the children's bedroom. It was painted over in "
        "the spring and has returned.",
        "The resident says damp and mould in a bedroom was treated only on the surface and has "
        "returned.",
        "A survey of the cause of the damp, lasting repairs, and compensation for damaged "
        "belongings.",
    ),
    (
        "Anti-social behaviour",
        "Loud music from the flat above most nights after midnight. I "
        "reported it three times and heard nothing back.",
        "The resident reported noise nuisance three times and was not told what action was taken.",
        "Action on the noise, and regular updates on the case.",
    ),
    (
        "Staff conduct",
        "The officer who visited was rude and would not listen to me.",
        "The resident feels a member of staff was rude during a home visit.",
        "An apology and an assurance that it will not happen again.",
    ),
    (
        "Communication",
        "I have phoned five times about my transfer and nobody rings back.",
        "The resident has not had call-backs promised about a transfer application.",
        "A call-back with the position of the transfer application.",
    ),
    (
        "Rent and service charges",
        "My service charge went up by 40% with no explanation.",
        "The resident disputes a service charge increase that was not explained.",
        "A breakdown of the charge and a refund of anything charged in error.",
    ),
    (
        "Estate services",
        "The communal bins have not been emptied for three weeks.",
        "The resident says communal bins were not emptied on schedule.",
        "Bins emptied on schedule and the area cleaned.",
    ),
)


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
            cases.append(_demo_case(rng, calendar, received, stalled))
            continue
        days_ago = rng.randint(0, 75) if index < recent else rng.randint(76, 6 * 365)
        cases.append(_demo_case(rng, calendar, today - timedelta(days=days_ago), today))
    cases.sort(key=lambda case: case.complaint["received_on"])
    with store.session() as session:
        return insert_cases(session, cases)


def _demo_case(
    rng: random.Random, calendar: WorkingCalendar, received: date, today: date
) -> NewCase:
    """A complaint played forward from `received` to `today`, the day the story stops."""
    category, description, understanding, outcomes = rng.choice(TOPICS)
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
    town, postcode = rng.choice(TOWNS)
    address = (
        f"{rng.randint(1, 180)} {rng.choice(STREETS)}\n{town}\n"
        f"{postcode} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    )
    handler1, handler2 = rng.sample(HANDLERS, 2)
    events: list[tuple[str, str, date | None]] = [
        ("logged", f"Complaint received on {long_date(received)}.", received)
    ]
    complaint: dict[str, Any] = {
        "property_address": address,
        "channel": rng.choice(CHANNELS),
        "category": category,
        "description": description,
        "received_on": received,
        "issue_arose_on": received - timedelta(days=rng.choice((3, 10, 30, 90, 200, 400))),
        "status": Status.OPEN,
    }
    case = NewCase(
        resident={
            "name": name,
            "address": address,
            "phone": f"07700 900{rng.randint(100, 999)}",
            "email": "",
            "preferred_contact": rng.choice(CONTACTS),
        },
        complaint=complaint,
        stages=[{"number": 1, "handler": handler1}],
        events=events,
    )
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
            return case
    last = _run_stage(rng, calendar, case, 1, received, today, understanding, outcomes)
    if last is None:
        return case
    if roll > 0.97:
        withdrawn = min(today, last + timedelta(days=rng.randint(1, 20)))
        complaint.update(status=Status.WITHDRAWN, withdrawn_on=withdrawn)
        events.append(("withdrawn", f"Withdrawn on {long_date(withdrawn)}.", withdrawn))
        return case
    if rng.random() < 0.2:
        requested = last + timedelta(days=rng.randint(1, 25))
        if requested <= today:
            stage2 = {"number": 2, "requested_on": requested, "handler": handler2}
            case.stages.append(stage2)
            events.append(
                ("escalated", f"Escalation requested on {long_date(requested)}.", requested)
            )
            last = _run_stage(
                rng,
                calendar,
                case,
                2,
                requested,
                today,
                "The resident remains unhappy with the stage 1 response. " + understanding,
                outcomes,
            )
            if last is None:
                return case
    # A final response is closed at once; a stage 1 one once the time to escalate has passed.
    if len(case.stages) == 2 or calendar.working_days_between(last, today) > 10:
        complaint.update(status=Status.CLOSED, closed_on=last)
        events.append(("closed", f"Closed on {long_date(last)}.", last))
    return case


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
    extension = 0
    if rng.random() < 0.18:
        extension = rng.choice((5, 5, 10, EXTENSION_CAP[number] + 5))
        agreed = calendar.add_working_days(acknowledged, rng.randint(1, allowed - 1))
        if agreed > today:
            extension = 0
        else:
            over = extension > EXTENSION_CAP[number]
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
    spent = (
        rng.randint(allowed + extension + 1, allowed + extension + 6)
        if rng.random() < 0.15
        else rng.randint(max(1, allowed // 2), allowed + extension)
    )
    responded = calendar.add_working_days(acknowledged, spent)
    if responded > today:
        return None
    decision = rng.choice(DECISIONS)
    stage.update(
        responded_on=responded,
        decision=decision,
        reasons="We looked at the repair records and spoke to the contractor.",
        remedy="An apology and £50 for the time and trouble."
        if decision != Decision.NOT_UPHELD
        else "",
    )
    case.events.append(
        (
            "responded",
            f"Stage {number} response sent on {long_date(responded)}: {decision.value}.",
            responded,
        )
    )
    return responded
