"""Who is notified of an opened ticket: the assigned person, or every staff member of the
assigned department; who gets mail; who sees an inbox item."""

from datetime import UTC, datetime

import pytest

from services.notify.domain.addressing import (
    Viewer,
    has_mail_address,
    mail_recipients,
    ticket_addressee,
)
from services.notify.domain.model import ORG_UNIT, PERSON, Addressee, InboxItem, Recipient

DEPARTMENT = Addressee(ORG_UNIT, "330102-dept")


def person(person_id: str, email: str | None = None, **overrides) -> Recipient:
    values = {"org_unit_id": "330102-dept", "org_path": "33/3301/330102/330102-dept"}
    return Recipient(person_id, f"name {person_id}", email=email, **{**values, **overrides})


def item_for(addressee: Addressee) -> InboxItem:
    return InboxItem(
        "item-1",
        "event-1",
        "ticket_assigned",
        addressee.kind,
        addressee.id,
        {},
        "/x",
        "33",
        datetime(2026, 11, 27, tzinfo=UTC),
    )


def test_ticket_assigned_to_a_person_is_addressed_to_that_person():
    ticket = {"assignee_person_id": "liaison-1", "assignee_org_unit_id": None}

    assert ticket_addressee(ticket) == Addressee(PERSON, "liaison-1")


def test_ticket_assigned_to_a_department_is_addressed_to_the_org_unit():
    ticket = {"assignee_person_id": None, "assignee_org_unit_id": "330102-dept"}

    assert ticket_addressee(ticket) == DEPARTMENT


def test_ticket_naming_both_goes_to_the_person():
    ticket = {"assignee_person_id": "liaison-1", "assignee_org_unit_id": "330102-dept"}

    assert ticket_addressee(ticket) == Addressee(PERSON, "liaison-1")


def test_ticket_without_assignee_is_addressed_to_nobody():
    assert ticket_addressee({"assignee_person_id": None, "assignee_org_unit_id": None}) is None


def test_department_mail_goes_to_each_member_with_an_address():
    members = [person("a", "a@gov.example.cn"), person("b"), person("c", "c@gov.example.cn")]

    chosen = mail_recipients(DEPARTMENT, members)

    assert [r.person_id for r in chosen] == ["a", "c"]


def test_people_of_other_org_units_get_no_department_mail():
    other = person("x", "x@gov.example.cn", org_unit_id="330106-dept")

    assert mail_recipients(DEPARTMENT, [other]) == []


def test_enterprise_users_are_not_members_of_their_county():
    county = Addressee(ORG_UNIT, "330102")
    user = person("e", "e@firm.example.cn", org_unit_id="330102", enterprise_id="ent-1")

    assert mail_recipients(county, [user]) == []


def test_person_mail_goes_only_to_the_addressed_person():
    addressee = Addressee(PERSON, "a")

    chosen = mail_recipients(addressee, [person("a", "a@gov.example.cn"), person("b", "b@x.cn")])

    assert [r.person_id for r in chosen] == ["a"]


@pytest.mark.parametrize(
    "address",
    [
        "",
        None,
        "no-at-sign",
        "a b@gov.example.cn",
        "a@gov.example.cn\nBcc: x@y.cn",
        "a@@b.cn",
        "a@b",
    ],
)
def test_unusable_addresses_get_no_mail(address):
    assert not has_mail_address(person("a", address))


def test_plain_address_gets_mail():
    assert has_mail_address(person("a", "zhou.tao@hz.gov.example.cn"))


def test_viewer_sees_items_addressed_to_them_or_their_org_unit():
    viewer = Viewer("a", org_unit_id="330102-dept")

    assert viewer.sees(item_for(Addressee(PERSON, "a")))
    assert viewer.sees(item_for(DEPARTMENT))
    assert not viewer.sees(item_for(Addressee(PERSON, "b")))
    assert not viewer.sees(item_for(Addressee(ORG_UNIT, "330106-dept")))


def test_enterprise_viewer_does_not_see_items_of_its_county():
    viewer = Viewer("e", org_unit_id="330102", is_enterprise=True)

    assert not viewer.sees(item_for(Addressee(ORG_UNIT, "330102")))
    assert viewer.sees(item_for(Addressee(PERSON, "e")))
