"""Deadlines in working days on the Chinese calendar.

Weekends and public holidays are off; make-up working days (调休) on a weekend count.
Days are Asia/Shanghai local dates, whatever the server's time zone.
"""

from __future__ import annotations

from collections.abc import Set
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Asia/Shanghai")
END_OF_DAY = time(23, 59, 59)


def local_date(moment: datetime) -> date:
    """The Asia/Shanghai date of ``moment``.

    Raises ValueError for a naive datetime, whose zone would be a guess.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got {moment!r}")
    return moment.astimezone(LOCAL_ZONE).date()


def is_working_day(
    day: date, holidays: Set[date] = frozenset(), makeup_workdays: Set[date] = frozenset()
) -> bool:
    """Whether ``day`` is worked: a weekday that is no holiday, or a make-up working day."""
    if day in makeup_workdays:
        return True
    return day.weekday() < 5 and day not in holidays


def add_working_days(
    start: datetime,
    days: int,
    holidays: Set[date] = frozenset(),
    makeup_workdays: Set[date] = frozenset(),
) -> datetime:
    """The end (23:59:59 Asia/Shanghai) of the ``days``-th working day after ``start``.

    The day of ``start`` itself does not count, as time limits run from the day after
    receipt: one working day from a Friday ends on Monday night.

    Raises ValueError when ``days`` is below 1 or ``start`` is naive.
    """
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    day = local_date(start)
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, holidays, makeup_workdays):
            remaining -= 1
    return datetime.combine(day, END_OF_DAY, tzinfo=LOCAL_ZONE)


OVERDUE = "overdue"
DUE_SOON = "due_soon"
#: How close a deadline must be to count as due soon.
DUE_SOON_WITHIN = timedelta(hours=48)


def deadline_state(due_at: datetime, now: datetime) -> str | None:
    """ "overdue" when ``now`` is past ``due_at``, "due_soon" when ``due_at`` is at most
    48 hours away, otherwise None. Both must be timezone-aware."""
    if now > due_at:
        return OVERDUE
    if due_at - now <= DUE_SOON_WITHIN:
        return DUE_SOON
    return None
