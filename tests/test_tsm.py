"""The Tenant Satisfaction Measures on complaints, on hand-worked cases (code-rules.md section 5).

Every due date below is counted by hand from the bank holidays of England: Good Friday 18 April
and Easter Monday 21 April 2025; Christmas Day, Boxing Day and New Year's Day 2025-26.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import Session

from reports.tsm import Measures, measure
from reports.year import ReportingYear, one_place
from store.clock import WorkingCalendar
from store.db import Store
from store.defining import Definition, acknowledge
from store.kinds import Decision, RefusalGround, Tenure
from store.listing import load_rows
from store.responding import Answer, respond
from store.settings import Settings
from store.steps import escalate, extend, refuse, withdraw
from tests.factories import TODAY, logged

YEAR = ReportingYear.of(2025)
SETTINGS = Settings(homes_rented=160, homes_shared_ownership=40)


def acknowledged(session: Session, received: date, on: date, **fields: object) -> int:
    case = logged(session, received=received, **fields)
    assert case.id is not None
    acknowledge(session, case.id, on=on, definition=Definition("You say.", "A fix."), today=TODAY)
    return case.id


def answered(session: Session, complaint_id: int, on: date) -> None:
    respond(
        session,
        complaint_id,
        on=on,
        answer=Answer(Decision.NOT_UPHELD, "The repair was done on time."),
        today=TODAY,
    )


def measured(store: Store, calendar: WorkingCalendar, settings: Settings = SETTINGS) -> Measures:
    with store.connect() as db:
        return measure(load_rows(db), settings, calendar, YEAR)


@pytest.mark.parametrize(
    ("numerator", "denominator", "scale", "shown"),
    [(1, 160, 1000, "6.3"), (1, 8, 50, "6.3"), (2, 3, 100, "66.7"), (1, 3, 100, "33.3")],
)
def test_values_are_rounded_half_up(
    numerator: int, denominator: int, scale: int, shown: str
) -> None:
    assert str(one_place(numerator, denominator, scale)) == shown
    assert round(6.25, 1) == 6.2  # what Python's own rounding would have published


def test_nothing_to_divide_by_is_not_computable(store: Store, calendar: WorkingCalendar) -> None:
    figures = measured(store, calendar, Settings())
    assert figures.measures["CH01-1"]["all"].value is None
    assert figures.measures["CH02-1"]["rented"].shown() == "not computable"
    assert figures.to_json()["measures"]["CH02-2"]["all"]["value"] == "not computable"


def test_ch01_counts_the_year_from_its_first_day_to_its_last(
    store: Store, calendar: WorkingCalendar
) -> None:
    with store.session() as session:
        for received in (date(2025, 3, 31), date(2025, 4, 1), date(2026, 3, 31), date(2026, 4, 1)):
            logged(session, received=received)
        logged(session, received=date(2025, 6, 2), tenure=Tenure.SHARED_OWNERSHIP)
        logged(session, received=date(2025, 6, 3), tenure=Tenure.NOT_A_TENANT)
    figures = measured(store, calendar)
    rented = figures.measures["CH01-1"]["rented"]
    assert (rented.numerator, rented.denominator, rented.value) == (2, 160, Decimal("12.5"))
    shared = figures.measures["CH01-1"]["shared_ownership"]
    assert (shared.numerator, shared.denominator, shared.value) == (1, 40, Decimal("25.0"))
    every = figures.measures["CH01-1"]["all"]
    assert (every.numerator, every.denominator, every.value) == (3, 200, Decimal("15.0"))
    assert figures.left_out.not_a_tenant == 1


def test_ch02_across_easter_and_christmas(store: Store, calendar: WorkingCalendar) -> None:
    with store.session() as session:
        # Acknowledged Monday 14 April 2025: due Wednesday 30 April, Easter skipped.
        easter_met = acknowledged(session, date(2025, 4, 10), date(2025, 4, 14))
        answered(session, easter_met, date(2025, 4, 30))
        easter_missed = acknowledged(session, date(2025, 4, 10), date(2025, 4, 14))
        answered(session, easter_missed, date(2025, 5, 1))
        # Acknowledged Wednesday 17 December 2025: due Monday 5 January 2026.
        christmas_met = acknowledged(session, date(2025, 12, 15), date(2025, 12, 17))
        answered(session, christmas_met, date(2026, 1, 5))
        christmas_missed = acknowledged(session, date(2025, 12, 15), date(2025, 12, 17))
        answered(session, christmas_missed, date(2026, 1, 6))
    ch02 = measured(store, calendar).measures["CH02-1"]["rented"]
    assert (ch02.numerator, ch02.denominator, ch02.value) == (2, 4, Decimal("50.0"))


def test_ch02_counts_extensions_agreed_in_time_and_not_those_agreed_late(
    store: Store, calendar: WorkingCalendar
) -> None:
    with store.session() as session:
        # Acknowledged Tuesday 1 July 2025: due Tuesday 15 July.
        within = acknowledged(session, date(2025, 6, 30), date(2025, 7, 1))
        extend(
            session,
            within,
            agreed_on=date(2025, 7, 10),
            working_days=5,
            reason="A survey is booked.",
            today=TODAY,
            calendar=calendar,
        )
        answered(session, within, date(2025, 7, 22))  # due 22 July with 5 more days: met
        beyond = acknowledged(session, date(2025, 6, 30), date(2025, 7, 1))
        extend(
            session,
            beyond,
            agreed_on=date(2025, 7, 10),
            working_days=15,
            reason="A survey is booked.",
            good_reason="The specialist's first visit is in August.",
            today=TODAY,
            calendar=calendar,
        )
        answered(session, beyond, date(2025, 8, 5))  # due 5 August with 15 more days: met
        late = acknowledged(session, date(2025, 6, 30), date(2025, 7, 1))
        extend(
            session,
            late,
            agreed_on=date(2025, 7, 16),  # the day after the deadline it extends
            working_days=5,
            reason="A survey is booked.",
            today=TODAY,
            calendar=calendar,
        )
        answered(session, late, date(2025, 7, 21))  # within the new date, but still late
    ch02 = measured(store, calendar).measures["CH02-1"]["all"]
    assert (ch02.numerator, ch02.denominator, ch02.value) == (2, 3, Decimal("66.7"))


def test_responses_after_the_year_end_are_left_out_and_the_overdue_named(
    store: Store, calendar: WorkingCalendar
) -> None:
    with store.session() as session:
        # Acknowledged 23 March 2026: due 8 April, after the year's end; answered 2 April.
        in_time = acknowledged(session, date(2026, 3, 20), date(2026, 3, 23))
        answered(session, in_time, date(2026, 4, 2))
        # Acknowledged 2 March 2026: due 16 March; still unanswered on 31 March.
        overdue = acknowledged(session, date(2026, 2, 27), date(2026, 3, 2))
        answered(session, overdue, date(2026, 4, 9))
        refused_id = acknowledged(session, date(2025, 5, 1), date(2025, 5, 2))
        answered(session, refused_id, date(2025, 5, 9))
        refuse(
            session,
            refused_id,
            on=date(2025, 5, 20),
            ground=RefusalGround.ALREADY_CONSIDERED,
            reasons="Answered in full.",
            escalation_requested_on=date(2025, 5, 19),
            today=TODAY,
        )
        gone = acknowledged(session, date(2025, 9, 1), date(2025, 9, 2))
        withdraw(session, gone, on=date(2025, 9, 5), today=TODAY)
        not_accepted = logged(session, received=date(2025, 10, 1))
        assert not_accepted.id is not None
        refuse(
            session,
            not_accepted.id,
            on=date(2025, 10, 2),
            ground=RefusalGround.NOT_A_COMPLAINT,
            reasons="A request for a repair.",
            today=TODAY,
        )
    figures = measured(store, calendar)
    ch02 = figures.measures["CH02-1"]["all"]
    assert (ch02.numerator, ch02.denominator) == (1, 1)  # only the one answered in the year
    left = figures.left_out
    assert (left.not_accepted, left.escalation_refused, left.withdrawn) == (1, 1, 1)
    assert left.not_sent == {1: 2, 2: 0}
    [named] = left.overdue
    assert (named.stage, named.due) == (1, date(2026, 3, 16))
    assert any(
        line.startswith(f"Overdue at the year's end: {named.reference}, stage 1, due 16 March 2026")
        for line in left.sentences()
    )
    # The withdrawn and the not accepted are not complaints received for CH01; the one whose
    # escalation was refused was still a stage 1 complaint.
    assert figures.measures["CH01-1"]["all"].numerator == 3
    assert figures.measures["CH01-2"]["all"].numerator == 0


def test_stage_2_measures(store: Store, calendar: WorkingCalendar) -> None:
    with store.session() as session:
        first = acknowledged(session, date(2025, 5, 1), date(2025, 5, 2), handler="Sam One")
        answered(session, first, date(2025, 5, 9))
        escalate(session, first, requested_on=date(2025, 5, 12), handler="Jo Two", today=TODAY)
        # Stage 2 acknowledged Wednesday 14 May: due 20 working days later, Thursday 12 June
        # (Monday 26 May is the spring bank holiday).
        acknowledge(
            session, first, on=date(2025, 5, 14), definition=Definition("You.", "Fix."), today=TODAY
        )
        answered(session, first, date(2025, 6, 12))
        late = acknowledged(session, date(2025, 5, 1), date(2025, 5, 2), handler="Sam One")
        answered(session, late, date(2025, 5, 9))
        escalate(session, late, requested_on=date(2025, 5, 12), handler="Jo Two", today=TODAY)
        acknowledge(
            session, late, on=date(2025, 5, 14), definition=Definition("You.", "Fix."), today=TODAY
        )
        answered(session, late, date(2025, 6, 13))
    figures = measured(store, calendar)
    assert figures.measures["CH01-2"]["rented"].numerator == 2
    ch02 = figures.measures["CH02-2"]["rented"]
    assert (ch02.numerator, ch02.denominator, ch02.value) == (1, 2, Decimal("50.0"))


def test_the_json_shape(store: Store, calendar: WorkingCalendar) -> None:
    with store.session() as session:
        logged(session, received=date(2025, 6, 2))
    shape = measured(store, calendar).to_json()
    assert (shape["year"], shape["from"], shape["to"]) == ("2025-26", "2025-04-01", "2026-03-31")
    assert shape["homes"] == {"rented": 160, "shared_ownership": 40, "all": 200}
    assert set(shape["measures"]) == {"CH01-1", "CH01-2", "CH02-1", "CH02-2"}
    assert shape["measures"]["CH01-1"]["rented"] == {
        "numerator": 1,
        "denominator": 160,
        "value": 6.3,
    }
    assert "left_out" in shape
    json.dumps(shape)


def test_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cli.main import main

    db = tmp_path / "c.sqlite3"
    assert main(["demo", "--complaints", "60", "--db", str(db)]) == 0
    assert main(["settings", "set", "homes_rented", "480", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["report", "tsm", "--year", "2025", "--format", "json", "--db", str(db)]) == 0
    shape = json.loads(capsys.readouterr().out)
    assert shape["homes"]["rented"] == 480
    assert main(["report", "tsm", "--year", "2025", "--format", "csv", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "measure,group,numerator,denominator,value"
    assert len(lines) == 13
    assert main(["settings", "set", "homes_rented", "many", "--db", str(db)]) == 1
    assert "'many' is not a whole number" in capsys.readouterr().err
    assert main(["settings", "--db", str(db)]) == 0
    assert "homes_rented               480" in capsys.readouterr().out


def test_tenure_comes_in_and_goes_out_with_a_spreadsheet(
    store: Store, calendar: WorkingCalendar, tmp_path: Path
) -> None:
    from store.export import export_records
    from store.transfer import import_csv

    sheet = tmp_path / "tracker.csv"
    sheet.write_text(
        "resident_name,received,description,tenure\n"
        "Ann Renter,2025-06-02,The tap leaks.,\n"
        "Bo Sharer,2025-06-03,The roof leaks.,shared ownership\n"
        "Cy Neighbour,2025-06-04,The noise.,not a tenant of the landlord\n"
    )
    with store.session() as session:
        import_csv(session, sheet, today=TODAY)
    with store.connect() as db:
        exported = {r["resident_name"]: r["tenure"] for r in export_records(db, calendar, TODAY)}
    assert exported == {
        "Ann Renter": "rented",
        "Bo Sharer": "shared ownership",
        "Cy Neighbour": "not a tenant of the landlord",
    }
    figures = measured(store, calendar)
    assert figures.measures["CH01-1"]["shared_ownership"].numerator == 1
    assert figures.left_out.not_a_tenant == 1
