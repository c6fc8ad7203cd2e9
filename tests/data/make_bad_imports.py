"""Writes tests/data/bad_imports/: files an import must refuse whole, and what each must name.

    python tests/data/make_bad_imports.py

Each file is a spreadsheet an officer might really have, gone wrong one way: not a CSV at all,
a header that is off, or one good row followed by one bad row. `expected.json` gives, for each,
the row and column the refusal must name (none where the fault is the whole file). The files are
made here, never by hand, so the corpus can be regenerated and checked against this script.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from pathlib import Path

FOLDER = Path(__file__).parent / "bad_imports"
HEADER = [
    "reference",
    "resident_name",
    "received",
    "description",
    "stage1_acknowledged",
    "stage1_extension_days",
    "stage1_extension_reason",
    "stage1_responded",
    "stage2_requested",
    "stage2_acknowledged",
    "stage2_responded",
    "status",
    "stage1_handler",
    "stage2_handler",
    "issue_arose",
    "channel",
    "preferred_contact",
    "stage1_decision",
    "refusal_ground",
    "refused_on",
    "withdrawn_on",
    "closed_on",
    "stage1_extension_agreed",
    "stage1_update_interval",
]
GOOD = {"resident_name": "Good Row", "received": "2026-11-02", "description": "A good row."}
BASE = {"resident_name": "Bad Row", "received": "2026-11-03", "description": "A bad row."}
BAD_DATES = (
    "31/02/2026",
    "2026-13-01",
    "tomorrow",
    "0001-01-01",
    "25/11/0026",
    "1899-12-31",
    "01/01/1900",
    "2099-01-01",
    "²",
    "2026-11-02T10:00",
    "11/25/2026",
)
# Dates that each column needs before it, so that only the bad date is wrong.
NEEDS = {
    "stage1_responded": {"stage1_acknowledged": "2026-11-04"},
    "stage2_requested": {"stage1_acknowledged": "2026-11-04", "stage1_responded": "2026-11-05"},
    "stage2_acknowledged": {
        "stage1_acknowledged": "2026-11-04",
        "stage1_responded": "2026-11-05",
        "stage2_requested": "2026-11-06",
    },
    "stage2_responded": {
        "stage1_acknowledged": "2026-11-04",
        "stage1_responded": "2026-11-05",
        "stage2_requested": "2026-11-06",
        "stage2_acknowledged": "2026-11-09",
    },
}
BAD_DAYS = ("5000000", "²", "12345678901234567890", "-5", "five", "1.5", "5 5", "121", "0x10")


def csv_text(rows: list[dict[str, str]], header: list[str] = HEADER, delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def bad_rows() -> dict[str, tuple[dict[str, str], str]]:
    """Each bad row, with the column its refusal must name."""
    found: dict[str, tuple[dict[str, str], str]] = {}
    for column in (
        "received",
        *NEEDS,
        "stage1_acknowledged",
        "issue_arose",
        "withdrawn_on",
        "closed_on",
        "refused_on",
    ):
        for index, text in enumerate(BAD_DATES):
            found[f"date-{column}-{index}"] = (
                {**BASE, **NEEDS.get(column, {}), column: text},
                column,
            )
    for index, days in enumerate(BAD_DAYS):
        row = {
            **BASE,
            "stage1_extension_days": days,
            "stage1_extension_reason": "Waiting for parts",
        }
        found[f"extension-days-{index}"] = (row, "stage1_extension_days")
    found["extension-without-reason"] = (
        {**BASE, "stage1_extension_days": "5"},
        "stage1_extension_reason",
    )
    found["extension-reason-without-days"] = (
        {**BASE, "stage1_extension_reason": "Waiting"},
        "stage1_extension_days",
    )
    for index, reference in enumerate(
        ("../../x", ".hidden", "x" * 41, "C-1\nC-2", "<script>", "a\\b", "-dash", "C:1", " ")
    ):
        if reference.strip():
            found[f"reference-{index}"] = ({**BASE, "reference": reference}, "reference")
    found["reference-twice"] = ({**BASE, "reference": "GOOD-1"}, "reference")
    found["reference-in-the-file"] = ({**BASE, "reference": "C-2026-0001"}, "reference")
    for index, status in enumerate(("done", "opened", "closed!", "1")):
        found[f"status-{index}"] = ({**BASE, "status": status}, "status")
    for column in ("channel", "preferred_contact", "stage1_decision", "refusal_ground"):
        for index, text in enumerate(("carrier pigeon", "=1+1", "maybe", "été")):
            found[f"choice-{column}-{index}"] = ({**BASE, column: text}, column)
    extended = {**BASE, "stage1_extension_days": "5", "stage1_extension_reason": "Parts"}
    for index, text in enumerate(("2099-01-01", "2026-10-01", "soon")):
        found[f"extension-agreed-{index}"] = (
            {**extended, "stage1_extension_agreed": text},
            "stage1_extension_agreed",
        )
    for index, text in enumerate(("0", "-1", "weekly", "99999")):
        found[f"update-interval-{index}"] = (
            {**extended, "stage1_update_interval": text},
            "stage1_update_interval",
        )
    found["extension-lines-disagree"] = (
        {**extended, "stage1_extension_reason": "Parts\nMore parts"},
        "stage1_extension_reason",
    )
    contradictions = {
        "closed-with-no-response": ({**BASE, "status": "closed"}, "closed_on"),
        "withdrawn-with-no-date": ({**BASE, "status": "withdrawn"}, "withdrawn_on"),
        "not-accepted-with-no-date": ({**BASE, "status": "not accepted"}, "refused_on"),
        "refused-escalation-too-early": (
            {**BASE, "status": "escalation refused"},
            "refused_on",
        ),
        "open-after-the-final-response": (
            {
                **BASE,
                **NEEDS["stage2_responded"],
                "stage2_responded": "2026-11-10",
                "status": "open",
            },
            "status",
        ),
        "answered-but-not-acknowledged": (
            {**BASE, "stage1_responded": "2026-11-05"},
            "stage1_acknowledged",
        ),
        "stage-2-acknowledged-never-requested": (
            {**BASE, "stage2_acknowledged": "2026-11-05"},
            "stage2_acknowledged",
        ),
        "response-before-acknowledgement": (
            {**BASE, "stage1_acknowledged": "2026-11-06", "stage1_responded": "2026-11-05"},
            "stage1_responded",
        ),
        "same-handler-both-stages": (
            {
                **BASE,
                **NEEDS["stage2_acknowledged"],
                "stage1_handler": "Sam",
                "stage2_handler": "sam",
            },
            "stage2_handler",
        ),
        "no-name": ({**BASE, "resident_name": ""}, "resident_name"),
        "no-description": ({**BASE, "description": ""}, "description"),
        "no-received": ({**BASE, "received": ""}, "received"),
        "cell-too-big": ({**BASE, "description": "x" * 70_000}, "description"),
    }
    found.update(contradictions)
    return found


def whole_file_faults() -> dict[str, bytes]:
    good = csv_text([GOOD])
    return {
        "empty.csv": b"",
        "only-spaces.csv": b"   \n\n  \n",
        "bom-only.csv": b"\xef\xbb\xbf",
        "no-rows.csv": csv_text([]).encode(),
        "workbook.xlsx.csv": b"PK\x03\x04" + bytes(range(256)) * 4,
        "old-workbook.csv": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200),
        "utf16-le.csv": good.encode("utf-16"),
        "utf16-be.csv": b"\xfe\xff" + good.encode("utf-16-be"),
        "utf16-no-bom.csv": good.encode("utf-16-le"),
        "binary.csv": bytes(range(256)) * 8,
        "pdf.csv": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n\x00\x00",
        "json.csv": json.dumps([GOOD]).encode(),
        "html.csv": b"<html><body><table><tr><td>Ann</td></tr></table></body></html>",
        "title-row.csv": ("Complaints tracker 2026\n" + good).encode(),
        "two-title-rows.csv": ("Fellside Homes\nComplaints tracker\n" + good).encode(),
        "duplicate-received.csv": (
            b"resident_name,received,description,received\nAnn,2026-11-02,Leak,2026-11-03\n"
        ),
        "duplicate-name.csv": (
            b"resident_name,Resident Name,received,description\nAnn,Ann,2026-11-02,Leak\n"
        ),
        "no-received-column.csv": b"resident_name,description\nAnn,Leak\n",
        "no-name-column.csv": b"received,description\n2026-11-02,Leak\n",
        "no-columns-known.csv": b"a,b,c\n1,2,3\n",
        "unclosed-quote.csv": b'resident_name,received,description\n"Ann,2026-11-02,Leak\n',
    }


def write(folder: Path) -> dict[str, dict[str, object] | None]:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    expected: dict[str, dict[str, object] | None] = {}
    for name, content in whole_file_faults().items():
        (folder / name).write_bytes(content)
        expected[name] = None
    for name, (row, column) in bad_rows().items():
        for variant, delimiter, encoding in (
            ("", ",", "utf-8"),
            ("-semicolons", ";", "utf-8-sig"),
        ):
            if variant and not name.startswith(
                ("date-received", "extension-days", "status", "choice")
            ):
                continue
            rows = [{**GOOD, "reference": "GOOD-1"}, row]
            text = csv_text(rows, delimiter=delimiter)
            (folder / f"{name}{variant}.csv").write_bytes(text.encode(encoding))
            expected[f"{name}{variant}.csv"] = {"row": 3, "column": column}
    (folder / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    return expected


if __name__ == "__main__":
    made = write(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER)
    print(f"{len(made)} files")
