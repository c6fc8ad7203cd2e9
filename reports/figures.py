"""The figures of complaint handling over a period (8.1 b to d, 9.7): how many, of what, how
quickly answered, with what outcome, what was put right and learned, and the Ombudsman's part."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from reports.source import Closing, Source
from reports.year import Period, one_place
from store.clock import StageClock, complaint_clock
from store.deadlines import catalogue
from store.kinds import Decision, RefusalGround, Status
from store.listing import CaseRow

AGES = ("Not yet due", "Overdue up to 30 days", "Overdue 31 to 90 days", "Overdue over 90 days")


def received_at_stage_1(row: CaseRow, period: Period) -> bool:
    """A complaint counted as received in the period: accepted, and readable."""
    return not row.problem and row.status is not Status.NOT_ACCEPTED and row.received in period


@dataclass(frozen=True)
class Share:
    """Some of a whole: 7 of 9, 77.8%."""

    part: int
    whole: int

    @property
    def percent(self) -> Decimal | None:
        return one_place(self.part, self.whole, 100)

    def __str__(self) -> str:
        percent = self.percent
        return f"{self.part} of {self.whole}" + (f" ({percent}%)" if percent is not None else "")


@dataclass
class StageFigures:
    received: int = 0
    acknowledged: Share = Share(0, 0)
    """Acknowledged in the period, and how many within 5 working days."""
    answered: Share = Share(0, 0)
    """Answered in the period, and how many within the Code's timescale."""
    answered_extended: Share = Share(0, 0)
    answered_unextended: Share = Share(0, 0)
    average_days: Decimal | None = None
    """Working days from receipt to response, on average."""
    decisions: dict[Decision, int] = field(default_factory=dict)


@dataclass
class Figures:
    period: Period
    stages: dict[int, StageFigures]
    in_time: dict[str, Share]
    """Each rule of the deadline catalogue: its deadlines done in the period, and how many on
    time."""
    by_quarter: list[tuple[str, int, int]]
    """Each quarter's name, stage 1 received and stage 2 received."""
    by_category: dict[str, int]
    escalation_rate: Share
    """Escalations requested, of stage 1 responses sent."""
    refused: dict[str, dict[RefusalGround, int]]
    """Not accepted, and escalations refused, by ground (8.1 b)."""
    withdrawn: int
    adjustments: Share
    """Responses to residents with reasonable adjustments, and how many in time."""
    remedies: dict[str, int]
    actions_open: dict[str, int]
    """Actions not yet done at the period's end, by how long overdue."""
    actions_overdue: list[str]
    closings: list[Closing]
    closed: int
    ombudsman: dict[str, int]
    determinations: list[str]
    orders: list[str]


def figures(source: Source, period: Period, quarters: tuple[Period, ...] = ()) -> Figures:
    counted = _Counts(source, period)
    for row in source.rows:
        counted.add(row)
    in_time = {key: Share(sum(done), len(done)) for key, done in counted.met.items()}
    stages = {number: counted.stage(number, in_time) for number in (1, 2)}
    return Figures(
        period=period,
        stages=stages,
        in_time=in_time,
        by_quarter=[_quarter(source.rows, quarter) for quarter in quarters],
        by_category=dict(counted.by_category.most_common()),
        escalation_rate=Share(stages[2].received, stages[1].answered.whole),
        refused=counted.refused,
        withdrawn=counted.withdrawn,
        adjustments=Share(*counted.adjusted),
        remedies=_remedies(source, period),
        actions_open=_actions_open(source, period.end),
        actions_overdue=_actions_overdue(source, period.end),
        closings=[closing for closing in source.closings if closing.closed_on in period],
        closed=sum(row.closed_on in period for row in source.rows),
        ombudsman=_ombudsman(source, period),
        determinations=_determinations(source, period),
        orders=_orders(source, period),
    )


class _Counts:
    """What the year's rows add up to, a row at a time."""

    def __init__(self, source: Source, period: Period) -> None:
        self.source, self.period = source, period
        self.received = {1: 0, 2: 0}
        self.tallies: dict[int, dict[str, list[int]]] = {1: _tally(), 2: _tally()}
        self.by_category: Counter[str] = Counter()
        self.refused: dict[str, dict[RefusalGround, int]] = {
            "not accepted": {},
            "escalation refused": {},
        }
        self.withdrawn = 0
        self.adjusted = [0, 0]
        self.met: dict[str, list[bool]] = {rule.key: [] for rule in catalogue()}

    def add(self, row: CaseRow) -> None:
        period = self.period
        if row.problem:
            return
        if row.status is Status.NOT_ACCEPTED or row.status is Status.ESCALATION_REFUSED:
            if row.refused_on in period and row.refusal_ground is not None:
                counts = self.refused[row.status.value]
                counts[row.refusal_ground] = counts.get(row.refusal_ground, 0) + 1
            if row.status is Status.NOT_ACCEPTED:
                return
        self.withdrawn += row.withdrawn_on in period
        clock = complaint_clock(self.source.calendar, row.dates())
        for key, deadline in clock.deadlines.items():
            if deadline.done in period:
                self.met[key].append(bool(deadline.met))
        if received_at_stage_1(row, period):
            self.received[1] += 1
            self.by_category[row.category or "Not given"] += 1
        if row.stage2_requested in period and row.status is not Status.ESCALATION_REFUSED:
            self.received[2] += 1
        for number, stage_clock in ((1, clock.stage1), (2, clock.stage2)):
            if stage_clock is not None:
                self._stage(row, number, stage_clock)

    def _stage(self, row: CaseRow, number: int, clock: StageClock) -> None:
        _stage(row, number, clock, self.source, self.period, self.tallies[number])
        if row.adjustments and clock.response.done in self.period:
            self.adjusted[0] += bool(clock.response.met)
            self.adjusted[1] += 1

    def stage(self, number: int, in_time: dict[str, Share]) -> StageFigures:
        tally = self.tallies[number]
        return StageFigures(
            received=self.received[number],
            acknowledged=in_time[f"stage{number}_ack"],
            answered=in_time[f"stage{number}_response"],
            answered_extended=Share(sum(tally["met_ext"]), len(tally["met_ext"])),
            answered_unextended=Share(sum(tally["met_plain"]), len(tally["met_plain"])),
            average_days=one_place(sum(tally["days"]), len(tally["days"]), 1),
            decisions={
                decision: tally["decision"].count(index) for index, decision in enumerate(Decision)
            },
        )


