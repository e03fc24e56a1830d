"""Domain events the workflow aggregates record; the unit of work turns them into outbox
rows. ``TicketOpened`` carries exactly the fields of the ``workflow.ticket.opened``
contract."""

from __future__ import annotations

from dataclasses import dataclass
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
class TicketAccepted:
    """The assignee accepted a ticket and took it on."""

    ticket_id: str
    number: str
    county_id: str
    org_path: str
    actor: str
    at: datetime


@dataclass(frozen=True)
class TicketResolved:
    """The assignee resolved a ticket and said what was done."""

    ticket_id: str
    number: str
    county_id: str
    org_path: str
    actor: str
    at: datetime
    note: str


@dataclass(frozen=True)
class TicketClosed:
    """A resolved ticket was closed (written off): the loop is complete."""

    ticket_id: str
    number: str
    county_id: str
    org_path: str
    actor: str
    at: datetime
