"""Reports' event handlers: they keep the read models; the consumer commits."""

from __future__ import annotations

from services.reports.domain.errors import TicketNotOpenedYet
from services.reports.domain.model import AREA_KINDS, Area, TicketFact
from shared.messaging.envelope import InvalidMessage

#: The fields of ``workflow.ticket.opened`` a ticket fact keeps.
_OPENED_FIELDS = ("ticket_id", "county_id", "org_path", "opened_at", "due_at")


def record_area(envelope: dict, data: dict, uow) -> None:
    """Keep a new province, city or county as an area; departments are not areas."""
    if data["kind"] not in AREA_KINDS or uow.reports.area(data["id"]) is not None:
        return
    uow.reports.add(
        Area(
            id=data["id"],
            name=data["name"],
            name_en=data["name_en"],
            kind=data["kind"],
            path=data["path"],
            parent_id=data["parent_id"],
        )
    )


def record_ticket_opened(envelope: dict, data: dict, uow) -> None:
    """Count a newly opened ticket under its county; a ticket already counted stays as is."""
    if uow.reports.ticket_fact(data["ticket_id"]) is not None:
        return
    try:
        fact = TicketFact.opened(**{name: data[name] for name in _OPENED_FIELDS})
    except ValueError as error:
        # The event can never succeed, so it goes to the dead-letter queue, not back.
        raise InvalidMessage(f"{envelope['type']} {envelope['id']}: {error}") from error
    uow.reports.add(fact)


def record_ticket_closed(envelope: dict, data: dict, uow) -> None:
    """Count a ticket as closed; a close that overtook the opening waits for it."""
    fact = uow.reports.ticket_fact(data["ticket_id"])
    if fact is None:
        # Not InvalidMessage: the bus retries this event after the opening has arrived.
        raise TicketNotOpenedYet(data["ticket_id"])
    fact.close(data["at"])
