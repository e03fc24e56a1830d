"""The ticket actions of the closed loop: who may take them, and what each does.

:func:`act` carries out one :class:`~services.workflow.domain.commands.TicketAction` in
the caller's unit of work: it finds the ticket (404 outside what the actor sees), checks
the actor's role towards it (403) and the version they saw (409), loads what the action
needs from workflow's copy of directory, and calls one method of the ticket, which checks
its state and the body before it records one history row and one event.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from services.workflow.domain.access import (
    OVERSEER,
    WHO,
    is_enterprise,
    may_take,
    own_org_unit_id,
    parts_of,
    roles_towards,
    ticket_scope,
    who_may,
)
from services.workflow.domain.calendar import local_date
from services.workflow.domain.commands import TicketAction
from services.workflow.domain.errors import (
    IllegalTransition,
    InvalidResumeDate,
    InvalidTicketInput,
    InvalidVersion,
    NoOpenPart,
    NotYours,
    TicketChangedMeanwhile,
    TicketNotFound,
    UnknownPart,
)
from services.workflow.domain.handover import Target
from services.workflow.domain.model import PART_INVITED, SYSTEM, Ticket, TicketPart
from services.workflow.publishing import publish


def new_id() -> str:
    return str(uuid.uuid4())


def visible_ticket(uow, viewer, ticket_id: str) -> Ticket:
    """The ticket, if ``viewer`` may see it; TicketNotFound otherwise (the two are not
    told apart)."""
    ticket = uow.workflow.ticket(ticket_id)
    if ticket is None or not scope_of(uow, viewer).allows(ticket):
        raise TicketNotFound()
    return ticket


def scope_of(uow, viewer):
    """The tickets ``viewer`` may see, with the pairings that name them."""
    paired = () if viewer.enterprise_id else uow.workflow.paired_enterprise_years(viewer.id)
    return ticket_scope(viewer, paired)


def act(cmd: TicketAction, uow, at: datetime) -> Ticket:
    """Carry out ``cmd`` at ``at`` and write its event to the outbox."""
    if cmd.action not in WHO:
        raise TicketNotFound()
    ticket = visible_ticket(uow, cmd.actor, cmd.ticket_id)
    if not may_take(cmd.actor, ticket, cmd.action):
        raise NotYours(cmd.action, who_may(cmd.action))
    _check_version(ticket, cmd.version)
    ACTIONS[cmd.action](ticket, cmd, uow, at)
    publish(ticket.events, uow)
    return ticket


def execute(runtime, handler: Callable, cmd: TicketAction):
    """Run ``handler(cmd, uow)`` in its own unit of work; a concurrent change of the same
    ticket committed first is refused as TicketChangedMeanwhile (409), changing nothing.

    On PostgreSQL the ticket's update finds the version changed (StaleDataError). On
    SQLite a transaction that read before another one committed cannot write any more
    (SQLITE_BUSY_SNAPSHOT, as "database is locked"): refused the same way.
    """
    try:
        return runtime.execute(handler, cmd)
    except StaleDataError as error:
        raise TicketChangedMeanwhile() from error
    except OperationalError as error:
        if getattr(error.orig, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY_SNAPSHOT:
            raise TicketChangedMeanwhile() from error
        raise


def _check_version(ticket: Ticket, version: object) -> None:
    if version is None:
        return
    if isinstance(version, str) and version.strip().isdigit():
        version = int(version)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InvalidVersion(version)
    if version != ticket.version:
        raise TicketChangedMeanwhile()


# The sweep's actions ----------------------------------------------------------------------


def auto_confirm(ticket: Ticket, at: datetime, uow) -> None:
    """Close a resolved ticket whose time to confirm has passed, as the system."""
    ticket.auto_confirm(at)
    publish(ticket.events, uow)


def resume(ticket: Ticket, at: datetime, uow) -> None:
    """Resume a suspended ticket on its date, as the system."""
    ticket.resume(SYSTEM, at, _suspension_calendar(ticket, uow, at))
    publish(ticket.events, uow)


def _calendar(uow, since: datetime):
    """The working calendar with the province's overrides from ``since`` on."""
    return uow.workflow.working_calendar(since=local_date(since))


def _suspension_calendar(ticket: Ticket, uow, at: datetime):
    # The days the suspension took, and those the deadline moves over, lie after both.
    starts = [moment for moment in (ticket.suspended_at, ticket.due_at) if moment is not None]
    return _calendar(uow, min([at, *starts]))


# One function per action ------------------------------------------------------------------


