"""Workflow's use cases: one function per command or consumed event.

Command handlers work inside a unit of work the caller opens and commits
(``runtime.execute``). Event handlers take ``(envelope, data, uow)`` and never commit: the
consumer commits their effect together with the record that the event was processed.

Events of different services arrive in any order. A submission whose enterprise workflow
has not heard of yet raises :class:`EnterpriseNotKnownYet`, a plain exception: nothing is
stored, the event is not marked processed, and the bus delivers it again later (LocalBus
on the relay's next pass; RabbitBus after a growing pause, dead-lettering it with the reason
after its attempts run out, so it is never silently dropped).
"""

from __future__ import annotations

import uuid
from dataclasses import fields
from datetime import UTC, date, datetime

from services.workflow import tickets
from services.workflow.domain import commands
from services.workflow.domain.access import own_org_unit_id
from services.workflow.domain.calendar import (
    CalendarOverride,
    local_date,
    may_edit_calendar,
    parse_day,
    validate_override_input,
)
from services.workflow.domain.errors import (
    AlreadyPaired,
    CalendarEditForbidden,
    CalendarOverrideExists,
    CalendarOverrideNotFound,
    EnterpriseNotKnownYet,
    InvalidRoutingRule,
    RoutingRuleExists,
)
from services.workflow.domain.known import Enterprise, Form, OrgUnit, Person
from services.workflow.domain.model import Pairing, ServiceAccount, Ticket
from services.workflow.domain.numbering import ticket_number
from services.workflow.domain.roster import (
    CONTACT_LEADER,
    LIAISON,
    PairingInput,
    check_enterprise,
    check_staff,
    validate_pairing_input,
)
from services.workflow.domain.routing import (
    DEPARTMENT_PREFIX,
    ORG_UNIT_PREFIX,
    Assignment,
    Reroute,
    RoutingRule,
    enterprise_attributes,
    route,
    validate_rule,
)
from services.workflow.domain.staffing import redirect_target
from services.workflow.publishing import publish
from shared.contracts.workflow import PairingCreatedV1, PairingEndedV1
from shared.org_paths import is_within


def now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


# Copies of directory's records ------------------------------------------------------------


def record_org_unit(envelope: dict, data: dict, uow) -> None:
    """Keep a copy of an org unit: routing looks up county default departments in it."""
    _upsert(uow.known, uow.known.org_unit(data["id"]), OrgUnit, data)


def record_person(envelope: dict, data: dict, uow) -> None:
    """Keep a copy of a person: pairing checks liaisons and pages show names with it."""
    _upsert(uow.known, uow.known.person(data["id"]), Person, data)


def record_form(envelope: dict, data: dict, uow) -> None:
    """Keep the title and questions of a form's latest published version: routing rule
    pages name forms and fields by them. An older version arriving late changes nothing."""
    found = uow.known.form(data["form_id"])
    if found is not None and found.version >= data["version"]:
        return
    title = {"zh_CN": data["title"], "en": data.get("title_en") or data["title"]}
    values = {
        "id": data["form_id"],
        "key": data["key"],
        "org_path": data["org_path"],
        "version": data["version"],
        "title": title,
        "fields": data.get("fields") or [],
    }
    _upsert(uow.known, found, Form, values)


def open_service_account(envelope: dict, data: dict, uow) -> None:
    """Keep a copy of a registered enterprise and open its service account, exactly once
    ("one enterprise, one account"); a repeated event only refreshes the copy."""
    enterprise = _upsert(uow.known, uow.known.enterprise(data["id"]), Enterprise, data)
    account = uow.workflow.account_of(enterprise.id)
    if account is not None:
        account.enterprise_name = enterprise.name
        return
    account = ServiceAccount(
        id=new_id(),
        enterprise_id=enterprise.id,
        enterprise_name=enterprise.name,
        county_id=enterprise.county_id,
        org_path=enterprise.org_path,
        opened_at=envelope["occurred_at"],
    )
    uow.workflow.add(account)


def _upsert(repository, found, cls, data: dict):
    values = {f.name: data[f.name] for f in fields(cls) if f.name in data}
    if found is None:
        found = cls(**values)
        repository.add(found)
    else:
        for name, value in values.items():
            setattr(found, name, value)
    return found


# Tickets ----------------------------------------------------------------------------------


