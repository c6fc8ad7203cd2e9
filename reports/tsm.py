"""The Regulator's Tenant Satisfaction Measures on complaints, CH01 and CH02 (code-rules.md
section 5), for rented homes, shared ownership and all, with what each leaves out and why."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from reports.year import ReportingYear, one_place
from store.clock import WorkingCalendar, complaint_clock
from store.formats import long_date
from store.kinds import Status, Tenure
from store.listing import CaseRow
from store.settings import Settings
from store.spreadsheet import write_csv

GROUPS: dict[str, tuple[Tenure, ...]] = {
    "rented": (Tenure.RENTED,),
    "shared_ownership": (Tenure.SHARED_OWNERSHIP,),
    "all": (Tenure.RENTED, Tenure.SHARED_OWNERSHIP),
}
GROUP_NAMES = {
    "rented": "Rented (LCRA)",
    "shared_ownership": "Shared ownership (LCHO)",
    "all": "All",
}
MEASURES = {
    "CH01-1": "Stage 1 complaints received per 1,000 homes",
    "CH01-2": "Stage 2 complaints received per 1,000 homes",
    "CH02-1": "Stage 1 complaints responded to within the Code's timescales (%)",
    "CH02-2": "Stage 2 complaints responded to within the Code's timescales (%)",
}


@dataclass(frozen=True)
class Figure:
    numerator: int
    denominator: int
    value: Decimal | None
    """To one decimal place; None is "not computable": nothing to divide by."""

    def shown(self) -> str:
        return "not computable" if self.value is None else str(self.value)

    def fraction(self) -> str:
        return f"{self.numerator:,}/{self.denominator:,}"

    def to_json(self) -> dict[str, Any]:
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": "not computable" if self.value is None else float(self.value),
        }


@dataclass(frozen=True)
class Unsent:
    """A response not sent by the year's end: CH02 cannot see it, so the report names it."""

    reference: str
    stage: int
    due: date


@dataclass
class LeftOut:
    not_a_tenant: int = 0
    not_accepted: int = 0
    escalation_refused: int = 0
    withdrawn: int = 0
    not_sent: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0})
    overdue: list[Unsent] = field(default_factory=list)

    def sentences(self) -> list[str]:
        said = [
            f"{self.not_a_tenant} from people who are not tenants of the landlord "
            "(leaseholders, neighbours and others): the measures count tenants only.",
            f"{self.not_accepted} not accepted as complaints.",
            f"{self.escalation_refused} requests to escalate that were refused.",
            f"{self.withdrawn} withdrawn before the stage was answered.",
            f"{self.not_sent[1]} stage 1 and {self.not_sent[2]} stage 2 responses not sent by "
            "the year's end: CH02 counts responses sent.",
        ]
        said += [
            f"Overdue at the year's end: {u.reference}, stage {u.stage}, due {long_date(u.due)}."
            for u in self.overdue
        ]
        return said

    def to_json(self) -> dict[str, Any]:
        return {
            "not_a_tenant": self.not_a_tenant,
            "not_accepted": self.not_accepted,
            "escalation_refused": self.escalation_refused,
            "withdrawn": self.withdrawn,
            "responses_not_sent": {
                "stage1": self.not_sent[1],
                "stage2": self.not_sent[2],
                "overdue": [
                    {"reference": u.reference, "stage": u.stage, "due": u.due.isoformat()}
                    for u in self.overdue
                ],
            },
        }


