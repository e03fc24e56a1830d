"""Workflow's read queries for pages and the API, each limited to what the viewer may see."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from services.workflow.domain import ticket_query as tq
from services.workflow.domain.access import (
    ENTERPRISE_USER,
    Viewer,
    actions_open_to,
    is_admin,
    own_org_unit_id,
)
from services.workflow.domain.calendar import WorkingCalendar, local_date
from services.workflow.domain.handover import BUREAU_KINDS
from services.workflow.domain.known import OrgUnit
from services.workflow.domain.model import Ticket
from services.workflow.tickets import scope_of, visible_ticket
from shared.org_paths import ancestors_and_self, is_within

#: Forms' page of a submission and its attachments' downloads, under the same origin;
#: forms shows them to the staff who handle the submission's ticket.
SUBMISSION_PAGE = "/forms/submissions/{id}"
UPLOAD_DOWNLOAD = "/forms/api/uploads/{id}"


@dataclass
class TicketList:
    """One page of a ticket list: its rows, how many match in all, and the query."""

    query: tq.TicketQuery
    rows: list[dict]
    total: int
    #: Per queue the viewer has, how many tickets it holds (the inbox only).
    counts: dict[str, int] = field(default_factory=dict)
    queues: tuple[str, ...] = ()
    #: The org units holding visible tickets and the categories, for the filters.
    units: list[OrgUnit] = field(default_factory=list)
    categories: dict[str, dict | None] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.query.per_page))


def _owner(viewer: Viewer, now: datetime) -> tq.QueueOwner | None:
    if ENTERPRISE_USER in viewer.roles:
        return None
    return tq.queue_owner(viewer, local_date(now).year)


def ticket_list(
    uow, viewer: Viewer, args: Mapping, now: datetime, default_queue: str | None = None
) -> TicketList:
    """One page of the tickets ``viewer`` sees that match the query string ``args``
    (:mod:`services.workflow.domain.ticket_query`).

    :raises InvalidTicketQuery: naming each wrong parameter (nothing is clamped).
    """
    queues = tq.queues_for(viewer)
    query = tq.parse_ticket_query(args, queues, default_queue)
    scope = scope_of(uow, viewer)
    tickets, total = uow.workflow.ticket_page(scope, _owner(viewer, now), query, now)
    return TicketList(query, ticket_rows(uow, tickets, now), total, queues=queues)


def inbox(uow, viewer: Viewer, args: Mapping, now: datetime) -> TicketList:
    """The inbox of a member of staff: the page of the queue asked for ("to do" unless
    another is), the count of every queue, and the choices of the unit and category
    filters.

    :raises InvalidTicketQuery: naming each wrong parameter (see :func:`refused_inbox`).
    """
    listing = ticket_list(uow, viewer, args, now, default_queue=tq.TO_DO)
    return _with_inbox_frame(uow, viewer, listing, now)


def refused_inbox(uow, viewer: Viewer, now: datetime) -> TicketList:
    """The inbox without rows, for a query string that could not be read: the queues'
    counts and the filters' choices, so the person can correct it."""
    listing = TicketList(tq.TicketQuery(), [], 0, queues=tq.queues_for(viewer))
    return _with_inbox_frame(uow, viewer, listing, now)


def _with_inbox_frame(uow, viewer: Viewer, listing: TicketList, now: datetime) -> TicketList:
    for row in listing.rows:
        row["actions"] = actions_open_to(viewer, row["ticket"], now)
    scope = scope_of(uow, viewer)
    listing.counts = uow.workflow.queue_counts(scope, _owner(viewer, now), tq.STAFF_QUEUES, now)
    listing.units = uow.workflow.holder_units(scope)
    listing.categories = {
        category: category_label(answers)
        for category, answers in uow.workflow.categories(scope).items()
    }
    return listing


def ticket_numbers(uow, viewer: Viewer, ticket_ids: list[str]) -> dict[str, str]:
    """The numbers of those of ``ticket_ids`` the viewer sees, by id."""
    return uow.workflow.ticket_numbers(scope_of(uow, viewer), ticket_ids)


def bulk_transfer_targets(uow, viewer: Viewer) -> list[OrgUnit]:
    """The units the inbox's bulk transfer offers: those of the viewer's bureau (the
    bureau itself and its departments), by path."""
    bureau = uow.known.chart(viewer.org_path).bureau_of(viewer.org_path)
    return uow.known.units_of_bureaus([bureau]) if bureau else []


def category_label(answers: list) -> dict | None:
    """The words (``{"zh_CN": …, "en": …}``) a ticket's answers give its category, if
    they name one: the text of the answer row named "category"."""
    for row in answers or []:
        if isinstance(row, dict) and row.get("name") == "category":
            text = row.get("text")
            return text if isinstance(text, dict) else None
    return None


