"""One read of a complaint: the desk's row and the complaint's own screen say the same of it,
and a record voided as entered by mistake is in neither."""

from __future__ import annotations

from datetime import date

from store.case import Case, load_case
from store.db import Store
from store.follow_through import record_letter, save_record
from store.kinds import LetterFormat
from store.listing import load_rows
from store.records import RECORDS
from store.voiding import void_record
from tests.factories import TODAY, logged
from tests.pilot import desk, desk_rows, rendered


def adjusted_and_written_to(store: Store) -> Case:
    with store.session() as session:
        case = logged(session, received=date(2026, 11, 20))
        case = save_record(
            session,
            RECORDS["adjustment"],
            case.id,
            today=TODAY,
            values={
                "need": "Sight loss",
                "letter_format": LetterFormat.LARGE_PRINT,
                "agreed_on": date(2026, 11, 20),
            },
        )
        return record_letter(
            session, case, title="stage 1 acknowledgement", path="/letters/a.docx", today=TODAY
        )


def test_the_complaint_and_the_list_read_the_same_row(store: Store) -> None:
    case = adjusted_and_written_to(store)
    with store.connect() as db:
        (listed,) = load_rows(db)
    assert case.row == listed
    assert listed.adjustments and listed.last_sent == TODAY


def test_a_voided_record_is_in_no_row(store: Store) -> None:
    case = adjusted_and_written_to(store)
    with store.session() as session:
        for key in ("adjustment", "correspondence"):
            (record,) = load_case(session, case.id).records[key]
            case = void_record(
                session,
                RECORDS[key],
                case.id,
                record.id,
                reason="Entered on the wrong complaint.",
                by="Priya Shah",
                today=TODAY,
            )
    with store.connect() as db:
        (listed,) = load_rows(db)
    assert not listed.adjustments and listed.last_sent is None
    assert case.row == listed
    assert case.records["adjustment"] == () and case.records["correspondence"] == ()


async def test_the_desk_and_the_complaint_show_the_same_flags(store: Store) -> None:
    case = adjusted_and_written_to(store)
    app = desk(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "adjustments" in desk_rows(app)[0][-1]
        await pilot.press("enter")
        await pilot.pause()
        assert "Flags" in rendered(app, "#details")
        assert "adjustments" in rendered(app, "#details")
        with store.session() as session:
            (record,) = load_case(session, case.id).records["adjustment"]
            void_record(
                session,
                RECORDS["adjustment"],
                case.id,
                record.id,
                reason="Entered on the wrong complaint.",
                by="Priya Shah",
                today=TODAY,
            )
        app.office.changed()
        await pilot.press("escape")
        await pilot.pause(0.3)
        assert "adjustments" not in desk_rows(app)[0][-1]
        await pilot.press("enter")
        await pilot.pause()
        assert "adjustments" not in rendered(app, "#details")
