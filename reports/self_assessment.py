"""The self-assessment against the Complaint Handling Code (Appendix A; 8.1 a): every provision
with its requirement, whether the landlord complies, the evidence and the commentary.

What the case file can show is filled in as evidence: the year's acknowledgements and responses
in time, handlers at both stages, adjustments, remedies and learning. The officer's own answers
are added on the desk and kept a year at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TextIO

from reports.document import ReportDocument, ReportFailed
from reports.figures import Figures, figures
from reports.source import Source
from reports.year import ReportingYear
from store.assessment import Answer
from store.formats import long_date, money
from store.kinds import Status
from store.paths import write_private
from store.spreadsheet import write_csv

HEADINGS = ("Code", "Code requirement", "Comply: Yes / No", "Evidence", "Commentary / explanation")
# How the page's width is shared: room for "1.12" and "Not answered" without a break.
SHARES = (1.7, 8.0, 2.6, 5.5, 5.5)


@dataclass(frozen=True)
class Provision:
    number: str
    section: str
    requirement: str


def provisions() -> list[Provision]:
    """The 72 provisions of the 2024 Code, in the Code's words."""
    text = files("reports").joinpath("provisions.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return [
        Provision(number, section, requirement.replace(" | ", "\n"))
        for number, section, requirement in (line.split("\t") for line in lines[1:])
    ]


@dataclass(frozen=True)
class Row:
    provision: Provision
    answer: Answer
    found: str
    """The evidence the records give, for the officer to confirm."""

    @property
    def evidence(self) -> str:
        return "\n".join(part for part in (self.answer.evidence, self.found) if part)

    @property
    def commentary(self) -> str:
        said = self.answer.commentary
        if self.answer.action:
            due = f" by {long_date(self.answer.action_due)}" if self.answer.action_due else ""
            said = f"{said}\nAction: {self.answer.action}{due}.".strip()
        if self.answer.needs_action:
            said = f"{said}\nNO ACTION AND DATE: say what will be done, and by when.".strip()
        return said

    @property
    def comply(self) -> str:
        return self.answer.comply.capitalize() or "Not answered"


def assessment_rows(
    source: Source, year: ReportingYear, answers: dict[str, tuple[Answer, int]]
) -> list[Row]:
    evidence = _evidence(source, figures(source, year))
    return [
        Row(provision, answers.get(provision.number, (Answer(), 0))[0], evidence(provision))
        for provision in provisions()
    ]


def _evidence(source: Source, numbers: Figures) -> Callable[[Provision], str]:
    one, two = numbers.stages[1], numbers.stages[2]
    period = numbers.period
    same_handler = sorted(
        row.reference
        for row in source.rows
        if row.stage2_requested in period
        and row.stage1_handler
        and row.stage1_handler.strip().lower() == row.stage2_handler.strip().lower()
    )
    adjusted = {a.resident_id for a in source.records["adjustment"]}
    remedies = numbers.remedies
    closed = numbers.closed
    learned = sum(bool(closing.learning) for closing in numbers.closings)
    found = {
        "5.1": f"{one.received} stage 1 and {two.received} stage 2 complaints were handled "
        "under the one policy this year.",
        "5.10": f"Reasonable adjustments are recorded for {len(adjusted)} residents; "
        f"responses to them in time: {numbers.adjustments}.",
        "6.2": f"Stage 1 acknowledgements within 5 working days: {one.acknowledged}.",
        "6.3": f"Stage 1 responses within the Code's timescale: {one.answered}.",
        "6.4": f"Stage 1 responses with an extension, in time: {one.answered_extended}.",
        "6.11": f"Stage 2 acknowledgements within 5 working days: {two.acknowledged}.",
        "6.13": (
            "No complaint escalated this year had the same handler at both stages."
            if not same_handler
            else "The same handler at both stages: " + ", ".join(same_handler) + "."
        ),
        "6.14": f"Stage 2 responses within the Code's timescale: {two.answered}.",
        "6.15": f"Stage 2 responses with an extension, in time: {two.answered_extended}.",
        "7.1": f"Remedies offered this year: {remedies['offered']}, "
        f"{remedies['accepted']} accepted and {remedies['paid']} paid "
        f"({money(remedies['amount paid'])} of {money(remedies['amount offered'])} offered).",
        "9.1": f"Learning was recorded for {learned} of the {closed} complaints closed.",
        "2.1": "Not accepted this year: "
        + str(sum(sum(g.values()) for k, g in numbers.refused.items() if k == "not accepted"))
        + ".",
    }
    escalated = sum(
        row.stage2_requested in period and row.status is not Status.ESCALATION_REFUSED
        for row in source.rows
    )
    found["6.11"] += f" Escalations accepted: {escalated}."
    return lambda provision: found.get(provision.number, "")


def self_assessment(
    source: Source,
    year: ReportingYear,
    answers: dict[str, tuple[Answer, int]],
    folder: Path,
) -> tuple[Path, Path, list[str]]:
    """The form as a Word document and as CSV, and the provisions answered "No" with no action
    and date to put them right."""
    rows = assessment_rows(source, year, answers)
    landlord = source.settings.landlord_name or "The landlord"
    document = ReportDocument(f"Complaint Handling Code self-assessment {year.name}")
    document.landscape()
    document.paragraph(
        f"{landlord} against each provision of the Housing Ombudsman's Complaint Handling Code, "
        f"for {year.label}."
    )
    section = ""
    table: list[tuple[str, ...]] = []
    for row in rows:
        if row.provision.section != section:
            if table:
                document.table(HEADINGS, table, SHARES)
            section, table = row.provision.section, []
            document.heading(f"Section {row.provision.number.split('.')[0]}: {section}")
        table.append(
            (
                row.provision.number,
                row.provision.requirement,
                row.comply,
                row.evidence,
                row.commentary,
            )
        )
    document.table(HEADINGS, table, SHARES)
    name = f"Self-assessment {year.name}"
    docx = document.save(folder / f"{name}.docx")
    lines = [
        (row.provision.number, row.provision.requirement, row.comply, row.evidence, row.commentary)
        for row in rows
    ]

    def write(handle: TextIO) -> None:
        write_csv(handle, HEADINGS, lines)

    sheet = folder / f"{name}.csv"
    try:
        write_private(sheet, write, replace=True)
    except OSError as error:
        docx.unlink(missing_ok=True)  # the two are one report: neither without the other
        raise ReportFailed(
            f"The self-assessment could not be saved in {folder}: {error.strerror or error}."
        ) from None
    flagged = [row.provision.number for row in rows if row.answer.needs_action]
    return docx, sheet, flagged
