"""Administrators over a ticket urge, supervise, reopen, cancel and close it over HTTP; the
holder suspends and resumes it. Each refusal names its rule and changes nothing."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.workflow import handlers
from tests.service.workflow.acting import ok, read, refused

SHANGHAI = ZoneInfo("Asia/Shanghai")
TUESDAY = datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def at(monkeypatch):
    """Set the clock of the ticket actions."""

    def set_clock(moment: datetime) -> None:
        monkeypatch.setattr(handlers, "now", lambda: moment)

    set_clock(TUESDAY)
    return set_clock


def test_administrator_urges_the_holder_in_a_staff_only_row(world, accepted_ticket):
    body = ok(world, "shangcheng", accepted_ticket, "urge", note="Please hurry")

    assert (body["history"][-1]["action"], body["history"][-1]["internal"]) == ("urge", True)
    assert world.published("workflow.ticket.urged")[0]["actor_id"] == "p-shangcheng"


def test_urging_needs_a_note_in_both_languages(world, accepted_ticket):
    en = refused(world, "hangzhou", accepted_ticket, "urge", 422)
    zh = refused(world, "hangzhou", accepted_ticket, "urge", 422, "zh-CN")

    assert en["errors"] == {"note": ["note: a note is required to urge a ticket."]}
    assert zh["errors"] == {"note": ["note：催办工单须填写说明。"]}


def test_the_city_supervises_a_ticket_once(world, accepted_ticket):
    body = ok(world, "hangzhou", accepted_ticket, "supervise", note="Province asked")

    assert body["supervised_by_org_unit_id"] == "3301" and body["supervised_at"]
    assert world.published("workflow.ticket.supervised")[0]["supervising_org_unit_id"] == "3301"
    problem = refused(world, "hangzhou", accepted_ticket, "supervise", 409, "zh-CN", note="x")
    assert problem["detail"] == "您的单位已在督办该工单。"


def test_only_an_administrator_over_the_ticket_supervises(world, accepted_ticket):
    problem = refused(world, "user-b", accepted_ticket, "supervise", 403, note="x")

    assert problem["detail"] == "Only an administrator over the ticket can supervise this ticket."


def test_administrator_cancels_with_a_note(world, accepted_ticket):
    refused(world, "shangcheng", accepted_ticket, "cancel", 422)

    assert ok(world, "shangcheng", accepted_ticket, "cancel", note="Duplicate")["status"] == (
        "cancelled"
    )


def test_administrator_reopens_a_closed_ticket(world, accepted_ticket):
    ok(world, "staff", accepted_ticket, "resolve", note="Done")
    ok(world, "user-b", accepted_ticket, "confirm", rating=5)

    body = ok(world, "province", accepted_ticket, "reopen", note="Complaint to the province")

    assert (body["status"], body["closed_at"]) == ("reopened", None)


def test_closing_waits_for_the_time_to_confirm(world, accepted_ticket, at):
    ok(world, "staff", accepted_ticket, "resolve", note="Done")

    problem = refused(world, "shangcheng", accepted_ticket, "close", 409)
    assert problem["detail"] == (
        "The enterprise has until 2026-12-08 23:59 to confirm: the ticket can be closed "
        "without it only after that."
    )
    at(TUESDAY + timedelta(days=8))
    assert "close" in read(world, "shangcheng", accepted_ticket)["actions"]
    body = ok(world, "shangcheng", accepted_ticket, "close")
    assert (body["status"], body["auto_confirmed"]) == ("closed", True)
    assert world.published("workflow.ticket.closed")[0]["auto_confirmed"] is True


def test_the_holder_may_not_close_its_own_ticket(world, accepted_ticket):
    ok(world, "staff", accepted_ticket, "resolve", note="Done")

    problem = refused(world, "staff", accepted_ticket, "close", 403, "zh-CN")

    assert problem["detail"] == "只有该工单辖区的管理员可以销号该工单。"


def test_suspension_stops_the_clock_and_resuming_moves_the_deadline(world, accepted_ticket, at):
    due = datetime.fromisoformat(read(world, "staff", accepted_ticket)["due_at"])

    body = ok(world, "staff", accepted_ticket, "suspend", note="Lab", resume_on="2026-12-08")
    assert (body["status"], body["resume_on"], body["deadline"]) == (
        "suspended",
        "2026-12-08",
        None,
    )
    at(TUESDAY + timedelta(days=7))
    resumed = ok(world, "staff", accepted_ticket, "resume")

    assert resumed["status"] == "accepted"
    assert datetime.fromisoformat(resumed["due_at"]) == due + timedelta(days=7)
    assert world.published("workflow.ticket.suspended")[0]["resume_on"] == "2026-12-08"


@pytest.mark.parametrize(
    ("resume_on", "en", "zh"),
    [
        (
            "2026-12-01",
            "resume_on: the date to resume on must be after today.",
            "resume_on：恢复办理的日期须晚于今天。",
        ),
        (
            "2028-01-01",
            "resume_on: the date to resume on must be within 365 days.",
            "resume_on：恢复办理的日期须在 365 天以内。",
        ),
    ],
)
def test_suspension_dates_outside_the_rule_are_refused(
    world, accepted_ticket, at, resume_on, en, zh
):
    body = {"note": "Lab", "resume_on": resume_on}

    assert refused(world, "staff", accepted_ticket, "suspend", 422, **body)["errors"] == {
        "resume_on": [en]
    }
    assert refused(world, "staff", accepted_ticket, "suspend", 422, "zh-CN", **body)["errors"] == {
        "resume_on": [zh]
    }


def test_a_suspension_date_that_is_no_date_is_refused_by_the_schema(world, accepted_ticket):
    problem = refused(
        world, "staff", accepted_ticket, "suspend", 422, note="Lab", resume_on="next week"
    )

    assert list(problem["errors"]) == ["resume_on"]


def test_the_sweeps_resume_is_recorded_as_the_system(world, accepted_ticket, at):
    ok(world, "staff", accepted_ticket, "suspend", note="Lab", resume_on="2026-12-03")

    with world.runtime.uow() as uow:
        ticket = uow.workflow.ticket(accepted_ticket)
        assert ticket.is_due_for_resuming(TUESDAY + timedelta(days=2))
        handlers.resume_ticket(ticket, TUESDAY + timedelta(days=2), uow)
        uow.commit()

    body = read(world, "staff", accepted_ticket)
    assert (body["status"], body["history"][-1]["actor_id"]) == ("accepted", "system")
    [event] = world.published("workflow.ticket.resumed")
    assert event["actor_id"] == "system"
