"""On PostgreSQL, two sessions changing one ticket at once: one succeeds, the other is
refused as TicketChangedMeanwhile (the API's 409) and leaves nothing behind; and the
repository's scope SQL finds what TicketScope.allows lets each person see."""

import threading

import pytest

from services.workflow import handlers, tickets
from services.workflow.bootstrap import bootstrap
from services.workflow.domain.commands import TicketAction
from services.workflow.domain.errors import TicketChangedMeanwhile
from shared.config import Settings
from shared.messaging.envelope import new_envelope
from tests.service.workflow.conftest import (
    ORG_UNITS,
    PEOPLE,
    enterprise_data,
    org_unit_data,
    person_data,
    principal,
    submission_data,
)
from tests.service.workflow.scopes import scope_mismatches, tickets_in_different_hands

pytestmark = pytest.mark.postgres


@pytest.fixture
def world(postgres_url):
    """Workflow on PostgreSQL that knows the service tests' org units, people and
    enterprises."""
    runtime = bootstrap(Settings(database_url=postgres_url, secret_key="test"))
    runtime.migrate()
    feed = runtime.consumer
    for unit in ORG_UNITS:
        feed(new_envelope("directory.org_unit.created", org_unit_data(*unit), tenant="33"))
    for username in PEOPLE:
        feed(new_envelope("directory.person.created", person_data(username), tenant="33"))
    for enterprise_id in ("ent-a", "ent-b", "ent-c"):
        data = enterprise_data(enterprise_id)
        feed(new_envelope("directory.enterprise.registered", data, tenant="33"))
    yield runtime
    runtime.engine.dispose()


@pytest.fixture
def runtime(world):
    """... with ent-b's ticket, held by Shangcheng's office."""
    data = submission_data("ent-b", "s-1")
    world.consumer(new_envelope("forms.submission.received", data, tenant="33"))
    return world


def ticket_id(runtime) -> str:
    with runtime.uow() as uow:
        return uow.workflow.ticket_for_submission("s-1").id


def state(runtime, ticket: str) -> tuple:
    with runtime.uow() as uow:
        found = uow.workflow.ticket(ticket)
        return found.status, found.version, [entry.action for entry in found.history]


def test_a_change_committed_meanwhile_makes_the_other_session_fail(runtime):
    ticket = ticket_id(runtime)
    comment = TicketAction(ticket, "comment", principal("user-b"), {"body": "Any news?"})

    def accept_after_the_comment(cmd, uow):
        accepted = handlers.act_on_ticket(cmd, uow)
        tickets.execute(runtime, handlers.act_on_ticket, comment)
        return accepted

    with pytest.raises(TicketChangedMeanwhile):
        accept = TicketAction(ticket, "accept", principal("staff"), {})
        tickets.execute(runtime, accept_after_the_comment, accept)

    assert state(runtime, ticket) == ("assigned", 2, ["open", "comment"])


def test_two_people_accepting_at_once_get_one_success_and_one_conflict(runtime):
    # Given two holders who both read the assigned ticket before either writes
    ticket = ticket_id(runtime)
    both_read, outcomes = threading.Barrier(2), []

    def accept_when_both_have_read(cmd, uow):
        accepted = handlers.act_on_ticket(cmd, uow)
        both_read.wait(timeout=10)
        return accepted

    def accept(username: str) -> None:
        cmd = TicketAction(ticket, "accept", principal(username), {})
        try:
            tickets.execute(runtime, accept_when_both_have_read, cmd)
            outcomes.append("accepted")
        except TicketChangedMeanwhile:
            outcomes.append("changed meanwhile")

    # When both commit
    threads = [threading.Thread(target=accept, args=(name,)) for name in ("staff", "shangcheng")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # Then one accept stands and the other was refused without a trace
    assert sorted(outcomes) == ["accepted", "changed meanwhile"]
    assert state(runtime, ticket) == ("accepted", 2, ["open", "accept"])


def test_sql_and_domain_scopes_agree_on_postgresql(world):
    tickets_in_different_hands(world)

    assert scope_mismatches(world) == {}
