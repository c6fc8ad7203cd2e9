"""Every key, for the screen in use, and how a complaint moves through the desk."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

GUIDE = """\
How a complaint moves through the desk

1. On the desk, press n to log a new complaint. It opens when saved.
2. On a complaint, the footer shows only the steps open to it now: a acknowledge and define, \
e extend, r respond, s escalate to stage 2; then a and r again at stage 2, and c to close.
3. n refuses a complaint at intake, x refuses an escalation, w records a withdrawal, d \
corrects a mistyped date and u a mistyped detail (the timeline keeps the old ones), and m \
adds a related new issue to the definition before the response.
4. f holds the rest of the record: outstanding actions, the representative, remedies, \
correspondence, reasonable adjustments, contact restrictions, the Ombudsman, and a new \
complaint raised during this one. On the desk, t lists everything due this week.
5. After each step you are offered its letter; l makes any letter the record allows, o opens \
the last one and p turns it into a PDF.
6. Something entered by mistake is voided with the reason, never deleted: v in a list of \
records, V for a whole complaint. The timeline keeps what it was, when, by whom and why.
7. On the desk, R shows the reporting year's measures and figures, and makes the annual \
report, the self-assessment and the board's pack.

In every form, Tab moves between fields, Ctrl+S saves and Escape cancels. A broken rule is \
explained beside its field, and nothing you typed is lost."""

KEY_NAMES = {"question_mark": "?", "slash": "/", "escape": "Esc", "enter": "Enter"}


def _key_name(key: str) -> str:
    if key.startswith("ctrl+"):
        return "Ctrl+" + key.removeprefix("ctrl+").upper()
    return KEY_NAMES.get(key, key)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, beneath: Screen[Any]) -> None:
        super().__init__()
        self.beneath = beneath

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form"):
            yield Static("Keys", classes="heading")
            yield Static(self._keys(), id="keys")
            yield Static(GUIDE, classes="intro")
            yield Static("Escape closes this help.", classes="hint")
        yield Footer()

    def _keys(self) -> Text:
        rows = []
        for binding in [*self.beneath.BINDINGS, *self.app.BINDINGS]:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            keys = " or ".join(_key_name(key) for key in binding.key.split(","))
            rows.append((keys, binding.tooltip or str(binding.description)))
        rows.append(("Ctrl+P", "The command palette: every action by name"))
        width = max(len(keys) for keys, _ in rows) + 3
        text = Text()
        for keys, meaning in rows:
            text.append(keys.ljust(width), style="bold")
            text.append(meaning + "\n")
        return text
