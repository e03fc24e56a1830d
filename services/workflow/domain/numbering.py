"""Ticket numbers people can read out on the phone: county, local date, daily sequence."""

from __future__ import annotations

from datetime import datetime

from services.workflow.domain.calendar import local_date

MAX_SEQUENCE = 9999


def ticket_number(county_id: str, opened_at: datetime, sequence: int) -> str:
    """The number of a county's ``sequence``-th ticket of the Asia/Shanghai day of
    ``opened_at``: ``ticket_number("330102", <27 Nov 2026>, 7)`` gives "330102-20261127-0007".

    Raises ValueError for a blank county, a naive ``opened_at`` or a sequence outside
    1..9999.
    """
    if not county_id or not county_id.strip():
        raise ValueError("county_id must not be blank")
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise ValueError(f"sequence must be between 1 and {MAX_SEQUENCE}, got {sequence}")
    return f"{county_id}-{local_date(opened_at):%Y%m%d}-{sequence:04d}"
