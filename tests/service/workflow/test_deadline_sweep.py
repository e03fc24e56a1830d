"""The deadline sweep on SQLite: a reminder the day before a ticket's deadline, the contact
leader told once it passes, the unit one level up supervising it two working days later,
each once per deadline; resolved tickets auto-confirmed and suspended ones resumed on
their date, by "system".

ent-a's ticket (opened Friday 27 November 2026, 09:30) is due Friday 4 December at 23:59:59
Beijing time; two working days later is Tuesday 8 December at 23:59:59.
"""

import threading
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import text

from services.workflow import sweep
from services.workflow.bootstrap import deadline_policy
from services.workflow.domain.calendar import CalendarOverride
from services.workflow.entrypoints.sweeper import run_deadline_sweeper
from tests.service.workflow.conftest import SHANGHAI, person_id

DUE = datetime(2026, 12, 4, 23, 59, 59, tzinfo=SHANGHAI)
BEFORE_REMINDER = datetime(2026, 12, 3, 12, 0, tzinfo=SHANGHAI)
LAST_DAY = datetime(2026, 12, 4, 9, 0, tzinfo=SHANGHAI)
DAY_AFTER = datetime(2026, 12, 5, 10, 0, tzinfo=SHANGHAI)
#: Tuesday evening: the deadline passed, two working days not yet.
TUESDAY = datetime(2026, 12, 8, 18, 0, tzinfo=SHANGHAI)
WEDNESDAY = datetime(2026, 12, 9, 0, 30, tzinfo=SHANGHAI)
ALERTS = ("deadline_near", "overdue", "escalated")


@pytest.fixture
def ticket_id(world, submit) -> str:
    """ent-a's ticket, paired with the liaison and the contact leader for 2026."""
    body = {
        "enterprise_id": "ent-a",
        "liaison_person_id": person_id("liaison"),
        "contact_leader_person_id": person_id("leader"),
        "year": 2026,
    }
    assert world.client("shangcheng").post("/workflow/api/pairings", json=body).status_code == 201
    submit("ent-a", "sub-1")
    return world.ticket_of("sub-1").id


def run(world, at: datetime):
    return sweep.sweep(world.runtime.uow, deadline_policy(world.settings), at)


def alerts(world) -> dict[str, list[dict]]:
    return {kind: world.published(f"workflow.ticket.{kind}") for kind in ALERTS}


def counts(world) -> dict[str, int]:
    return {kind: len(events) for kind, events in alerts(world).items()}


def ticket_json(world, ticket_id: str, username: str = "shangcheng") -> dict:
    return world.client(username).get(f"/workflow/api/tickets/{ticket_id}").get_json()


def test_nothing_is_sent_before_the_day_before_the_deadline(world, ticket_id):
    done = run(world, BEFORE_REMINDER)

    assert not done
    assert counts(world) == {"deadline_near": 0, "overdue": 0, "escalated": 0}


def test_the_holder_is_reminded_once_on_the_last_day(world, ticket_id):
    run(world, LAST_DAY)
    run(world, LAST_DAY + timedelta(hours=3))

    [reminder] = world.published("workflow.ticket.deadline_near")
    assert (reminder["ticket_id"], reminder["actor_id"], reminder["action"]) == (
        ticket_id,
        "system",
        "remind",
    )
    assert reminder["holder_person_id"] == person_id("liaison")
    assert datetime.fromisoformat(reminder["due_at"]) == DUE
    assert counts(world)["overdue"] == 0


def test_a_passed_deadline_tells_the_contact_leader_once(world, ticket_id):
    run(world, LAST_DAY)
    run(world, DAY_AFTER)
    run(world, TUESDAY)

    [overdue] = world.published("workflow.ticket.overdue")
    assert (overdue["stage"], overdue["contact_leader_person_id"]) == (1, person_id("leader"))
    assert overdue["holder_person_id"] == person_id("liaison")
    assert counts(world) == {"deadline_near": 1, "overdue": 1, "escalated": 0}


def test_two_working_days_later_the_unit_one_level_up_supervises_it(world, ticket_id):
    run(world, DAY_AFTER)
    run(world, WEDNESDAY)
    run(world, WEDNESDAY + timedelta(days=3))

    [escalated] = world.published("workflow.ticket.escalated")
    [supervised] = world.published("workflow.ticket.supervised")
    assert (escalated["stage"], escalated["escalated_to_org_unit_id"]) == (2, "3301")
    assert (supervised["actor_id"], supervised["supervising_org_unit_id"]) == ("system", "3301")
    with world.runtime.uow() as uow:
        ticket = uow.workflow.ticket(ticket_id)
        assert ticket.supervised_by_org_unit_id == "3301"


