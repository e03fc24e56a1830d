"""A few tickets in different hands, to check that the repository's SQL scope finds
exactly the tickets ``TicketScope.allows`` lets each person see (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from services.workflow import handlers, tickets
from services.workflow.domain.access import TicketScope
from services.workflow.domain.commands import TicketAction
from services.workflow.domain.model import Pairing
from shared.messaging.envelope import new_envelope
from tests.service.workflow.conftest import PEOPLE, principal, submission_data

OPENED_AT = datetime(2026, 11, 27, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def submit(runtime, enterprise_id: str, submission_id: str) -> str:
    data = submission_data(enterprise_id, submission_id)
    envelope = new_envelope("forms.submission.received", data, tenant=data["org_path"])
    envelope["occurred_at"] = OPENED_AT.isoformat()
    runtime.consumer(envelope)
    with runtime.uow() as uow:
        return uow.workflow.ticket_for_submission(submission_id).id


def act(runtime, username: str, ticket_id: str, action: str, **body) -> None:
    command = TicketAction(ticket_id, action, principal(username), body)
    tickets.execute(runtime, handlers.act_on_ticket, command)


def tickets_in_different_hands(runtime) -> None:
    """ent-b's ticket transferred to Shangcheng's EIA section and co-handled by Hangzhou's;
    ent-a's escalated to Hangzhou's EIA section, with the liaison and leader paired to ent-a
    in 2026; ent-c's with Xihu's office."""
    with runtime.uow() as uow:
        uow.workflow.add(
            Pairing(
                id="pairing-1",
                enterprise_id="ent-a",
                liaison_person_id="p-liaison",
                contact_leader_person_id="p-leader",
                year=2026,
                county_id="330102",
                org_path="33/3301/330102",
                created_by="p-shangcheng",
                created_at=OPENED_AT,
            )
        )
        uow.commit()
    office = submit(runtime, "ent-b", "s-b")
    act(runtime, "staff", office, "transfer", org_unit_id="330102-eia", note="EIA's")
    act(runtime, "eia-staff", office, "accept")
    act(runtime, "eia-staff", office, "cohandle", org_unit_ids=["3301-eia"], mode="all", note="x")
    paired = submit(runtime, "ent-a", "s-a")
    act(runtime, "liaison", paired, "escalate", org_unit_id="3301-eia", note="City's")
    submit(runtime, "ent-c", "s-c")


def scope_mismatches(runtime) -> dict[str, tuple[set, set]]:
    """For each person whose SQL scope and domain scope disagree: (by SQL, by domain)."""
    mismatches = {}
    with runtime.uow() as uow:
        every = uow.workflow.tickets(TicketScope(subtree="33"))
        assert len(every) == 3
        for username in PEOPLE:
            scope = tickets.scope_of(uow, principal(username))
            by_sql = {ticket.number for ticket in uow.workflow.tickets(scope)}
            by_domain = {ticket.number for ticket in every if scope.allows(ticket)}
            if by_sql != by_domain:
                mismatches[username] = (by_sql, by_domain)
    return mismatches


def visible_counts(runtime) -> dict[str, int]:
    with runtime.uow() as uow:
        return {
            username: len(uow.workflow.tickets(tickets.scope_of(uow, principal(username))))
            for username in PEOPLE
        }
