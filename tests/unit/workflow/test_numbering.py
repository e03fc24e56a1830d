"""Ticket numbers: county, Asia/Shanghai date, four-digit daily sequence."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from services.workflow.domain.numbering import ticket_number

SHANGHAI = ZoneInfo("Asia/Shanghai")
OPENED_AT = datetime(2026, 11, 27, 10, 15, tzinfo=SHANGHAI)


def test_number_joins_county_date_and_padded_sequence():
    assert ticket_number("330102", OPENED_AT, 7) == "330102-20261127-0007"


def test_number_takes_the_shanghai_date_of_a_utc_moment():
    # 16:30 UTC on the 26th is 00:30 on the 27th in Shanghai.
    opened_at = datetime(2026, 11, 26, 16, 30, tzinfo=UTC)

    assert ticket_number("330102", opened_at, 1) == "330102-20261127-0001"


def test_largest_daily_sequence_keeps_four_digits():
    assert ticket_number("330102", OPENED_AT, 9999) == "330102-20261127-9999"


@pytest.mark.parametrize("sequence", [0, -3, 10000])
def test_sequence_outside_one_to_9999_is_refused(sequence):
    with pytest.raises(ValueError, match="sequence"):
        ticket_number("330102", OPENED_AT, sequence)


@pytest.mark.parametrize("county_id", ["", "  "])
def test_blank_county_is_refused(county_id):
    with pytest.raises(ValueError, match="county_id"):
        ticket_number(county_id, OPENED_AT, 1)


def test_naive_opening_time_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        ticket_number("330102", datetime(2026, 11, 27, 10, 15), 1)