def _determinations(source: Source, period: Period) -> list[str]:
    return [
        f"{source.reference_of(case.complaint_id)}: {case.determination}"
        for case in source.records["ombudsman_case"]
        if case.determined_on in period and case.determination
    ]


def _orders(source: Source, period: Period) -> list[str]:
    return [
        f"{source.reference_of(order.complaint_id)}: {order.requirement}"
        + (f" (due {order.due_on:%d %b %Y})" if order.due_on else "")
        + (
            f"; complied with {order.complied_on:%d %b %Y}"
            if order.complied_on
            else "; not yet complied with"
        )
        for order in source.records["ombudsman_order"]
        if (order.due_on in period)
        or (order.complied_on is None and order.due_on and order.due_on <= period.end)
    ]


def _tally() -> dict[str, list[int]]:
    return {key: [] for key in ("met_ext", "met_plain", "days", "decision")}


def _stage(
    row: CaseRow,
    number: int,
    clock: StageClock,
    source: Source,
    period: Period,
    tally: dict[str, list[int]],
) -> None:
    response = clock.response
    if response.done not in period:
        return
    assert response.done is not None
    tally["met_ext" if clock.extension_days else "met_plain"].append(bool(response.met))
    started = row.received if number == 1 else row.stage2_requested
    if started is not None:
        tally["days"].append(source.calendar.working_days_between(started, response.done))
    decision = row.stage1_decision if number == 1 else row.stage2_decision
    if decision is not None:
        tally["decision"].append(list(Decision).index(decision))


def _quarter(rows: list[CaseRow], quarter: Period) -> tuple[str, int, int]:
    first = sum(received_at_stage_1(row, quarter) for row in rows)
    second = sum(
        not row.problem
        and row.stage2_requested in quarter
        and row.status is not Status.ESCALATION_REFUSED
        for row in rows
    )
    return (f"{quarter.start:%b}-{quarter.end:%b %Y}", first, second)


def _remedies(source: Source, period: Period) -> dict[str, int]:
    offered = [r for r in source.records["remedy"] if r.offered_on in period]
    return {
        "offered": len(offered),
        "accepted": sum(r.accepted_on is not None for r in offered),
        "paid": sum(r.paid_on is not None for r in offered),
        "amount offered": sum(r.amount_offered or 0 for r in offered),
        "amount paid": sum(r.amount_paid or 0 for r in offered if r.paid_on is not None),
        "unpaid": sum(
            1
            for r in source.records["remedy"]
            if r.amount_offered and r.accepted_on and r.paid_on is None
        ),
    }


def _open_actions(source: Source, end: date) -> list[tuple[str, int | None, str]]:
    """Each action not done by `end`: its complaint, days overdue (None if not yet due), what."""
    found = []
    for action in source.records["outstanding_action"]:
        if action.done_on is not None and action.done_on <= end:
            continue
        row = source.by_id.get(action.complaint_id)
        promised = None
        if row is not None:
            promised = row.stage1_responded if action.stage == 1 else row.stage2_responded
        if promised is None or promised > end:
            continue  # not yet promised at `end`
        overdue = (end - action.due_on).days if action.due_on and action.due_on < end else None
        found.append((source.reference_of(action.complaint_id), overdue, action.what))
    return found


def _actions_open(source: Source, end: date) -> dict[str, int]:
    ages = dict.fromkeys(AGES, 0)
    for _, overdue, _ in _open_actions(source, end):
        age = (
            AGES[0]
            if overdue is None
            else AGES[1]
            if overdue <= 30
            else AGES[2]
            if overdue <= 90
            else AGES[3]
        )
        ages[age] += 1
    return ages


def _actions_overdue(source: Source, end: date) -> list[str]:
    overdue = [item for item in _open_actions(source, end) if item[1] is not None]
    overdue.sort(key=lambda item: -(item[1] or 0))
    return [f"{reference}: {what} ({days} days overdue)" for reference, days, what in overdue]


def _ombudsman(source: Source, period: Period) -> dict[str, int]:
    cases, orders = source.records["ombudsman_case"], source.records["ombudsman_order"]
    return {
        "Complaints referred to it": sum(case.referred_on in period for case in cases),
        "Determinations": sum(case.determined_on in period for case in cases),
        "Orders falling due": sum(order.due_on in period for order in orders),
        "Orders complied with on time": sum(
            order.due_on in period
            and order.complied_on is not None
            and order.complied_on <= order.due_on
            for order in orders
        ),
        "Orders outstanding": sum(
            order.complied_on is None and order.due_on is not None and order.due_on <= period.end
            for order in orders
        ),
    }
