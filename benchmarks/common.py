"""What the benchmarks share: a demo file of a given size, and a child process's figure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# As an officer's machine runs it: Python keeps the compiled modules between runs.
ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def demo_file(folder: Path, size: int) -> Path:
    """A demo case file of `size` complaints, made once per folder."""
    database = folder / f"demo-{size}.sqlite3"
    if not database.exists():
        subprocess.run(
            [sys.executable, "-m", "cli", "demo", "--complaints", str(size), "--db", str(database)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return database


def child(code: str, *args: str) -> list[float]:
    """Run `code` in a fresh Python process; the figures it prints on its last line."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        check=True,
        capture_output=True,
        text=True,
        env=ENVIRONMENT,
    ).stdout
    return [float(figure) for figure in out.strip().splitlines()[-1].split()]
