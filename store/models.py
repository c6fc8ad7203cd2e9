"""The case file's tables: a complaint, its resident, its stages, extensions and timeline."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Column, DateTime, Integer, Text, TypeDecorator, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from store.kinds import (
    Channel,
    ContactMethod,
    Decision,
    Direction,
    LetterFormat,
    RefusalGround,
    RemedyKind,
    Status,
    Tenure,
)


def utc_now() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment stored as UTC and read back timezone-aware (SQLite itself keeps no offset)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, _dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("A timestamp must carry its timezone.")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, _dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Setting(SQLModel, table=True):
    key: str = Field(primary_key=True)
    value: str = Field(sa_column=Column(Text, nullable=False))


class ResidentBase(SQLModel):
    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    preferred_contact: ContactMethod = ContactMethod.LETTER


class Resident(ResidentBase, table=True):
    id: int | None = Field(default=None, primary_key=True)


class ComplaintBase(SQLModel):
    property_address: str = ""
    channel: Channel = Channel.OTHER
    category: str = ""
    description: str
    received_on: date
    issue_arose_on: date | None = None
    """When the issue arose or the resident became aware of it (the 12-month rule, 2.3)."""
    service_request: str = Field(default="", sa_column_kwargs={"server_default": ""})
    """The reference of the service request the complaint is about (1.4, 1.5)."""
    tenure: Tenure = Field(default=Tenure.RENTED, sa_column_kwargs={"server_default": "RENTED"})


# Each change to a complaint raises its version; a change made to a version that is no longer the
# file's is refused (the UPDATE names the version it read), so no save overwrites another's.
_VERSION = Column("version", Integer, nullable=False, default=1, server_default=text("1"))


class Complaint(ComplaintBase, table=True):
    __mapper_args__ = {"version_id_col": _VERSION, "version_id_generator": False}

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column=_VERSION)
    reference: str = Field(unique=True, index=True)
    resident_id: int = Field(foreign_key="resident.id", index=True)
    status: Status = Field(default=Status.OPEN, index=True)
    refused_on: date | None = None
    refusal_ground: RefusalGround | None = None
    refusal_reasons: str = ""
    withdrawn_on: date | None = None
    withdrawal_reason: str = ""
    closed_on: date | None = None
    related_to_id: int | None = Field(default=None, foreign_key="complaint.id", index=True)
    """The complaint this one was raised from, as a new issue during it (6.8)."""
    learning: str = Field(default="", sa_column_kwargs={"server_default": ""})
    """What was learned, recorded on closing (9.1) ..."""
    improvement: str = Field(default="", sa_column_kwargs={"server_default": ""})
    """... and the service improvement it led to."""
    voided_on: date | None = None
    """Logged by mistake: kept for the record, left out of every list, letter and figure."""
    void_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})


class ComplaintCreate(ComplaintBase):
    """What the officer types at intake: the complaint and who made it."""

    resident: ResidentBase
    reference: str | None = None
    related_to_id: int | None = None


class Stage(SQLModel, table=True):
    """One stage of a complaint: its handler, definition (5.6, 5.7), acknowledgement, response."""

    __table_args__ = (UniqueConstraint("complaint_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id", index=True)
    number: int
    requested_on: date | None = None
    """Stage 2 only: when the resident asked to escalate."""
    handler: str = ""
    handler_role: str = Field(default="", sa_column_kwargs={"server_default": ""})
    """The handler's role, under their name when they sign the stage's letters."""
    acknowledged_on: date | None = None
    understanding: str = ""
    outcomes_sought: str = ""
    responsible_for: str = ""
    not_responsible_for: str = ""
    clarification_asked: str = ""
    responded_on: date | None = None
    decision: Decision | None = None
    upheld_parts: str = Field(default="", sa_column_kwargs={"server_default": ""})
    """What was upheld, when the complaint is partly upheld."""
    reasons: str = ""
    remedy: str = ""


class StageExtension(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id", index=True)
    stage: int
    agreed_on: date | None = None
    working_days: int
    reason: str
    good_reason: str = ""
    """Required when the stage's extensions add up to more than the Code's cap (6.4, 6.15)."""
    update_interval_days: int | None = None
    """Working days between updates to the resident while the response is late (5.9)."""


class OutstandingAction(SQLModel, table=True):
    """Something promised in a response, tracked until done (6.6, 6.17, 7.3)."""

    __tablename__ = "outstanding_action"

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id", index=True)
    stage: int
    what: str
    who: str = ""
    due_on: date | None = None
    done_on: date | None = None
    voided_on: date | None = None
    void_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Representative(SQLModel, table=True):
    """Someone acting for the resident (3.6): letters go to them."""

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id", unique=True)
    name: str
    relationship: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    authority_confirmed_on: date | None = None
    voided_on: date | None = None
    void_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Correspondence(SQLModel, table=True):
    """A call, email or letter to or from the resident or others (5.12)."""

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id", index=True)
    dated: date
    direction: Direction
    channel: Channel
    summary: str
    document: str = ""
    """Where the attached document, or the letter made, is kept."""
    voided_on: date | None = None
    void_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Adjustment(SQLModel, table=True):
    """A reasonable adjustment agreed, or a disability disclosed, for a resident (5.10)."""

    id: int | None = Field(default=None, primary_key=True)
    resident_id: int = Field(foreign_key="resident.id", index=True)
    need: str
    letter_format: LetterFormat = LetterFormat.STANDARD
    agreed_on: date
    review_on: date | None = None
    ended_on: date | None = None
    voided_on: date | None = None
    void_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Restriction(SQLModel, table=True):
    """A restriction on contact for unacceptable behaviour (5.14, 5.15)."""

    id: int | None = Field(default=None, primary_key=True)
    resident_id: int = Field(foreign_key="resident.id", index=True)
    reason: str
    restriction: str
    started_on: date
    review_on: date | None = None
    ended_on: date | None = None
    voided_on: date | None = None
    void_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Remedy(SQLModel, table=True):
    """A remedy offered (7.1 to 7.4), followed through to completion; amounts in pence."""

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id", index=True)
    kind: RemedyKind
    offered: str
    offered_on: date
    amount_offered: int | None = None
    accepted_on: date | None = None
    amount_paid: int | None = None
    paid_on: date | None = None
    voided_on: date | None = None
    void_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})


class OmbudsmanCase(SQLModel, table=True):
    """The complaint at the Housing Ombudsman: referral, case number, determination."""

    __tablename__ = "ombudsman_case"

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id", unique=True)
    referred_on: date
    case_number: str = ""
    determined_on: date | None = None
    determination: str = ""
    """The findings, including any finding of maladministration or non-compliance."""
    voided_on: date | None = None
    void_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})


class OmbudsmanOrder(SQLModel, table=True):
    """An order of the Ombudsman, with its deadline and when it was complied with."""

    __tablename__ = "ombudsman_order"

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id", index=True)
    requirement: str
    due_on: date | None = None
    complied_on: date | None = None
    voided_on: date | None = None
    void_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Event(SQLModel, table=True):
    """One line of the complaint's timeline: the Code's full record (5.12)."""

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id", index=True)
    at: datetime = Field(default_factory=utc_now, sa_column=Column(UTCDateTime, nullable=False))
    kind: str
    summary: str = Field(sa_column=Column(Text, nullable=False))
    actor: str = Field(default="", sa_column_kwargs={"server_default": ""})
    """Who did it: the officer's name on the desk, else the account the command ran as."""
