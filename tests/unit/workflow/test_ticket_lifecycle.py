"""A ticket opens in its enterprise's service account, assigned, and walks the closed loop
accept → resolve → confirm; anything else is refused and leaves no trace. Every action
from every status is in test_ticket_machine.py."""

from dataclasses import asdict, fields
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.workflow.domain.errors import IllegalTransition, ResolutionNoteRequired
from services.workflow.domain.events import TicketChanged, TicketOpened
from services.workflow.domain.model import ServiceAccount, Ticket
from services.workflow.domain.routing import Assignment
from shared.contracts.workflow import TicketOpenedV1

SHANGHAI = ZoneInfo("Asia/Shanghai")
OPENED_AT = datetime(2026, 11, 27, 9, 30, tzinfo=SHANGHAI)
DUE_AT = datetime(2026, 12, 4, 23, 59, 59, tzinfo=SHANGHAI)
TO_LIAISON = Assignment("liaison-1", None, 5, None)


def make_account() -> ServiceAccount:
    return ServiceAccount(
        id="acct-1",
        enterprise_id="ent-1",
        enterprise_name="Hangzhou Green Dyeing Co.",
        county_id="330102",
        org_path="33/3301/330102",
        opened_at=OPENED_AT - timedelta(days=30),
    )


def open_ticket(assignment: Assignment = TO_LIAISON) -> Ticket:
    return make_account().open_ticket(
        ticket_id="t-1",
        number="330102-20261127-0001",
        submission_id="sub-1",
        title="Help with discharge permit renewal",
        assignment=assignment,
        opened_by="user-7",
        opened_at=OPENED_AT,
        due_at=DUE_AT,
    )


def at(hours: int) -> datetime:
    return OPENED_AT + timedelta(hours=hours)


def test_opened_ticket_is_assigned_in_the_account_of_its_enterprise():
    ticket = open_ticket()

    assert ticket.status == "assigned"
    assert (ticket.account_id, ticket.enterprise_id, ticket.county_id) == (
        "acct-1",
        "ent-1",
        "330102",
    )
    assert (ticket.assignee_person_id, ticket.assignee_org_unit_id) == ("liaison-1", None)


def test_ticket_for_an_unpaired_enterprise_is_assigned_to_a_department():
    ticket = open_ticket(Assignment(None, "330102-office", 5, None))

    assert (ticket.assignee_person_id, ticket.assignee_org_unit_id) == (None, "330102-office")


def test_opening_starts_the_history_with_who_and_which_rule():
    ticket = open_ticket(Assignment(None, "330102-eia", 3, "noise"))

    [entry] = ticket.history
    assert (entry.at, entry.actor, entry.action) == (OPENED_AT, "user-7", "open")
    assert (entry.from_status, entry.to_status) == (None, "assigned")
    assert entry.details["rule_id"] == "noise"
    assert entry.details["deadline_working_days"] == 3


def test_opening_records_ticket_opened_with_the_fields_of_the_contract():
    ticket = open_ticket()

    [event] = ticket.events
    assert isinstance(event, TicketOpened)
    assert {f.name for f in fields(event)} == set(TicketOpenedV1().fields)
    assert event.enterprise_name == "Hangzhou Green Dyeing Co."


def test_ticket_opened_event_passes_its_contract_schema():
    [event] = open_ticket().events
    schema = TicketOpenedV1()

    payload = schema.load(schema.dump(asdict(event)))

    assert payload["due_at"] == DUE_AT
    assert payload["assignee_person_id"] == "liaison-1"


def test_accept_resolve_confirm_walks_the_closed_loop():
    ticket = open_ticket()

    ticket.accept("liaison-1", at(1))
    ticket.resolve("liaison-1", at(2), "Permit renewed on site.")
    ticket.confirm("user-7", at(3), 5, "Quick and clear.")

    assert ticket.status == "closed"
    assert [(e.action, e.from_status, e.to_status) for e in ticket.history[1:]] == [
        ("accept", "assigned", "accepted"),
        ("resolve", "accepted", "resolved"),
        ("confirm", "resolved", "closed"),
    ]


