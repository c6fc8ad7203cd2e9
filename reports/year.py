"""The reporting year, 1 April to 31 March, and its quarters; and figures as they are published."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from store.formats import long_date


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    """The last day, included."""

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def label(self) -> str:
        return f"{long_date(self.start)} to {long_date(self.end)}"


@dataclass(frozen=True)
class ReportingYear(Period):
    """`ReportingYear.of(2025)` runs from 1 April 2025 to 31 March 2026."""

    @classmethod
    def of(cls, year: int) -> ReportingYear:
        return cls(date(year, 4, 1), date(year + 1, 3, 31))

    @classmethod
    def containing(cls, day: date) -> ReportingYear:
        return cls.of(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def last_ended(cls, today: date) -> ReportingYear:
        """The year the reports are about unless told otherwise: the last to have ended."""
        return cls.of(cls.containing(today).start.year - 1)

    @property
    def name(self) -> str:
        """ "2025-26", as the Regulator names a year."""
        return f"{self.start.year}-{(self.start.year + 1) % 100:02d}"

    @property
    def quarters(self) -> tuple[Period, ...]:
        return tuple(quarter_of(self.start, number) for number in range(4))


def quarter_of(start: date, number: int) -> Period:
    """The `number`th quarter (from 0) of the year starting on `start`."""
    month = start.month + 3 * number
    first = date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    following = 3 + first.month
    after = date(first.year + (following - 1) // 12, (following - 1) % 12 + 1, 1)
    return Period(first, after - timedelta(days=1))


def last_full_quarter(today: date) -> Period:
    """The latest quarter of the financial year that has ended by `today`."""
    year = ReportingYear.containing(today)
    ended = [quarter for quarter in year.quarters if quarter.end < today]
    if ended:
        return ended[-1]
    return ReportingYear.of(year.start.year - 1).quarters[-1]


def one_place(numerator: int, denominator: int, scale: int) -> Decimal | None:
    """numerator / denominator x scale to one decimal place, rounded half up (6.25 is 6.3, which
    Python's round() makes 6.2); None when there is nothing to divide by."""
    if denominator <= 0:
        return None
    exact = Decimal(numerator) * scale / Decimal(denominator)
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