@dataclass(frozen=True)
class Measures:
    year: ReportingYear
    homes: dict[str, int]
    measures: dict[str, dict[str, Figure]]
    left_out: LeftOut

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year.name,
            "from": self.year.start.isoformat(),
            "to": self.year.end.isoformat(),
            "homes": self.homes,
            "measures": {
                key: {group: figure.to_json() for group, figure in by_group.items()}
                for key, by_group in self.measures.items()
            },
            "left_out": self.left_out.to_json(),
        }

    def to_text(self) -> str:
        lines = [
            f"Tenant Satisfaction Measures on complaints, {self.year.name} ({self.year.label})",
            "Homes at the year's end: "
            + ", ".join(f"{GROUP_NAMES[g]} {self.homes[g]:,}" for g in GROUPS),
            "",
        ]
        for key, title in MEASURES.items():
            lines.append(f"{key}  {title}")
            for group, figure in self.measures[key].items():
                lines.append(
                    f"    {GROUP_NAMES[group]:<26} {figure.shown():>15}   ({figure.fraction()})"
                )
        lines += ["", "Left out, and why:", *(f"  {line}" for line in self.left_out.sentences())]
        return "\n".join(lines) + "\n"

    def to_csv(self) -> str:
        out = io.StringIO()
        write_csv(
            out,
            ["measure", "group", "numerator", "denominator", "value"],
            (
                [
                    key,
                    group,
                    figure.numerator,
                    figure.denominator,
                    "not computable" if figure.value is None else str(figure.value),
                ]
                for key, by_group in self.measures.items()
                for group, figure in by_group.items()
            ),
        )
        return out.getvalue()


def measure(
    rows: Iterable[CaseRow], settings: Settings, calendar: WorkingCalendar, year: ReportingYear
) -> Measures:
    """CH01 and CH02 for the year, from every complaint on file."""
    homes = {
        "rented": settings.homes_rented,
        "shared_ownership": settings.homes_shared_ownership,
    }
    homes["all"] = homes["rented"] + homes["shared_ownership"]
    received: dict[int, list[Tenure]] = {1: [], 2: []}
    responses: dict[int, list[tuple[Tenure, bool]]] = {1: [], 2: []}
    left_out = LeftOut()
    for row in rows:
        if row.problem:
            continue
        _count(row, calendar, year, received, responses, left_out)
    measures: dict[str, dict[str, Figure]] = {}
    for stage in (1, 2):
        measures[f"CH01-{stage}"] = {
            group: _figure(sum(t in tenures for t in received[stage]), homes[group], 1000)
            for group, tenures in GROUPS.items()
        }
    for stage in (1, 2):
        measures[f"CH02-{stage}"] = {
            group: _figure(
                sum(t in tenures and met for t, met in responses[stage]),
                sum(t in tenures for t, _ in responses[stage]),
                100,
            )
            for group, tenures in GROUPS.items()
        }
    left_out.overdue.sort(key=lambda unsent: (unsent.due, unsent.reference))
    return Measures(year, homes, measures, left_out)


def _figure(numerator: int, denominator: int, scale: int) -> Figure:
    return Figure(numerator, denominator, one_place(numerator, denominator, scale))


def _count(
    row: CaseRow,
    calendar: WorkingCalendar,
    year: ReportingYear,
    received: dict[int, list[Tenure]],
    responses: dict[int, list[tuple[Tenure, bool]]],
    left_out: LeftOut,
) -> None:
    started = {1: row.received, 2: row.stage2_requested}
    if row.tenure is Tenure.NOT_A_TENANT:
        left_out.not_a_tenant += row.received in year
        return
    if row.status is Status.NOT_ACCEPTED:
        left_out.not_accepted += row.received in year
        return
    refused = row.status is Status.ESCALATION_REFUSED
    if refused and started[2] in year:
        left_out.escalation_refused += 1
    clock = complaint_clock(calendar, row.dates())
    withdrawn_at = row.stage if row.status is Status.WITHDRAWN else None
    for stage, stage_clock in ((1, clock.stage1), (2, clock.stage2)):
        if stage_clock is None or (stage == 2 and refused):
            continue
        response, began = stage_clock.response, started[stage]
        answered = response.done is not None and response.done <= year.end
        if withdrawn_at == stage and not answered:
            left_out.withdrawn += began in year
            continue
        if began in year:
            received[stage].append(row.tenure)
        if response.done in year:
            responses[stage].append((row.tenure, bool(response.met)))
        elif not answered and began is not None and began <= year.end:
            # Still to be answered when the year ended: no measure sees it, so it is named.
            left_out.not_sent[stage] += 1
            if response.due <= year.end:
                left_out.overdue.append(Unsent(row.reference, stage, response.due))
