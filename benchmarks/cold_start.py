"""Cold start of the desk to its first painted list, against a bare Textual app.

Each app starts in a fresh Python process, headless, the same way: the time counted runs from
launching the process to the end of the first screen update that shows the list (which the
child reports, then exits). Prints the median of each, their peak memory, and the ratios.

    python benchmarks/cold_start.py [--runs 5] [--sizes 10000 100000]

Targets: at 10,000 complaints at most 1.6x the bare app's wall time, at 100,000 at most 1.8x;
peak memory at most 2x.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ENVIRONMENT, demo_file

# Both children print the wall-clock moment their list was first painted.
BARE = """
import time
from textual.app import App
from textual.widgets import DataTable, Footer, Header

class Bare(App):
    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self):
        self.query_one(DataTable).add_columns("Reference", "Resident", "Stage", "Next step")
        self.call_after_refresh(self.painted)

    def painted(self):
        print(time.time(), flush=True)
        self.exit()

Bare().run(headless=True)
"""

DESK = """
import sys
import time
from pathlib import Path
from store.casefile import CaseFile
from store.db import open_store
from tui.app import ComplaintsApp
from tui.screens.desk import DeskScreen

shown = DeskScreen._show

def show_then_exit(screen, listing):
    shown(screen, listing)
    screen.app.call_after_refresh(painted, screen.app)

def painted(app):
    print(time.time(), flush=True)
    app.exit()

DeskScreen._show = show_then_exit
ComplaintsApp(CaseFile(open_store(Path(sys.argv[1])))).run(headless=True)
"""


def timed(code: str, *args: str) -> float:
    """Seconds from launching a fresh process to its first painted list."""
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        check=True,
        capture_output=True,
        text=True,
        env=ENVIRONMENT,
    ).stdout
    return float(out.split()[-1]) - start


def peak_of(code: str, *args: str) -> int:
    """Peak memory measured alone, in a wrapper process, so runs cannot mask each other."""
    wrapper = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL,"
        " stderr=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, sys.executable, "-c", code, *args],
        check=True,
        capture_output=True,
        text=True,
        env=ENVIRONMENT,
    ).stdout
    return int(out.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--keep", type=Path, help="a folder to keep the demo files in")
    arguments = parser.parse_args()
    targets = {10_000: 1.6, 100_000: 1.8}
    with tempfile.TemporaryDirectory() as scratch:
        folder = arguments.keep or Path(scratch)
        for size in arguments.sizes:
            database = demo_file(folder, size)
            timed(BARE), timed(DESK, str(database))  # once first, to compile the modules
            bare_times, desk_times = [], []
            for _ in range(arguments.runs):  # interleaved, so drift hits both alike
                bare_times.append(timed(BARE))
                desk_times.append(timed(DESK, str(database)))
            bare, desk = statistics.median(bare_times), statistics.median(desk_times)
            bare_memory, desk_memory = peak_of(BARE), peak_of(DESK, str(database))
            target = targets.get(size)
            print(
                f"{size:>7,} complaints: desk {desk:.3f} s, bare Textual app {bare:.3f} s, "
                f"ratio {desk / bare:.2f}x" + (f" (target {target}x)" if target else "")
            )
            print(
                f"{'':>20}  peak memory: desk {desk_memory / 1024:.1f} MiB, bare "
                f"{bare_memory / 1024:.1f} MiB, ratio {desk_memory / bare_memory:.2f}x "
                "(target 2x)"
            )


if __name__ == "__main__":
    main()
