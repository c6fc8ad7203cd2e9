"""The annual report for 100,000 complaints, against exporting them as CSV.

Both run in fresh processes on the same demo file, from opening the file to the saved output.
Prints the median of each and the ratio.

    python benchmarks/annual_report.py [--runs 3] [--keep FOLDER]

Target: under 2x the CSV export.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from common import child, demo_file

EXPORT = """
import sys, time
start = time.perf_counter()
from cli.main import main
main(["export", "--out", sys.argv[2], "--force", "--db", sys.argv[1]])
print(time.perf_counter() - start)
"""

ANNUAL = """
import sys, time
start = time.perf_counter()
from cli.main import main
main(["report", "annual", "--year", "2025", "--out", sys.argv[2], "--db", sys.argv[1]])
print(time.perf_counter() - start)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="a folder to keep the demo files in")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = arguments.keep or Path(scratch)
        database = demo_file(folder, 100_000)
        out = Path(scratch)
        export_times, annual_times = [], []
        for _ in range(arguments.runs):  # interleaved, so drift hits both alike
            export_times += child(EXPORT, str(database), str(out / "export.csv"))
            annual_times += child(ANNUAL, str(database), str(out))
    export, annual = statistics.median(export_times), statistics.median(annual_times)
    print(
        f"annual report for 100,000 complaints: {annual:.2f} s, CSV export {export:.2f} s, "
        f"ratio {annual / export:.2f}x (target under 2x)"
    )


if __name__ == "__main__":
    main()
