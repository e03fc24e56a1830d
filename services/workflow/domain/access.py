"""Who may see a ticket, and who may move it.

Administrators (province, city, county) see every ticket of their subtree; anyone sees the
tickets assigned to them in person; department staff see those assigned to their
department; an enterprise user sees its own enterprise's tickets. A ticket outside all of
these is not found, so ids cannot be probed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

from services.workflow.domain.model import TRANSITIONS, Ticket
from shared.org_paths import is_within

ADMIN_ROLES = ("province_admin", "city_admin", "county_admin")
DEPARTMENT_STAFF = "department_staff"
ENTERPRISE_USER = "enterprise_user"
ACTIONS = tuple(TRANSITIONS)


class Viewer(Protocol):
    """The parts of a signed-in principal that decide what it sees."""

    id: str
    roles: tuple[str, ...]
    org_path: str
    org_unit_id: str | None
    enterprise_id: str | None


@dataclass(frozen=True)
class TicketScope:
    """The tickets one principal may see: those that any of the set grants matches."""

    #: Tickets assigned to this person.
    person_id: str | None = None
    #: Tickets assigned to this org unit (department staff's own department).
    org_unit_id: str | None = None
    #: Every ticket whose org path lies in this subtree (administrators).
    subtree: str | None = None
    #: Every ticket of this enterprise (its users).
    enterprise_id: str | None = None

    def allows(self, ticket: Ticket) -> bool:
        """Whether ``ticket`` lies in this scope."""
        return any(
            (
                self.person_id is not None and ticket.assignee_person_id == self.person_id,
                self.org_unit_id is not None and ticket.assignee_org_unit_id == self.org_unit_id,
                self.subtree is not None and is_within(ticket.org_path, self.subtree),
                self.enterprise_id is not None and ticket.enterprise_id == self.enterprise_id,
            )
        )

    def assigned_only(self) -> TicketScope:
        """The part of this scope that is the principal's own to-do: assigned to them or
        to their department."""
        return replace(self, subtree=None, enterprise_id=None)


def is_admin(viewer: Viewer) -> bool:
    return any(role in viewer.roles for role in ADMIN_ROLES)


def own_org_unit_id(viewer: Viewer) -> str:
    """The id of the viewer's org unit: the last code of its org path when not given."""
    return viewer.org_unit_id or viewer.org_path.rsplit("/", 1)[-1]


def ticket_scope(viewer: Viewer) -> TicketScope:
    """The tickets ``viewer`` may see."""
    if ENTERPRISE_USER in viewer.roles:
        return TicketScope(enterprise_id=viewer.enterprise_id or "")
    return TicketScope(
        person_id=viewer.id,
        org_unit_id=viewer.org_unit_id if DEPARTMENT_STAFF in viewer.roles else None,
        subtree=viewer.org_path if is_admin(viewer) else None,
    )


def may_handle(viewer: Viewer, ticket: Ticket) -> bool:
    """Whether ``viewer`` may move ``ticket``: its assignee, or an administrator over it."""
    if ENTERPRISE_USER in viewer.roles:
        return False
    if is_admin(viewer) and is_within(ticket.org_path, viewer.org_path):
        return True
    return ticket_scope(viewer).assigned_only().allows(ticket)


def actions_open_to(viewer: Viewer, ticket: Ticket) -> list[str]:
    """The actions (accept, resolve, close) ``viewer`` may take on ``ticket`` now."""
    if not may_handle(viewer, ticket):
        return []
    return [action for action in ACTIONS if ticket.status in TRANSITIONS[action][0]]
