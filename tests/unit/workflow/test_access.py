"""Who sees a ticket and who may move it: administrators over their subtree, assignees
(in person or by department), an enterprise over its own tickets; nobody else."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.workflow.domain.access import (
    TicketScope,
    actions_open_to,
    may_handle,
    own_org_unit_id,
    ticket_scope,
)
from services.workflow.domain.handover import OrgChart
from services.workflow.domain.model import ServiceAccount
from services.workflow.domain.routing import Assignment
from shared.auth import Principal

AT = datetime(2026, 11, 27, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
SHANGCHENG = "33/3301/330102"
CHART = OrgChart({"33": "province", "33/3301": "city", SHANGCHENG: "county"})


def person(roles, org_path=SHANGCHENG, org_unit_id="330102", enterprise_id=None, id="p-1"):
    return Principal(
        id=id,
        username=id,
        name=id,
        roles=tuple(roles),
        org_path=org_path,
        org_unit_id=org_unit_id,
        enterprise_id=enterprise_id,
    )


def ticket(person_id=None, org_unit_id=None, org_path=SHANGCHENG, enterprise_id="ent-a"):
    account = ServiceAccount(
        id="acct",
        enterprise_id=enterprise_id,
        enterprise_name="E",
        county_id=org_path.rsplit("/", 1)[-1],
        org_path=org_path,
        opened_at=AT,
    )
    return account.open_ticket(
        ticket_id="t-1",
        number="N-1",
        submission_id="s-1",
        title="T",
        assignment=Assignment(person_id, org_unit_id, 5),
        opened_by="u",
        opened_at=AT,
        due_at=None,
    )


@pytest.mark.parametrize(
    ("viewer", "visible"),
    [
        (person(["province_admin"], "33", "33"), True),
        (person(["city_admin"], "33/3301", "3301"), True),
        (person(["county_admin"]), True),
        (person(["county_admin"], "33/3301/330106", "330106"), False),
        (person(["liaison"], id="p-liaison"), True),
        (person(["liaison"], id="p-other"), False),
        (person(["department_staff"], f"{SHANGCHENG}/330102-office", "330102-office"), False),
        (person(["contact_leader"]), False),
        (person(["enterprise_user"], enterprise_id="ent-a"), True),
        (person(["enterprise_user"], enterprise_id="ent-b"), False),
        (person(["enterprise_user"], enterprise_id=None), False),
    ],
)
def test_liaison_ticket_is_visible_exactly_to_its_liaison_admins_and_enterprise(viewer, visible):
    assert ticket_scope(viewer).allows(ticket(person_id="p-liaison")) is visible


def test_department_staff_see_tickets_of_their_own_department_only():
    staff = person(["department_staff"], f"{SHANGCHENG}/330102-office", "330102-office")

    assert ticket_scope(staff).allows(ticket(org_unit_id="330102-office"))
    assert not ticket_scope(staff).allows(ticket(org_unit_id="330102-eia"))


def test_liaison_does_not_see_tickets_of_the_org_unit_they_belong_to():
    liaison = person(["liaison"], org_unit_id="330102")

    assert not ticket_scope(liaison).allows(ticket(org_unit_id="330102"))


def test_subtree_does_not_match_a_sibling_whose_code_starts_alike():
    admin = person(["county_admin"], "33/3301/33010", "33010")

    assert not ticket_scope(admin).allows(ticket(person_id="x"))


def test_to_do_of_an_administrator_holds_only_their_own_assignments():
    scope = ticket_scope(person(["county_admin"], id="p-admin")).assigned_only()

    assert scope == TicketScope(person_id="p-admin", org_unit_id="330102", held_only=True)


def test_enterprise_user_may_see_but_not_move_its_ticket():
    user = person(["enterprise_user"], enterprise_id="ent-a")

    assert not may_handle(user, ticket(person_id="p-liaison"))
    assert actions_open_to(user, ticket(person_id="p-liaison"), AT) == ["urge", "comment", "cancel"]


def test_administrator_over_the_ticket_may_move_it_but_not_one_elsewhere():
    city = person(["city_admin"], "33/3301", "3301")

    assert may_handle(city, ticket(person_id="p-liaison"))
    assert not may_handle(city, ticket(person_id="p-liaison", org_path="33/3302/330203"))


def test_actions_follow_the_tickets_status():
    liaison = person(["liaison"], id="p-liaison")
    assigned = ticket(person_id="p-liaison")
    accepted = ticket(person_id="p-liaison")
    accepted.accept("p-liaison", AT)

    assert actions_open_to(liaison, assigned, AT, CHART) == [
        "accept",
        "transfer",
        "escalate",
        "comment",
    ]
    assert actions_open_to(liaison, accepted, AT, CHART) == [
        "transfer",
        "escalate",
        "request-info",
        "cohandle",
        "add-signer",
        "comment",
        "resolve",
        "suspend",
    ]


def test_own_org_unit_falls_back_to_the_last_code_of_the_path():
    assert own_org_unit_id(person(["county_admin"], org_unit_id=None)) == "330102"
