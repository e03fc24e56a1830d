"""Deadlines in working days on China's calendar.

Weekends and public holidays are off; make-up working days (调休) on a weekend count.
Days are Asia/Shanghai local dates, whatever the server's time zone.

China's public holidays and make-up working days change every year: the State Council
announces the next year's schedule each autumn. They come from the ``chinese-calendar``
library (pinned in pyproject.toml), chosen over ``holidays`` because:

- it encodes each year's State Council schedule as data, the days off *and* the make-up
  working days (``chinese_calendar.holidays`` and ``chinese_calendar.workdays``): 2026 has
  Sunday 4 January, Saturdays 14 and 28 February, Saturday 9 May, Sunday 20 September and
  Saturday 10 October worked;
- it knows which years it covers (2004 to its newest schedule) and refuses the others, so
  the province can be told "the library does not know 2027 yet" and enter that year's days
  as overrides. ``holidays`` 0.109 has no category for China's make-up working days (they
  appear only inside the names of the days off, "substituted from 01/04/2026"), and for a
  year without a published schedule it silently extrapolates days off by weekend rules.

A :class:`WorkingCalendar` adds a deployment's own overrides (a day declared off, or worked)
on top of the library; an override always wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import chinese_calendar

from services.workflow.domain.errors import InvalidCalendarOverride

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
    """The end (23:59:59 Asia/Shanghai) of the ``days``-th working day after ``start``,
    with the given days off and make-up days only (:class:`WorkingCalendar` knows China's).

    The day of ``start`` itself does not count, as time limits run from the day after
    receipt: one working day from a Friday ends on Monday night.

    Raises ValueError when ``days`` is below 1 or ``start`` is naive.
    """
    return _nth_working_day_end(
        start, days, lambda day: is_working_day(day, holidays, makeup_workdays)
    )


def _nth_working_day_end(start: datetime, days: int, is_worked) -> datetime:
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    day = local_date(start)
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_worked(day):
            remaining -= 1
    return datetime.combine(day, END_OF_DAY, tzinfo=LOCAL_ZONE)


# China's calendar, from the library -------------------------------------------------------


@dataclass(frozen=True)
class HolidayPeriod:
    """Consecutive days off for one public holiday, weekends inside the break included."""

    first: date
    last: date
    #: The holiday's English name in the library ("Spring Festival").
    name: str

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class MakeupWorkday:
    """A weekend day worked in exchange for a day off around ``holiday`` (调休)."""

    day: date
    holiday: str


class PublicCalendar:
    """China's public holidays and make-up working days, for the years a source knows.

    :param holidays: every day off of the known years (weekends inside a break too),
        mapped to its holiday's name.
    :param workdays: every make-up working day, mapped to the holiday it makes up for.
    """

    def __init__(self, holidays: Mapping[date, str], workdays: Mapping[date, str]):
        self._holidays = dict(holidays)
        self._workdays = dict(workdays)
        years = {day.year for day in self._holidays}
        self.years = range(min(years), max(years) + 1) if years else range(0)

    def knows(self, year: int) -> bool:
        """Whether the source has the State Council's schedule for ``year``."""
        return year in self.years

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is worked; in a year the source does not know, Monday to Friday."""
        if day in self._workdays:
            return True
        return day.weekday() < 5 and day not in self._holidays

    def holiday_periods(self, year: int) -> list[HolidayPeriod]:
        """The breaks of ``year``, in order: runs of consecutive days off of one holiday."""
        periods: list[HolidayPeriod] = []
        for day in sorted(d for d in self._holidays if d.year == year):
            name = self._holidays[day]
            last = periods[-1] if periods else None
            if last and last.name == name and last.last == day - timedelta(days=1):
                periods[-1] = HolidayPeriod(last.first, day, name)
            else:
                periods.append(HolidayPeriod(day, day, name))
        return periods

    def makeup_workdays(self, year: int) -> list[MakeupWorkday]:
        """The make-up working days of ``year``, in order."""
        days = sorted(d for d in self._workdays if d.year == year)
        return [MakeupWorkday(day, self._workdays[day]) for day in days]


#: China's calendar as the pinned chinese-calendar release knows it.
CHINA = PublicCalendar(chinese_calendar.holidays, chinese_calendar.workdays)


def holiday_name(name: str, chinese: bool) -> str:
    """A library holiday name ("Spring Festival") in Chinese (春节) or as it is."""
    if not chinese:
        return name
    try:
        return chinese_calendar.Holiday(name).chinese
    except ValueError:
        return name


# A deployment's overrides ----------------------------------------------------------------

HOLIDAY = "holiday"
WORKDAY = "workday"
OVERRIDE_KINDS = (HOLIDAY, WORKDAY)
NOTE_MAX_LENGTH = 200
MIN_YEAR, MAX_YEAR = 2000, 2099
#: Who may change the calendar: it is one for the whole deployment (the province).
CALENDAR_EDITOR_ROLE = "province_admin"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_KEYS = frozenset({"day", "kind", "note"})


@dataclass(frozen=True)
class CalendarOverride:
    """A day this deployment declares off (``holiday``) or worked (``workday``), whatever
    the library says: for a year the library does not know yet, or a local decision."""

    day: date
    kind: str
    #: Why: the notice that set the day, say.
    note: str
    set_by: str
    set_at: datetime


@dataclass(frozen=True)
class OverrideInput:
    """A well-formed override request, not yet checked against what is stored."""

    day: date
    kind: str
    note: str


def may_edit_calendar(roles: Iterable[str]) -> bool:
    """Whether someone with ``roles`` may add or remove overrides."""
    return CALENDAR_EDITOR_ROLE in roles


def validate_override_input(data: Any) -> OverrideInput:
    """Build an override request from untrusted input (the API or the page's form).

    Raises InvalidCalendarOverride naming the first field that breaks a rule, and the rule.
    """
    if not isinstance(data, Mapping):
        raise InvalidCalendarOverride("override", "not_object")
    unknown = sorted(str(key) for key in data if key not in _KEYS)
    if unknown:
        raise InvalidCalendarOverride(unknown[0], "unknown_field")
    return OverrideInput(
        day=parse_day(data.get("day")), kind=_kind(data.get("kind")), note=_note(data.get("note"))
    )


def parse_day(value: Any) -> date:
    """A date written ``YYYY-MM-DD`` in a year from 2000 to 2099.

    Raises InvalidCalendarOverride for the field ``day`` otherwise.
    """
    if value is None or value == "":
        raise InvalidCalendarOverride("day", "required")
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value.strip()):
        raise InvalidCalendarOverride("day", "not_date", value)
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidCalendarOverride("day", "not_date", value) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InvalidCalendarOverride("day", "day_range", value)
    return day


def _kind(value: Any) -> str:
    if value is None or value == "":
        raise InvalidCalendarOverride("kind", "required")
    if value not in OVERRIDE_KINDS:
        raise InvalidCalendarOverride("kind", "unknown_kind", value)
    return value


def _note(value: Any) -> str:
    if value is None:
        raise InvalidCalendarOverride("note", "required")
    if not isinstance(value, str):
        raise InvalidCalendarOverride("note", "not_string")
    if not value.strip():
        raise InvalidCalendarOverride("note", "required")
    if len(value.strip()) > NOTE_MAX_LENGTH:
        raise InvalidCalendarOverride("note", "too_long", NOTE_MAX_LENGTH)
    return value.strip()


# The calendar deadlines are counted on ----------------------------------------------------


class WorkingCalendar:
    """China's working days as the library knows them, with a deployment's overrides on
    top: an override decides its day whatever the library says.

    :param overrides: the deployment's overrides (only those from the first day a
        computation looks at onwards are needed).
    :param public: the public calendar; China's from chinese-calendar by default.
    """

    def __init__(self, overrides: Iterable[CalendarOverride] = (), public: PublicCalendar = CHINA):
        self.public = public
        self.overrides = {override.day: override for override in overrides}

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is worked: its override's kind, else the library's answer (in a
        year the library does not know, Monday to Friday)."""
        override = self.overrides.get(day)
        if override is not None:
            return override.kind == WORKDAY
        return self.public.is_working_day(day)

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The end (23:59:59 Asia/Shanghai) of the ``days``-th working day after ``start``.

        The day of ``start`` itself does not count, as time limits run from the day after
        receipt: one working day from a Friday ends on Monday night.

        Raises ValueError when ``days`` is below 1 or ``start`` is naive.
        """
        return _nth_working_day_end(start, days, self.is_working_day)

    def working_days_between(self, start: date | datetime, end: date | datetime) -> int:
        """How many working days lie after ``start``, up to and including ``end`` (as
        :meth:`add_working_days` counts them); 0 when ``end`` is not after ``start``.

        Moments are read as their Asia/Shanghai dates. Raises ValueError for a naive one.
        """
        first, last = _as_local_date(start), _as_local_date(end)
        count, day = 0, first
        while day < last:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def extend(self, due_at: datetime, paused_from: datetime, paused_until: datetime) -> datetime:
        """The deadline after a pause of the clock (a suspension) from ``paused_from`` to
        ``paused_until``: ``due_at`` moved on by the working days the pause took, counted as
        :meth:`working_days_between` counts them (a pause within one day takes none).

        Raises ValueError when the pause ends before it starts, or a moment is naive.
        """
        if paused_until < paused_from:
            raise ValueError(f"a pause cannot end ({paused_until}) before it starts")
        lost = self.working_days_between(paused_from, paused_until)
        return self.add_working_days(due_at, lost) if lost else due_at

    def known_years(self) -> range:
        """The years whose public holidays the library knows."""
        return self.public.years

    def knows(self, year: int) -> bool:
        """Whether the library knows ``year``'s public holidays and make-up working days."""
        return self.public.knows(year)


def _as_local_date(value: date | datetime) -> date:
    return local_date(value) if isinstance(value, datetime) else value


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
