"""The deadline sweep's use cases: reminders and escalations, auto-confirmation and
resumption on the set date, each as actor "system" (docs/workflow.md, "Deadlines and
escalation").

Deadlines live in the tickets' rows, and the sweep runs every few minutes (see
``entrypoints/sweeper.py``), so a stop of the workers only delays what is owed. Each
ticket is dealt with in its own short transaction: locked (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so two sweepers never work on one ticket at once), checked afresh, changed,
and its events written to the outbox with the change. An alert is also recorded under
(ticket, kind, deadline) in that transaction, so it is sent once per deadline even when a
second sweeper reads the same candidates.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from functools import partial

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from services.workflow import handlers
from services.workflow.domain.calendar import local_date
from services.workflow.domain.deadlines import (
    ESCALATED,
    OVERDUE,
    REMINDER,
    DeadlinePolicy,
    alert_times,
    due_alerts,
    escalation_path,
)
from services.workflow.domain.model import Ticket
from services.workflow.publishing import publish

log = logging.getLogger(__name__)

#: Candidate tickets read per query; each is then claimed in its own transaction.
PAGE = 200
#: What :func:`sweep` counts besides the alert kinds.
AUTO_CONFIRMED = "auto_confirmed"
RESUMED = "resumed"


def sweep(uow_factory: Callable, policy: DeadlinePolicy, at: datetime | None = None) -> Counter:
    """Resume suspended tickets whose date has come, confirm the resolved tickets whose
    enterprise did not answer in time, and send every alert owed at ``at`` (now when
    omitted). Returns how many of each were done (by alert kind, ``auto_confirmed`` and
    ``resumed``); what another sweeper did meanwhile is not counted."""
    at = at or datetime.now(UTC)
    done: Counter = Counter()
    # Resumptions first: a resumed ticket's deadline may owe a reminder already.
    work = (
        (partial(_resume_page, today=local_date(at)), resume_on_date, (at,)),
        (partial(_confirm_page, at=at), confirm_on_silence, (at,)),
        (partial(_deadline_page, at=at, policy=policy), send_deadline_alerts, (policy, at)),
    )
    for page_of, use_case, args in work:
        for ticket_id in _candidates(uow_factory, page_of):
            done.update(_alone(uow_factory, use_case, ticket_id, *args))
    return done


def _deadline_page(uow, after, *, at: datetime, policy: DeadlinePolicy) -> list[tuple]:
    return uow.workflow.deadline_candidates(
        remind_until=at + policy.remind_before,
        overdue_until=at,
        escalate_until=at - policy.earliest_escalation,
        after=after,
        limit=PAGE,
    )


def _confirm_page(uow, after, *, at: datetime) -> list[tuple]:
    return uow.workflow.confirm_candidates(at, after, PAGE)


def _resume_page(uow, after, *, today: date) -> list[tuple]:
    return uow.workflow.resume_candidates(today, after, PAGE)


def send_deadline_alerts(ticket_id: str, policy: DeadlinePolicy, at: datetime, uow) -> list[str]:
    """Send the alerts the ticket's deadline owes at ``at``, in order, each with its
    history row, its event and its record; return their kinds."""
    ticket = uow.workflow.claim_ticket(ticket_id)
    if ticket is None or ticket.due_at is None:
        return []
    due_at = ticket.due_at
    escalate_at = _working_days_after(due_at, policy.escalate_after_working_days, uow)
    sent = uow.workflow.sent_alerts(ticket.id, due_at)
    owed = due_alerts(ticket.status, due_at, sent, at, alert_times(due_at, escalate_at, policy))
    if not owed:
        return []
    # Look up whom to tell before changing the ticket: a query would flush the change.
    leader = _contact_leader(ticket, uow) if {OVERDUE, ESCALATED} & set(owed) else None
    above = _escalation_unit_id(ticket, uow) if ESCALATED in owed else None
    for kind in owed:
        if kind == REMINDER:
            ticket.remind(at)
        elif kind == OVERDUE:
            ticket.flag_overdue(at, leader)
        else:
            ticket.escalate_overdue(at, above, leader)
    uow.workflow.add_alerts(ticket.id, owed, due_at, at)
    publish(ticket.events, uow)
    return owed


def confirm_on_silence(ticket_id: str, at: datetime, uow) -> list[str]:
    """Close a resolved ticket whose enterprise did not confirm by its confirmation
    deadline: auto-confirmed, by "system"."""
    ticket = uow.workflow.claim_ticket(ticket_id)
    if ticket is None or not ticket.is_due_for_closing(at):
        return []
    handlers.auto_confirm(ticket, at, uow)
    return [AUTO_CONFIRMED]


def resume_on_date(ticket_id: str, at: datetime, uow) -> list[str]:
    """Resume a suspended ticket whose date to resume has come, by "system"; its deadline
    moves on by the working days it was suspended (a new deadline, with alerts of its
    own)."""
    ticket = uow.workflow.claim_ticket(ticket_id)
    if ticket is None or not ticket.is_due_for_resuming(at):
        return []
    handlers.resume_ticket(ticket, at, uow)
    return [RESUMED]


def _contact_leader(ticket: Ticket, uow) -> str | None:
    """The contact leader of the enterprise's pairing of the year the ticket was opened
    (the pairing routing looked at)."""
    pairing = uow.workflow.active_pairing(ticket.enterprise_id, local_date(ticket.opened_at).year)
    return pairing.contact_leader_person_id if pairing else None


def _escalation_unit_id(ticket: Ticket, uow) -> str:
    """The unit above the holder's bureau (see ``escalation_path``); when workflow knows
    none of the holder's units, the one above the enterprise's county, and failing that
    the root of the ticket's org path (the province)."""
    chart = uow.known.chart(ticket.holder_path, ticket.org_path)
    for path in (ticket.holder_path, ticket.org_path):
        above = escalation_path(chart, path) if path else None
        unit = uow.known.org_units_at([above]).get(above) if above else None
        if unit is not None:
            return unit.id
    log.warning("no known unit above ticket %s's holder; escalating to its root", ticket.id)
    return ticket.org_path.split("/", 1)[0]


def _working_days_after(moment: datetime, days: int, uow) -> datetime:
    """The end of the ``days``-th working day after ``moment`` on the deployment's
    calendar (China's, with the province's overrides)."""
    calendar = uow.workflow.working_calendar(since=local_date(moment))
    return calendar.add_working_days(moment, days)


def _candidates(uow_factory: Callable, page_of: Callable) -> Iterator[str]:
    """The ids of the candidates ``page_of(uow, after)`` lists, page by page: each page is
    read in a short transaction of its own, ended before its tickets are claimed."""
    after = None
    while True:
        with uow_factory() as uow:
            page = page_of(uow, after)
        yield from (ticket_id for _key, ticket_id in page)
        if len(page) < PAGE:
            return
        after = page[-1]


def _alone(uow_factory: Callable, use_case: Callable, ticket_id: str, *args) -> list[str]:
    """Run ``use_case`` on one ticket in a transaction of its own and commit it; a failure
    rolls back that ticket's change and events only, and the next sweep looks again."""
    try:
        with uow_factory() as uow:
            done = use_case(ticket_id, *args, uow)
            uow.commit()
            return done
    except (IntegrityError, StaleDataError):
        # Another sweeper recorded the same alert first (possible on SQLite, which locks
        # nothing on reading), or someone changed the ticket meanwhile.
        log.info("ticket %s changed while it was swept; the next sweep looks again", ticket_id)
    except Exception:
        log.exception("sweeping ticket %s failed; the next sweep tries again", ticket_id)
    return []
