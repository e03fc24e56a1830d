"""The enterprise's side of the loop over HTTP: it answers requests for information,
confirms and rates the result or refuses it, cancels before acceptance, urges, comments;
it never sees staff-only history."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.workflow import handlers
from tests.service.workflow.acting import ok, read, refused

TUESDAY = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def resolved_ticket(world, accepted_ticket) -> str:
    ok(world, "staff", accepted_ticket, "resolve", note="Permit renewed")
    return accepted_ticket


def test_request_for_information_waits_for_the_enterprises_answer(world, accepted_ticket):
    asked = ok(world, "staff", accepted_ticket, "request-info", note="Which outlet?")
    assert (asked["status"], read(world, "user-b", accepted_ticket)["actions"]) == (
        "returned",
        ["respond", "comment"],
    )

    answered = ok(world, "user-b", accepted_ticket, "respond", body="Outlet 2")

    assert answered["status"] == "accepted"
    assert answered["history"][-1]["details"] == {"body": "Outlet 2"}
    assert world.published("workflow.ticket.info_provided")[0]["note_length"] == 8


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "body: write the information you were asked for."),
        ("zh-CN", "body：请填写补充的信息。"),
    ],
)
def test_an_empty_answer_is_refused(world, accepted_ticket, lang, message):
    ok(world, "staff", accepted_ticket, "request-info", note="Which outlet?")

    problem = refused(world, "user-b", accepted_ticket, "respond", 422, lang, body="  ")

    assert problem["errors"] == {"body": [message]}


def test_a_good_rating_closes_the_ticket(world, resolved_ticket):
    closed = ok(world, "user-b", resolved_ticket, "confirm", rating=5, comment="Quick")

    assert (closed["status"], closed["rating"], closed["auto_confirmed"]) == ("closed", 5, False)
    [event] = world.published("workflow.ticket.closed")
    assert (event["action"], event["rating"]) == ("confirm", 5)


def test_a_low_rating_reopens_and_the_holder_resolves_again(world, resolved_ticket):
    reopened = ok(world, "user-b", resolved_ticket, "confirm", rating=2, comment="Still noisy")

    assert (reopened["status"], reopened["confirm_due_at"]) == ("reopened", None)
    assert world.published("workflow.ticket.reopened")[0]["rating"] == 2
    assert ok(world, "staff", resolved_ticket, "resolve", note="Fixed")["status"] == "resolved"


@pytest.mark.parametrize(
    ("body", "field", "zh"),
    [
        ({"rating": 2}, "comment", "comment：评分为 1 或 2 时须填写意见，说明仍存在的问题。"),
        ({"rating": 9}, "rating", "rating：评分应为 1 到 5 之间的整数。"),
        ({}, "rating", "rating：评分应为 1 到 5 之间的整数。"),
    ],
)
def test_bad_confirmation_is_refused_naming_the_field(world, resolved_ticket, body, field, zh):
    problem = refused(world, "user-b", resolved_ticket, "confirm", 422, "zh-CN", **body)

    assert problem["errors"] == {field: [zh]}


def test_refusing_the_result_reopens_the_ticket_with_the_reason(world, resolved_ticket):
    body = ok(world, "user-b", resolved_ticket, "refuse", reason="The smell is back")

    assert body["status"] == "reopened"
    assert body["history"][-1]["details"] == {"reason": "The smell is back"}
    assert "resolve" in read(world, "staff", resolved_ticket)["actions"]


def test_a_closed_ticket_may_still_be_refused(world, resolved_ticket):
    ok(world, "user-b", resolved_ticket, "confirm", rating=4)

    assert ok(world, "user-b", resolved_ticket, "refuse", reason="Back again")["status"] == (
        "reopened"
    )


def test_only_the_enterprise_confirms(world, resolved_ticket):
    problem = refused(world, "staff", resolved_ticket, "confirm", 403, rating=5)

    assert problem["detail"] == "Only the enterprise that asked can confirm this ticket."


def test_the_enterprise_cancels_before_acceptance_only(world, office_ticket):
    ok(world, "staff", office_ticket, "accept")

    problem = refused(world, "user-b", office_ticket, "cancel", 409, "zh-CN")

    assert problem["detail"] == "办理中的工单不能撤销。"


def test_the_enterprise_cancels_an_assigned_ticket_without_a_note(world, office_ticket):
    assert ok(world, "user-b", office_ticket, "cancel")["status"] == "cancelled"
    assert world.published("workflow.ticket.cancelled")[0]["actor_id"] == "p-user-b"


def test_the_enterprise_does_not_see_staff_only_history(world, accepted_ticket):
    ok(world, "staff", accepted_ticket, "comment", body="Looks like a repeat", internal=True)
    ok(world, "user-b", accepted_ticket, "comment", body="Any news?")
    ok(world, "staff", accepted_ticket, "transfer", org_unit_id="330102-eia", note="EIA's")

    mine = [h["action"] for h in read(world, "user-b", accepted_ticket)["history"]]
    staff = [h["action"] for h in read(world, "eia-staff", accepted_ticket)["history"]]

    assert mine == ["open", "accept", "comment"]
    assert staff == ["open", "accept", "comment", "comment", "transfer"]


def test_an_enterprise_comment_cannot_be_internal(world, accepted_ticket):
    problem = refused(
        world, "user-b", accepted_ticket, "comment", 422, "zh-CN", body="Hi", internal=True
    )

    assert problem["errors"] == {"internal": ["internal：企业不能发表内部评论。"]}


def test_a_comment_attaches_only_files_the_ticket_carries(world, accepted_ticket):
    problem = refused(
        world, "staff", accepted_ticket, "comment", 422, body="See", attachments=["up-9"]
    )

    assert problem["errors"] == {
        "attachments": ["attachments: there is no attachment “up-9” on this ticket."]
    }


def test_the_enterprise_urges_its_ticket(world, accepted_ticket):
    body = ok(world, "user-b", accepted_ticket, "urge", note="Two weeks already")

    assert body["history"][-1]["internal"] is False
    assert world.published("workflow.ticket.urged")[0]["actor_id"] == "p-user-b"


def test_resolving_gives_the_enterprise_five_working_days_to_confirm(
    world, accepted_ticket, monkeypatch
):
    monkeypatch.setattr(handlers, "now", lambda: TUESDAY)

    body = ok(world, "staff", accepted_ticket, "resolve", note="Done")

    due = datetime.fromisoformat(body["confirm_due_at"])
    assert due == datetime(2026, 12, 8, 23, 59, 59, tzinfo=ZoneInfo("Asia/Shanghai"))
    [event] = world.published("workflow.ticket.resolved")
    assert datetime.fromisoformat(event["confirm_due_at"]) == due
