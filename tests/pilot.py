"""Helpers to drive the real app by its keys."""

from __future__ import annotations

import io
from datetime import date

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static, TextArea

from store.casefile import CaseFile
from store.db import Store
from store.settings import update_settings
from tui.app import ComplaintsApp

TODAY = date(2026, 11, 25)
KEY_NAMES = {
    " ": "space",
    "/": "slash",
    "-": "minus",
    ".": "full_stop",
    ",": "comma",
    "'": "apostrophe",
    "\n": "enter",
    ":": "colon",
}


def desk(store: Store, *, setup_done: bool = True, today: date = TODAY) -> ComplaintsApp:
    if setup_done:
        with store.connect() as db:
            update_settings(
                db,
                landlord_name="Fellside Homes",
                landlord_address="1 Fell Road\nKendal\nLA9 4AB",
                landlord_phone="01539 000000",
                landlord_email="complaints@fellside.org.uk",
                officer_name="Priya Shah",
                setup_done=True,
            )
    return ComplaintsApp(CaseFile(store), today=lambda: today)


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*(KEY_NAMES.get(character, character) for character in text))


async def fill(pilot: Pilot[None], widget_id: str, text: str) -> None:
    """Move to a field with Tab, clear it, and type into it."""
    screen = pilot.app.screen
    target = screen.query_one(f"#{widget_id}")
    for _ in range(40):
        if screen.focused is target:
            break
        await pilot.press("tab")
    assert screen.focused is target, f"Tab never reached #{widget_id}"
    if isinstance(target, Input):
        await pilot.press("home", "ctrl+k")
    elif isinstance(target, TextArea):
        target.clear()
    await type_text(pilot, text)


async def choose(pilot: Pilot[None], widget_id: str, label: str) -> None:
    """Open a drop-down with Enter and pick the option whose label starts with `label`."""
    screen = pilot.app.screen
    select = screen.query_one(f"#{widget_id}", Select)
    for _ in range(40):
        if screen.focused is select:
            break
        await pilot.press("tab")
    await pilot.press("enter")
    await type_text(pilot, label)
    await pilot.press("enter")
    await pilot.pause()


def desk_rows(app: App[None]) -> list[list[str]]:
    table = app.screen.query_one("#complaints", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def rendered(app: App[None], selector: str) -> str:
    """The text a widget shows, as the terminal would."""
    from rich.console import Console

    widget = app.screen.query_one(selector, Static)
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


def text_of(app: App[None], selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return str(widget.render())


def painted_lines(app: App[None], selector: str) -> list[str]:
    """The lines a scrolling widget paints on the terminal, as the officer reads them."""
    widget = app.screen.query_one(selector)
    return [widget.render_line(y).text for y in range(widget.size.height)]
