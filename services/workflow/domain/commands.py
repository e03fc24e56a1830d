"""Commands workflow carries out. ``actor`` is the signed-in principal (id, roles, org
path, org unit, enterprise) on whose behalf the command runs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from services.workflow.domain.access import Viewer


@dataclass(frozen=True)
class CreatePairing:
    #: The untrusted request body: enterprise_id, liaison_person_id, year and optionally
    #: contact_leader_person_id.
    data: Any
    actor: Viewer


@dataclass(frozen=True)
class CreateRoutingRule:
    #: The untrusted request body, checked by ``routing.validate_rule``.
    data: Any
    actor: Viewer


@dataclass(frozen=True)
class UpdateRoutingRule:
    #: The id of one of the actor's org unit's own rules.
    rule_id: str
    #: The untrusted request body: the whole rule, as for CreateRoutingRule.
    data: Any
    actor: Viewer


@dataclass(frozen=True)
class SetRoutingRuleActive:
    rule_id: str
    is_active: bool
    actor: Viewer


@dataclass(frozen=True)
class MoveRoutingRule:
    rule_id: str
    #: "up" (tried earlier) or "down"; untrusted.
    direction: Any
    actor: Viewer


@dataclass(frozen=True)
class DeleteRoutingRule:
    rule_id: str
    actor: Viewer


@dataclass(frozen=True)
class EndPairing:
    pairing_id: str
    #: The untrusted request body: {"reason": ...}.
    data: Any
    actor: Viewer


@dataclass(frozen=True)
class TicketAction:
    """Take ``action`` (accept, transfer, ..., resume: the ticket API's names) on a ticket.

    ``body`` holds the action's fields as the API documents them (note, org_unit_id, ...),
    untrusted: the domain checks them. ``version``, when given, is the version the actor
    saw; the action is refused if the ticket changed since.
    """

    ticket_id: str
    action: str
    actor: Viewer
    body: Mapping[str, Any] = field(default_factory=dict)
    version: Any = None


@dataclass(frozen=True)
class SetCalendarOverride:
    #: The untrusted request body: day, kind and note, checked by
    #: ``calendar.validate_override_input``.
    data: Any
    actor: Viewer


@dataclass(frozen=True)
class RemoveCalendarOverride:
    #: The untrusted day, as written in the URL.
    day: Any
    actor: Viewer
