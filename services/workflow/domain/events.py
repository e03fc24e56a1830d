"""Domain events the workflow aggregates record; the unit of work turns them into outbox
rows. ``TicketOpened`` carries exactly the fields of the ``workflow.ticket.opened``
contract; every later change is a ``TicketChanged``, published under the routing key of its
action (see ``publishing``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class TicketOpened:
    """A ticket was opened in an enterprise's service account and assigned."""

    ticket_id: str
    number: str
    account_id: str
    enterprise_id: str
    enterprise_name: str
    submission_id: str | None
    title: str
    county_id: str
    org_path: str
    assignee_person_id: str | None
    assignee_org_unit_id: str | None
    opened_at: datetime
    due_at: datetime | None


@dataclass(frozen=True)
class TicketChanged:
    """An action changed a ticket: ``action`` as in the ticket API, the status before and
    after, and who holds the ticket now.

    ``note`` (a note, reason, answer or comment) stays in workflow: only its length is
    published. ``extra`` holds what one kind of change adds (the co-handling mode and
    units, the rating, the date to resume, ...), named as in its contract.
    """

    ticket_id: str
    number: str
    county_id: str
    org_path: str
    actor: str
    at: datetime
    action: str
    from_status: str | None
    to_status: str
    enterprise_id: str | None = None
    submission_id: str | None = None
    holder_person_id: str | None = None
    holder_org_unit_id: str | None = None
    due_at: datetime | None = None
    note: str | None = None
    extra: dict = field(default_factory=dict)
