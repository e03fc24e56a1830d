"""The closed loop's state machine: every action from every status either moves the ticket
as the table says, with one history row, one event and one more version, or is refused
and leaves no trace."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.workflow.domain.errors import IllegalTransition
from services.workflow.domain.handover import OrgChart, Target
from services.workflow.domain.known import OrgUnit
from services.workflow.domain.model import (
    PRIOR,
    SAME,
    STATUSES,
    TRANSITIONS,
    ServiceAccount,
    Ticket,
    TicketHistoryEntry,
    TicketPart,
)
from services.workflow.domain.routing import Assignment

SHANGHAI = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)
UNITS = {
    unit.id: unit
    for unit in (
        OrgUnit("33", "浙江省", "Zhejiang", "province", "33"),
        OrgUnit("33-general", "综合处", "General", "department", "33/33-general", "33"),
        OrgUnit("3301", "杭州市", "Hangzhou", "city", "33/3301", "33"),
        OrgUnit("3301-office", "办公室", "Office", "department", "33/3301/3301-office", "3301"),
        OrgUnit("3301-eia", "环评科", "EIA", "department", "33/3301/3301-eia", "3301"),
        OrgUnit("330102", "上城区", "Shangcheng", "county", "33/3301/330102", "3301"),
        OrgUnit("330102-eia", "环评科", "EIA", "department", "33/3301/330102/330102-eia", "330102"),
    )
}
CHART = OrgChart({unit.path: unit.kind for unit in UNITS.values()})


def target(unit_id: str) -> Target:
    return Target(unit_id, UNITS[unit_id])


def ticket_in(status: str) -> Ticket:
    """A ticket of a Shangcheng enterprise held by Hangzhou's office, which the county's
    EIA section handed over to it, in ``status``."""
    account = ServiceAccount(
        id="a",
        enterprise_id="ent-a",
        enterprise_name="E",
        county_id="330102",
        org_path="33/3301/330102",
        opened_at=AT,
    )
    ticket = account.open_ticket(
        ticket_id="t-1",
        number="N-1",
        submission_id="s-1",
        title="T",
        assignment=Assignment(None, "3301-office", 5),
        opened_by="user",
        opened_at=AT - timedelta(days=20),
        due_at=AT + timedelta(days=10),
        holder_path="33/3301/3301-office",
    )
    handed = {"from_org_unit_id": "330102-eia", "from_holder_path": UNITS["330102-eia"].path}
    ticket.history.append(
        TicketHistoryEntry(AT - timedelta(days=19), "p", "escalate", "assigned", "assigned", handed)
    )
    ticket.status = status
    ticket.events.clear()
    ticket.confirm_due_at = AT - timedelta(hours=1)
    ticket.suspended_from, ticket.suspended_at = "accepted", AT - timedelta(days=3)
    return ticket


def with_part(ticket: Ticket, status: str = "invited") -> TicketPart:
    part = TicketPart(
        "part-1",
        ticket.id,
        "g-1",
        "all",
        "330102-eia",
        "p",
        AT,
        status=status,
        org_path=UNITS["330102-eia"].path,
    )
    ticket.parts.append(part)
    return part


def ids():
    counter = iter(range(1000))
    return lambda: f"id-{next(counter)}"


#: Each action with valid input, by an actor fit for it.
ACT = {
    "accept": lambda t: t.accept("p", AT),
    "transfer": lambda t: t.transfer("p", AT, target("3301-eia"), CHART, "To EIA"),
    "escalate": lambda t: t.escalate("p", AT, target("33-general"), CHART, "Up"),
    "assign-down": lambda t: t.assign_down("p", AT, target("330102-eia"), CHART, "Down"),
    "return": lambda t: t.return_to_previous("p", AT, "Not ours"),
    "request-info": lambda t: t.request_info("p", AT, "Which outlet?"),
    "respond": lambda t: t.respond("u", AT, "Outlet 2"),
    "cohandle": lambda t: t.cohandle("p", AT, ["3301-eia"], UNITS, "all", "Help", ids()),
    "add-signer": lambda t: t.add_signer("p", AT, target("3301-eia"), "Sign", ids()),
    "accept-part": lambda t: t.accept_part("q", AT, with_part(t)),
    "finish-part": lambda t: t.finish_part("q", AT, with_part(t), "Checked"),
    "urge": lambda t: t.urge("a", AT, "Hurry"),
    "supervise": lambda t: t.supervise("a", AT, "33", "Watch"),
    "comment": lambda t: t.comment("p", AT, "Noted"),
    "resolve": lambda t: t.resolve("p", AT, "Done"),
    "confirm": lambda t: t.confirm("u", AT, 5),
    "refuse": lambda t: t.refuse("u", AT, "Still noisy"),
    "reopen": lambda t: t.reopen("a", AT, "Check again"),
    "close": lambda t: t.close("a", AT),
    "cancel": lambda t: t.cancel("a", AT, "Duplicate"),
    "suspend": lambda t: t.suspend("p", AT, "Waiting for tests", date(2026, 12, 20)),
    "resume": lambda t: t.resume("p", AT),
}
CASES = [(action, status) for action in TRANSITIONS for status in STATUSES]


def test_every_action_of_the_table_has_a_case():
    assert set(ACT) == set(TRANSITIONS)


@pytest.mark.parametrize(("action", "status"), CASES)
def test_action_moves_as_the_table_says_or_is_refused_without_trace(action, status):
    ticket = ticket_in(status)
    history, version = list(ticket.history), ticket.version
    sources, to_status = TRANSITIONS[action]

    if status not in sources:
        with pytest.raises(IllegalTransition):
            ACT[action](ticket)
        assert (ticket.status, ticket.history, ticket.events) == (status, history, [])
        assert ticket.version == version
        return
    ACT[action](ticket)
    expected = {SAME: status, PRIOR: "accepted"}.get(to_status, to_status)
    assert ticket.status == expected
    assert len(ticket.history) == len(history) + 1
    [event] = ticket.events
    assert (event.action, event.from_status, event.to_status) == (action, status, expected)
    assert ticket.version == version + 1


def test_every_status_is_reached_by_some_action_and_every_action_starts_somewhere():
    reached = {to for _sources, to in TRANSITIONS.values()} | {"assigned"}
    assert reached - {SAME, PRIOR} == set(STATUSES)
    assert all(sources <= set(STATUSES) and sources for sources, _to in TRANSITIONS.values())
