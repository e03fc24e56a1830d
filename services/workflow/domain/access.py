"""Who may see a ticket, and who may do what with it.

A viewer stands towards a ticket in some of these roles:

- holder: the assignee person; staff (department staff or an administrator) of the
  assignee unit; or an administrator over the holder's org path;
- part member: the person of a co-handling part, staff of its unit, or an administrator
  over that unit;
- overseer: an administrator over the enterprise's area or over the holder;
- enterprise: a user of the ticket's enterprise.

A viewer sees a ticket in any of these roles, and also when they acted on it before or
are the enterprise's paired liaison or contact leader of the ticket's year. A ticket
outside all of these is not found, so ids cannot be probed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from services.workflow.domain.calendar import local_date
from services.workflow.domain.handover import OrgChart, can_assign_down, can_escalate
from services.workflow.domain.model import (
    ACTIONS,
    ASSIGNED,
    PART_INVITED,
    Ticket,
    TicketPart,
)
from shared.org_paths import is_within

ADMIN_ROLES = ("province_admin", "city_admin", "county_admin")
DEPARTMENT_STAFF = "department_staff"
ENTERPRISE_USER = "enterprise_user"
#: Roles whose holders act for their org unit.
UNIT_STAFF_ROLES = (*ADMIN_ROLES, DEPARTMENT_STAFF)

HOLDER, PART_MEMBER, OVERSEER, ENTERPRISE = "holder", "part_member", "overseer", "enterprise"
#: Whoever sees the ticket.
ANYONE = "anyone"
#: Who may take each action.
WHO: dict[str, frozenset[str]] = {
    **{
        action: frozenset({HOLDER})
        for action in (
            "accept",
            "transfer",
            "escalate",
            "assign-down",
            "return",
            "request-info",
            "cohandle",
            "add-signer",
            "resolve",
            "suspend",
            "resume",
        )
    },
    **{action: frozenset({ENTERPRISE}) for action in ("respond", "confirm", "refuse")},
    **{action: frozenset({PART_MEMBER}) for action in ("accept-part", "finish-part")},
    **{action: frozenset({OVERSEER}) for action in ("supervise", "reopen", "close")},
    "urge": frozenset({OVERSEER, ENTERPRISE}),
    "cancel": frozenset({OVERSEER, ENTERPRISE}),
    "comment": frozenset({ANYONE}),
}


class Viewer(Protocol):
    """The parts of a signed-in principal that decide what it sees."""

    id: str
    roles: tuple[str, ...]
    org_path: str
    org_unit_id: str | None
    enterprise_id: str | None


@dataclass(frozen=True)
class TicketScope:
    """The tickets one principal may see: those that any of the set grants matches.

    The repository's SQL condition (``adapters.repository._scope_condition``) says the
    same as :meth:`allows`; change both together.
    """

    #: Tickets held by this person, with a part of theirs, or that they acted on.
    person_id: str | None = None
    #: Tickets held by this org unit or with a part of it (its department staff and
    #: administrators).
    org_unit_id: str | None = None
    #: Tickets whose enterprise's area, holder or a part's unit lies in this subtree
    #: (administrators).
    subtree: str | None = None
    #: Every ticket of this enterprise (its users).
    enterprise_id: str | None = None
    #: (enterprise id, year) of the pairings naming the principal as liaison or contact
    #: leader: that enterprise's tickets opened in that year (Asia/Shanghai).
    paired: tuple[tuple[str, int], ...] = ()
    #: Only what is the principal's own to do: held by them or their unit.
    held_only: bool = False

    def allows(self, ticket: Ticket) -> bool:
        """Whether ``ticket`` lies in this scope."""
        person, unit, subtree = self.person_id, self.org_unit_id, self.subtree
        if self.held_only:
            return (person is not None and ticket.assignee_person_id == person) or (
                unit is not None and ticket.assignee_org_unit_id == unit
            )
        return any(
            (
                person is not None
                and (
                    ticket.assignee_person_id == person
                    or any(part.person_id == person for part in ticket.parts)
                    or any(entry.actor == person for entry in ticket.history)
                ),
                unit is not None
                and (
                    ticket.assignee_org_unit_id == unit
                    or any(part.org_unit_id == unit for part in ticket.parts)
                ),
                subtree is not None
                and (
                    is_within(ticket.org_path, subtree)
                    or is_within(ticket.holder_path or ticket.org_path, subtree)
                    or any(is_within(p.org_path or "", subtree) for p in ticket.parts)
                ),
                self.enterprise_id is not None and ticket.enterprise_id == self.enterprise_id,
                (ticket.enterprise_id, local_date(ticket.opened_at).year) in self.paired,
            )
        )

    def assigned_only(self) -> TicketScope:
        """The part of this scope that is the principal's own to-do: held by them or by
        their unit."""
        return TicketScope(person_id=self.person_id, org_unit_id=self.org_unit_id, held_only=True)


def is_admin(viewer: Viewer) -> bool:
    return any(role in viewer.roles for role in ADMIN_ROLES)


def is_unit_staff(viewer: Viewer) -> bool:
    return any(role in viewer.roles for role in UNIT_STAFF_ROLES)


def own_org_unit_id(viewer: Viewer) -> str:
    """The id of the viewer's org unit: the last code of its org path when not given."""
    return viewer.org_unit_id or viewer.org_path.rsplit("/", 1)[-1]


