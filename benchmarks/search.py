"""A search keystroke to its painted result, at 100,000 complaints against 1,000.

Each size runs in a fresh process, headless, driven by its keys: the officer types surnames
and words of complaints one letter at a time, and each keystroke is timed from the key press
to the end of the screen update that shows its result. Prints the median of each and the
ratio.

    python benchmarks/search.py [--runs 3] [--keep FOLDER]

Target: at 100,000 complaints at most 1.3x the time at 1,000.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from common import child, demo_file

TYPED = ("robinson", "kowalski", "kitchen", "damp mould", "c-2025-00")

SEARCH = """
import asyncio, statistics, sys, time
from pathlib import Path
from store.casefile import CaseFile
from store.db import open_store
from tui.app import ComplaintsApp
from tui.screens.desk import DeskScreen

painted = {}
KEYS = {" ": "space", "-": "minus"}
shown = DeskScreen._show

def show(screen, listing):
    shown(screen, listing)
    search = screen.search
    screen.app.call_after_refresh(lambda: painted.__setitem__(search, time.perf_counter()))

DeskScreen._show = show

async def main():
    app = ComplaintsApp(CaseFile(open_store(Path(sys.argv[1]))))
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        while "" not in painted:
            await asyncio.sleep(0.01)
        for word in sys.argv[2:]:
            await pilot.press("slash")
            typed = ""
            for letter in word:
                typed += letter
                painted.pop(typed, None)
                start = time.perf_counter()
                await pilot.press(KEYS.get(letter, letter))
                while typed not in painted:
                    await asyncio.sleep(0.0005)
                times.append(painted[typed] - start)
            await pilot.press("escape")
            while "" not in painted:
                await asyncio.sleep(0.01)
            painted.clear()
    print(statistics.median(times))

asyncio.run(main())
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="a folder to keep the demo files in")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = arguments.keep or Path(scratch)
        small, large = demo_file(folder, 1_000), demo_file(folder, 100_000)
        small_times, large_times = [], []
        for _ in range(arguments.runs):  # interleaved, so drift hits both alike
            small_times += child(SEARCH, str(small), *TYPED)
            large_times += child(SEARCH, str(large), *TYPED)
    small_median, large_median = statistics.median(small_times), statistics.median(large_times)
    print(
        f"search keystroke to painted result: {large_median * 1000:.1f} ms at 100,000 "
        f"complaints, {small_median * 1000:.1f} ms at 1,000, "
        f"ratio {large_median / small_median:.2f}x (target 1.3x)"
    )


if __name__ == "__main__":
    main()
