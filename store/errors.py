"""What goes wrong with the case file, worded for the officer."""

from __future__ import annotations

# How long a connection waits for another writer before saying the file is busy.
BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """A problem with the case file, worded for the officer."""
