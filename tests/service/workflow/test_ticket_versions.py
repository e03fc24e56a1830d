"""Two people acting on one ticket at once get one success and one clear 409: the
version they saw is checked, and a change committed meanwhile is refused too."""

import pytest

from services.workflow import handlers, tickets
from services.workflow.domain.commands import TicketAction
from services.workflow.domain.errors import TicketChangedMeanwhile
from tests.service.workflow.acting import ok, read, refused
from tests.service.workflow.conftest import principal


def test_every_change_counts_one_version(world, office_ticket):
    assert read(world, "staff", office_ticket)["version"] == 1

    ok(world, "staff", office_ticket, "accept")
    ok(world, "staff", office_ticket, "comment", body="Looking")

    assert read(world, "staff", office_ticket)["version"] == 3


def test_acting_on_the_version_one_saw_succeeds(world, office_ticket):
    assert ok(world, "staff", office_ticket, "accept", version=1)["version"] == 2


@pytest.mark.parametrize(
    ("lang", "detail"),
    [
        ("en", "The ticket changed while you were looking at it: reload it and try again."),
        ("zh-CN", "工单已被他人更新，请刷新后重试。"),
    ],
)
def test_acting_on_an_old_version_is_refused(world, office_ticket, lang, detail):
    ok(world, "user-b", office_ticket, "comment", body="Any news?")

    problem = refused(world, "staff", office_ticket, "accept", 409, lang, version=1)

    assert problem["detail"] == detail


def test_the_version_may_come_as_if_match(world, office_ticket):
    ok(world, "user-b", office_ticket, "comment", body="Any news?")
    client = world.client("staff")
    url = f"/workflow/api/tickets/{office_ticket}/accept"

    stale = client.post(url, json={}, headers={"If-Match": '"1"'})
    fresh = client.post(url, json={}, headers={"If-Match": '"2"'})

    assert (stale.status_code, fresh.status_code) == (409, 200)


def test_a_version_that_is_no_number_is_refused(world, office_ticket):
    client = world.client("staff")
    url = f"/workflow/api/tickets/{office_ticket}/accept"

    response = client.post(url, json={}, headers={"If-Match": '"latest"'})

    assert (response.status_code, list(response.get_json()["errors"])) == (422, ["version"])


def test_a_change_committed_while_another_was_under_way_wins(world, office_ticket):
    # Given the holder's accept, which has read the ticket but not committed yet
    def accept_after_someone_else(cmd, uow):
        ticket = handlers.act_on_ticket(cmd, uow)
        # When the enterprise comments in its own transaction meanwhile
        ok(world, "user-b", office_ticket, "comment", body="Any news?")
        return ticket

    command = TicketAction(office_ticket, "accept", principal("staff"), {})

    # Then the accept is refused as a change made meanwhile, and left no trace
    with pytest.raises(TicketChangedMeanwhile):
        tickets.execute(world.runtime, accept_after_someone_else, command)
    body = read(world, "staff", office_ticket)
    assert (body["status"], body["version"]) == ("assigned", 2)
    assert [h["action"] for h in body["history"]] == ["open", "comment"]
