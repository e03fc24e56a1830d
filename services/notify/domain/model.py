"""Notify's domain: recipients (a read model of directory's people), inbox items addressed
to a person or an org unit, who has read what, and e-mail deliveries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.notify.domain.templates import DEFAULT_LOCALE, Rendered, render

PERSON = "person"
ORG_UNIT = "org_unit"
#: Every user of one enterprise.
ENTERPRISE = "enterprise"

PENDING = "pending"
SENT = "sent"
FAILED = "failed"
SKIPPED = "skipped"
EMAIL = "email"

#: Tries of one e-mail before it is recorded as failed (dramatiq retries in between).
MAX_EMAIL_ATTEMPTS = 6
#: The longest error text kept on a delivery.
ERROR_LIMIT = 2000


@dataclass
class Recipient:
    """A person notify can reach, copied from ``directory.person.created``."""

    person_id: str
    name: str
    org_path: str
    email: str | None = None
    org_unit_id: str | None = None
    enterprise_id: str | None = None
    locale: str = DEFAULT_LOCALE


@dataclass
class KnownTicket:
    """What notify's texts say of a ticket, copied from ``workflow.ticket.opened``: the
    events of its later changes carry only its number."""

    ticket_id: str
    number: str
    title: str
    enterprise_name: str


@dataclass(frozen=True)
class Addressee:
    """Whom an inbox item is for: one person, every staff member of one org unit, or every
    user of one enterprise."""

    kind: str
    id: str


@dataclass
class InboxItem:
    """One notification in the inbox of its addressee, rendered in the viewer's language."""

    id: str
    event_id: str
    kind: str
    addressee_kind: str
    addressee_id: str
    #: The placeholders' values; ``deadline`` as an ISO 8601 string or None.
    params: dict
    link: str
    org_path: str
    created_at: datetime

    def render(self, locale: str, public_url: str = "") -> Rendered:
        """The item in ``locale``; with ``public_url`` (a mail), pointing to its page."""
        deadline = self.params.get("deadline")
        values = {**self.params, "deadline": datetime.fromisoformat(deadline) if deadline else None}
        url = f"{public_url.rstrip('/')}{self.link}" if public_url and self.link else None
        return render(self.kind, locale, values, url)


@dataclass
class Reading:
    """A person read an inbox item (per person, so each member of an org unit has their own)."""

    item_id: str
    person_id: str
    read_at: datetime


@dataclass(frozen=True)
class OutgoingEmail:
    """One e-mail ready to hand to a mailer."""

    delivery_id: str
    to: str
    subject: str
    body: str


@dataclass
class Delivery:
    """One item sent to one person on one channel, with its attempts and outcome."""

    id: str
    item_id: str
    person_id: str
    channel: str
    address: str
    locale: str
    created_at: datetime
    updated_at: datetime
    status: str = PENDING
    attempts: int = 0
    last_error: str | None = None
    sent_at: datetime | None = None

    @property
    def is_finished(self) -> bool:
        return self.status != PENDING

    def record_sent(self, at: datetime) -> None:
        self.status, self.sent_at, self.updated_at = SENT, at, at
        self.attempts += 1

    def record_skipped(self, reason: str, at: datetime) -> None:
        self.status, self.last_error, self.updated_at = SKIPPED, reason, at

    def record_failure(self, error: str, at: datetime, max_attempts: int) -> bool:
        """Count a failed attempt; True when it was the last one and the delivery failed."""
        self.attempts += 1
        self.last_error, self.updated_at = error[:ERROR_LIMIT], at
        if self.attempts >= max_attempts:
            self.status = FAILED
        return self.status == FAILED

    def outgoing(self, rendered: Rendered) -> OutgoingEmail:
        return OutgoingEmail(self.id, self.address, rendered.subject, rendered.body)