def test_a_day_the_province_declares_off_delays_the_escalation(world, ticket_id):
    with world.runtime.uow() as uow:
        monday = CalendarOverride(
            date(2026, 12, 7), "holiday", "Local holiday", "p-province", datetime.now(SHANGHAI)
        )
        uow.workflow.add_calendar_override(monday)
        uow.commit()

    run(world, WEDNESDAY)
    assert counts(world)["escalated"] == 0
    run(world, WEDNESDAY + timedelta(days=1))
    assert counts(world)["escalated"] == 1


def test_after_a_long_stop_every_alert_owed_is_sent_once_in_order(world, ticket_id):
    done = run(world, datetime(2027, 1, 20, 9, 0, tzinfo=SHANGHAI))
    again = run(world, datetime(2027, 1, 21, 9, 0, tzinfo=SHANGHAI))

    assert done == {"deadline_near": 1, "overdue": 1, "escalated": 1}
    assert not again
    actions = [entry["action"] for entry in ticket_json(world, ticket_id)["history"]]
    assert actions == ["open", "remind", "overdue", "supervise", "escalate-overdue"]
    assert world.count("deadline_alerts") == 3


def test_the_sweeps_history_rows_are_by_system_and_hidden_from_the_enterprise(world, ticket_id):
    run(world, DAY_AFTER)

    staff_view = ticket_json(world, ticket_id)["history"]
    enterprise_view = ticket_json(world, ticket_id, "user-a")["history"]
    assert [(h["action"], h["actor_id"]) for h in staff_view[1:]] == [
        ("remind", "system"),
        ("overdue", "system"),
    ]
    assert [h["action"] for h in enterprise_view] == ["open"]


def test_a_ticket_without_a_contact_leader_is_still_flagged_overdue(world, submit):
    submit("ent-b", "sub-2")

    run(world, DAY_AFTER)

    [overdue] = world.published("workflow.ticket.overdue")
    assert overdue["contact_leader_person_id"] is None
    assert overdue["holder_org_unit_id"] == "330102-office"


def test_a_resolved_ticket_is_not_reminded_or_escalated(world, ticket_id):
    for action, body in (("accept", {}), ("resolve", {"note": "Permit renewed"})):
        response = world.client("liaison").post(
            f"/workflow/api/tickets/{ticket_id}/{action}", json=body
        )
        assert response.status_code == 200

    run(world, WEDNESDAY)

    assert counts(world) == {"deadline_near": 0, "overdue": 0, "escalated": 0}


def test_a_moved_deadline_is_a_new_deadline_with_alerts_of_its_own(world, ticket_id):
    run(world, DAY_AFTER)
    moved = datetime(2026, 12, 11, 23, 59, 59, tzinfo=SHANGHAI)
    with world.runtime.engine.begin() as conn:
        conn.execute(text("UPDATE tickets SET due_at = :due"), {"due": "2026-12-11 15:59:59"})

    run(world, moved + timedelta(minutes=5))

    assert counts(world) == {"deadline_near": 2, "overdue": 2, "escalated": 0}
    near = world.published("workflow.ticket.deadline_near")
    assert [datetime.fromisoformat(e["due_at"]) for e in near] == [DUE, moved]


def test_the_workers_sweeper_thread_sweeps_with_the_real_clock(world, submit):
    # Given a ticket opened long ago, whose deadline passed weeks ago
    long_ago = datetime.now(SHANGHAI) - timedelta(days=60)
    submit("ent-b", "sub-3", at=long_ago)
    stop = threading.Event()

    # When the worker's sweeper thread runs its first sweep
    thread = threading.Thread(
        target=run_deadline_sweeper,
        args=(world.runtime.uow, deadline_policy(world.settings), stop),
        kwargs={"interval": 3600},
    )
    thread.start()
    try:
        deadline = datetime.now() + timedelta(seconds=30)
        while world.count("deadline_alerts") < 3 and datetime.now() < deadline:
            stop.wait(0.05)
    finally:
        stop.set()
        thread.join(timeout=30)

    # Then the ticket got its three alerts
    assert counts(world) == {"deadline_near": 1, "overdue": 1, "escalated": 1}


def test_workflows_runtime_runs_the_sweeper_in_the_background(world):
    [loop] = world.runtime.background

    assert loop.func is run_deadline_sweeper


# With the closed loop's actions -----------------------------------------------------------