def ticket_scope(viewer: Viewer, paired: Iterable[tuple[str, int]] = ()) -> TicketScope:
    """The tickets ``viewer`` may see; ``paired`` lists the (enterprise id, year) of the
    active pairings naming the viewer as liaison or contact leader."""
    if ENTERPRISE_USER in viewer.roles:
        return TicketScope(enterprise_id=viewer.enterprise_id or "")
    return TicketScope(
        person_id=viewer.id,
        org_unit_id=own_org_unit_id(viewer) if is_unit_staff(viewer) else None,
        subtree=viewer.org_path if is_admin(viewer) else None,
        paired=tuple(sorted(set(paired))),
    )


# Roles towards one ticket -----------------------------------------------------------------


def is_holder(viewer: Viewer, ticket: Ticket) -> bool:
    if ENTERPRISE_USER in viewer.roles:
        return False
    if ticket.assignee_person_id is not None and ticket.assignee_person_id == viewer.id:
        return True
    if ticket.assignee_org_unit_id is not None and is_unit_staff(viewer):
        if own_org_unit_id(viewer) == ticket.assignee_org_unit_id:
            return True
    return is_admin(viewer) and is_within(ticket.holder_path or ticket.org_path, viewer.org_path)


def parts_of(viewer: Viewer, ticket: Ticket) -> list[TicketPart]:
    """The co-handling parts ``viewer`` acts for: their own, their unit's, or those of
    units under an administrator."""
    if ENTERPRISE_USER in viewer.roles:
        return []
    return [part for part in ticket.parts if _acts_for(viewer, part)]


def _acts_for(viewer: Viewer, part: TicketPart) -> bool:
    if part.person_id is not None and part.person_id == viewer.id:
        return True
    if is_unit_staff(viewer) and own_org_unit_id(viewer) == part.org_unit_id:
        return True
    return is_admin(viewer) and is_within(part.org_path or "", viewer.org_path)


def is_overseer(viewer: Viewer, ticket: Ticket) -> bool:
    return is_admin(viewer) and (
        is_within(ticket.org_path, viewer.org_path)
        or is_within(ticket.holder_path or ticket.org_path, viewer.org_path)
    )


def is_enterprise(viewer: Viewer, ticket: Ticket) -> bool:
    return ENTERPRISE_USER in viewer.roles and viewer.enterprise_id == ticket.enterprise_id


def roles_towards(viewer: Viewer, ticket: Ticket) -> frozenset[str]:
    """The roles ``viewer``, who sees ``ticket``, stands in towards it (always ANYONE)."""
    checks = {
        HOLDER: is_holder,
        PART_MEMBER: lambda v, t: bool(parts_of(v, t)),
        OVERSEER: is_overseer,
        ENTERPRISE: is_enterprise,
    }
    roles = {role for role, check in checks.items() if check(viewer, ticket)}
    return frozenset({ANYONE, *roles})


def who_may(action: str) -> str:
    """The words for who may take ``action`` (a key of the ``not_yours`` message)."""
    return "_or_".join(sorted(WHO[action], key=lambda role: role != OVERSEER))


def may_take(viewer: Viewer, ticket: Ticket, action: str) -> bool:
    """Whether ``viewer``'s roles towards ``ticket`` let them take ``action`` at all."""
    return bool(roles_towards(viewer, ticket) & WHO[action])


def may_handle(viewer: Viewer, ticket: Ticket) -> bool:
    """Whether ``viewer`` holds ``ticket``."""
    return is_holder(viewer, ticket)


# What one may do now --------------------------------------------------------------------


def actions_open_to(
    viewer: Viewer, ticket: Ticket, now: datetime, chart: OrgChart | None = None
) -> list[str]:
    """The actions ``viewer`` may take on ``ticket`` now, in the order of the machine.

    ``chart`` knows the kinds of the units above the holder: with it, escalate and
    assign-down are offered only where there is a level to go to.
    """
    roles = roles_towards(viewer, ticket)
    return [
        action
        for action in ACTIONS
        if roles & WHO[action]
        and ticket.allows(action)
        and _also_allowed(action, viewer, ticket, roles, now, chart)
    ]


def _also_allowed(action, viewer, ticket, roles, now, chart) -> bool:
    if action == "cancel" and OVERSEER not in roles:
        return ticket.status == ASSIGNED
    if action == "return":
        return ticket.previous_holder() is not None
    if action == "escalate" and chart is not None:
        return can_escalate(ticket, chart)
    if action == "assign-down" and chart is not None:
        return can_assign_down(ticket, chart)
    if action == "resolve":
        return not ticket.open_required_parts()
    if action == "close":
        return ticket.is_due_for_closing(now)
    if action == "supervise":
        return ticket.supervised_by_org_unit_id != own_org_unit_id(viewer)
    if action == "accept-part":
        return any(part.status == PART_INVITED for part in parts_of(viewer, ticket))
    if action == "finish-part":
        return any(part.is_open for part in parts_of(viewer, ticket))
    return True
