"""Reports' read queries, straight from the read-model tables.

A viewer sees the counties in their own org subtree: the province all of them, a city its
counties, a county itself. Counties come from the areas read model, so a county without
tickets still has its row, and one whose announcement has not arrived yet has none.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import case, func, select

from services.reports.adapters.orm import areas, ticket_facts
from services.reports.domain.model import CLOSED, COUNTY, OPEN
from shared.db import in_subtree


@dataclass(frozen=True, kw_only=True)
class TicketCounts:
    """Tickets opened in an area, how many are still open or closed, and how many are
    open past their due time."""

    opened: int
    open: int
    closed: int
    overdue: int


@dataclass(frozen=True, kw_only=True)
class CountyTickets(TicketCounts):
    """One county's row of the tickets-by-county report, names in the viewer's language."""

    county_id: str
    county_name: str
    city_id: str | None
    city_name: str | None


def tickets_by_county(uow, scope_path: str, locale: str, now: datetime) -> list[CountyTickets]:
    """Ticket counts of every county at or below ``scope_path``, ordered by city.

    :param locale: "en" gives English names, any other locale Chinese ones.
    :param now: tickets open and due before this instant count as overdue.
    """
    county, city, facts = areas.alias("county"), areas.alias("city"), ticket_facts
    name = "name_en" if locale == "en" else "name"
    query = (
        select(
            county.c.id.label("county_id"),
            county.c[name].label("county_name"),
            city.c.id.label("city_id"),
            city.c[name].label("city_name"),
            func.count(facts.c.ticket_id).label("opened"),
            _count_where(facts.c.status == OPEN).label("open"),
            _count_where(facts.c.status == CLOSED).label("closed"),
            # The rule of TicketFact.is_overdue, counted in the database.
            _count_where((facts.c.status == OPEN) & (facts.c.due_at < now)).label("overdue"),
        )
        .select_from(county)
        .outerjoin(city, city.c.id == county.c.parent_id)
        .outerjoin(facts, facts.c.county_id == county.c.id)
        .where(county.c.kind == COUNTY, in_subtree(county.c.path, scope_path))
        .group_by(county.c.id, county.c[name], city.c.id, city.c[name], city.c.path)
        .order_by(city.c.path, county.c.id)
    )
    return [CountyTickets(**row) for row in uow.session.execute(query).mappings()]


def totals(rows: list[TicketCounts]) -> TicketCounts:
    """The sums of the rows' counts."""
    names = [field.name for field in fields(TicketCounts)]
    return TicketCounts(**{name: sum(getattr(row, name) for row in rows) for name in names})


def _count_where(condition):
    return func.sum(case((condition, 1), else_=0))