def test_each_step_of_the_loop_records_who_and_when():
    ticket = open_ticket()

    ticket.accept("liaison-1", at(1))

    assert (ticket.history[-1].actor, ticket.history[-1].at) == ("liaison-1", at(1))


def test_resolving_keeps_the_note_in_history_and_event():
    ticket = open_ticket()
    ticket.accept("liaison-1", at(1))

    ticket.resolve("liaison-1", at(2), "Permit renewed on site.")

    assert ticket.history[-1].details == {"note": "Permit renewed on site."}
    assert ticket.events[-1].note == "Permit renewed on site."


def test_each_step_records_its_event():
    ticket = open_ticket()

    ticket.accept("liaison-1", at(1))
    ticket.resolve("liaison-1", at(2), "Done.")
    ticket.confirm("user-7", at(3), 4)

    kinds = [type(event) for event in ticket.events]
    assert kinds == [TicketOpened, TicketChanged, TicketChanged, TicketChanged]
    assert [event.action for event in ticket.events[1:]] == ["accept", "resolve", "confirm"]
    closed = ticket.events[-1]
    assert (closed.ticket_id, closed.number, closed.actor, closed.at) == (
        "t-1",
        "330102-20261127-0001",
        "user-7",
        at(3),
    )
    assert (closed.from_status, closed.to_status) == ("resolved", "closed")


def walked_to(steps: int) -> Ticket:
    ticket = open_ticket()
    loop = [
        lambda: ticket.accept("liaison-1", at(1)),
        lambda: ticket.resolve("liaison-1", at(2), "Done."),
        lambda: ticket.confirm("user-7", at(3), 5),
    ]
    for step in loop[:steps]:
        step()
    return ticket


ACTIONS = {
    "accept": lambda ticket: ticket.accept("someone", at(9)),
    "resolve": lambda ticket: ticket.resolve("someone", at(9), "Note."),
    "close": lambda ticket: ticket.close("someone", at(9)),
    "confirm": lambda ticket: ticket.confirm("someone", at(9), 5),
}


@pytest.mark.parametrize(
    ("steps", "status", "action"),
    [
        (0, "assigned", "resolve"),
        (0, "assigned", "close"),
        (1, "accepted", "accept"),
        (1, "accepted", "close"),
        (2, "resolved", "accept"),
        (2, "resolved", "resolve"),
        (3, "closed", "accept"),
        (3, "closed", "resolve"),
        (3, "closed", "close"),
        (3, "closed", "confirm"),
    ],
)
def test_illegal_transition_is_refused_and_leaves_history_unchanged(steps, status, action):
    ticket = walked_to(steps)
    history, events = list(ticket.history), list(ticket.events)

    with pytest.raises(IllegalTransition) as raised:
        ACTIONS[action](ticket)

    assert (raised.value.action, raised.value.ticket_status) == (action, status)
    assert (ticket.status, ticket.history, ticket.events) == (status, history, events)


def test_illegal_transition_is_explained_in_both_languages():
    ticket = walked_to(3)

    with pytest.raises(IllegalTransition) as raised:
        ticket.accept("liaison-1", at(9))

    assert raised.value.rule == "illegal_transition"
    assert raised.value.message("zh-CN") == "已销号的工单不能受理。"
    assert raised.value.message("en") == "A ticket that is closed cannot be accepted."


@pytest.mark.parametrize("note", ["", "   ", None])
def test_resolving_without_a_note_is_refused_and_leaves_history_unchanged(note):
    ticket = walked_to(1)
    history = list(ticket.history)

    with pytest.raises(ResolutionNoteRequired) as raised:
        ticket.resolve("liaison-1", at(2), note)

    assert (ticket.status, ticket.history) == ("accepted", history)
    assert raised.value.message("zh_CN") == "办结工单须填写办理情况说明。"
