"""Who reads a submission because they handle its ticket: the people and org units a
workflow event names, and what a signed-in principal reads as."""

from services.forms.domain.readers import ORG_UNIT, PERSON, Reader, readers_named, reads_as
from shared.auth import Principal


def principal(roles, org_unit_id="330102-eia", enterprise_id=None) -> Principal:
    return Principal("p-1", "u", "n", roles, "33/3301/330102", org_unit_id, enterprise_id)


def test_an_opened_ticket_names_its_assignee_person_and_unit():
    data = {"assignee_person_id": "p-1", "assignee_org_unit_id": "330102-office"}

    assert readers_named("workflow.ticket.opened", data) == {
        Reader(PERSON, "p-1"),
        Reader(ORG_UNIT, "330102-office"),
    }


def test_a_hand_over_to_a_unit_alone_names_only_the_unit():
    data = {"holder_person_id": None, "holder_org_unit_id": "330102-eia", "from_org_unit_id": "x"}

    assert readers_named("workflow.ticket.handed_over", data) == {Reader(ORG_UNIT, "330102-eia")}


def test_a_co_handling_invitation_names_every_invited_unit_and_not_the_holder():
    data = {"holder_org_unit_id": "330102-office", "org_unit_ids": ["330102-eia", "3301-eia"]}

    assert readers_named("workflow.ticket.cohandle_invited", data) == {
        Reader(ORG_UNIT, "330102-eia"),
        Reader(ORG_UNIT, "3301-eia"),
    }


def test_staff_read_as_themselves_and_their_unit():
    assert reads_as(principal(("department_staff",))) == {
        Reader(PERSON, "p-1"),
        Reader(ORG_UNIT, "330102-eia"),
    }


def test_an_enterprise_user_never_reads_as_a_handler():
    assert reads_as(principal(("enterprise_user",), "330102", "ent-a")) == set()
