"""Opening a complaint from the desk and going back, against a bare Textual app pushing and
popping a screen with a DataTable, at 100,000 complaints.

Both run in fresh processes, headless, driven by the same keys and timed the same way: from
pressing Enter on the list to the opened screen's first paint, then Escape back to the list's
paint. Prints the median round trip of each and the ratio.

    python benchmarks/open_complaint.py [--runs 2] [--trips 15] [--keep FOLDER]

Target: at most 2x the bare app.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from common import child, demo_file

# Waits for a screen of a type, then for its paint; the same for both apps.
DRIVE = """
import asyncio, statistics, sys, time

async def shown(pilot, kind):
    while not isinstance(pilot.app.screen, kind):
        await asyncio.sleep(0.0005)
    await pilot.pause()

async def trips(app, listing, opened, count):
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(pilot, listing)
        await pilot.pause(0.5)
        for _ in range(count):
            start = time.perf_counter()
            await pilot.press("enter")
            await shown(pilot, opened)
            await pilot.press("escape")
            await shown(pilot, listing)
            times.append(time.perf_counter() - start)
            await pilot.press("down")
    print(statistics.median(times))
"""

BARE = (
    DRIVE
    + """
from textual.app import App
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

class Opened(Screen):
    BINDINGS = [("escape", "app.pop_screen", "Back")]

    def compose(self):
        yield Header()
        yield DataTable()
        yield Static("The record")
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Deadline", "Due", "Done")
        table.add_rows([("Stage 1 response", "15 Oct 2026", "")] * 4)

class Listing(Screen):
    def compose(self):
        yield Header()
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Reference", "Resident", "Stage", "Next step", "Due", "Countdown")
        table.add_rows([(f"C-2026-{i:04}", "A Resident", "1", "Stage 1 response",
                         "15 Oct 2026", "3 working days left") for i in range(1000)])
        table.focus()

    def on_data_table_row_selected(self):
        self.app.push_screen(Opened())

class Bare(App):
    def on_mount(self):
        self.push_screen(Listing())

asyncio.run(trips(Bare(), Listing, Opened, int(sys.argv[1])))
"""
)

DESK = (
    DRIVE
    + """
from pathlib import Path
from store.casefile import CaseFile
from store.db import open_store
from tui.app import ComplaintsApp
from tui.screens.complaint import ComplaintScreen
from tui.screens.desk import DeskScreen

app = ComplaintsApp(CaseFile(open_store(Path(sys.argv[2]))))
asyncio.run(trips(app, DeskScreen, ComplaintScreen, int(sys.argv[1])))
"""
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--trips", type=int, default=15)
    parser.add_argument("--keep", type=Path, help="a folder to keep the demo files in")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        database = demo_file(arguments.keep or Path(scratch), 100_000)
        bare_times, desk_times = [], []
        for _ in range(arguments.runs):  # interleaved, so drift hits both alike
            bare_times += child(BARE, str(arguments.trips))
            desk_times += child(DESK, str(arguments.trips), str(database))
    bare, desk = statistics.median(bare_times), statistics.median(desk_times)
    print(
        f"open a complaint and go back at 100,000 complaints: desk {desk * 1000:.1f} ms, "
        f"bare Textual app {bare * 1000:.1f} ms, ratio {desk / bare:.2f}x (target 2x)"
    )


if __name__ == "__main__":
    main()
