"""A ticket's deadline counts working days on China's calendar: the library's public
holidays and make-up working days, and the province's overrides from the moment they are
set."""

from datetime import datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def due(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 23, 59, 59, tzinfo=SHANGHAI)


def set_override(world, day: str, kind: str = "holiday") -> None:
    body = {"day": day, "kind": kind, "note": "test"}
    response = world.client("province").post("/workflow/api/calendar/overrides", json=body)
    assert response.status_code == 201, response.get_json()


def test_ticket_opened_before_national_day_is_due_after_the_holiday(world, submit):
    # Wednesday 30 September 2026; five working days: 8, 9, 10 (make-up Saturday), 12, 13.
    submit("ent-b", "sub-1", at=datetime(2026, 9, 30, 15, 0, tzinfo=SHANGHAI))

    assert world.ticket_of("sub-1").due_at == due(2026, 10, 13)


def test_ticket_opened_before_spring_festival_is_due_after_the_break(world, submit):
    # Friday 13 February 2026: Saturday 14 is worked, 15–23 are off.
    submit("ent-b", "sub-1", at=datetime(2026, 2, 13, 9, 0, tzinfo=SHANGHAI))

    assert world.ticket_of("sub-1").due_at == due(2026, 2, 27)


def test_province_holiday_override_moves_the_deadlines_of_tickets_opened_after_it(world, submit):
    # Given Monday 30 November 2026 declared a day off
    set_override(world, "2026-11-30")

    # When a ticket is opened on Friday 27 November (five working days)
    submit("ent-b", "sub-1", at=datetime(2026, 11, 27, 9, 30, tzinfo=SHANGHAI))

    # Then it is due on Monday 7 December instead of Friday 4 December
    assert world.ticket_of("sub-1").due_at == due(2026, 12, 7)


def test_overrides_enter_a_year_the_library_does_not_know(world, submit):
    # Given a made-up Spring Festival entered for 2090: Wednesday 8 to Tuesday 14 February
    # off, Saturday 18 February worked in exchange
    for day in (8, 9, 10, 13, 14):
        set_override(world, f"2090-02-{day:02d}")
    set_override(world, "2090-02-18", "workday")

    # When a ticket is opened on Tuesday 7 February 2090 (five working days)
    submit("ent-b", "sub-1", at=datetime(2090, 2, 7, 9, 0, tzinfo=SHANGHAI))

    # Then 15, 16, 17, the make-up 18 and 20 February count
    assert world.ticket_of("sub-1").due_at == due(2090, 2, 20)