def open_ticket_for_submission(envelope: dict, data: dict, uow) -> None:
    """Open the one ticket of a submission in its enterprise's service account ("one
    event, one order"), routed, numbered and given its deadline, and announce it.

    A submission that already has a ticket (the same event again, or another event for
    the same submission) opens nothing. Raises EnterpriseNotKnownYet when the enterprise
    has not been announced yet, so the event is delivered again later.
    """
    if uow.workflow.ticket_for_submission(data["submission_id"]) is not None:
        return
    account = uow.workflow.account_of(data["enterprise_id"])
    if account is None:
        raise EnterpriseNotKnownYet(data["enterprise_id"])
    opened_at = envelope["occurred_at"]
    assignment = _route(data, account, opened_at, uow)
    ticket = account.open_ticket(
        ticket_id=new_id(),
        number=_next_number(account.county_id, opened_at, uow),
        submission_id=data["submission_id"],
        acceptance_number=data["acceptance_number"],
        title=data["title"],
        assignment=assignment,
        opened_by=data["submitted_by"],
        opened_at=opened_at,
        due_at=_deadline(opened_at, assignment.deadline_working_days, uow),
        **_what_was_asked(data),
        holder_path=_path_of(assignment, uow) or account.org_path,
    )
    uow.workflow.add(ticket)
    publish(ticket.events, uow)


def _deadline(opened_at: datetime, working_days: int, uow) -> datetime:
    # One small query for the overrides after the opening day: this runs on every opening.
    calendar = uow.workflow.working_calendar(since=local_date(opened_at))
    return calendar.add_working_days(opened_at, working_days)


def _what_was_asked(data: dict) -> dict:
    category = (data.get("data") or {}).get("category")
    return {
        "form_key": data.get("form_key"),
        "form_version": data.get("form_version"),
        "category": category if isinstance(category, str) else None,
        "submitted_by": data.get("submitted_by"),
        # Forms adds the answers as rows and the contact; older events lack them.
        "answers": data.get("answers"),
        "contact": data.get("contact"),
    }


def _path_of(assignment: Assignment, uow) -> str | None:
    """The org path the assignee works at: the assigned unit's, or the person's."""
    if assignment.org_unit_id is not None:
        unit = uow.known.org_unit(assignment.org_unit_id)
        return unit.path if unit else None
    person = uow.known.person(assignment.person_id) if assignment.person_id else None
    return person.org_path if person else None


def _route(data: dict, account: ServiceAccount, opened_at: datetime, uow) -> Assignment:
    """Route by the county's rules, the enterprise's attributes and this year's pairing;
    a unit with nobody who can act hands the ticket to the nearest administrator above
    it. What routing saw is kept, so a dry run can replay it."""
    default_department = uow.known.default_department_of(account.county_id)
    assignment = route(
        data["form_key"],
        data["data"],
        uow.workflow.routing_rules_for(account.org_path),
        uow.workflow.active_pairing(account.enterprise_id, local_date(opened_at).year),
        account.county_id,
        default_department.id if default_department else None,
        enterprise=enterprise_attributes(uow.known.enterprise(account.enterprise_id)),
        reroute=rerouter(account.org_path, uow),
    )
    uow.workflow.record_routing_input(
        submission_id=data["submission_id"],
        form_key=data["form_key"],
        answers=data["data"],
        enterprise_id=account.enterprise_id,
        org_path=account.org_path,
        routed_at=opened_at,
    )
    return assignment


def rerouter(county_path: str, uow) -> Reroute:
    """Where a ticket for an org unit of the county at ``county_path`` goes when nobody in
    the unit can act: the nearest unit above it with an administrator."""

    def reroute(unit_id: str) -> str | None:
        unit = uow.known.org_unit(unit_id)
        path = unit.path if unit is not None else f"{county_path}/{unit_id}"
        return redirect_target(path, uow.known.roles_by_unit(path.split("/")))

    return reroute


def _next_number(county_id: str, opened_at: datetime, uow) -> str:
    sequence = uow.workflow.next_ticket_sequence(county_id, local_date(opened_at))
    return ticket_number(county_id, opened_at, sequence)


def act_on_ticket(cmd: commands.TicketAction, uow) -> Ticket:
    """Take one action of the closed loop on a ticket, now (see :mod:`tickets`)."""
    return tickets.act(cmd, uow, now())


def auto_confirm(ticket: Ticket, at: datetime, uow) -> None:
    """The sweep: close a resolved ticket the enterprise did not confirm in time."""
    tickets.auto_confirm(ticket, at, uow)


def resume_ticket(ticket: Ticket, at: datetime, uow) -> None:
    """The sweep: resume a suspended ticket on its date to resume."""
    tickets.resume(ticket, at, uow)


# Pairing roster ---------------------------------------------------------------------------


def create_pairing(cmd: commands.CreatePairing, uow) -> Pairing:
    """Pair an enterprise of the administrator's area with a liaison of its county (and
    optionally a contact leader) for a year, and announce it."""
    request = validate_pairing_input(cmd.data)
    found = uow.known.enterprise(request.enterprise_id)
    enterprise = check_enterprise(found, cmd.actor.org_path, request.enterprise_id)
    _check_pairing_people(request, enterprise, uow)
    if uow.workflow.active_pairing(enterprise.id, request.year) is not None:
        raise AlreadyPaired(request.year)
    pairing = Pairing(
        id=new_id(),
        enterprise_id=enterprise.id,
        liaison_person_id=request.liaison_person_id,
        contact_leader_person_id=request.contact_leader_person_id,
        year=request.year,
        county_id=enterprise.county_id,
        org_path=enterprise.org_path,
        created_by=cmd.actor.id,
        created_at=now(),
    )
    uow.workflow.add(pairing)
    _announce_pairing(pairing, uow)
    return pairing


