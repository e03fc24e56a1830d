"""Service accounts, tickets and pairings: the aggregates of the workflow service.

The classes are plain so the adapters can map them imperatively; nothing here knows the
database. A ticket's ``history`` only grows, and each change records a domain event in
``events`` for the unit of work to publish.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from services.workflow.domain.calendar import deadline_state
from services.workflow.domain.errors import IllegalTransition, ResolutionNoteRequired
from services.workflow.domain.events import TicketChanged, TicketOpened
from services.workflow.domain.routing import Assignment

ASSIGNED = "assigned"
ACCEPTED = "accepted"
#: Back with the enterprise for more information; its answer resumes the ticket.
RETURNED = "returned"
#: The clock stops, with a reason and a date to resume.
SUSPENDED = "suspended"
#: Resolved or closed, then refused by the enterprise (or rated low, or reopened by an
#: administrator): the holder works on it as on an accepted ticket.
REOPENED = "reopened"
#: Handled; waiting for the enterprise to confirm.
RESOLVED = "resolved"
CLOSED = "closed"
CANCELLED = "cancelled"
STATUSES = (ASSIGNED, ACCEPTED, RETURNED, SUSPENDED, REOPENED, RESOLVED, CLOSED, CANCELLED)
#: Co-handling modes: every part must be done (会签), or one done part is enough (或签).
MODE_ALL, MODE_ANY = "all", "any"
#: A co-handling part's statuses.
PART_INVITED, PART_ACCEPTED, PART_DONE = "invited", "accepted", "done"

#: For each action: the statuses it may start from, and the status it leads to.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "accept": (frozenset({ASSIGNED}), ACCEPTED),
    "resolve": (frozenset({ACCEPTED}), RESOLVED),
    "close": (frozenset({RESOLVED}), CLOSED),
}


@dataclass
class TicketHistoryEntry:
    """One line of a ticket's history: who did what, when, and which status it moved."""

    at: datetime
    actor: str
    action: str
    from_status: str | None
    to_status: str
    details: dict = field(default_factory=dict)
    #: Staff only: hidden from the enterprise (internal comments, hand-over notes).
    internal: bool = False


@dataclass
class TicketPart:
    """One department invited to co-handle a ticket, with its own accept and done."""

    id: str
    ticket_id: str
    group_id: str
    mode: str
    org_unit_id: str
    invited_by: str
    invited_at: datetime
    person_id: str | None = None
    status: str = PART_INVITED
    accepted_by: str | None = None
    accepted_at: datetime | None = None
    done_by: str | None = None
    done_at: datetime | None = None
    note: str | None = None


class Ticket:
    """One matter of one enterprise ("one event, one order"), from assignment to write-off."""

    def __init__(
        self,
        *,
        id: str,
        number: str,
        account_id: str,
        enterprise_id: str,
        submission_id: str | None,
        title: str,
        assignee_person_id: str | None,
        assignee_org_unit_id: str | None,
        county_id: str,
        org_path: str,
        opened_at: datetime,
        due_at: datetime | None,
        acceptance_number: str | None = None,
        holder_path: str | None = None,
        form_key: str | None = None,
        form_version: int | None = None,
        category: str | None = None,
        submitted_by: str | None = None,
        answers: list | None = None,
        contact: dict | None = None,
    ):
        self.id = id
        self.number = number
        self.account_id = account_id
        self.enterprise_id = enterprise_id
        self.submission_id = submission_id
        #: The receipt number the enterprise got when it submitted (受理编号).
        self.acceptance_number = acceptance_number
        self.title = title
        self.status = ASSIGNED
        self.assignee_person_id = assignee_person_id
        self.assignee_org_unit_id = assignee_org_unit_id
        self.county_id = county_id
        self.org_path = org_path
        self.opened_at = opened_at
        self.due_at = due_at
        self.version = 1
        self.holder_path = holder_path or org_path
        self.form_key = form_key
        self.form_version = form_version
        self.category = category
        self.submitted_by = submitted_by
        self.answers = answers
        self.contact = contact
        self.resolved_at: datetime | None = None
        self.confirm_due_at: datetime | None = None
        self.closed_at: datetime | None = None
        self.rating: int | None = None
        self.rating_comment: str | None = None
        self.auto_confirmed = False
        self.suspended_at: datetime | None = None
        self.resume_on = None
        self.suspended_from: str | None = None
        self.supervised_by_org_unit_id: str | None = None
        self.supervised_at: datetime | None = None
        self.history: list[TicketHistoryEntry] = []
        self.parts: list[TicketPart] = []
        self.events: list[object] = []

    def accept(self, actor: str, at: datetime) -> None:
        """The assignee takes the ticket on."""
        self._move("accept", actor, at)

    def resolve(self, actor: str, at: datetime, note: str) -> None:
        """The assignee reports the matter handled; ``note`` says what was done."""
        if not isinstance(note, str) or not note.strip():
            raise ResolutionNoteRequired()
        self._move("resolve", actor, at, {"note": note}, note=note)

    def close(self, actor: str, at: datetime) -> None:
        """Write the resolved ticket off: the loop is closed."""
        self._move("close", actor, at)

    def deadline_state(self, now: datetime) -> str | None:
        """ "overdue" or "due_soon" while the matter is still being handled; None once it is
        resolved or closed, or when it has no deadline."""
        if self.due_at is None or self.status in (RESOLVED, CLOSED, CANCELLED, SUSPENDED):
            return None
        return deadline_state(self.due_at, now)

    def _move(
        self,
        action: str,
        actor: str,
        at: datetime,
        details: dict | None = None,
        *,
        note: str | None = None,
    ) -> None:
        # Check before touching anything, so a refused action leaves no trace.
        sources, target = TRANSITIONS[action]
        if self.status not in sources:
            raise IllegalTransition(action, self.status)
        self._append(actor, at, action, target, details or {}, note=note)

    def _append(
        self,
        actor: str,
        at: datetime,
        action: str,
        to_status: str,
        details: dict,
        *,
        internal: bool = False,
        note: str | None = None,
        extra: dict | None = None,
    ) -> None:
        """Record one change: its history row and its event, and move the status."""
        entry = TicketHistoryEntry(at, actor, action, self.status, to_status, details, internal)
        self.history.append(entry)
        self.events.append(
            TicketChanged(
                ticket_id=self.id,
                number=self.number,
                county_id=self.county_id,
                org_path=self.org_path,
                actor=actor,
                at=at,
                action=action,
                from_status=self.status,
                to_status=to_status,
                enterprise_id=self.enterprise_id,
                submission_id=self.submission_id,
                holder_person_id=self.assignee_person_id,
                holder_org_unit_id=self.assignee_org_unit_id,
                due_at=self.due_at,
                note=note,
                extra=extra or {},
            )
        )
        self.status = to_status


