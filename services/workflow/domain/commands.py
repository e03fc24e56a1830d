"""Commands workflow carries out. ``actor`` is the signed-in principal (id, roles, org
path, org unit, enterprise) on whose behalf the command runs."""

from __future__ import annotations

from dataclasses import dataclass
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
class AcceptTicket:
    ticket_id: str
    actor: Viewer


@dataclass(frozen=True)
class ResolveTicket:
    ticket_id: str
    actor: Viewer
    note: Any


@dataclass(frozen=True)
class CloseTicket:
    ticket_id: str
    actor: Viewer


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
