"""Deadlines in working days: weekends and public holidays off, make-up days on,
counted on Asia/Shanghai dates and due at the end of the day."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.workflow.domain.calendar import add_working_days

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: A Friday morning in Hangzhou.
FRIDAY = datetime(2026, 11, 27, 9, 0, tzinfo=SHANGHAI)
#: A made-up National Day week: Thursday 1 to Wednesday 7 October 2026 off,
#: with Saturday 10 October worked in exchange.
NATIONAL_DAY = {date(2026, 10, 1) + timedelta(days=n) for n in range(7)}
MAKEUP_SATURDAY = date(2026, 10, 10)
DAY_BEFORE_HOLIDAY = datetime(2026, 9, 30, 15, 0, tzinfo=SHANGHAI)


def test_one_working_day_from_a_friday_is_due_on_monday_night():
    due = add_working_days(FRIDAY, 1)

    assert due == datetime(2026, 11, 30, 23, 59, 59, tzinfo=SHANGHAI)


def test_due_time_is_timezone_aware_end_of_day_in_shanghai():
    due = add_working_days(FRIDAY, 1)

    assert due.utcoffset() == timedelta(hours=8)
    assert due.astimezone(UTC) == datetime(2026, 11, 30, 15, 59, 59, tzinfo=UTC)


def test_five_working_days_span_one_weekend():
    due = add_working_days(FRIDAY, 5)

    assert due.date() == date(2026, 12, 4)


def test_start_on_a_weekend_counts_from_monday():
    saturday = datetime(2026, 11, 28, 20, 0, tzinfo=SHANGHAI)

    assert add_working_days(saturday, 1).date() == date(2026, 11, 30)


def test_start_is_read_on_the_shanghai_date_not_the_utc_date():
    # 17:00 UTC on Thursday is already 01:00 on Friday in Shanghai.
    thursday_utc = datetime(2026, 11, 26, 17, 0, tzinfo=UTC)

    assert add_working_days(thursday_utc, 1).date() == date(2026, 11, 30)


def test_public_holidays_are_skipped():
    due = add_working_days(DAY_BEFORE_HOLIDAY, 1, holidays=NATIONAL_DAY)

    assert due.date() == date(2026, 10, 8)


def test_make_up_working_day_on_a_saturday_counts():
    due = add_working_days(
        DAY_BEFORE_HOLIDAY, 3, holidays=NATIONAL_DAY, makeup_workdays={MAKEUP_SATURDAY}
    )

    assert due.date() == MAKEUP_SATURDAY


def test_without_the_make_up_day_the_saturday_is_off():
    due = add_working_days(DAY_BEFORE_HOLIDAY, 3, holidays=NATIONAL_DAY)

    assert due.date() == date(2026, 10, 12)


def test_holiday_on_a_weekend_changes_nothing():
    sunday_holiday = {date(2026, 11, 29)}

    assert add_working_days(FRIDAY, 1, holidays=sunday_holiday).date() == date(2026, 11, 30)


@pytest.mark.parametrize("days", [0, -1])
def test_fewer_than_one_working_day_is_refused(days):
    with pytest.raises(ValueError, match="at least 1"):
        add_working_days(FRIDAY, days)


def test_naive_start_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_days(datetime(2026, 11, 27, 9, 0), 1)
