"""What text the case file keeps: bounded in length, and only characters that can be printed,
exported and read back.

Every way text comes in (a form, an import, a setting) asks `text_problem`, so a value that is
accepted anywhere can be exported, imported again and printed in a letter. A letter is XML, which
cannot hold most control codes nor the "non-characters" such as U+FFFE; a spreadsheet cell past
the import's limit cannot come back.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum

from store.rules import Problem


class TextKind(Enum):
    """How much a field may hold: its most characters, and whether it may break lines."""

    NAME = (200, False)
    """A person's name: one line."""
    LINE = (1_000, False)
    """A telephone, an email, a role, a category, a reference of another system, a place, an
    extension's reason: one line."""
    LINES = (2_000, True)
    """An address, a short list: a few lines."""
    PROSE = (20_000, True)
    """What was said or decided: paragraphs."""

    def __init__(self, most: int, multiline: bool) -> None:
        self.most = most
        self.multiline = multiline


# Every character `_unprintable` refuses, for finding the first at the speed of a regular
# expression: an import checks every cell of 100,000 complaints. Control codes but the tab (and
# the line break, where lines may break), halves of characters, and the non-characters.
_NONCHARACTERS = "\\ufdd0-\\ufdef" + "".join(
    f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(17)
)
_REFUSED = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff{_NONCHARACTERS}]")
_REFUSED_IN_A_LINE = re.compile(f"[\\n{_REFUSED.pattern[1:]}")


def text_problem(field: str, label: str, value: str, kind: TextKind) -> Problem | None:
    """Why `value` cannot be kept in the field, as a sentence naming it; None when it can."""
    if len(value) > kind.most:
        return Problem(
            field,
            f"{label} is {len(value):,} characters long: at most {kind.most:,} can be kept.",
        )
    found = (_REFUSED if kind.multiline else _REFUSED_IN_A_LINE).search(value)
    if found is not None:
        why = _unprintable(found.group(), kind.multiline)
        return Problem(field, f"{label} holds {why}: remove it.")
    return None


def _unprintable(character: str, multiline: bool) -> str | None:
    if character == "\n":
        return None if multiline else "a line break, but it is one line"
    if character == "\t":
        return None
    code = ord(character)
    if _is_noncharacter(code):
        return f"U+{code:04X}, which is not a character"
    category = unicodedata.category(character)
    if category == "Cc":
        return f"a control code (U+{code:04X}) that cannot be printed"
    if category == "Cs":
        return f"half of a character (U+{code:04X}), which cannot be saved"
    return None


def _is_noncharacter(code: int) -> bool:
    """The 66 code points Unicode keeps out of text for good (U+FDD0 to U+FDEF, and the last
    two of every plane, such as U+FFFE)."""
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def printable(value: str) -> str:
    """`value` without what `text_problem` refuses, for text kept before it refused it."""
    return _REFUSED.sub("", value)