def act(world, username: str, ticket_id: str, action: str, **body) -> dict:
    response = world.client(username).post(f"/workflow/api/tickets/{ticket_id}/{action}", json=body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.fixture
def fresh_ticket(world, pair, submit) -> str:
    """ent-a's ticket, submitted now and accepted by the liaison."""
    pair("ent-a", "liaison")
    submit("ent-a", "sub-9", at=datetime.now(SHANGHAI))
    ticket_id = world.ticket_of("sub-9").id
    act(world, "liaison", ticket_id, "accept")
    return ticket_id


def test_a_hand_over_keeps_the_deadline_and_sends_nothing_twice(world, ticket_id):
    run(world, DAY_AFTER)

    act(world, "liaison", ticket_id, "transfer", org_unit_id="330102-eia", note="EIA's matter")
    run(world, DAY_AFTER + timedelta(hours=1))
    run(world, WEDNESDAY)

    assert counts(world) == {"deadline_near": 1, "overdue": 1, "escalated": 1}
    [escalated] = world.published("workflow.ticket.escalated")
    assert (escalated["holder_org_unit_id"], escalated["holder_person_id"]) == ("330102-eia", None)
    assert datetime.fromisoformat(escalated["due_at"]) == DUE


def test_a_resolved_ticket_the_enterprise_leaves_unanswered_is_closed_auto_confirmed(
    world, fresh_ticket
):
    resolved = act(world, "liaison", fresh_ticket, "resolve", note="Permit renewed")
    confirm_due_at = datetime.fromisoformat(resolved["confirm_due_at"])

    before = run(world, confirm_due_at - timedelta(minutes=1))
    after = run(world, confirm_due_at + timedelta(minutes=5))
    again = run(world, confirm_due_at + timedelta(days=1))

    assert (before["auto_confirmed"], after["auto_confirmed"], again["auto_confirmed"]) == (0, 1, 0)
    ticket = ticket_json(world, fresh_ticket)
    assert (ticket["status"], ticket["auto_confirmed"]) == ("closed", True)
    assert (ticket["history"][-1]["action"], ticket["history"][-1]["actor_id"]) == (
        "close",
        "system",
    )
    [closed] = world.published("workflow.ticket.closed")
    assert (closed["auto_confirmed"], closed["actor_id"]) == (True, "system")


def test_a_suspended_ticket_resumes_on_its_date_with_its_deadline_moved(world, fresh_ticket):
    before = ticket_json(world, fresh_ticket)
    resume_on = datetime.now(SHANGHAI).date() + timedelta(days=14)
    act(
        world,
        "liaison",
        fresh_ticket,
        "suspend",
        note="Waiting for the survey",
        resume_on=str(resume_on),
    )
    day_before = datetime.combine(resume_on - timedelta(days=1), time(23, 0), SHANGHAI)
    that_morning = datetime.combine(resume_on, time(0, 5), SHANGHAI)

    assert run(world, day_before)["resumed"] == 0
    assert run(world, that_morning)["resumed"] == 1
    assert run(world, that_morning + timedelta(hours=1))["resumed"] == 0

    after = ticket_json(world, fresh_ticket)
    assert after["status"] == "accepted"
    assert (after["history"][-1]["action"], after["history"][-1]["actor_id"]) == (
        "resume",
        "system",
    )
    assert datetime.fromisoformat(after["due_at"]) > datetime.fromisoformat(before["due_at"])
    [resumed] = world.published("workflow.ticket.resumed")
    assert datetime.fromisoformat(resumed["due_at"]) == datetime.fromisoformat(after["due_at"])


def test_a_suspended_ticket_is_not_reminded_and_its_new_deadline_has_its_own_alerts(
    world, fresh_ticket
):
    # Given a ticket suspended for a fortnight, its deadline passing meanwhile
    old_due = datetime.fromisoformat(ticket_json(world, fresh_ticket)["due_at"])
    resume_on = datetime.now(SHANGHAI).date() + timedelta(days=14)
    act(
        world,
        "liaison",
        fresh_ticket,
        "suspend",
        note="Waiting for the survey",
        resume_on=str(resume_on),
    )
    assert not run(world, old_due + timedelta(days=1))

    # When the sweep resumes it, and sweeps again after the new deadline
    run(world, datetime.combine(resume_on, time(0, 5), SHANGHAI))
    new_due = datetime.fromisoformat(ticket_json(world, fresh_ticket)["due_at"])
    run(world, new_due + timedelta(minutes=5))

    # Then the new deadline got its reminder and its overdue notice
    near = world.published("workflow.ticket.deadline_near")
    assert [datetime.fromisoformat(e["due_at"]) for e in near] == [new_due]
    assert counts(world)["overdue"] == 1
