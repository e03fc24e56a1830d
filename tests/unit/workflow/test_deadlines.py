"""Deadline badges: "overdue" past the deadline, "due soon" within 48 hours of it, and
nothing once the matter is resolved or closed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.workflow.domain.calendar import deadline_state
from services.workflow.domain.model import ServiceAccount
from services.workflow.domain.routing import Assignment

SHANGHAI = ZoneInfo("Asia/Shanghai")
DUE = datetime(2026, 12, 4, 23, 59, 59, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("before_due", "state"),
    [
        (timedelta(days=3), None),
        (timedelta(hours=48, seconds=1), None),
        (timedelta(hours=48), "due_soon"),
        (timedelta(minutes=1), "due_soon"),
        (timedelta(0), "due_soon"),
        (timedelta(seconds=-1), "overdue"),
        (timedelta(days=-30), "overdue"),
    ],
)
def test_deadline_state_by_time_left(before_due, state):
    assert deadline_state(DUE, DUE - before_due) == state


def test_deadline_state_compares_moments_across_time_zones():
    one_hour_late = datetime(2026, 12, 4, 17, 0, tzinfo=ZoneInfo("UTC"))

    assert deadline_state(DUE, one_hour_late) == "overdue"


def open_ticket(due_at=DUE):
    account = ServiceAccount(
        id="a",
        enterprise_id="e",
        enterprise_name="E",
        county_id="330102",
        org_path="33/3301/330102",
        opened_at=DUE - timedelta(days=10),
    )
    return account.open_ticket(
        ticket_id="t",
        number="N",
        submission_id="s",
        title="T",
        assignment=Assignment("p", None, 5),
        opened_by="u",
        opened_at=DUE - timedelta(days=7),
        due_at=due_at,
        acceptance_number="SL-1",
    )


def test_open_ticket_past_its_deadline_is_overdue():
    assert open_ticket().deadline_state(DUE + timedelta(days=1)) == "overdue"


def test_resolved_ticket_has_no_deadline_badge_even_when_late():
    ticket = open_ticket()
    ticket.accept("p", DUE)
    ticket.resolve("p", DUE + timedelta(days=1), "Done")

    assert ticket.deadline_state(DUE + timedelta(days=2)) is None


def test_ticket_without_deadline_has_no_badge():
    assert open_ticket(due_at=None).deadline_state(DUE) is None


def test_ticket_keeps_the_acceptance_number_of_its_submission():
    assert open_ticket().acceptance_number == "SL-1"