def _accept(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
    ticket.accept(cmd.actor.id, at)


def _hand_over(method: str) -> Callable:
    def hand_over(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
        ticket.require(cmd.action)
        target = _target(cmd.body, uow)
        chart = uow.known.chart(ticket.holder_path, target.unit.path if target.unit else None)
        note = cmd.body.get("note")
        getattr(ticket, method)(cmd.actor.id, at, target, chart, note)

    return hand_over


def _return(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
    ticket.return_to_previous(cmd.actor.id, at, cmd.body.get("note"))


def _request_info(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
    ticket.request_info(cmd.actor.id, at, cmd.body.get("note"))


def _respond(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
    ticket.respond(cmd.actor.id, at, cmd.body.get("body"))


def _cohandle(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
    ids = cmd.body.get("org_unit_ids")
    wanted = [i for i in ids if isinstance(i, str)] if isinstance(ids, list | tuple) else []
    units = uow.known.org_units_by_id(wanted)
    note, mode = cmd.body.get("note"), cmd.body.get("mode")
    ticket.cohandle(cmd.actor.id, at, ids, units, mode, note, new_id)


def _add_signer(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
    ticket.require(cmd.action)
    target = _target(cmd.body, uow)
    ticket.add_signer(cmd.actor.id, at, target, cmd.body.get("note"), new_id)


def _accept_part(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
    part = _own_part(ticket, cmd, lambda part: part.status == PART_INVITED)
    ticket.accept_part(cmd.actor.id, at, part)


def _finish_part(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
    part = _own_part(ticket, cmd, lambda part: part.is_open)
    ticket.finish_part(cmd.actor.id, at, part, cmd.body.get("note"))


def _urge(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
    by_enterprise = is_enterprise(cmd.actor, ticket)
    ticket.urge(cmd.actor.id, at, cmd.body.get("note"), by_enterprise=by_enterprise)


def _supervise(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
    unit = own_org_unit_id(cmd.actor)
    ticket.supervise(cmd.actor.id, at, unit, cmd.body.get("note"))


def _comment(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
    body = cmd.body
    ticket.comment(
        cmd.actor.id,
        at,
        body.get("body"),
        body.get("internal", False),
        body.get("attachments") or [],
        by_enterprise=is_enterprise(cmd.actor, ticket),
        known_uploads=ticket.known_uploads(),
    )


def _resolve(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
    days, calendar = uow.confirm_working_days, _calendar(uow, at)
    ticket.resolve(cmd.actor.id, at, cmd.body.get("note"), days, calendar)


def _confirm(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
    rating = cmd.body.get("rating")
    if isinstance(rating, str) and rating.strip().isdigit():
        rating = int(rating)
    ticket.confirm(cmd.actor.id, at, rating, cmd.body.get("comment"))


def _refuse(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
    ticket.refuse(cmd.actor.id, at, cmd.body.get("reason"))


def _reopen(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
    ticket.reopen(cmd.actor.id, at, cmd.body.get("note"))


def _close(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
    ticket.close(cmd.actor.id, at)


def _cancel(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
    by_enterprise = OVERSEER not in roles_towards(cmd.actor, ticket)
    ticket.cancel(cmd.actor.id, at, cmd.body.get("note"), by_enterprise=by_enterprise)


def _suspend(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
    ticket.require(cmd.action)
    resume_on = _date(cmd.body.get("resume_on"))
    ticket.suspend(cmd.actor.id, at, cmd.body.get("note"), resume_on)


def _resume(ticket: Ticket, cmd: TicketAction, uow, at: datetime) -> None:
    ticket.resume(cmd.actor.id, at, _suspension_calendar(ticket, uow, at))


ACTIONS: dict[str, Callable] = {
    "accept": _accept,
    "transfer": _hand_over("transfer"),
    "escalate": _hand_over("escalate"),
    "assign-down": _hand_over("assign_down"),
    "return": _return,
    "request-info": _request_info,
    "respond": _respond,
    "cohandle": _cohandle,
    "add-signer": _add_signer,
    "accept-part": _accept_part,
    "finish-part": _finish_part,
    "urge": _urge,
    "supervise": _supervise,
    "comment": _comment,
    "resolve": _resolve,
    "confirm": _confirm,
    "refuse": _refuse,
    "reopen": _reopen,
    "close": _close,
    "cancel": _cancel,
    "suspend": _suspend,
    "resume": _resume,
}


# What the bodies name ---------------------------------------------------------------------


def _target(body, uow) -> Target:
    org_unit_id, person_id = body.get("org_unit_id"), body.get("person_id") or None
    if not isinstance(org_unit_id, str) or not org_unit_id.strip():
        raise InvalidTicketInput("org_unit_id", "required")
    if person_id is not None and not isinstance(person_id, str):
        raise InvalidTicketInput("person_id", "not_string", person_id)
    person = uow.known.person(person_id) if person_id else None
    return Target(org_unit_id, uow.known.org_unit(org_unit_id), person_id, person)


def _own_part(ticket: Ticket, cmd: TicketAction, wanted: Callable[[TicketPart], bool]):
    if not ticket.allows(cmd.action):
        raise IllegalTransition(cmd.action, ticket.status)
    parts, part_id = parts_of(cmd.actor, ticket), cmd.body.get("part_id")
    if part_id is not None:
        named = [part for part in parts if part.id == part_id]
        if not named:
            raise UnknownPart(part_id)
        return named[0]
    for part in parts:
        if wanted(part):
            return part
    raise NoOpenPart(cmd.action)


def _date(value: object) -> object:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidResumeDate("resume_on_required", value) from None
    return value
