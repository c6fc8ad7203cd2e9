"""Choosing a letter to make, and the offer of one after each step."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from letters.catalogue import LETTERS, LetterKind


class LetterChoice(ModalScreen[LetterKind | None]):
    """The letters the complaint's record supports now; Enter makes one."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, kinds: list[LetterKind]) -> None:
        super().__init__()
        self.kinds = kinds

    def compose(self) -> ComposeResult:
        with Vertical(classes="form choice"):
            yield Static("Make a letter", classes="heading")
            if self.kinds:
                yield OptionList(
                    *(
                        Option(LETTERS[kind].title.capitalize(), id=kind.value)
                        for kind in self.kinds
                    ),
                    id="letters",
                )
                yield Static("Enter makes the letter; Escape cancels.", classes="hint")
            else:
                yield Static("No letter yet: take the next step first.", classes="hint")
        yield Footer()

    @on(OptionList.OptionSelected, "#letters")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss(LetterKind(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)


class OfferLetter(ModalScreen[bool]):
    """After a step: make its letter now?"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Make it"),
        Binding("n,escape", "answer(False)", "Not now"),
    ]

    def __init__(self, kind: LetterKind) -> None:
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        with Vertical(classes="form offer"):
            yield Static(f"Make the {LETTERS[self.kind].title} letter now?", classes="heading")
            with Horizontal(classes="buttons"):
                yield Button("Make it  Y", variant="primary", id="yes")
                yield Button("Not now  N", id="no")
        yield Footer()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, make: bool) -> None:
        self.dismiss(make)
