"""Every deadline of 100,000 complaints, against a plain loop over the same complaints.

    python benchmarks/deadlines.py [--complaints 100000]

The baseline builds one tuple per complaint from its dates, so the ratio says how much the clock
costs over touching each complaint at all.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta

from store.clock import CaseDates, WorkingCalendar, complaint_clock
from store.deadlines import Extension


def complaints(count: int) -> list[CaseDates]:
    rng = random.Random(1)
    cases = []
    for _ in range(count):
        received = date(2019, 1, 1) + timedelta(days=rng.randint(0, 2880))
        acknowledged = received + timedelta(days=rng.randint(1, 9))
        escalated = rng.random() < 0.2
        cases.append(
            CaseDates(
                received=received,
                stage1_acknowledged=acknowledged,
                stage1_responded=acknowledged + timedelta(days=rng.randint(3, 20)),
                stage1_extensions=(Extension(5, acknowledged),) if rng.random() < 0.2 else (),
                stage2_requested=acknowledged + timedelta(days=30) if escalated else None,
            )
        )
    return cases


def best_of(runs: int, work: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=100_000)
    count = parser.parse_args().complaints
    cases = complaints(count)
    calendar = WorkingCalendar("ENG")
    calendar.add_working_days(date(2019, 1, 1), 1)  # lay out the years once, as any run would
    clock = best_of(3, lambda: [complaint_clock(calendar, case) for case in cases])
    baseline = best_of(3, lambda: [(c.received, c.stage1_acknowledged) for c in cases])
    print(
        f"{count:,} complaints: every deadline in {clock:.3f} s; a plain loop over them "
        f"{baseline:.3f} s; ratio {clock / baseline:.1f}x"
    )


if __name__ == "__main__":
    main()
