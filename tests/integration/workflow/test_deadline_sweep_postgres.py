"""On PostgreSQL, after the workers were stopped across 500 due dates, two sweepers running
at once send exactly one reminder, one overdue notice and one escalation per deadline, and
a later sweep sends nothing new."""

import json
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from services.workflow import sweep
from services.workflow.bootstrap import bootstrap, deadline_policy
from services.workflow.domain.calendar import WorkingCalendar
from services.workflow.domain.model import Pairing
from services.workflow.domain.routing import Assignment
from shared.config import Settings
from shared.credit_code import generate_credit_code
from shared.messaging.envelope import new_envelope

pytestmark = pytest.mark.postgres

TICKETS = 500
SWEEPERS = 2
ALERT_KEYS = {
    "workflow.ticket.deadline_near": "deadline_near",
    "workflow.ticket.overdue": "overdue",
    "workflow.ticket.escalated": "escalated",
}
ORG_UNITS = (
    ("33", None, "province", "33"),
    ("3301", "33", "city", "33/3301"),
    ("3301-eia", "3301", "department", "33/3301/3301-eia"),
    ("330102", "3301", "county", "33/3301/330102"),
    ("330102-eia", "330102", "department", "33/3301/330102/330102-eia"),
)


def feed(runtime, type: str, data: dict) -> None:
    runtime.consumer(new_envelope(type, data, tenant="33"))


def learn_the_world(runtime) -> None:
    for unit_id, parent_id, kind, path in ORG_UNITS:
        unit = {"id": unit_id, "name": unit_id, "name_en": unit_id, "kind": kind, "path": path}
        feed(runtime, "directory.org_unit.created", {**unit, "parent_id": parent_id})
    enterprise = {
        "id": "ent-1",
        "name": "杭州钱塘印染有限公司",
        "credit_code": generate_credit_code("330102", 1),
        "county_id": "330102",
        "org_path": "33/3301/330102",
    }
    feed(runtime, "directory.enterprise.registered", enterprise)


def open_tickets_due_over_the_past(runtime, now: datetime) -> dict[str, tuple[datetime, str]]:
    """500 tickets of one paired enterprise, due every three hours from half a day ahead
    back over two months; one in five held by the city's department. Returns each
    ticket's deadline and the unit its escalation goes to."""
    tickets = {}
    with runtime.uow() as uow:
        account = uow.workflow.account_of("ent-1")
        for year in {now.year, (now - timedelta(days=70)).year}:
            uow.workflow.add(_pairing(year, now))
        for index in range(TICKETS):
            due_at = now + timedelta(hours=12) - timedelta(hours=3 * index)
            at_city = index % 5 == 0
            holder = "3301-eia" if at_city else "330102-eia"
            ticket = account.open_ticket(
                ticket_id=f"t-{index:03d}",
                number=f"330102-20260101-{index:04d}",
                submission_id=f"sub-{index}",
                title="Permit renewal",
                assignment=Assignment(None, holder, 5, None),
                opened_by="p-user",
                opened_at=due_at - timedelta(days=7),
                due_at=due_at,
            )
            if at_city:
                ticket.holder_path = "33/3301/3301-eia"
            ticket.events.clear()
            uow.workflow.add(ticket)
            tickets[ticket.id] = (due_at, "33" if at_city else "3301")
        uow.commit()
    return tickets


def _pairing(year: int, now: datetime) -> Pairing:
    """The enterprise's pairing, with its contact leader, for one year tickets opened in."""
    return Pairing(
        id=f"pairing-{year}",
        enterprise_id="ent-1",
        liaison_person_id="p-liaison",
        contact_leader_person_id="p-leader",
        year=year,
        county_id="330102",
        org_path="33/3301/330102",
        created_by="p-admin",
        created_at=now,
    )


def expected_alerts(tickets: dict, now: datetime) -> Counter:
    owed, china = Counter(), WorkingCalendar()
    for ticket_id, (due_at, _unit) in tickets.items():
        owed[(ticket_id, "deadline_near")] = 1
        if now > due_at:
            owed[(ticket_id, "overdue")] = 1
        if now > china.add_working_days(due_at, 2):
            owed[(ticket_id, "escalated")] = 1
    return owed


def alerts_in_outbox(runtime) -> tuple[Counter, list[dict]]:
    with runtime.engine.connect() as conn:
        rows = conn.execute(text("SELECT routing_key, body FROM outbox")).all()
    sent, escalations = Counter(), []
    for routing_key, body in rows:
        if routing_key in ALERT_KEYS:
            data = json.loads(body)["data"]
            sent[(data["ticket_id"], ALERT_KEYS[routing_key])] += 1
            if routing_key == "workflow.ticket.escalated":
                escalations.append(data)
    return sent, escalations


def alert_rows(runtime) -> Counter:
    with runtime.engine.connect() as conn:
        rows = conn.execute(text("SELECT ticket_id, kind FROM deadline_alerts")).all()
    return Counter((ticket_id, kind) for ticket_id, kind in rows)


def run_sweepers_at_once(runtimes, policy, now: datetime) -> list[Counter]:
    start, results = threading.Barrier(len(runtimes)), [None] * len(runtimes)

    def sweeper(index: int) -> None:
        start.wait()
        results[index] = sweep.sweep(runtimes[index].uow, policy, now)

    threads = [threading.Thread(target=sweeper, args=(i,)) for i in range(len(runtimes))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return results


def test_two_sweepers_after_a_long_stop_send_each_alert_once_per_deadline(postgres_url):
    # Given workflow on PostgreSQL, whose workers were stopped across 500 due dates
    settings = Settings(database_url=postgres_url, secret_key="test")
    runtimes = [bootstrap(settings) for _ in range(SWEEPERS)]
    runtimes[0].migrate()
    learn_the_world(runtimes[0])
    now = datetime.now(UTC)
    tickets = open_tickets_due_over_the_past(runtimes[0], now)
    policy = deadline_policy(settings)
    expected = expected_alerts(tickets, now)

    # When two sweepers (each with its own connections, as two workers) sweep at once
    results = run_sweepers_at_once(runtimes, policy, now)

    # Then each alert owed went out exactly once, with its record and its event
    sent, escalations = alerts_in_outbox(runtimes[0])
    assert sent == expected
    assert alert_rows(runtimes[0]) == expected
    assert sum(results, Counter()) == Counter(kind for _ticket, kind in expected.elements())
    assert {e["ticket_id"]: e["escalated_to_org_unit_id"] for e in escalations} == {
        ticket_id: unit
        for (ticket_id, kind) in expected
        if kind == "escalated"
        for unit in [tickets[ticket_id][1]]
    }
    assert all(e["contact_leader_person_id"] == "p-leader" for e in escalations)

    # And sweeping again, by both, sends nothing new
    again = run_sweepers_at_once(runtimes, policy, now)
    assert sum(again, Counter()) == Counter()
    assert alerts_in_outbox(runtimes[0])[0] == expected
    for runtime in runtimes:
        runtime.engine.dispose()