def my_matters(uow, viewer: Viewer, args: Mapping, now: datetime) -> TicketList:
    """An enterprise user's own enterprise's tickets (its service account), in every
    status, closed ones too."""
    listing = ticket_list(uow, viewer, args, now, default_queue=tq.ALL)
    listing.categories = {
        category: category_label(answers)
        for category, answers in uow.workflow.categories(scope_of(uow, viewer)).items()
    }
    return listing


def ticket_rows(uow, tickets: list[Ticket], now: datetime) -> list[dict]:
    """Each ticket with its enterprise's name, its deadline state and who holds it (the
    person's name and the unit), looked up for all the tickets at once."""
    names = uow.workflow.enterprise_names(ticket.account_id for ticket in tickets)
    people = uow.known.names_of_people(ticket.assignee_person_id for ticket in tickets)
    units = uow.known.org_units_by_id(ticket.assignee_org_unit_id for ticket in tickets)
    held_at = uow.known.org_units_at(
        ticket.holder_path for ticket in tickets if ticket.assignee_org_unit_id is None
    )
    return [
        {
            "ticket": ticket,
            "enterprise_name": names.get(ticket.account_id, ""),
            "deadline": ticket.deadline_state(now),
            "holder_person": people.get(ticket.assignee_person_id or ""),
            "holder_unit": units.get(ticket.assignee_org_unit_id or "")
            or held_at.get(ticket.holder_path or ""),
        }
        for ticket in tickets
    ]


def ticket_detail(uow, viewer: Viewer, ticket_id: str, now: datetime) -> dict:
    """One ticket with its parts and history (without the staff-only rows for an
    enterprise user), the names of the people and units it mentions, and the actions
    open to ``viewer`` now."""
    ticket = visible_ticket(uow, viewer, ticket_id)
    staff = ENTERPRISE_USER not in viewer.roles
    history = [entry for entry in ticket.history if staff or not entry.internal]
    people = [
        ticket.assignee_person_id,
        *(entry.actor for entry in history),
        *(part.person_id for part in ticket.parts),
    ]
    units = [
        ticket.assignee_org_unit_id,
        ticket.supervised_by_org_unit_id,
        *(part.org_unit_id for part in ticket.parts),
    ]
    chart = uow.known.chart(ticket.holder_path)
    return {
        **ticket_rows(uow, [ticket], now)[0],
        "history": history,
        "parts": list(ticket.parts),
        "people": uow.known.names_of_people(people),
        "units": uow.known.org_units_by_id(units),
        "actions": actions_open_to(viewer, ticket, now, chart),
        **request_of(ticket),
    }


#: The keys of history details that name people and org units.
PERSON_DETAILS = ("from_person_id", "to_person_id", "contact_leader_person_id")
UNIT_DETAILS = (
    "from_org_unit_id",
    "to_org_unit_id",
    "part_org_unit_id",
    "supervising_org_unit_id",
    "escalated_to_org_unit_id",
)
#: The actions whose forms choose a unit, and those that may also choose a person.
UNIT_ACTIONS = ("transfer", "escalate", "assign-down", "cohandle", "add-signer")
PERSON_ACTIONS = ("transfer", "escalate", "assign-down", "add-signer")


def ticket_page(uow, viewer: Viewer, ticket_id: str, now: datetime) -> dict:
    """What the ticket's page shows: :func:`ticket_detail`, the names of the people and
    units its history and parts mention, and for each action open to the viewer that
    names a unit, the units (and their staff) its form offers."""
    detail = ticket_detail(uow, viewer, ticket_id, now)
    ticket = detail["ticket"]
    people, units = list(detail["people"]), list(detail["units"])
    for entry in detail["history"]:
        people += [entry.details.get(key) for key in PERSON_DETAILS]
        units += [entry.details.get(key) for key in UNIT_DETAILS]
        units += list(entry.details.get("org_unit_ids") or [])
    choices = target_choices(uow, ticket, detail["actions"])
    staff = uow.known.staff_of_units(
        unit.id for action in PERSON_ACTIONS for unit in choices.get(action, [])
    )
    return {
        **detail,
        "people": {**detail["people"], **uow.known.names_of_people(people)},
        "units": {**detail["units"], **uow.known.org_units_by_id(units)},
        "choices": choices,
        "staff": staff,
    }