def _check_pairing_people(request: PairingInput, enterprise: Enterprise, uow) -> None:
    liaison_id, leader_id = request.liaison_person_id, request.contact_leader_person_id
    liaison = uow.known.person(liaison_id)
    check_staff(liaison, LIAISON, "liaison_person_id", enterprise.org_path, liaison_id)
    if leader_id is not None:
        leader = uow.known.person(leader_id)
        check_staff(
            leader, CONTACT_LEADER, "contact_leader_person_id", enterprise.org_path, leader_id
        )


def announce_pairing_ended(pairing: Pairing, uow) -> None:
    """Write ``workflow.pairing.ended`` for an ended pairing to the outbox."""
    payload = {
        "pairing_id": pairing.id,
        "enterprise_id": pairing.enterprise_id,
        "liaison_person_id": pairing.liaison_person_id,
        "contact_leader_person_id": pairing.contact_leader_person_id,
        "year": pairing.year,
        "county_id": pairing.county_id,
        "org_path": pairing.org_path,
        "ended_by": pairing.ended_by,
        "ended_at": pairing.ended_at,
        "reason": pairing.end_reason,
    }
    uow.emit("workflow.pairing.ended", PairingEndedV1().dump(payload), tenant=pairing.org_path)


def _announce_pairing(pairing: Pairing, uow) -> None:
    payload = {
        "pairing_id": pairing.id,
        "enterprise_id": pairing.enterprise_id,
        "liaison_person_id": pairing.liaison_person_id,
        "contact_leader_person_id": pairing.contact_leader_person_id,
        "year": pairing.year,
        "county_id": pairing.county_id,
        "org_path": pairing.org_path,
        "created_by": pairing.created_by,
        "created_at": pairing.created_at,
    }
    uow.emit("workflow.pairing.created", PairingCreatedV1().dump(payload), tenant=pairing.org_path)


# Routing rules ----------------------------------------------------------------------------


def create_routing_rule(cmd: commands.CreateRoutingRule, uow) -> RoutingRule:
    """Store a routing rule for the administrator's org unit; it applies to every county
    in that unit's subtree."""
    rule = validate_rule(cmd.data)
    check_target_in_area(rule.target, cmd.actor.org_path, uow)
    org_unit_id = own_org_unit_id(cmd.actor)
    if uow.workflow.routing_rule_exists(org_unit_id, rule.id):
        raise RoutingRuleExists(rule.id)
    uow.workflow.add_routing_rule(
        rule,
        org_unit_id=org_unit_id,
        org_path=cmd.actor.org_path,
        created_by=cmd.actor.id,
        created_at=now(),
    )
    return rule


def check_target_in_area(target: str, area: str, uow) -> None:
    """Refuse a target naming an org unit or a department outside ``area``."""
    if target.startswith(ORG_UNIT_PREFIX):
        unit_id = target.removeprefix(ORG_UNIT_PREFIX)
        unit = uow.known.org_unit(unit_id)
        if unit is None or not is_within(unit.path, area):
            raise InvalidRoutingRule("target", "unknown_org_unit", unit_id)
    elif target.startswith(DEPARTMENT_PREFIX):
        code = target.removeprefix(DEPARTMENT_PREFIX)
        if uow.known.department_in(area, code) is None:
            raise InvalidRoutingRule("target", "unknown_department", code)


# The working-day calendar -----------------------------------------------------------------


def set_calendar_override(cmd: commands.SetCalendarOverride, uow) -> CalendarOverride:
    """The province declares one day off or worked, whatever the library says; deadlines
    computed from then on count it so."""
    _check_may_edit_calendar(cmd.actor)
    request = validate_override_input(cmd.data)
    override = CalendarOverride(request.day, request.kind, request.note, cmd.actor.id, now())
    if not uow.workflow.add_calendar_override(override):
        raise CalendarOverrideExists(override.day)
    return override


def remove_calendar_override(cmd: commands.RemoveCalendarOverride, uow) -> date:
    """The province removes a day's override: the library decides that day again."""
    _check_may_edit_calendar(cmd.actor)
    day = parse_day(cmd.day)
    if not uow.workflow.remove_calendar_override(day):
        raise CalendarOverrideNotFound(day)
    return day


def _check_may_edit_calendar(actor) -> None:
    if not may_edit_calendar(actor.roles):
        raise CalendarEditForbidden()
