"""Work that fails, in the background or on the screen, becomes a message for the officer,
never a crash."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

from store.casefile import explain


class ReportsFailures(DOMNode):
    """Mixed into the app and each screen that runs workers: their messages do not bubble."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        error = event.worker.error
        if event.state == WorkerState.ERROR and error is not None:
            tell(self, error)


def tell(node: DOMNode, error: BaseException) -> None:
    node.app.notify(
        explain(error) or str(error) or type(error).__name__,
        title="That did not work",
        severity="error",
        timeout=15,
    )


def is_told(error: BaseException) -> bool:
    """Whether the error is a failure of the file, worded for the officer, rather than a bug."""
    return explain(error) is not None


@contextmanager
def told(node: DOMNode) -> Iterator[None]:
    """Read or write the file on the screen's own thread: a failure of the file (moved away,
    locked, a full disk) is shown and the rest of the block skipped; a bug is raised."""
    try:
        yield
    except Exception as error:
        if not is_told(error):
            raise
        tell(node, error)
