"""What the deadline sweep owes a ticket at a moment: a reminder a day before its deadline,
the contact leader's notice once it has passed, one level up two working days later —
each once per deadline, all of them after a long stop, none for a ticket not in hand."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.workflow.domain.calendar import add_working_days
from services.workflow.domain.deadlines import (
    ESCALATED,
    OVERDUE,
    REMINDER,
    DeadlinePolicy,
    alert_times,
    due_alerts,
    escalation_path,
)
from services.workflow.domain.errors import IllegalTransition
from services.workflow.domain.handover import OrgChart
from services.workflow.domain.model import ServiceAccount
from services.workflow.domain.routing import Assignment
from services.workflow.publishing import publish
from shared.contracts import schema_for

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: A Friday night: two working days later is Tuesday night.
DUE = datetime(2026, 12, 4, 23, 59, 59, tzinfo=SHANGHAI)
POLICY = DeadlinePolicy()
TIMES = alert_times(DUE, add_working_days(DUE, 2), POLICY)


def owed(now: datetime, status: str = "accepted", sent: frozenset = frozenset()) -> list[str]:
    return due_alerts(status, DUE, set(sent), now, TIMES)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("now", "alerts"),
    [
        (local(2026, 12, 3, 12, 0), []),
        (DUE - timedelta(hours=24, seconds=1), []),
        (DUE - timedelta(hours=24), [REMINDER]),
        (DUE, [REMINDER]),
        (DUE + timedelta(seconds=1), [REMINDER, OVERDUE]),
        (local(2026, 12, 8, 23, 59, 59), [REMINDER, OVERDUE]),
        (local(2026, 12, 9, 0, 0), [REMINDER, OVERDUE, ESCALATED]),
        (local(2027, 3, 1, 9, 0), [REMINDER, OVERDUE, ESCALATED]),
    ],
)
def test_alerts_fall_due_in_order_as_time_passes(now, alerts):
    assert owed(now) == alerts


def test_escalation_waits_two_working_days_past_a_friday_deadline_not_two_calendar_days():
    sunday_night = local(2026, 12, 6, 23, 0)

    assert owed(sunday_night) == [REMINDER, OVERDUE]


def test_alerts_already_sent_for_the_deadline_are_not_owed_again():
    long_after = local(2026, 12, 20, 9, 0)

    assert owed(long_after, sent=frozenset({REMINDER, OVERDUE})) == [ESCALATED]
    assert owed(long_after, sent=frozenset({REMINDER, OVERDUE, ESCALATED})) == []


@pytest.mark.parametrize("status", ["assigned", "accepted", "reopened"])
def test_a_ticket_in_hand_is_owed_its_alerts(status):
    assert owed(local(2026, 12, 20, 9, 0), status=status) == [REMINDER, OVERDUE, ESCALATED]


@pytest.mark.parametrize("status", ["returned", "suspended", "resolved", "closed", "cancelled"])
def test_a_ticket_not_in_hand_is_owed_nothing(status):
    assert owed(local(2026, 12, 20, 9, 0), status=status) == []


def test_a_ticket_without_a_deadline_is_owed_nothing():
    assert due_alerts("accepted", None, set(), local(2026, 12, 20, 9, 0), TIMES) == []


def test_the_reminder_period_and_the_grace_period_are_settings():
    policy = DeadlinePolicy(remind_before=timedelta(hours=48), escalate_after_working_days=5)
    times = alert_times(DUE, add_working_days(DUE, 5), policy)
    thursday_morning = local(2026, 12, 3, 9, 0)

    assert due_alerts("accepted", DUE, set(), thursday_morning, times) == [REMINDER]
    assert times[ESCALATED] == local(2026, 12, 11, 23, 59, 59)


@pytest.mark.parametrize(
    "options",
    [{"remind_before": timedelta(hours=-1)}, {"escalate_after_working_days": 0}],
)
def test_a_policy_out_of_range_is_refused(options):
    with pytest.raises(ValueError):
        DeadlinePolicy(**options)


CHART = OrgChart(
    {
        "33": "province",
        "33/3301": "city",
        "33/3301/3301-eia": "department",
        "33/3301/330102": "county",
        "33/3301/330102/330102-eia": "department",
    }
)


@pytest.mark.parametrize(
    ("holder_path", "target"),
    [
        ("33/3301/330102/330102-eia", "33/3301"),
        ("33/3301/330102", "33/3301"),
        ("33/3301/3301-eia", "33"),
        ("33/3301", "33"),
        ("33", "33"),
    ],
)
def test_escalation_goes_to_the_bureau_above_the_holders_bureau(holder_path, target):
    assert escalation_path(CHART, holder_path) == target


def test_escalation_has_no_target_when_no_bureau_is_known():
    assert escalation_path(OrgChart({}), "33/3301/330102") is None


# The ticket's record of the sweep's alerts ------------------------------------------------


def open_ticket():
    account = ServiceAccount(
        id="acct-1",
        enterprise_id="ent-1",
        enterprise_name="Hangzhou Green Dyeing Co.",
        county_id="330102",
        org_path="33/3301/330102",
        opened_at=local(2026, 1, 5, 9, 0),
    )
    ticket = account.open_ticket(
        ticket_id="t-1",
        number="330102-20261127-0001",
        submission_id="sub-1",
        title="Help with discharge permit renewal",
        assignment=Assignment(None, "330102-eia", 5, None),
        opened_by="user-7",
        opened_at=local(2026, 11, 27, 9, 30),
        due_at=DUE,
    )
    ticket.events.clear()
    return ticket


class RecordingUnitOfWork:
    def __init__(self):
        self.emitted: list[tuple[str, dict]] = []

    def emit(self, type: str, data: dict, *, tenant: str) -> None:
        self.emitted.append((type, data))


def test_reminder_and_overdue_notice_are_staff_only_history_rows_by_system():
    ticket = open_ticket()

    ticket.remind(DUE - timedelta(hours=23))
    ticket.flag_overdue(DUE + timedelta(minutes=5), "p-leader")

    remind, overdue = ticket.history[-2:]
    assert [(e.actor, e.action, e.internal) for e in (remind, overdue)] == [
        ("system", "remind", True),
        ("system", "overdue", True),
    ]
    assert overdue.details == {
        "due_at": DUE.isoformat(),
        "stage": 1,
        "contact_leader_person_id": "p-leader",
    }
    assert ticket.status == "assigned"


def test_the_sweeps_alerts_are_published_with_exactly_their_contracts_fields():
    ticket = open_ticket()
    ticket.remind(DUE - timedelta(hours=23))
    ticket.flag_overdue(DUE + timedelta(minutes=5), None)
    ticket.escalate_overdue(DUE + timedelta(days=5), "3301", None)
    uow = RecordingUnitOfWork()

    publish(ticket.events, uow)

    types = [type for type, _data in uow.emitted]
    assert types == [
        "workflow.ticket.deadline_near",
        "workflow.ticket.overdue",
        "workflow.ticket.supervised",
        "workflow.ticket.escalated",
    ]
    for type, data in uow.emitted:
        assert set(data) == set(schema_for(type).fields)
        assert (data["actor_id"], data["holder_org_unit_id"]) == ("system", "330102-eia")
    by_type = dict(uow.emitted)
    assert by_type["workflow.ticket.overdue"]["stage"] == 1
    assert by_type["workflow.ticket.supervised"]["supervising_org_unit_id"] == "3301"
    escalated = by_type["workflow.ticket.escalated"]
    assert (escalated["stage"], escalated["escalated_to_org_unit_id"]) == (2, "3301")


def test_stage_two_puts_the_ticket_under_the_supervision_of_the_unit_above():
    ticket = open_ticket()
    at = DUE + timedelta(days=5)

    ticket.escalate_overdue(at, "3301", "p-leader")

    assert (ticket.supervised_by_org_unit_id, ticket.supervised_at) == ("3301", at)
    assert [(e.actor, e.action) for e in ticket.history[-2:]] == [
        ("system", "supervise"),
        ("system", "escalate-overdue"),
    ]


def test_stage_two_on_a_ticket_that_unit_already_supervises_records_only_the_escalation():
    ticket = open_ticket()
    ticket.escalate_overdue(DUE + timedelta(days=5), "3301", None)
    ticket.history.clear()

    ticket.escalate_overdue(DUE + timedelta(days=6), "3301", None)

    assert [e.action for e in ticket.history] == ["escalate-overdue"]


@pytest.mark.parametrize("status", ["resolved", "suspended", "returned", "closed"])
def test_a_ticket_not_in_hand_refuses_the_sweeps_alerts_and_keeps_no_trace(status):
    ticket = open_ticket()
    ticket.status = status
    rows = len(ticket.history)

    with pytest.raises(IllegalTransition):
        ticket.flag_overdue(DUE + timedelta(minutes=5), None)

    assert (len(ticket.history), ticket.events) == (rows, [])
