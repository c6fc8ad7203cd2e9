"""The command palette finds a complaint by its reference, the resident's name or its words."""

from __future__ import annotations

import asyncio
from functools import partial

from rich.text import Text
from textual.command import Hit, Hits, Provider

from store.listing import CaseRow, load_rows
from tui.office import Office

MOST_FOUND = 20


class ComplaintFinder(Provider):
    @property
    def office(self) -> Office:
        office: Office = getattr(self.app, "office")  # noqa: B009 (the app is not imported here)
        return office

    async def search(self, query: str) -> Hits:
        if len(query.strip()) < 2:
            return
        rows = await asyncio.to_thread(self._find, query)
        for place, row in enumerate(rows):
            shown = Text.assemble(
                (row.reference, "bold"), f"  {row.resident_name}  ", (row.status.value, "dim")
            )
            yield Hit(
                1.0 - place / (MOST_FOUND * 2),
                shown,
                partial(self._open, row.id),
                text=f"{row.reference} {row.resident_name}",
                help="Open this complaint",
            )

    def _find(self, query: str) -> list[CaseRow]:
        return self.office.casefile.read(load_rows, search=query, limit=MOST_FOUND)

    def _open(self, complaint_id: int) -> None:
        from tui.screens.complaint import show_complaint

        show_complaint(self.app, self.office, complaint_id)
