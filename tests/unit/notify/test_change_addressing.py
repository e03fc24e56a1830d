"""Who hears of a ticket's later changes: the new holder of a hand-over (a person, or a
department as a whole), invited departments, the holder of an urged, supervised or overdue
ticket, the contact leader of an overdue one, the unit a ticket is escalated to, and the
enterprise of a resolved, closed or reopened one; never the person who made the change."""

from datetime import UTC, datetime

import pytest

from services.notify.domain.addressing import CHANGE_NOTICES, Viewer, change_addressees
from services.notify.domain.model import ENTERPRISE, ORG_UNIT, PERSON, Addressee, InboxItem
from services.notify.domain.templates import TEMPLATES
from shared.contracts import schema_for


def change(**data) -> dict:
    return {"ticket_id": "t-1", "actor_id": "p-actor", "enterprise_id": "ent-1", **data}


def test_a_ticket_handed_over_to_a_person_is_told_to_that_person():
    data = change(holder_person_id="p-new", holder_org_unit_id="330102-eia")

    assert change_addressees("workflow.ticket.handed_over", data) == [
        (Addressee(PERSON, "p-new"), "ticket_handed_over")
    ]


def test_a_ticket_handed_over_to_a_department_is_told_to_the_department_as_such():
    data = change(holder_person_id=None, holder_org_unit_id="330102-eia")

    assert change_addressees("workflow.ticket.handed_over", data) == [
        (Addressee(ORG_UNIT, "330102-eia"), "ticket_handed_over_to_department")
    ]


def test_every_invited_department_is_told_of_a_co_handling_invitation():
    data = change(holder_person_id="p-holder", org_unit_ids=["3301-eia", "330102-law"])

    assert change_addressees("workflow.ticket.cohandle_invited", data) == [
        (Addressee(ORG_UNIT, "3301-eia"), "ticket_cohandle_invited"),
        (Addressee(ORG_UNIT, "330102-law"), "ticket_cohandle_invited"),
    ]


@pytest.mark.parametrize(
    ("verb", "kind"),
    [
        ("info_requested", "ticket_info_requested"),
        ("resolved", "ticket_resolved"),
        ("closed", "ticket_closed"),
    ],
)
def test_the_enterprise_is_told_what_it_has_to_answer_and_how_its_matter_ended(verb, kind):
    data = change(holder_person_id="p-holder")

    assert change_addressees(f"workflow.ticket.{verb}", data) == [
        (Addressee(ENTERPRISE, "ent-1"), kind)
    ]


def test_a_reopened_ticket_is_told_to_the_enterprise_and_its_holder():
    data = change(holder_person_id="p-holder")

    assert change_addressees("workflow.ticket.reopened", data) == [
        (Addressee(ENTERPRISE, "ent-1"), "ticket_reopened"),
        (Addressee(PERSON, "p-holder"), "ticket_reopened_for_holder"),
    ]


def test_an_overdue_ticket_is_told_to_its_holder_and_the_contact_leader():
    data = change(holder_org_unit_id="330102-eia", contact_leader_person_id="p-leader")

    assert change_addressees("workflow.ticket.overdue", data) == [
        (Addressee(ORG_UNIT, "330102-eia"), "ticket_overdue"),
        (Addressee(PERSON, "p-leader"), "ticket_overdue_for_contact_leader"),
    ]


def test_a_holder_who_is_also_the_contact_leader_gets_one_notice():
    data = change(holder_person_id="p-leader", contact_leader_person_id="p-leader")

    assert change_addressees("workflow.ticket.overdue", data) == [
        (Addressee(PERSON, "p-leader"), "ticket_overdue")
    ]


def test_an_escalated_ticket_is_told_to_the_unit_it_went_to():
    data = change(holder_person_id="p-holder", escalated_to_org_unit_id="3301")

    assert change_addressees("workflow.ticket.escalated", data) == [
        (Addressee(ORG_UNIT, "3301"), "ticket_escalated")
    ]


def test_the_person_who_made_the_change_is_not_told_of_it():
    data = change(actor_id="p-holder", holder_person_id="p-holder")

    assert change_addressees("workflow.ticket.urged", data) == []


def test_a_change_nobody_is_told_of_has_no_addressees():
    assert change_addressees("workflow.ticket.commented", change(holder_person_id="p")) == []


@pytest.mark.parametrize("routing_key", sorted(CHANGE_NOTICES))
def test_every_change_told_is_a_contract_and_every_kind_has_a_template(routing_key):
    assert schema_for(routing_key)
    for _addressees, kind in CHANGE_NOTICES[routing_key]:
        assert kind in TEMPLATES


def enterprise_item(enterprise_id: str) -> InboxItem:
    at = datetime(2026, 12, 2, tzinfo=UTC)
    return InboxItem("i-1", "e-1", "ticket_resolved", ENTERPRISE, enterprise_id, {}, "/x", "33", at)


def test_every_user_of_the_enterprise_sees_its_item_and_nobody_else():
    item = enterprise_item("ent-1")

    assert Viewer("p-1", "330102", is_enterprise=True, enterprise_id="ent-1").sees(item)
    assert not Viewer("p-2", "330102", is_enterprise=True, enterprise_id="ent-2").sees(item)
    assert not Viewer("p-3", "ent-1").sees(item)
