"""The governing body's pack for a period, by default the last full quarter (9.7): volumes,
categories and outcomes with handling performance; issues and trends against the four quarters
before; the Ombudsman's outcomes and progress on its orders; remedies unpaid; actions overdue."""

from __future__ import annotations

from pathlib import Path

from reports.annual import Progress, handling, ombudsman_section
from reports.charts import bar_chart
from reports.document import ReportDocument
from reports.figures import figures, received_at_stage_1
from reports.source import Source
from reports.year import Period, quarter_of
from store.formats import long_date, money
from store.kinds import Decision

SECTIONS = (
    "Volumes, categories and outcomes (9.7 a)",
    "Issues and trends (9.7 b)",
    "The Housing Ombudsman (9.7 c)",
    "Remedies not yet paid",
    "Actions overdue",
)


def board_pack(
    source: Source, period: Period, folder: Path, progress: Progress = lambda _: None
) -> Path:
    landlord = source.settings.landlord_name or "The landlord"
    document = ReportDocument(f"Complaints: report to the governing body, {period.label}")
    document.paragraph(f"{landlord}. Figures for {period.label}, as the case file holds them.")
    progress("Working out the figures")
    numbers = figures(source, period)
    volumes, trends, ombudsman, unpaid, overdue = SECTIONS
    one, two = numbers.stages[1], numbers.stages[2]
    document.heading(volumes)
    document.table(
        ("", "Stage 1", "Stage 2"),
        [
            *handling(numbers, extensions=False),
            *(
                (f"Decided: {decision.value}", one.decisions[decision], two.decisions[decision])
                for decision in Decision
            ),
        ],
    )
    document.table(("Category", "Stage 1 complaints"), list(numbers.by_category.items()))
    progress("Comparing with the four quarters before")
    document.heading(trends)
    _trends(document, source, period)
    document.heading(ombudsman)
    ombudsman_section(document, numbers)
    document.heading(unpaid)
    _unpaid(document, source, period)
    document.heading(overdue)
    document.bullets(numbers.actions_overdue, empty="No action overdue.")
    progress("Saving the document")
    return document.save(folder / f"Board complaints pack {period.start}_{period.end}.docx")


def _trends(document: ReportDocument, source: Source, period: Period) -> None:
    """Each category this period against the four quarters before (9.7 b)."""
    quarters = [quarter_of(period.start, back) for back in range(-4, 0)] + [period]
    names = [f"{q.start:%b}-{q.end:%b %y}" for q in quarters]
    counts = _by_category(source, quarters)
    totals = [float(sum(column)) for column in zip(*counts.values(), strict=True)]
    document.chart(
        bar_chart("Stage 1 complaints by quarter", names, {"Complaints": totals or [0.0] * 5}),
        ("Category", *names),
        [(category, *row) for category, row in counts.items()],
    )
    rising = [
        category
        for category, row in counts.items()
        if row[-1] > 0 and row[-1] > max(row[:-1], default=0)
    ]
    document.paragraph(
        "Higher this period than in any of the four before: "
        + (", ".join(rising) if rising else "no category")
        + "."
    )
    document.to_write("the trends the officer sees behind these figures, and what is being done")


def _unpaid(document: ReportDocument, source: Source, period: Period) -> None:
    """Remedies accepted and not paid by the period's end."""
    document.paragraph(f"Accepted and not paid by {long_date(period.end)}:")
    document.bullets(
        (
            f"{source.reference_of(r.complaint_id)}: {r.offered}"
            f" ({money(r.amount_offered)} offered, accepted {r.accepted_on:%d %b %Y})"
            for r in source.records["remedy"]
            if r.amount_offered
            and r.accepted_on is not None
            and r.accepted_on <= period.end
            and (r.paid_on is None or r.paid_on > period.end)
        ),
        empty="No remedy accepted and left unpaid.",
    )


def _by_category(source: Source, quarters: list[Period]) -> dict[str, list[int]]:
    counts: dict[str, list[int]] = {}
    for row in source.rows:
        for index, quarter in enumerate(quarters):
            if received_at_stage_1(row, quarter):
                counts.setdefault(row.category or "Not given", [0] * len(quarters))[index] += 1
    return dict(sorted(counts.items(), key=lambda item: -item[1][-1]))
