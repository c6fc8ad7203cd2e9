"""The columns of a complaints spreadsheet: what an import reads and an export writes.

An export imports back: both use these names.
"""

from __future__ import annotations

from store.records import FOLLOW_THROUGH_COLUMNS

# The columns a tracker may have, as the issue of the import names them.
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
# Further recorded fields, exported so that nothing is lost when an export is imported back.
EXTRA_COLUMNS = (
    "status",
    "issue_arose",
    "channel",
    "property",
    "resident_phone",
    "resident_email",
    "preferred_contact",
    "stage1_handler",
    "stage1_decision",
    "stage2_handler",
    "stage2_decision",
    "service_request",
)
# Worked out from the rest: exported, and ignored without comment on import.
COMPUTED_COLUMNS = (
    "stage",
    "stage1_ack_due",
    "stage1_response_due",
    "stage2_ack_due",
    "stage2_response_due",
    "stage1_ack_met",
    "stage1_response_met",
    "stage2_ack_met",
    "stage2_response_met",
    "next_step",
    "next_deadline",
    "working_days_left",
)
EXPORT_COLUMNS = IMPORT_COLUMNS + EXTRA_COLUMNS + COMPUTED_COLUMNS + FOLLOW_THROUGH_COLUMNS
DATE_COLUMNS = {
    "received": "received",
    "issue_arose": "issue_arose",
    "stage1_acknowledged": "stage1_acknowledged",
    "stage1_responded": "stage1_responded",
    "stage2_requested": "stage2_requested",
    "stage2_acknowledged": "stage2_acknowledged",
    "stage2_responded": "stage2_responded",
}
