"""The annual complaints performance and service improvement report (8.1, 8.2), with the
Tenant Satisfaction Measures, as a Word document with charts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from reports.charts import bar_chart
from reports.document import ReportDocument
from reports.figures import AGES, Figures, figures
from reports.source import Source
from reports.tsm import GROUP_NAMES, MEASURES, Measures, measure
from reports.year import ReportingYear
from store.deadlines import catalogue
from store.formats import long_date, money
from store.kinds import Decision

# Each section of the report, as its heading reads: the tests read them back.
SECTIONS = (
    "Introduction",
    "The self-assessment against the Code (8.1 a)",
    "Complaint handling performance (8.1 b)",
    "Tenant Satisfaction Measures",
    "Findings of the Housing Ombudsman (8.1 c)",
    "Learning and service improvements (8.1 d)",
    "The Housing Ombudsman's annual report on us (8.1 e)",
    "Other reports by the Housing Ombudsman about us (8.1 f)",
    "The governing body's response (8.2)",
)

Progress = Callable[[str], None]


def annual_report(
    source: Source, year: ReportingYear, folder: Path, progress: Progress = lambda _: None
) -> Path:
    landlord = source.settings.landlord_name or "The landlord"
    document = ReportDocument(
        f"Annual complaints performance and service improvement report {year.name}"
    )
    document.paragraph(f"{landlord}: {year.label}.")
    progress("Working out the year's figures")
    numbers = figures(source, year, year.quarters)
    measures = measure(source.rows, source.settings, source.calendar, year)
    intro, self_assessment, performance, tsm, ombudsman, learning, *written = SECTIONS
    document.heading(intro)
    document.to_write(
        "a short account of the year: what complaints told us, and what changed as a result"
    )
    document.heading(self_assessment)
    document.paragraph(
        "The self-assessment against the Complaint Handling Code for the year is published "
        "with this report."
    )
    progress("Drawing the charts")
    document.heading(performance)
    _performance(document, numbers, source.today)
    document.heading(tsm)
    _measures(document, measures)
    progress("Writing the Ombudsman's findings and the learning")
    document.heading(ombudsman)
    ombudsman_section(document, numbers)
    document.heading(learning)
    with_learning = [closing for closing in numbers.closings if closing.learning]
    document.paragraph(
        f"Learning was recorded for {len(with_learning)} of the {numbers.closed} complaints "
        "closed in the year (9.1)."
    )
    document.table(
        ("Complaint", "Category", "What we learned", "The improvement it led to"),
        (
            (c.reference, c.category, c.learning, c.improvement or "None recorded")
            for c in with_learning
        ),
    )
    for heading, what in zip(
        written,
        (
            "any annual report the Ombudsman published about our performance this year",
            "any other report or publication of the Ombudsman about us",
            "the governing body's response to this report, published alongside it",
        ),
        strict=True,
    ):
        document.heading(heading)
        document.to_write(what)
    progress("Saving the document")
    return document.save(folder / f"Annual complaints report {year.name}.docx")


def deadlines_met(numbers: Figures) -> list[tuple[object, ...]]:
    """Each deadline the desk keeps, and how many of those falling in the period were met."""
    return [
        (rule.name, rule.provision, numbers.in_time[rule.key])
        for rule in catalogue()
        if rule.key in numbers.in_time
    ]


def handling(numbers: Figures, *, extensions: bool) -> list[tuple[object, ...]]:
    """How each stage was handled, as rows of a table with a column a stage."""
    one, two = numbers.stages[1], numbers.stages[2]
    return [
        ("Complaints received", one.received, two.received),
        ("Acknowledged within 5 working days", one.acknowledged, two.acknowledged),
        ("Answered within the Code's timescale", one.answered, two.answered),
        *(
            [
                ("... of those with an extension", one.answered_extended, two.answered_extended),
                ("... of those without", one.answered_unextended, two.answered_unextended),
            ]
            if extensions
            else []
        ),
        (
            "Average working days from receipt to response",
            one.average_days or "none answered",
            two.average_days or "none answered",
        ),
    ]


def _performance(document: ReportDocument, numbers: Figures, today: date) -> None:
    one, two = numbers.stages[1], numbers.stages[2]
    document.heading("Complaints received", 2)
    document.table(("", "Stage 1", "Stage 2"), handling(numbers, extensions=True))
    document.paragraph(
        f"Escalated to stage 2: {numbers.escalation_rate} of the stage 1 responses sent."
    )
    document.paragraph("Each deadline, and how many of those done in the year were met:")
    document.table(("Deadline", "Provision", "Met on time"), deadlines_met(numbers))
    quarters = [name for name, _, _ in numbers.by_quarter]
    document.chart(
        bar_chart(
            "Complaints received by quarter",
            quarters,
            {
                "Stage 1": [first for _, first, _ in numbers.by_quarter],
                "Stage 2": [second for _, _, second in numbers.by_quarter],
            },
        ),
        ("Quarter", "Stage 1", "Stage 2"),
        numbers.by_quarter,
    )
    document.heading("What complaints were about", 2)
    categories = list(numbers.by_category.items())
    document.chart(
        bar_chart(
            "Stage 1 complaints by category",
            [name for name, _ in categories],
            {"Complaints": [count for _, count in categories]},
        ),
        ("Category", "Stage 1 complaints"),
        categories,
    )
    document.heading("Outcomes", 2)
    decisions = [(d.value.capitalize(), one.decisions[d], two.decisions[d]) for d in Decision]
    document.chart(
        bar_chart(
            "Decisions",
            [name for name, _, _ in decisions],
            {
                "Stage 1": [first for _, first, _ in decisions],
                "Stage 2": [second for _, _, second in decisions],
            },
        ),
        ("Decision", "Stage 1", "Stage 2"),
        decisions,
    )
    _putting_right(document, numbers, today)
    _refusals_and_adjustments(document, numbers)


def _putting_right(document: ReportDocument, numbers: Figures, today: date) -> None:
    remedies = numbers.remedies
    document.heading("Putting things right", 2)
    document.table(
        ("Remedies", "Number", "Amount"),
        [
            ("Offered", remedies["offered"], money(remedies["amount offered"])),
            ("Accepted", remedies["accepted"], ""),
            ("Paid", remedies["paid"], money(remedies["amount paid"])),
            (f"Accepted and not yet paid on {long_date(today)}", remedies["unpaid"], ""),
        ],
    )
    document.paragraph("Actions promised and not yet done at the year's end, by age:")
    document.table(("Age", "Actions"), [(age, numbers.actions_open[age]) for age in AGES])


def _refusals_and_adjustments(document: ReportDocument, numbers: Figures) -> None:
    document.heading("Complaints not accepted, escalations refused and withdrawals", 2)
    refused = [
        (kind.capitalize(), ground.value, count)
        for kind, grounds in numbers.refused.items()
        for ground, count in grounds.items()
    ]
    if refused:
        document.table(("Refused", "Ground", "Number"), refused)
    else:
        document.paragraph("No complaint was refused and no escalation request declined.")
    document.paragraph(f"Withdrawn by the resident: {numbers.withdrawn}.")
    document.heading("Reasonable adjustments", 2)
    document.paragraph(
        "Responses to residents with reasonable adjustments answered within the Code's "
        f"timescale: {numbers.adjustments}."
    )


def _measures(document: ReportDocument, measures: Measures) -> None:
    document.table(
        ("Measure", *GROUP_NAMES.values()),
        [
            (
                f"{key} {title}",
                *(
                    f"{figure.shown()} ({figure.fraction()})"
                    for figure in measures.measures[key].values()
                ),
            )
            for key, title in MEASURES.items()
        ],
    )
    document.paragraph("Left out of the measures, and why:")
    document.bullets(measures.left_out.sentences())


def ombudsman_section(document: ReportDocument, numbers: Figures) -> None:
    document.table(("The Ombudsman", "Number"), list(numbers.ombudsman.items()))
    document.paragraph("Determinations and findings in the year:")
    document.bullets(numbers.determinations, empty="No determinations in the year.")
    document.paragraph("Orders and their compliance:")
    document.bullets(numbers.orders, empty="No orders in the year.")
