"""The columns of a complaints spreadsheet: what an import reads and an export writes.

An export imports back: both use these names, and between them they carry every field of the
complaint itself. The timeline and the follow-through records are exported to read, not
imported.
"""

from __future__ import annotations

from store.deadlines import catalogue
from store.records import FOLLOW_THROUGH_COLUMNS

# The columns a spreadsheet tracker usually has.
IMPORT_COLUMNS = (
    "reference",
    "resident_name",
    "address",
    "received",
    "category",
    "description",
    "stage1_acknowledged",
    "stage1_extension_days",
    "stage1_extension_reason",
    "stage1_responded",
    "stage2_requested",
    "stage2_acknowledged",
    "stage2_extension_days",
    "stage2_extension_reason",
    "stage2_responded",
)
# The text a stage holds besides its handler's name, each column named "stage1_..." and
# "stage2_...".
STAGE_TEXTS = (
    "handler_role",
    "understanding",
    "outcomes_sought",
    "responsible_for",
    "not_responsible_for",
    "clarification_asked",
    "upheld_parts",
    "reasons",
    "remedy",
)
# An extension is one line in each of these (several extensions, several lines).
EXTENSION_DETAILS = ("extension_agreed", "extension_good_reason", "update_interval")
# The rest of the complaint's own record, so that nothing is lost on the way back in.
EXTRA_COLUMNS = (
    "status",
    "issue_arose",
    "channel",
    "property",
    "resident_phone",
    "resident_email",
    "preferred_contact",
    "service_request",
    "tenure",
    *(
        f"stage{stage}_{name}"
        for stage in (1, 2)
        for name in ("handler", "decision", *STAGE_TEXTS, *EXTENSION_DETAILS)
    ),
    "refused_on",
    "refusal_ground",
    "refusal_reasons",
    "withdrawn_on",
    "withdrawal_reason",
    "closed_on",
    "learning",
    "improvement",
    "related_to",
)


def computed_columns() -> tuple[str, ...]:
    """Worked out from the rest, each rule of the catalogue giving its due date and whether it
    was met: exported, and ignored without comment on import."""
    rules = catalogue()
    return (
        "stage",
        *(f"{rule.key}_due" for rule in rules),
        *(f"{rule.key}_met" for rule in rules),
        "next_step",
        "next_deadline",
        "working_days_left",
    )


def export_columns() -> tuple[str, ...]:
    return IMPORT_COLUMNS + EXTRA_COLUMNS + computed_columns() + FOLLOW_THROUGH_COLUMNS


# The dated steps, by column; each column is also the name the Code's date rules use.
DATE_COLUMNS = (
    "received",
    "issue_arose",
    "stage1_acknowledged",
    "stage1_responded",
    "stage2_requested",
    "stage2_acknowledged",
    "stage2_responded",
    "refused_on",
    "withdrawn_on",
    "closed_on",
)
REQUIRED_COLUMNS = ("resident_name", "received", "description")
# Where each text column is kept, by table and column, so that an import holds every cell to the
# rule the desk holds the same field to (store.text_fields).
TEXT_HOMES: dict[str, tuple[str, str]] = {
    "resident_name": ("resident", "name"),
    "address": ("resident", "address"),
    "resident_phone": ("resident", "phone"),
    "resident_email": ("resident", "email"),
    "property": ("complaint", "property_address"),
    "category": ("complaint", "category"),
    "description": ("complaint", "description"),
    "service_request": ("complaint", "service_request"),
    "refusal_reasons": ("complaint", "refusal_reasons"),
    "withdrawal_reason": ("complaint", "withdrawal_reason"),
    "learning": ("complaint", "learning"),
    "improvement": ("complaint", "improvement"),
    **{
        f"stage{stage}_{name}": ("stage", name)
        for stage in (1, 2)
        for name in ("handler", *STAGE_TEXTS)
    },
    **{
        f"stage{stage}_extension_{name}": ("stageextension", name)
        for stage in (1, 2)
        for name in ("reason", "good_reason")
    },
}
