"""China's working-day calendar: the State Council's 2026 schedule as the library knows it
(Spring Festival 15–23 February, National Day 1–7 October, make-up working days on
weekends), the deployment's overrides on top of it, and pauses of the clock."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.workflow.domain.calendar import (
    CHINA,
    HOLIDAY,
    MAX_YEAR,
    WORKDAY,
    CalendarOverride,
    HolidayPeriod,
    WorkingCalendar,
    holiday_name,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALENDAR = WorkingCalendar()
#: The make-up working days of 2026 (国办发明电〔2025〕7号).
MAKEUP_2026 = [
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
]


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=SHANGHAI)


def override(day: date, kind: str) -> CalendarOverride:
    return CalendarOverride(day, kind, "test", "p-province", datetime(2026, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("day", "worked"),
    [
        (date(2026, 2, 16), False),  # Spring Festival, a Monday
        (date(2026, 2, 23), False),  # the last day of the break, a Monday
        (date(2026, 2, 24), True),
        (date(2026, 10, 7), False),  # National Day, a Wednesday
        (date(2026, 10, 8), True),
        (date(2026, 10, 11), False),  # an ordinary Sunday
    ],
)
def test_2026_public_holidays_are_off_and_ordinary_days_worked(day, worked):
    assert CALENDAR.is_working_day(day) is worked


@pytest.mark.parametrize("day", MAKEUP_2026)
def test_2026_make_up_working_days_on_weekends_are_worked(day):
    assert day.weekday() >= 5
    assert CALENDAR.is_working_day(day)


def test_library_lists_the_2026_make_up_working_days():
    assert [m.day for m in CHINA.makeup_workdays(2026)] == MAKEUP_2026


def test_spring_festival_and_national_day_2026_are_one_break_each():
    periods = CHINA.holiday_periods(2026)

    assert HolidayPeriod(date(2026, 2, 15), date(2026, 2, 23), "Spring Festival") in periods
    assert HolidayPeriod(date(2026, 10, 1), date(2026, 10, 7), "National Day") in periods
    assert [p.days for p in periods if p.name == "Spring Festival"] == [9]


def test_deadline_opened_before_spring_festival_falls_after_the_break():
    # Thursday 12 February: Friday 13 and the make-up Saturday 14 count, then 15–23 are off.
    due = CALENDAR.add_working_days(at(date(2026, 2, 12)), 5)

    assert due == end_of(date(2026, 2, 26))


def test_one_working_day_from_the_friday_before_spring_festival_is_the_make_up_saturday():
    assert CALENDAR.add_working_days(at(date(2026, 2, 13)), 1) == end_of(date(2026, 2, 14))


def test_deadline_across_national_day_counts_the_make_up_saturday():
    # Wednesday 30 September: 1–7 October off, then Thursday 8, Friday 9, Saturday 10.
    due = CALENDAR.add_working_days(at(date(2026, 9, 30)), 3)

    assert due == end_of(date(2026, 10, 10))


def test_new_years_make_up_sunday_counts_across_the_turn_of_the_year():
    # Wednesday 31 December 2025: 1–3 January off, Sunday 4 January worked.
    assert CALENDAR.add_working_days(at(date(2025, 12, 31)), 1) == end_of(date(2026, 1, 4))


def test_holiday_override_makes_a_working_monday_a_day_off():
    calendar = WorkingCalendar([override(date(2026, 11, 30), HOLIDAY)])

    due = calendar.add_working_days(at(date(2026, 11, 27)), 1)

    assert due == end_of(date(2026, 12, 1))


def test_workday_override_wins_over_the_librarys_holiday():
    calendar = WorkingCalendar([override(date(2026, 10, 2), WORKDAY)])

    assert calendar.is_working_day(date(2026, 10, 2))
    assert calendar.add_working_days(at(date(2026, 9, 30)), 1) == end_of(date(2026, 10, 2))


def test_holiday_override_wins_over_the_librarys_make_up_day():
    calendar = WorkingCalendar([override(date(2026, 10, 10), HOLIDAY)])

    assert not calendar.is_working_day(date(2026, 10, 10))


def test_library_knows_2026_but_not_the_far_future():
    assert CALENDAR.knows(2026) and 2026 in CALENDAR.known_years()
    assert not CALENDAR.knows(MAX_YEAR)
    assert CHINA.holiday_periods(MAX_YEAR) == [] and CHINA.makeup_workdays(MAX_YEAR) == []


def test_in_a_year_the_library_does_not_know_weekdays_work_until_overridden():
    # 8 February 2090 is a Wednesday.
    wednesday = date(2090, 2, 8)
    calendar = WorkingCalendar([override(wednesday, HOLIDAY)])

    assert CALENDAR.is_working_day(wednesday)
    assert not CALENDAR.is_working_day(date(2090, 2, 11))
    assert calendar.add_working_days(at(date(2090, 2, 7)), 1) == end_of(date(2090, 2, 9))


def test_working_days_between_counts_after_the_first_day_up_to_the_last():
    # 13 and 14 (make-up) February, then 24 and 25 after the break.
    assert CALENDAR.working_days_between(date(2026, 2, 12), date(2026, 2, 25)) == 4


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2026, 3, 3), date(2026, 3, 3)), (date(2026, 3, 5), date(2026, 3, 3))],
)
def test_working_days_between_a_day_and_itself_or_an_earlier_day_is_none(start, end):
    assert CALENDAR.working_days_between(start, end) == 0


def test_working_days_between_moments_counts_their_shanghai_dates():
    # 17:00 UTC on Thursday 12 February is already Friday 13 in Shanghai.
    start = datetime(2026, 2, 12, 17, 0, tzinfo=UTC)

    assert CALENDAR.working_days_between(start, at(date(2026, 2, 24))) == 2


def test_extend_adds_the_working_days_a_suspension_took():
    # Given a deadline on Wednesday 30 September, suspended from Monday 28 September to
    # Friday 9 October: 29 and 30 September and 8 and 9 October were lost
    due_at = end_of(date(2026, 9, 30))

    # When the clock is extended by the pause
    extended = CALENDAR.extend(due_at, at(date(2026, 9, 28)), at(date(2026, 10, 9), 15))

    # Then four working days after 30 September: 8, 9, 10 (make-up) and 12 October
    assert extended == end_of(date(2026, 10, 12))


def test_pause_within_one_day_or_over_a_weekend_extends_nothing():
    due_at = end_of(date(2026, 12, 4))

    assert CALENDAR.extend(due_at, at(date(2026, 11, 30), 9), at(date(2026, 11, 30), 17)) == due_at
    assert CALENDAR.extend(due_at, at(date(2026, 11, 27)), at(date(2026, 11, 29))) == due_at


def test_pause_that_ends_before_it_starts_is_refused():
    start = at(date(2026, 11, 30))

    with pytest.raises(ValueError, match="before it starts"):
        CALENDAR.extend(end_of(date(2026, 12, 4)), start, start - timedelta(hours=1))


@pytest.mark.parametrize("days", [0, -3])
def test_fewer_than_one_working_day_is_refused(days):
    with pytest.raises(ValueError, match="at least 1"):
        CALENDAR.add_working_days(at(date(2026, 3, 2)), days)


def test_naive_moment_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        CALENDAR.add_working_days(datetime(2026, 3, 2, 9, 0), 1)


def test_holiday_names_read_in_chinese_or_as_the_library_writes_them():
    assert holiday_name("Spring Festival", chinese=True) == "春节"
    assert holiday_name("National Day", chinese=False) == "National Day"
    assert holiday_name("Something new", chinese=True) == "Something new"