class ServiceAccount:
    """An enterprise's service account ("one enterprise, one account"): its tickets open here."""

    def __init__(
        self,
        *,
        id: str,
        enterprise_id: str,
        enterprise_name: str,
        county_id: str,
        org_path: str,
        opened_at: datetime,
    ):
        self.id = id
        self.enterprise_id = enterprise_id
        self.enterprise_name = enterprise_name
        self.county_id = county_id
        self.org_path = org_path
        self.opened_at = opened_at

    def open_ticket(
        self,
        *,
        ticket_id: str,
        number: str,
        submission_id: str | None,
        title: str,
        assignment: Assignment,
        opened_by: str,
        opened_at: datetime,
        due_at: datetime | None,
        acceptance_number: str | None = None,
        form_key: str | None = None,
        form_version: int | None = None,
        answers: list | None = None,
        contact: dict | None = None,
    ) -> Ticket:
        """Open a ticket in this account, assigned as routing decided, keeping what the
        enterprise asked: the form and version, the answers as rows in that version's
        labels and the contact, as the submission's event gave them.

        Its history starts with the opening, and it records a ``TicketOpened`` event.
        """
        ticket = Ticket(
            id=ticket_id,
            number=number,
            account_id=self.id,
            enterprise_id=self.enterprise_id,
            submission_id=submission_id,
            title=title,
            assignee_person_id=assignment.person_id,
            assignee_org_unit_id=assignment.org_unit_id,
            county_id=self.county_id,
            org_path=self.org_path,
            opened_at=opened_at,
            due_at=due_at,
            acceptance_number=acceptance_number,
            form_key=form_key,
            form_version=form_version,
            answers=answers,
            contact=contact,
        )
        ticket.history.append(_opening_entry(ticket, assignment, opened_by))
        ticket.events.append(self._opened_event(ticket))
        return ticket

    def _opened_event(self, ticket: Ticket) -> TicketOpened:
        return TicketOpened(
            ticket_id=ticket.id,
            number=ticket.number,
            account_id=self.id,
            enterprise_id=self.enterprise_id,
            enterprise_name=self.enterprise_name,
            submission_id=ticket.submission_id,
            title=ticket.title,
            county_id=ticket.county_id,
            org_path=ticket.org_path,
            assignee_person_id=ticket.assignee_person_id,
            assignee_org_unit_id=ticket.assignee_org_unit_id,
            opened_at=ticket.opened_at,
            due_at=ticket.due_at,
        )


def _opening_entry(ticket: Ticket, assignment: Assignment, opened_by: str) -> TicketHistoryEntry:
    details = {
        "rule_id": assignment.rule_id,
        "assignee_person_id": assignment.person_id,
        "assignee_org_unit_id": assignment.org_unit_id,
        "deadline_working_days": assignment.deadline_working_days,
    }
    return TicketHistoryEntry(ticket.opened_at, opened_by, "open", None, ASSIGNED, details)


class Pairing:
    """One year's pairing of an enterprise with its liaison and contact leader (结对)."""

    def __init__(
        self,
        *,
        id: str,
        enterprise_id: str,
        liaison_person_id: str,
        contact_leader_person_id: str | None = None,
        year: int,
        is_active: bool = True,
        county_id: str | None = None,
        org_path: str | None = None,
        created_by: str | None = None,
        created_at: datetime | None = None,
    ):
        self.id = id
        self.enterprise_id = enterprise_id
        self.liaison_person_id = liaison_person_id
        self.contact_leader_person_id = contact_leader_person_id
        self.year = year
        self.is_active = is_active
        #: The enterprise's county and its org path, which scope who sees the pairing.
        self.county_id = county_id
        self.org_path = org_path
        #: Who recorded the pairing, and when.
        self.created_by = created_by
        self.created_at = created_at
