"""A table that fits the terminal: columns as wide as their contents up to a limit, the long
ones cut with an ellipsis, and the columns that matter most never pushed off the screen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rich.text import Text
from textual import events
from textual.widgets import DataTable

Item = TypeVar("Item")
Cell = str | Text

# Rows painted at once: the screen holds a few dozen; the rest follow a batch a frame, so the
# first paint is quick and keys are answered between batches.
FIRST_PAINT = 60
BATCH = 100
# Below this width a list drops what it can spare and shortens dates and countdowns, so the
# due date and the countdown always show; from WIDE, dates carry the day of the week.
NARROW = 100
WIDE = 140
# A cell's padding either side, and room for the scroll bar.
PADDING = 2
SCROLLBAR = 2


@dataclass(frozen=True)
class Column(Generic[Item]):
    key: str
    label: str
    cell: Callable[[Item], Cell]
    most: int
    """The widest it grows."""
    grows: bool = False
    """Shares the width the others leave, rather than taking only what its cells need."""


def clip(cell: Cell, width: int) -> Text:
    """The cell cut to the width, with an ellipsis where it was cut. A name or an address is
    shown as typed: brackets in it are never read as markup."""
    text = cell if isinstance(cell, Text) else Text(cell, end="")
    if len(text) <= width:
        return text
    cut = text.copy()
    cut.truncate(width, overflow="ellipsis")
    return cut


def fit(columns: Sequence[Column[Item]], items: Sequence[Item], width: int) -> dict[str, int]:
    """Each column's width: fixed ones as wide as their widest cell (up to their limit), the
    growing ones sharing what is left, in order."""
    needed = {
        column.key: min(
            column.most,
            max([len(column.label), *(len(column.cell(item)) for item in items)]),
        )
        for column in columns
    }
    widths = {column.key: needed[column.key] for column in columns if not column.grows}
    left = width - SCROLLBAR - PADDING * len(columns) - sum(widths.values())
    growing = [column for column in columns if column.grows]
    # What is left is shared in proportion to how wide each may grow; what one does not need
    # passes to the next.
    for place, column in enumerate(growing):
        weight = sum(other.most for other in growing[place:])
        share = max(left * column.most // weight, len(column.label))
        widths[column.key] = min(needed[column.key], share)
        left -= widths[column.key]
    return widths


class FittedTable(DataTable[Text], Generic[Item]):
    """Rows of items, laid out afresh for the width the table is given."""

    def __init__(
        self,
        layout: Callable[[int], Sequence[Column[Item]]],
        *,
        id: str,
    ) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._layout = layout
        self._items: list[tuple[str, Item]] = []
        self._width = 0
        self._columns: tuple[Column[Item], ...] = ()
        self._widths: dict[str, int] = {}
        self._painting = 0

    def show(self, items: list[tuple[str, Item]], selected: str | None = None) -> None:
        """Replace the rows, keeping the highlighted one if it is still there."""
        self._items = items
        self._lay_out(force=True, selected=selected)

    def on_resize(self, _event: events.Resize) -> None:
        self._lay_out(force=False, selected=self.selected_key())

    def selected_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:  # the cursor is past the rows while they are replaced
            return None

    def _lay_out(self, *, force: bool, selected: str | None) -> None:
        width = self.size.width or self.app.size.width
        # The columns follow from the width alone, so the same width needs no new layout.
        if not force and width == self._width:
            return
        self._width = width
        columns = tuple(self._layout(width))
        widths = fit(columns, [item for _, item in self._items], width)
        if (columns_keys(columns), widths) != (columns_keys(self._columns), self._widths):
            self.clear(columns=True)
            for column in columns:
                self.add_column(column.label, width=widths[column.key], key=column.key)
        else:
            self.clear()
        self._columns, self._widths = columns, widths
        self._painting += 1
        self._paint(0, FIRST_PAINT, selected, self._painting)

    def _paint(self, start: int, count: int, selected: str | None, painting: int) -> None:
        if painting != self._painting:
            return  # a newer listing has replaced this one
        columns, widths = self._columns, self._widths
        items = self._items[start : start + count]
        for key, item in items:
            self.add_row(
                *(clip(column.cell(item), widths[column.key]) for column in columns), key=key
            )
        if selected is not None and any(key == selected for key, _ in items):
            self.move_cursor(row=self.get_row_index(selected))
        if start + count < len(self._items):
            self.call_after_refresh(self._paint, start + count, BATCH, selected, painting)


def columns_keys(columns: Sequence[Column[Item]]) -> tuple[tuple[str, str], ...]:
    return tuple((column.key, column.label) for column in columns)
