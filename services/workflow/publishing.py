"""Turns the domain events that aggregates record into contract events in the outbox."""

from __future__ import annotations

from dataclasses import asdict

from services.workflow.domain.events import (
    TicketAccepted,
    TicketClosed,
    TicketOpened,
    TicketResolved,
)
from shared.contracts.workflow import (
    TicketAcceptedV1,
    TicketClosedV1,
    TicketOpenedV1,
    TicketResolvedV1,
)


def _transition(event: TicketAccepted | TicketClosed) -> dict:
    return {
        "ticket_id": event.ticket_id,
        "number": event.number,
        "county_id": event.county_id,
        "org_path": event.org_path,
        "actor_id": event.actor,
        "at": event.at,
    }


def _resolution(event: TicketResolved) -> dict:
    # The note may hold what the enterprise confided; it stays in workflow's history.
    return {**_transition(event), "note_length": len(event.note)}


#: Domain event class -> (routing key, contract schema, payload builder).
CONTRACTS = {
    TicketOpened: ("workflow.ticket.opened", TicketOpenedV1, asdict),
    TicketAccepted: ("workflow.ticket.accepted", TicketAcceptedV1, _transition),
    TicketResolved: ("workflow.ticket.resolved", TicketResolvedV1, _resolution),
    TicketClosed: ("workflow.ticket.closed", TicketClosedV1, _transition),
}


def publish(events: list, uow) -> None:
    """Write each recorded domain event to the unit of work's outbox as its contract
    event (tenant: the ticket's org path), then forget it."""
    for event in events:
        routing_key, schema, payload = CONTRACTS[type(event)]
        uow.emit(routing_key, schema().dump(payload(event)), tenant=event.org_path)
    events.clear()
