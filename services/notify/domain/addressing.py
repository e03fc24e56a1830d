"""Who is notified: the addressees of an event, who of them gets mail, who sees an item.

An item for an org unit (a department) is one item that every staff member of the unit
sees; enterprise users carry their county as org unit but are never members of it. An
item for an enterprise is one item that every user of the enterprise sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.notify.domain.model import (
    ENTERPRISE,
    ORG_UNIT,
    PERSON,
    Addressee,
    InboxItem,
    Recipient,
)

#: A plain address: no spaces or line breaks (they could inject mail headers), one "@".
_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Viewer:
    """Who looks at an inbox: a signed-in person and the org unit they belong to."""

    person_id: str
    org_unit_id: str | None = None
    is_enterprise: bool = False
    enterprise_id: str | None = None

    @classmethod
    def of(cls, principal) -> Viewer:
        """The viewer of a signed-in principal (``shared.auth.Principal``)."""
        enterprise_id = principal.enterprise_id if principal.is_enterprise else None
        return cls(principal.id, principal.org_unit_id, principal.is_enterprise, enterprise_id)

    @property
    def member_of(self) -> str | None:
        """The org unit whose items this viewer sees, if any."""
        return None if self.is_enterprise else self.org_unit_id

    def sees(self, item: InboxItem) -> bool:
        if item.addressee_kind == PERSON:
            return item.addressee_id == self.person_id
        if item.addressee_kind == ENTERPRISE:
            return self.enterprise_id is not None and item.addressee_id == self.enterprise_id
        return item.addressee_kind == ORG_UNIT and item.addressee_id == self.member_of


def ticket_addressee(ticket: dict) -> Addressee | None:
    """The addressee of an opened ticket: its person, else its org unit, else nobody."""
    if ticket.get("assignee_person_id"):
        return Addressee(PERSON, ticket["assignee_person_id"])
    if ticket.get("assignee_org_unit_id"):
        return Addressee(ORG_UNIT, ticket["assignee_org_unit_id"])
    return None


def _holder(data: dict) -> list[Addressee]:
    """The ticket's holder after the change: its person, else its org unit."""
    if data.get("holder_person_id"):
        return [Addressee(PERSON, data["holder_person_id"])]
    if data.get("holder_org_unit_id"):
        return [Addressee(ORG_UNIT, data["holder_org_unit_id"])]
    return []


def _enterprise(data: dict) -> list[Addressee]:
    return [Addressee(ENTERPRISE, data["enterprise_id"])] if data.get("enterprise_id") else []


def _invited_units(data: dict) -> list[Addressee]:
    return [Addressee(ORG_UNIT, unit_id) for unit_id in data.get("org_unit_ids") or ()]


def _contact_leader(data: dict) -> list[Addressee]:
    leader = data.get("contact_leader_person_id")
    return [Addressee(PERSON, leader)] if leader else []


def _escalation_unit(data: dict) -> list[Addressee]:
    return [Addressee(ORG_UNIT, data["escalated_to_org_unit_id"])]


#: For each ticket change notify tells of: whom (found in the event's data) and the kind
#: of item each gets. An item for an org unit is seen by its staff: for an escalation, the
#: people of the bureau's own unit, its administrators.
CHANGE_NOTICES = {
    "workflow.ticket.handed_over": ((_holder, "ticket_handed_over"),),
    "workflow.ticket.cohandle_invited": ((_invited_units, "ticket_cohandle_invited"),),
    "workflow.ticket.urged": ((_holder, "ticket_urged"),),
    "workflow.ticket.supervised": ((_holder, "ticket_supervised"),),
    "workflow.ticket.info_requested": ((_enterprise, "ticket_info_requested"),),
    "workflow.ticket.resolved": ((_enterprise, "ticket_resolved"),),
    "workflow.ticket.closed": ((_enterprise, "ticket_closed"),),
    "workflow.ticket.reopened": (
        (_enterprise, "ticket_reopened"),
        (_holder, "ticket_reopened_for_holder"),
    ),
    "workflow.ticket.deadline_near": ((_holder, "ticket_deadline_near"),),
    "workflow.ticket.overdue": (
        (_holder, "ticket_overdue"),
        (_contact_leader, "ticket_overdue_for_contact_leader"),
    ),
    "workflow.ticket.escalated": ((_escalation_unit, "ticket_escalated"),),
}
#: Kinds whose item for an org unit says so (the department as a whole is addressed).
FOR_DEPARTMENT = {"ticket_handed_over": "ticket_handed_over_to_department"}


def change_addressees(routing_key: str, data: dict) -> list[tuple[Addressee, str]]:
    """Whom a ticket change is told to, each once with the kind of its item (the first
    that names them: a holder who is also the contact leader gets the holder's); never the
    person who made the change, who knows."""
    found: dict[Addressee, str] = {}
    for addressees_of, kind in CHANGE_NOTICES.get(routing_key, ()):
        for addressee in addressees_of(data):
            if addressee.kind == PERSON and addressee.id == data.get("actor_id"):
                continue
            specific = FOR_DEPARTMENT.get(kind) if addressee.kind == ORG_UNIT else None
            found.setdefault(addressee, specific or kind)
    return list(found.items())


def is_member(recipient: Recipient, addressee: Addressee) -> bool:
    """True when ``recipient`` is the addressed person or a staff member of the org unit."""
    if addressee.kind == PERSON:
        return recipient.person_id == addressee.id
    if addressee.kind == ENTERPRISE:
        return recipient.enterprise_id == addressee.id
    return recipient.org_unit_id == addressee.id and not recipient.enterprise_id


def has_mail_address(recipient: Recipient) -> bool:
    return bool(recipient.email) and _ADDRESS.fullmatch(recipient.email) is not None


def mail_recipients(addressee: Addressee, candidates: list[Recipient]) -> list[Recipient]:
    """The candidates that the addressee covers and that have a usable e-mail address."""
    return [r for r in candidates if is_member(r, addressee) and has_mail_address(r)]
