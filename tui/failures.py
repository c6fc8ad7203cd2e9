"""Work that fails in the background becomes a message for the officer, never a crash."""

from __future__ import annotations

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

from store.db import describe_database_error


class ReportsFailures(DOMNode):
    """Mixed into the app and each screen that runs workers: their messages do not bubble."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        error = event.worker.error
        if event.state == WorkerState.ERROR and error is not None:
            self.app.notify(
                describe_database_error(error) or str(error) or type(error).__name__,
                title="That did not work",
                severity="error",
                timeout=15,
            )
