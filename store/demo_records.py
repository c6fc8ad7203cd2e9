"""The demo's follow-through records: representatives, adjustments, restrictions, calls, remedies,
actions and the Ombudsman, in the proportions a landlord might see them."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from store.bulk import NewCase
from store.demo_data import ACTIONS, CALLS, NEEDS, REPRESENTATIVES
from store.formats import long_date
from store.kinds import Channel, Direction, LetterFormat, RefusalGround, RemedyKind, Status


def refuse_escalation(case: NewCase, requested: date, refused: date) -> None:
    case.stages.append({"number": 2, "requested_on": requested})
    case.complaint.update(
        status=Status.ESCALATION_REFUSED,
        refused_on=refused,
        refusal_ground=RefusalGround.ALREADY_CONSIDERED,
        refusal_reasons="The request raises nothing the stage 1 response did not answer in full.",
    )
    case.events.append(("refused", f"Escalation refused on {long_date(refused)}.", refused))


def around(rng: random.Random, case: NewCase, received: date, today: date) -> None:
    """What surrounds a complaint: who acts for the resident, what they need, what was said."""
    if rng.random() < 0.07:
        represent(rng, case, received)
    if rng.random() < 0.06:
        adjust(rng, case, received, today, rng.choice(NEEDS))
    if rng.random() < 0.015:
        started = received + timedelta(days=rng.randint(0, 10))
        review = started + timedelta(days=180)
        case.records["restriction"] = [
            {
                "restriction": "Contact by email only, to the complaints team",
                "reason": "Abusive calls to staff, after a written warning",
                "started_on": min(started, today),
                "review_on": review,
                # Reviewed and lifted, unless the review fell due in the last few weeks.
                "ended_on": review if review < today - timedelta(days=30) else None,
            }
        ]
    if rng.random() < 0.3:
        case.records["correspondence"] = [
            {
                "dated": min(received + timedelta(days=rng.randint(1, 12)), today),
                "direction": Direction.IN,
                "channel": Channel.PHONE,
                "summary": rng.choice(CALLS),
                "document": "",
            }
        ]


def represent(rng: random.Random, case: NewCase, received: date) -> None:
    name, relationship, address = rng.choice(REPRESENTATIVES)
    case.records["representative"] = [
        {
            "name": name,
            "relationship": relationship,
            "address": address,
            "phone": "",
            "email": "",
            "authority_confirmed_on": received,
        }
    ]


def adjust(
    rng: random.Random, case: NewCase, received: date, today: date, need: tuple[str, str]
) -> None:
    case.records["adjustment"] = [
        {
            "need": need[0],
            "letter_format": LetterFormat[need[1]],
            "agreed_on": received,
            "review_on": max(
                received + timedelta(days=365), today + timedelta(days=rng.randint(1, 40))
            ),
        }
    ]


def to_the_ombudsman(rng: random.Random, case: NewCase, closed: date, today: date) -> None:
    referred = closed + timedelta(days=rng.randint(20, 60))
    if referred > today:
        return
    record: dict[str, Any] = {
        "referred_on": referred,
        "case_number": f"2025{rng.randint(10000, 99999)}",
        "determination": "",
    }
    determined = referred + timedelta(days=rng.randint(60, 120))
    if determined <= today:
        record.update(
            determined_on=determined,
            determination="Maladministration in the handling of the repair; service failure "
            "in the complaint handling.",
        )
        due = determined + timedelta(days=28)
        case.records["ombudsman_order"] = [
            {
                "requirement": "Apologise in writing and pay £250 compensation",
                "due_on": due,
                "complied_on": due - timedelta(days=rng.randint(1, 10)) if due < today else None,
            },
            {
                "requirement": "Review the repairs appointment process and report back",
                "due_on": determined + timedelta(days=56),
                "complied_on": (
                    determined + timedelta(days=50)
                    if determined + timedelta(days=56) < today - timedelta(days=60)
                    else None
                ),
            },
        ]
    case.records["ombudsman_case"] = [record]


def offer(rng: random.Random, case: NewCase, responded: date, today: date) -> None:
    """An apology (once), and often a payment: offered with the response, then accepted and
    paid."""
    remedies: list[dict[str, Any]] = []
    if not any(r["kind"] is RemedyKind.APOLOGY for r in case.records.get("remedy", ())):
        remedies.append(
            {
                "kind": RemedyKind.APOLOGY,
                "offered": "An apology for what went wrong and the time it took to put right.",
                "offered_on": responded,
            }
        )
    if rng.random() < 0.5:
        amount = rng.choice((5000, 7500, 10000, 15000, 25000))
        remedy: dict[str, Any] = {
            "kind": RemedyKind.FINANCIAL,
            "offered": "Compensation for the time and trouble",
            "offered_on": responded,
            "amount_offered": amount,
        }
        accepted = responded + timedelta(days=rng.randint(3, 10))
        if accepted <= today and rng.random() < 0.8:
            remedy["accepted_on"] = accepted
            paid = accepted + timedelta(days=rng.randint(5, 15))
            if paid <= today and rng.random() < 0.85:
                remedy.update(paid_on=paid, amount_paid=amount)
        remedies.append(remedy)
    case.records["remedy"] = case.records.get("remedy", []) + remedies


def promise(rng: random.Random, case: NewCase, number: int, responded: date, today: date) -> None:
    """Actions still to happen after the response: done by now, bar a few of the recent ones."""
    actions = case.records.setdefault("outstanding_action", [])
    for what, who in rng.sample(ACTIONS, rng.randint(1, 2)):
        due = responded + timedelta(days=rng.randint(10, 40))
        done = None
        recent = due > today - timedelta(days=90)
        if due < today - timedelta(days=10) and (not recent or rng.random() < 0.85):
            done = max(responded, due - timedelta(days=rng.randint(0, 8)))
        actions.append({"stage": number, "what": what, "who": who, "due_on": due, "done_on": done})


def show_everything(rng: random.Random, cases: list[NewCase], today: date) -> None:
    """Make sure even a small demo has one of everything: a refused escalation, a
    representative, large print, an overdue action, an Ombudsman case with orders, a related
    complaint."""
    if not cases:
        return

    def find(test: Any) -> NewCase | None:
        return next((case for case in reversed(cases) if test(case)), None)

    answered_once = find(lambda c: c.complaint["status"] == Status.CLOSED and len(c.stages) == 1)
    if answered_once and not find(lambda c: c.complaint["status"] == Status.ESCALATION_REFUSED):
        closed = answered_once.complaint.pop("closed_on")
        answered_once.complaint.pop("learning", None)
        answered_once.events[:] = [e for e in answered_once.events if e[0] != "closed"]
        refuse_escalation(answered_once, closed, closed)
    opened = [case for case in cases if case.complaint["status"] == Status.OPEN]
    if opened and not find(lambda c: "representative" in c.records):
        represent(rng, opened[-1], opened[-1].complaint["received_on"])

    def large_print(case: NewCase) -> bool:
        adjustments = case.records.get("adjustment", [])
        return any(a["letter_format"] is LetterFormat.LARGE_PRINT for a in adjustments)

    if opened and not find(large_print):
        adjust(rng, opened[0], opened[0].complaint["received_on"], today, NEEDS[0])

    def overdue(case: NewCase) -> bool:
        actions = case.records.get("outstanding_action", [])
        return any(a["done_on"] is None and a["due_on"] < today for a in actions)

    answered = find(
        lambda c: (c.stages[0].get("responded_on") or today) < today - timedelta(days=30)
    )
    if answered and not find(overdue):
        what, who = ACTIONS[0]
        due = answered.stages[0]["responded_on"] + timedelta(days=20)
        answered.records.setdefault("outstanding_action", []).append(
            {"stage": 1, "what": what, "who": who, "due_on": due, "done_on": None}
        )
    final = find(
        lambda c: (
            len(c.stages) == 2
            and (c.complaint.get("closed_on") or today) < today - timedelta(days=200)
        )
    )
    if final and not find(lambda c: "ombudsman_order" in c.records):
        to_the_ombudsman(random.Random(1), final, final.complaint["closed_on"], today)
    if len(cases) > 2 and not any(case.related_to is not None for case in cases):
        cases[-1].related_to = len(cases) - 2
