"""The complaints desk: a Textual app over one open case file."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.actions import parse
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from store.casefile import CaseFile
from store.clock import today_london
from tui.failures import ReportsFailures
from tui.office import Office
from tui.screens.desk import DeskScreen
from tui.screens.help import HelpScreen

if TYPE_CHECKING:
    from textual.command import Provider


def _complaint_finder() -> type[Provider]:
    """Loaded when the palette first opens, not before the desk's first paint."""
    from tui.finder import ComplaintFinder

    return ComplaintFinder


class ComplaintsApp(ReportsFailures, App[None]):
    """One officer's desk. The case file and the clock are passed in, so tests can fake them."""

    TITLE = "Complaints"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {_complaint_finder}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Keys", tooltip="Show every key and how to use the desk"),
        Binding("ctrl+q", "quit", "Quit", tooltip="Leave the desk; everything is already saved"),
    ]

    def __init__(
        self,
        casefile: CaseFile,
        *,
        today: Callable[[], date] = today_london,
        demo: bool = False,
    ) -> None:
        super().__init__()
        self.office = Office.open(casefile, today)
        self.demo = demo
        if demo:
            self.sub_title = "demo file: nothing you do here is kept"
        elif casefile.path is not None:
            self.sub_title = str(casefile.path)

    def on_mount(self) -> None:
        self.push_screen(DeskScreen(self.office))
        if not self.office.settings.setup_done and not self.demo:
            from tui.dialogs.settings import SetupDialog

            self.push_screen(SetupDialog(self.office))
        # The desk paints without the database layer; load it soon after, not on the first key.
        self.set_timer(0.5, self._load_the_rest)

    @work(thread=True, exit_on_error=False)
    def _load_the_rest(self) -> None:
        """What the first paint did without: the database layer, and a check for damage."""
        import tui.screens.complaint  # noqa: F401

        casefile = self.office.casefile
        casefile.warm_up()
        verdict = casefile.check()
        if verdict is not None and not verdict.sound:
            assert casefile.path is not None
            self.call_from_thread(
                self.notify,
                verdict.sentence(casefile.path),
                title="The complaints file "
                + ("is damaged" if verdict.damaged else "cannot be checked"),
                severity="error",
                timeout=120,
            )

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every key of the screen in use, and the desk's own, as commands in the palette;
        none of the toolkit's own, which mean nothing to an officer."""
        named: set[str] = set()
        for target, binding in _bindings(self, screen):
            _, name, parameters = parse(binding.action)
            description = str(binding.description)
            if description in named or target.check_action(name, parameters) is False:
                continue
            named.add(description)
            yield SystemCommand(
                description, binding.tooltip or description, _runner(target, binding.action)
            )


def _bindings(app: App[Any], screen: Screen[Any]) -> list[tuple[App[Any] | Screen[Any], Binding]]:
    return [
        (target, binding)
        for target in (screen, app)
        for binding in target.BINDINGS
        if isinstance(binding, Binding) and binding.description
    ]


def _runner(target: App[Any] | Screen[Any], action: str) -> Callable[[], object]:
    return lambda: target.run_action(action)


def run_desk(casefile: CaseFile, *, demo: bool = False) -> int:
    ComplaintsApp(casefile, demo=demo).run()
    return 0
