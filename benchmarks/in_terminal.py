"""Black box, as the officer meets it: the installed `complaints-tui` in a real terminal (tmux),
timed from a key to the screen showing its answer, at 1,000 and at 100,000 complaints, against a
bare Textual app driven the same way (`../shared/bench/bare_app.py`).

- open: Enter on the desk's first row until the complaint's "Timeline" shows, then Escape back.
- search: one letter typed into the search until the list has changed.

Each is timed several times in one session of each app; the medians, and the ratios of 100,000
to 1,000 complaints and of the desk to the bare app, are printed.

    python benchmarks/in_terminal.py [--sizes 1000 100000] [--times 8]

Targets: opening a complaint within 100 ms at 100,000 complaints; opening and searching at most
1.2 times as long at 100,000 as at 1,000.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import demo_file

BARE = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "bare_app.py"
SESSION = f"bench{os.getpid()}"


def tmux(*argv: str) -> str:
    return subprocess.run(["tmux", *argv], capture_output=True, text=True, check=False).stdout


def screen() -> str:
    return tmux("capture-pane", "-p", "-t", SESSION)


def until(shown: Callable[[str], bool], limit: float = 30.0) -> float:
    """Seconds until the screen shows what is waited for."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if shown(screen()):
            return time.perf_counter() - start
        time.sleep(0.002)
    raise TimeoutError(screen()[-800:])


def start(command: str, ready: Callable[[str], bool]) -> None:
    tmux("kill-session", "-t", SESSION)
    tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", command)
    until(ready)
    time.sleep(1.5)  # the desk loads the rest of itself just after its first paint


def press(key: str, shown: Callable[[str], bool]) -> float:
    """Seconds from the key to the screen showing its answer."""
    before = time.perf_counter()
    tmux("send-keys", "-t", SESSION, key)
    until(shown)
    return time.perf_counter() - before


def opening(times: int, opened: str, listed: str) -> list[float]:
    found = []
    for _ in range(times):
        found.append(press("Enter", lambda text: opened in text))
        press("Escape", lambda text: listed in text and opened not in text)
    return found


def note(text: str) -> str:
    """The line under the list that says what it holds ("136 complaints", "Showing the newest
    200 matches"): it changes when the list does, not when the search box echoes a key."""
    lines = [line for line in text.splitlines() if "complaint" in line or "match" in line]
    return lines[-1] if lines else ""


def searching(times: int) -> list[float]:
    found = []
    for letter in "sbcdefghijklmnop"[:times]:
        before = note(screen())
        found.append(press(letter, lambda text, was=before: note(text) != was))
        press("BSpace", lambda text, was=before: note(text) == was)
        time.sleep(1.0)  # the whole list back and painted: each search starts from an idle desk
    return found


def desk(program: str, size: int, folder: Path, times: int) -> dict[str, float]:
    database = demo_file(folder, size)
    start(f"env COMPLAINTS_TUI_DB={database} {program}", lambda text: "complaints." in text)
    opened = statistics.median(opening(times, "Timeline", "Enter opens one"))
    tmux("send-keys", "-t", SESSION, "/")
    time.sleep(0.3)
    searched = statistics.median(searching(times))
    tmux("kill-session", "-t", SESSION)
    return {"open": opened, "search": searched}


def bare(times: int) -> float:
    start(f"{sys.executable} {BARE}", lambda text: "BARE-READY" in text)
    opened = statistics.median(opening(times, "BARE-DETAIL", "BARE-READY"))
    tmux("kill-session", "-t", SESSION)
    return opened


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--times", type=int, default=8)
    arguments = parser.parse_args()
    program = shutil.which("complaints-tui") or str(Path(sys.executable).parent / "complaints-tui")
    floor = bare(arguments.times)
    print(f"bare Textual app: a screen pushed in {floor * 1000:.0f} ms")
    found = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in arguments.sizes:
            found[size] = desk(program, size, Path(folder), arguments.times)
            print(
                f"{size:>7,} complaints: open {found[size]['open'] * 1000:.0f} ms "
                f"({found[size]['open'] / floor:.2f}x the bare app), "
                f"search {found[size]['search'] * 1000:.0f} ms"
            )
    smallest, largest = min(found), max(found)
    for what in ("open", "search"):
        ratio = found[largest][what] / found[smallest][what]
        print(f"{what}: {largest:,} against {smallest:,} complaints, {ratio:.2f}x (target 1.2x)")


if __name__ == "__main__":
    main()
