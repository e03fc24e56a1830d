"""Workflow's read queries for pages and the API, each limited to what the viewer may see."""

from __future__ import annotations

from datetime import date, datetime

from services.workflow.domain.access import (
    ENTERPRISE_USER,
    TicketScope,
    Viewer,
    actions_open_to,
    is_admin,
    own_org_unit_id,
)
from services.workflow.domain.calendar import WorkingCalendar
from services.workflow.domain.model import Ticket
from services.workflow.tickets import scope_of, visible_ticket
from shared.org_paths import is_within

TO_DO_TAB = "todo"
AREA_TAB = "area"
#: Forms' page of a submission and its attachments' downloads, under the same origin;
#: forms shows them to the staff who handle the submission's ticket.
SUBMISSION_PAGE = "/forms/submissions/{id}"
UPLOAD_DOWNLOAD = "/forms/api/uploads/{id}"


def tabs_for(viewer: Viewer) -> tuple[str, ...]:
    """The inbox tabs ``viewer`` has: everyone has "to do"; administrators also "area"."""
    return (TO_DO_TAB, AREA_TAB) if is_admin(viewer) else (TO_DO_TAB,)


def inbox(uow, viewer: Viewer, tab: str, now: datetime) -> list[dict]:
    """The rows of one inbox tab: the viewer's open tickets (assigned to them or to their
    department), or every ticket of an administrator's area."""
    if tab == AREA_TAB and is_admin(viewer):
        tickets = uow.workflow.tickets(TicketScope(subtree=viewer.org_path))
    else:
        tickets = uow.workflow.tickets(scope_of(uow, viewer).assigned_only(), open_only=True)
    return ticket_rows(uow, tickets, now)


def visible_tickets(uow, viewer: Viewer, now: datetime) -> list[dict]:
    """Every ticket ``viewer`` may see, newest first."""
    return ticket_rows(uow, uow.workflow.tickets(scope_of(uow, viewer)), now)


def my_matters(uow, viewer: Viewer, now: datetime) -> list[dict]:
    """An enterprise user's own enterprise's tickets: its service account."""
    scope = TicketScope(enterprise_id=viewer.enterprise_id or "")
    return ticket_rows(uow, uow.workflow.tickets(scope), now)


def ticket_rows(uow, tickets: list[Ticket], now: datetime) -> list[dict]:
    names = uow.workflow.enterprise_names(ticket.account_id for ticket in tickets)
    return [
        {
            "ticket": ticket,
            "enterprise_name": names.get(ticket.account_id, ""),
            "deadline": ticket.deadline_state(now),
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
