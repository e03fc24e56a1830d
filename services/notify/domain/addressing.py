"""Who is notified: the addressee of an event, who of them gets mail, who sees an item.

An item for an org unit (a department) is one item that every staff member of the unit
sees; enterprise users carry their county as org unit but are never members of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.notify.domain.model import ORG_UNIT, PERSON, Addressee, InboxItem, Recipient

#: A plain address: no spaces or line breaks (they could inject mail headers), one "@".
_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Viewer:
    """Who looks at an inbox: a signed-in person and the org unit they belong to."""

    person_id: str
    org_unit_id: str | None = None
    is_enterprise: bool = False

    @classmethod
    def of(cls, principal) -> Viewer:
        """The viewer of a signed-in principal (``shared.auth.Principal``)."""
        return cls(principal.id, principal.org_unit_id, principal.is_enterprise)

    @property
    def member_of(self) -> str | None:
        """The org unit whose items this viewer sees, if any."""
        return None if self.is_enterprise else self.org_unit_id

    def sees(self, item: InboxItem) -> bool:
        if item.addressee_kind == PERSON:
            return item.addressee_id == self.person_id
        return item.addressee_kind == ORG_UNIT and item.addressee_id == self.member_of


def ticket_addressee(ticket: dict) -> Addressee | None:
    """The addressee of an opened ticket: its person, else its org unit, else nobody."""
    if ticket.get("assignee_person_id"):
        return Addressee(PERSON, ticket["assignee_person_id"])
    if ticket.get("assignee_org_unit_id"):
        return Addressee(ORG_UNIT, ticket["assignee_org_unit_id"])
    return None


def is_member(recipient: Recipient, addressee: Addressee) -> bool:
    """True when ``recipient`` is the addressed person or a staff member of the org unit."""
    if addressee.kind == PERSON:
        return recipient.person_id == addressee.id
    return recipient.org_unit_id == addressee.id and not recipient.enterprise_id


def has_mail_address(recipient: Recipient) -> bool:
    return bool(recipient.email) and _ADDRESS.fullmatch(recipient.email) is not None


def mail_recipients(addressee: Addressee, candidates: list[Recipient]) -> list[Recipient]:
    """The candidates that the addressee covers and that have a usable e-mail address."""
    return [r for r in candidates if is_member(r, addressee) and has_mail_address(r)]