def target_choices(uow, ticket: Ticket, actions: list[str]) -> dict[str, list[OrgUnit]]:
    """The units each unit-naming action in ``actions`` may name, as the state machine's
    rules allow them (:mod:`services.workflow.domain.handover`): for a transfer the units
    of the holder's bureau; an escalation, those of the bureau one level up; an assignment
    down, the bureaus below on the ticket's chain and their departments; co-handling and
    adding a signer, the bureaus on the ticket's chain and their departments, but the
    holder and the units with an open part."""
    wanted = [action for action in UNIT_ACTIONS if action in actions]
    if not wanted:
        return {}
    holder = ticket.holder_path or ticket.org_path
    chart = uow.known.chart(holder, ticket.org_path)
    here = chart.bureau_of(holder)
    chain = [
        path for path in ancestors_and_self(ticket.org_path) if chart.kind_of(path) in BUREAU_KINDS
    ]
    bureaus = {
        "transfer": [here] if here else [],
        "escalate": [up] if (up := chart.parent_bureau_of(here or "")) else [],
        "assign-down": [p for p in chain if here and p != here and is_within(p, here)],
        "cohandle": chain,
        "add-signer": chain,
    }
    open_parts = {part.org_unit_id for part in ticket.parts if part.is_open}
    held_by_unit = ticket.assignee_person_id is None
    choices = {}
    for action in wanted:
        units = uow.known.units_of_bureaus(bureaus[action])
        if action in ("cohandle", "add-signer"):
            units = [
                unit
                for unit in units
                if unit.path != holder
                and unit.id != ticket.assignee_org_unit_id
                and unit.id not in open_parts
            ]
        elif held_by_unit:
            units = [unit for unit in units if unit.id != ticket.assignee_org_unit_id]
        choices[action] = units
    return choices


def request_of(ticket: Ticket) -> dict:
    """What the enterprise asked: the form and version, the answers as rows to show
    (each file with its download's ``url``), the contact, and the submission's page."""
    answers = [
        {**row, "files": [_with_url(file) for file in row.get("files") or []]}
        for row in ticket.answers or []
    ]
    return {
        "form_key": ticket.form_key,
        "form_version": ticket.form_version,
        "answers": answers,
        "contact": ticket.contact,
        "submission_url": (
            SUBMISSION_PAGE.format(id=ticket.submission_id) if ticket.submission_id else None
        ),
    }


def _with_url(file: dict) -> dict:
    return {**file, "url": UPLOAD_DOWNLOAD.format(id=file["upload_id"])}


def pairing_rows(uow, viewer: Viewer, year: int | None = None) -> list[dict]:
    """Pairings an administrator's area holds, or those naming the viewer (of ``year``)."""
    if is_admin(viewer):
        pairings = uow.workflow.pairings(under_path=viewer.org_path, year=year)
    else:
        pairings = uow.workflow.pairings(person_id=viewer.id, year=year)
    return pairing_rows_of(uow, pairings)


def pairing_rows_of(uow, pairings: list) -> list[dict]:
    """Each pairing with the names of its enterprise, liaison and contact leader."""
    people = uow.known.names_of_people(
        person
        for pairing in pairings
        for person in (pairing.liaison_person_id, pairing.contact_leader_person_id)
    )
    enterprises = uow.known.names_of_enterprises(p.enterprise_id for p in pairings)
    return [
        {
            "pairing": pairing,
            "enterprise_name": enterprises.get(pairing.enterprise_id, ""),
            "liaison_name": people.get(pairing.liaison_person_id, ""),
            "contact_leader_name": people.get(pairing.contact_leader_person_id or ""),
        }
        for pairing in pairings
    ]


def routing_rule_rows(uow, viewer: Viewer) -> list[dict]:
    """Rules set in the viewer's area, and those set above it that apply there too
    (``is_inherited``; ``is_overridden`` when a rule of the same id set nearer the viewer
    hides it there)."""
    rows = uow.workflow.routing_rule_rows(viewer.org_path)
    applying = [row for row in rows if is_within(viewer.org_path, row["org_path"])]
    for row in rows:
        row["is_inherited"] = not is_within(row["org_path"], viewer.org_path)
        # Hidden in the viewer's area by a rule of the same id set nearer to it.
        row["is_overridden"] = row["is_inherited"] and any(
            other["id"] == row["id"] and len(other["org_path"]) > len(row["org_path"])
            for other in applying
        )
    return rows


def own_routing_rule(uow, viewer: Viewer, rule_id: str) -> dict:
    """The rule ``rule_id`` of the viewer's own org unit."""
    row = uow.workflow.routing_rule_row(own_org_unit_id(viewer), rule_id)
    return {**row, "is_inherited": False, "is_overridden": False}


def calendar_year(uow, year: int) -> dict:
    """``year`` on the working-day calendar: whether the library knows it, its public
    holidays (each with the overrides that fall in it) and make-up working days from the
    library, and the deployment's overrides with the names of who set them."""
    overrides = uow.workflow.calendar_overrides(
        since=date(year - 1, 12, 31), until=date(year, 12, 31)
    )
    calendar = WorkingCalendar(overrides)
    periods = calendar.public.holiday_periods(year)
    return {
        "year": year,
        "is_known": calendar.knows(year),
        "known_years": calendar.known_years(),
        "holidays": [
            {"period": p, "overridden": [o for o in overrides if p.first <= o.day <= p.last]}
            for p in periods
        ],
        "makeup_workdays": [
            {"makeup": m, "overridden": m.day in calendar.overrides}
            for m in calendar.public.makeup_workdays(year)
        ],
        "overrides": overrides,
        "people": uow.known.names_of_people(o.set_by for o in overrides),
    }
