"""One letter rendered, read back for everything the Code requires, and saved, against
python-docx opening and saving the same template.

    python benchmarks/letter.py [--runs 30]

Target: at most 1.5x python-docx's time.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from docx import Document

from letters.catalogue import LETTERS, LetterKind
from letters.render import make_letter
from letters.templates import BUNDLED
from store.clock import WorkingCalendar
from store.db import open_store
from store.defining import Definition, acknowledge
from store.intake import log_complaint
from store.kinds import Decision, RemedyKind
from store.models import ComplaintCreate, ResidentBase
from store.responding import ActionPromise, Answer, RemedyOffer, respond
from store.settings import Settings
from store.steps import extend

TODAY = date(2026, 11, 25)
SETTINGS = Settings(
    landlord_name="Fellside Homes",
    landlord_address="12 Market Place\nKendal",
    officer_name="Priya Shah",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    store = open_store(None)
    calendar = WorkingCalendar("ENG")
    with store.session() as session:
        case = log_complaint(
            session,
            ComplaintCreate(
                resident=ResidentBase(name="Ann Example", address="1 Mill Lane\nKendal"),
                description="The tap leaks.",
                received_on=date(2026, 11, 2),
            ),
            today=TODAY,
        )
        acknowledge(
            session,
            case.id,
            on=date(2026, 11, 3),
            today=TODAY,
            definition=Definition(
                "The tap leaks.\nTwo visits were missed.", "A repair and an apology."
            ),
        )
        extend(
            session,
            case.id,
            agreed_on=date(2026, 11, 10),
            working_days=5,
            reason="Waiting for parts.",
            today=TODAY,
            calendar=calendar,
        )
        case = respond(
            session,
            case.id,
            on=date(2026, 11, 20),
            today=TODAY,
            answer=Answer(
                Decision.PARTLY_UPHELD,
                "The visits were missed.",
                upheld_parts="The missed visits.",
                remedies=(
                    RemedyOffer(RemedyKind.APOLOGY, "An apology for the missed visits"),
                    RemedyOffer(RemedyKind.FINANCIAL, "Compensation", 5000),
                ),
                actions=(ActionPromise("Fit a new tap", "Repairs team"),),
            ),
        )
    kind = LetterKind.S1_RESPONSE
    template = BUNDLED / LETTERS[kind].template
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        ours, baseline = [], []
        for run in range(runs + 1):  # interleaved; the first of each warms up and is dropped
            start = time.perf_counter()
            make_letter(
                kind,
                case,
                SETTINGS,
                calendar,
                TODAY,
                folder=out / "letters",
                templates=out / "none",
            )
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            Document(str(template)).save(str(out / f"plain-{run}.docx"))
            baseline.append(time.perf_counter() - start)
    letter, plain = statistics.median(ours[1:]), statistics.median(baseline[1:])
    print(
        f"one {LETTERS[kind].title} letter: {letter * 1000:.1f} ms; python-docx open and save: "
        f"{plain * 1000:.1f} ms; ratio {letter / plain:.2f}x (target 1.5x)"
    )


if __name__ == "__main__":
    main()
