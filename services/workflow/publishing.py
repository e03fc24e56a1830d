"""Turns the domain events that aggregates record into contract events in the outbox."""

from __future__ import annotations

from dataclasses import asdict

from marshmallow.utils import missing

from services.workflow.domain.events import TicketChanged, TicketOpened
from shared.contracts import schema_for

#: The routing key of each action's change (``workflow.ticket.<verb>``). A change that
#: closes or reopens the ticket is published as ``closed`` or ``reopened`` whatever the
#: action (``confirm`` with a low rating reopens).
VERBS = {
    "accept": "accepted",
    "transfer": "handed_over",
    "escalate": "handed_over",
    "assign-down": "handed_over",
    "return": "handed_over",
    "request-info": "info_requested",
    "respond": "info_provided",
    "cohandle": "cohandle_invited",
    "add-signer": "cohandle_invited",
    "accept-part": "part_accepted",
    "finish-part": "part_done",
    "urge": "urged",
    "supervise": "supervised",
    "comment": "commented",
    "resolve": "resolved",
    "confirm": "closed",
    "close": "closed",
    "refuse": "reopened",
    "reopen": "reopened",
    "cancel": "cancelled",
    "suspend": "suspended",
    "resume": "resumed",
    # What the deadline sweep records (actor "system").
    "remind": "deadline_near",
    "overdue": "overdue",
    "escalate-overdue": "escalated",
}
_BY_STATUS = {"closed": "closed", "reopened": "reopened"}


def routing_key_of(event: TicketChanged) -> str:
    verb = _BY_STATUS.get(event.to_status) or VERBS[event.action]
    return f"workflow.ticket.{verb}"


def _change_payload(event: TicketChanged, routing_key: str) -> dict:
    values = {
        "ticket_id": event.ticket_id,
        "number": event.number,
        "county_id": event.county_id,
        "org_path": event.org_path,
        "actor_id": event.actor,
        "at": event.at,
        "action": event.action,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "enterprise_id": event.enterprise_id,
        "submission_id": event.submission_id,
        "holder_person_id": event.holder_person_id,
        "holder_org_unit_id": event.holder_org_unit_id,
        "due_at": event.due_at,
        # The note may hold what the enterprise confided; it stays in workflow's history.
        "note_length": None if event.note is None else len(event.note),
        **event.extra,
    }
    fields = schema_for(routing_key).fields
    return {name: values.get(name, _default(field)) for name, field in fields.items()}


def _default(field):
    default = field.load_default
    if default is missing:
        return None
    return default() if callable(default) else default


def publish(events: list, uow) -> None:
    """Write each recorded domain event to the unit of work's outbox as its contract
    event (tenant: the ticket's org path), then forget it."""
    for event in events:
        if isinstance(event, TicketOpened):
            routing_key, payload = "workflow.ticket.opened", asdict(event)
        else:
            routing_key = routing_key_of(event)
            payload = _change_payload(event, routing_key)
        uow.emit(routing_key, schema_for(routing_key).dump(payload), tenant=event.org_path)
    events.clear()
