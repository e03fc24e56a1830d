"""A submission opens exactly one ticket in its enterprise's service account, routed to
the paired liaison, a rule's department or the county's default department."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.workflow import handlers
from services.workflow.domain.errors import EnterpriseNotKnownYet, NoRouteFound
from services.workflow.seed import seed
from tests.service.workflow.conftest import submission_data

SHANGHAI = ZoneInfo("Asia/Shanghai")
SUBMITTED_AT = datetime(2026, 11, 27, 9, 30, tzinfo=SHANGHAI)
DUE_AT = datetime(2026, 12, 4, 23, 59, 59, tzinfo=SHANGHAI)


def test_paired_enterprise_submission_opens_ticket_assigned_to_its_liaison(world, pair, submit):
    pair("ent-a", "liaison")

    submit("ent-a", "sub-1")

    ticket = world.ticket_of("sub-1")
    assert (ticket.assignee_person_id, ticket.assignee_org_unit_id) == ("p-liaison", None)
    assert (ticket.status, ticket.number, ticket.due_at) == (
        "assigned",
        "330102-20261127-0001",
        DUE_AT,
    )


def test_opened_ticket_is_announced_with_the_contract_fields(world, pair, submit):
    pair("ent-a", "liaison")

    submit("ent-a", "sub-1")

    [opened] = world.published("workflow.ticket.opened")
    ticket = world.ticket_of("sub-1")
    assert opened == {
        "ticket_id": ticket.id,
        "number": "330102-20261127-0001",
        "account_id": ticket.account_id,
        "enterprise_id": "ent-a",
        "enterprise_name": "杭州清源环保科技有限公司",
        "submission_id": "sub-1",
        "title": "Help with the discharge permit renewal",
        "county_id": "330102",
        "org_path": "33/3301/330102",
        "assignee_person_id": "p-liaison",
        "assignee_org_unit_id": None,
        "opened_at": SUBMITTED_AT.isoformat(),
        "due_at": DUE_AT.isoformat(),
    }


def test_unpaired_enterprise_ticket_goes_to_county_default_department(world, submit):
    submit("ent-b", "sub-1")

    ticket = world.ticket_of("sub-1")
    assert (ticket.assignee_person_id, ticket.assignee_org_unit_id) == (None, "330102-office")


def test_pairing_of_another_year_does_not_route_this_years_matters(world, pair, submit):
    pair("ent-a", "liaison", year=2025)

    submit("ent-a", "sub-1")

    assert world.ticket_of("sub-1").assignee_org_unit_id == "330102-office"


def test_demo_rule_routes_eia_approval_requests_to_the_eia_department(world, pair, submit):
    pair("ent-a", "liaison")
    seed(world.runtime)

    submit("ent-a", "sub-eia", data={"category": "eia_approval"})
    submit("ent-a", "sub-other", data={"category": "permit"})

    assert world.ticket_of("sub-eia").assignee_org_unit_id == "330102-eia"
    assert world.ticket_of("sub-other").assignee_person_id == "p-liaison"


def test_tickets_are_numbered_per_county_and_day(world, submit):
    submit("ent-a", "sub-1")
    submit("ent-c", "sub-2")
    submit("ent-b", "sub-3")
    submit("ent-b", "sub-4", at=datetime(2026, 11, 28, 0, 5, tzinfo=SHANGHAI))

    numbers = [world.ticket_of(f"sub-{n}").number for n in range(1, 5)]

    assert numbers == [
        "330102-20261127-0001",
        "330106-20261127-0001",
        "330102-20261127-0002",
        "330102-20261128-0001",
    ]


def test_same_submission_event_delivered_twice_opens_one_ticket(world, submit):
    envelope = submit("ent-b", "sub-1")

    world.runtime.consumer(envelope)

    assert world.count("tickets") == 1
    assert len(world.published("workflow.ticket.opened")) == 1


def test_submission_sent_again_in_a_new_event_opens_no_second_ticket(world, submit):
    submit("ent-b", "sub-1")

    submit("ent-b", "sub-1")

    assert world.count("tickets") == 1
    assert len(world.published("workflow.ticket.opened")) == 1


def test_submission_of_unknown_enterprise_is_refused_for_redelivery_and_stores_nothing(
    workflow,
):
    envelope = workflow.submission("ent-a", "sub-1")

    with pytest.raises(EnterpriseNotKnownYet):
        workflow.runtime.consumer(envelope)

    assert not workflow.was_processed(envelope)
    assert (workflow.count("tickets"), workflow.count("service_accounts")) == (0, 0)
    assert (workflow.count("ticket_sequences"), workflow.count("outbox")) == (0, 0)


def test_redelivered_submission_opens_its_ticket_once_the_enterprise_is_known(workflow):
    # Given a submission refused because its enterprise was not known yet
    workflow.learn_org_units()
    envelope = workflow.submission("ent-b", "sub-1")
    with pytest.raises(EnterpriseNotKnownYet):
        workflow.runtime.consumer(envelope)

    # When the enterprise is registered and the submission is delivered again
    workflow.register("ent-b")
    workflow.runtime.consumer(envelope)

    # Then its ticket opens in the enterprise's service account
    assert workflow.ticket_of("sub-1").enterprise_id == "ent-b"
    assert len(workflow.published("workflow.ticket.opened")) == 1


def test_submission_with_nowhere_to_go_is_refused_for_redelivery(workflow):
    # Given an unpaired enterprise whose county's departments are not known yet
    workflow.register("ent-b")

    envelope = workflow.submission("ent-b", "sub-1")

    with pytest.raises(NoRouteFound):
        workflow.runtime.consumer(envelope)

    assert not workflow.was_processed(envelope)
    assert (workflow.count("tickets"), workflow.count("ticket_sequences")) == (0, 0)


def test_local_bus_delivers_a_submission_again_after_its_enterprise_arrives(workflow):
    # Given a forms outbox whose submission reaches workflow before the enterprise
    forms_events = [workflow.submission("ent-b", "sub-1")]
    assert workflow.bus.publish_batch(forms_events) == 0
    assert workflow.count("tickets") == 0

    # When the enterprise arrives and the relay publishes the kept event again
    workflow.register("ent-b")
    workflow.feed("directory.org_unit.created", _default_department())
    delivered = workflow.bus.publish_batch(forms_events)

    # Then the ticket is opened
    assert delivered == 1
    assert workflow.ticket_of("sub-1") is not None


def _default_department() -> dict:
    return {
        "id": "330102-office",
        "name": "办公室",
        "name_en": "General Office",
        "kind": "department",
        "parent_id": "330102",
        "path": "33/3301/330102/330102-office",
        "is_default_department": True,
    }


ANSWERS = [
    {
        "name": "category",
        "label": {"zh_CN": "诉求类别", "en": "Category"},
        "text": {"zh_CN": "排污许可", "en": "Discharge permit"},
        "files": [],
        "depth": 0,
        "is_heading": False,
    }
]
CONTACT = {"name": "张经理", "phone": "13812345678", "email": None, "submitter_name": "刘主任"}


def open_with_answers(world) -> None:
    """Open ent-b's ticket from a submission event that carries answers and contact (the
    forms contract gains them separately: this calls the handler with such data)."""
    data = submission_data("ent-b", "sub-1", answers=ANSWERS, contact=CONTACT)
    envelope = {"occurred_at": SUBMITTED_AT}
    world.runtime.execute(lambda uow: handlers.open_ticket_for_submission(envelope, data, uow))


def test_ticket_keeps_what_the_submission_told_and_where_its_holder_works(world):
    open_with_answers(world)

    ticket = world.ticket_of("sub-1")
    assert (ticket.form_key, ticket.form_version, ticket.category) == (
        "enterprise-request",
        1,
        "permit",
    )
    assert (ticket.submitted_by, ticket.answers, ticket.contact) == ("p-user-b", ANSWERS, CONTACT)
    assert ticket.holder_path == "33/3301/330102/330102-office"


def test_a_liaisons_ticket_is_held_where_the_liaison_works(world, pair, submit):
    pair("ent-a", "liaison")

    submit("ent-a", "sub-1")

    ticket = world.ticket_of("sub-1")
    assert (ticket.holder_path, ticket.answers, ticket.contact) == ("33/3301/330102", None, None)


def test_the_api_shows_the_answers_and_contact_to_the_holder(world):
    open_with_answers(world)

    body = world.client("staff").get(f"/workflow/api/tickets/{world.ticket_of('sub-1').id}")

    assert (body.get_json()["answers"], body.get_json()["contact"]) == (ANSWERS, CONTACT)
