"""Every text the case file keeps, by table and column: the name a form or an import knows it
by, how a sentence names it, and which kind of text it is (store.text).

The one map is read three ways: the steps and forms check what the officer typed against it, an
import checks every cell against it, and every session refuses to write a value it does not
allow, so no way in is left unchecked. The timeline is not in it: its lines are the store's own
words around text that was checked on its way in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from store.records import RECORDS
from store.rules import Problem, RuleBroken
from store.text import TextKind, text_problem


@dataclass(frozen=True, slots=True)
class TextField:
    field: str
    """The name the forms give the field, so a problem shows beside it."""
    label: str
    kind: TextKind


_VOID_REASON = TextField("reason", "Why it was a mistake", TextKind.PROSE)

_CORE: dict[str, dict[str, TextField]] = {
    "resident": {
        "name": TextField("resident_name", "The resident's name", TextKind.NAME),
        "address": TextField("address", "The resident's address", TextKind.LINES),
        "phone": TextField("phone", "The telephone number", TextKind.LINE),
        "email": TextField("email", "The email address", TextKind.LINE),
    },
    "complaint": {
        "property_address": TextField("property_address", "The property", TextKind.LINES),
        "category": TextField("category", "The category", TextKind.LINE),
        "description": TextField("description", "The complaint", TextKind.PROSE),
        "service_request": TextField("service_request", "The service request", TextKind.LINE),
        "refusal_reasons": TextField("reasons", "The reasons", TextKind.PROSE),
        "withdrawal_reason": TextField("reason", "What the resident said", TextKind.PROSE),
        "learning": TextField("learning", "What was learned", TextKind.PROSE),
        "improvement": TextField("improvement", "The service improvement", TextKind.PROSE),
        "void_reason": _VOID_REASON,
    },
    "stage": {
        "handler": TextField("handler", "The handler's name", TextKind.NAME),
        "handler_role": TextField("role", "The handler's role", TextKind.LINE),
        "understanding": TextField(
            "understanding", "The understanding of the complaint", TextKind.PROSE
        ),
        "outcomes_sought": TextField("outcomes_sought", "The outcomes sought", TextKind.PROSE),
        "responsible_for": TextField(
            "responsible_for", "What we are responsible for", TextKind.PROSE
        ),
        "not_responsible_for": TextField(
            "not_responsible_for", "What we are not responsible for", TextKind.PROSE
        ),
        "clarification_asked": TextField(
            "clarification_asked", "What was asked to be clarified", TextKind.PROSE
        ),
        "upheld_parts": TextField("upheld_parts", "Which parts are upheld", TextKind.PROSE),
        "reasons": TextField("reasons", "The reasons for the decision", TextKind.PROSE),
        "remedy": TextField("remedy", "The remedy", TextKind.PROSE),
    },
    # One line each: an export gives each extension of a stage one line of the same cell.
    "stageextension": {
        "reason": TextField("reason", "The reason for the extension", TextKind.LINE),
        "good_reason": TextField("good_reason", "The good reason", TextKind.LINE),
    },
    "self_assessment": {
        "evidence": TextField("evidence", "The evidence", TextKind.PROSE),
        "commentary": TextField("commentary", "The commentary", TextKind.PROSE),
        "action": TextField("action", "The action", TextKind.PROSE),
    },
}

KEPT_TEXT: dict[str, dict[str, TextField]] = {
    **_CORE,
    **{
        kind.key: {
            **{
                item.name: TextField(item.name, item.label, item.text_kind)
                for item in kind.fields
                if item.kind in ("text", "long")
            },
            "void_reason": _VOID_REASON,
        }
        for kind in RECORDS.values()
    },
}


def text_problems(table: str, values: Mapping[str, object]) -> list[Problem]:
    """Why each text value for `table` cannot be kept, beside the field that holds it."""
    fields = KEPT_TEXT.get(table, {})
    problems = []
    for column, value in values.items():
        kept = fields.get(column)
        if kept is not None and isinstance(value, str):
            problem = text_problem(kept.field, kept.label, value, kept.kind)
            if problem is not None:
                problems.append(problem)
    return problems


def pending_text_problems(session: Any) -> list[Problem]:
    """What the session is about to write that cannot be kept: every text of a new row, and
    every text changed on a row already kept (text kept before the rule is left alone until
    it is changed)."""
    from sqlalchemy import inspect

    problems = []
    for instance in (*session.new, *session.dirty):
        table = getattr(instance, "__tablename__", "")
        state = inspect(instance)
        changed = {
            column: getattr(instance, column)
            for column in KEPT_TEXT.get(table, {})
            if column in state.attrs
            and (state.pending or state.transient or state.attrs[column].history.has_changes())
        }
        problems += text_problems(table, changed)
    return problems


def refuse_unkept_text(session: Any, _context: Any, _instances: Any) -> None:
    """A session's `before_flush`: nothing is written that the text rule refuses."""
    problems = pending_text_problems(session)
    if problems:
        raise RuleBroken(problems)
