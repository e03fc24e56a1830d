"""The read model's rows: the areas (province, city, county) and one fact per ticket.

Org paths are the org unit ids from the province down, joined by "/"
("33/3301/330102"); a county's city is the second id of its path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

PROVINCE = "province"
CITY = "city"
COUNTY = "county"
#: The org unit kinds a report groups by; departments are not areas.
AREA_KINDS = frozenset({PROVINCE, CITY, COUNTY})

OPEN = "open"
CLOSED = "closed"


@dataclass
class Area:
    """A province, city or county that reports count tickets under."""

    id: str
    name: str
    name_en: str
    kind: str
    path: str
    parent_id: str | None = None


@dataclass
class TicketFact:
    """What reports know of one ticket: where it belongs, when it opened, whether it is done.

    Times are kept in UTC.
    """

    ticket_id: str
    county_id: str
    city_id: str | None
    org_path: str
    opened_at: datetime
    due_at: datetime | None = None
    status: str = OPEN
    closed_at: datetime | None = None

    @classmethod
    def opened(
        cls,
        ticket_id: str,
        county_id: str,
        org_path: str,
        opened_at: datetime,
        due_at: datetime | None,
    ) -> TicketFact:
        """The fact of a newly opened ticket, its city taken from its org path.

        :raises ValueError: if the org path is malformed or does not pass through the county.
        """
        if county_id not in org_path.split("/"):
            raise ValueError(f"org path {org_path!r} does not pass through county {county_id!r}")
        return cls(
            ticket_id=ticket_id,
            county_id=county_id,
            city_id=city_id_of(org_path),
            org_path=org_path,
            opened_at=as_utc(opened_at),
            due_at=as_utc(due_at),
        )

    def close(self, at: datetime) -> None:
        """Mark the ticket written off at ``at``; a closed ticket keeps its first closing."""
        if self.status == CLOSED:
            return
        self.status = CLOSED
        self.closed_at = as_utc(at)

    def is_overdue(self, now: datetime) -> bool:
        """True when the ticket is still open after its due time (``views`` counts the same
        rule in SQL)."""
        return self.status == OPEN and self.due_at is not None and self.due_at < now


def city_id_of(org_path: str) -> str | None:
    """The city's id in an org path ("33/3301/330102" → "3301"); None above city level.

    :raises ValueError: if the path has an empty segment ("33//330102", "/3301").
    """
    segments = org_path.split("/")
    if not all(segments):
        raise ValueError(f"malformed org path {org_path!r}")
    return segments[1] if len(segments) > 1 else None


def as_utc(moment: datetime | None) -> datetime | None:
    """The same instant in UTC, so that stored times compare correctly on every database."""
    return moment.astimezone(UTC) if moment is not None else None
