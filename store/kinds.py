"""The fixed lists of the case file: statuses, decisions, channels, grounds."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    NOT_ACCEPTED = "not accepted"
    ESCALATION_REFUSED = "escalation refused"


class Decision(StrEnum):
    UPHELD = "upheld"
    PARTLY_UPHELD = "partly upheld"
    NOT_UPHELD = "not upheld"


class Channel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    IN_PERSON = "in person"
    WEBSITE = "website"
    SOCIAL_MEDIA = "social media"
    OTHER = "other"


class ContactMethod(StrEnum):
    LETTER = "letter"
    EMAIL = "email"
    PHONE = "phone"
    TEXT = "text message"


class RefusalGround(StrEnum):
    """The grounds the Code accepts for not taking a complaint, or for refusing to escalate it."""

    OVER_TWELVE_MONTHS = "the issue arose more than 12 months ago"
    LEGAL_PROCEEDINGS = "legal proceedings have started"
    ALREADY_CONSIDERED = "the matter has already been considered under the complaints policy"
    NOT_A_COMPLAINT = "it is a service request, not a complaint"


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


class LetterFormat(StrEnum):
    """How a resident needs their letters (5.10)."""

    STANDARD = "standard"
    LARGE_PRINT = "large print"
    EASY_READ = "easy read"
    BRAILLE = "braille"
    AUDIO = "audio"


class RemedyKind(StrEnum):
    """The ways of putting things right the Code lists (7.1)."""

    APOLOGY = "apology"
    ACKNOWLEDGEMENT = "acknowledging what went wrong"
    EXPLANATION = "explanation, assistance or reasons"
    DELAY = "action where there has been delay"
    RECONSIDERATION = "reconsidering or changing a decision"
    RECORD = "amending a record"
    FINANCIAL = "financial remedy"
    POLICY = "changing policy, procedure or practice"


class Tenure(StrEnum):
    """How the complainant holds their home from the landlord: the Tenant Satisfaction
    Measures count tenants only, split between rented and shared-ownership homes."""

    RENTED = "rented"
    SHARED_OWNERSHIP = "shared ownership"
    NOT_A_TENANT = "not a tenant of the landlord"
