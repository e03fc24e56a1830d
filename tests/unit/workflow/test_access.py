"""Who sees a ticket and who may move it: administrators over their subtree, assignees
(in person or by department), an enterprise over its own tickets; nobody else."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.workflow.domain.access import (
    TicketScope,
    actions_open_to,
    may_handle,
    own_org_unit_id,
    roles_towards,
    ticket_scope,
    who_may,
)
from services.workflow.domain.handover import OrgChart, Target
from services.workflow.domain.known import OrgUnit
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


# The closed loop's roles ------------------------------------------------------------------

OFFICE = f"{SHANGCHENG}/330102-office"


def office_ticket():
    """A ticket held by Shangcheng's office, with a part invited from Hangzhou's EIA."""
    held = ticket(org_unit_id="330102-office")
    held.holder_path = OFFICE
    held.accept("p-staff", AT)
    held.add_signer("p-staff", AT, Target("3301-eia", EIA), "Please check", iter("gp").__next__)
    return held


EIA = OrgUnit("3301-eia", "环评科", "EIA", "department", "33/3301/3301-eia", "3301")
STAFF = person(["department_staff"], OFFICE, "330102-office", id="p-staff")
CITY_EIA = person(["department_staff"], "33/3301/3301-eia", "3301-eia", id="p-city-eia")
COUNTY = person(["county_admin"], id="p-county")
CITY = person(["city_admin"], "33/3301", "3301", id="p-city")
XIHU = person(["county_admin"], "33/3301/330106", "330106", id="p-xihu")
USER = person(["enterprise_user"], enterprise_id="ent-a", id="p-user")
LIAISON = person(["liaison"], id="p-liaison")


@pytest.mark.parametrize(
    ("viewer", "roles"),
    [
        (STAFF, {"holder"}),
        (CITY_EIA, {"part_member"}),
        (COUNTY, {"holder", "overseer"}),
        (CITY, {"holder", "part_member", "overseer"}),
        (USER, {"enterprise"}),
        (XIHU, set()),
        (LIAISON, set()),
    ],
)
def test_each_viewer_stands_in_the_roles_the_spec_gives(viewer, roles):
    assert roles_towards(viewer, office_ticket()) == {"anyone", *roles}


@pytest.mark.parametrize(
    ("viewer", "visible"),
    [(STAFF, True), (CITY_EIA, True), (COUNTY, True), (CITY, True), (USER, True)]
    + [(XIHU, False), (LIAISON, False)],
)
def test_holders_part_members_overseers_and_the_enterprise_see_the_ticket(viewer, visible):
    assert ticket_scope(viewer).allows(office_ticket()) is visible


def test_who_acted_on_a_ticket_keeps_seeing_it_after_handing_it_over():
    held = office_ticket()
    held.transfer("p-staff", AT, Target("330102", COUNTY_UNIT), CHART_WITH_OFFICE, "Yours")

    assert ticket_scope(STAFF).allows(held)
    assert roles_towards(STAFF, held) == {"anyone"}
    assert actions_open_to(STAFF, held, AT, CHART_WITH_OFFICE) == ["comment"]


COUNTY_UNIT = OrgUnit("330102", "上城区", "Shangcheng", "county", SHANGCHENG, "3301")
CHART_WITH_OFFICE = OrgChart({**CHART.kinds, OFFICE: "department"})


def test_paired_liaison_sees_the_enterprises_tickets_of_the_pairings_year_only():
    held = office_ticket()

    assert ticket_scope(LIAISON, [("ent-a", 2026)]).allows(held)
    assert not ticket_scope(LIAISON, [("ent-a", 2025)]).allows(held)
    assert not ticket_scope(LIAISON, [("ent-b", 2026)]).allows(held)


def test_part_member_may_accept_and_finish_its_part_only():
    held = office_ticket()

    assert actions_open_to(CITY_EIA, held, AT) == ["accept-part", "finish-part", "comment"]
    held.accept_part("p-city-eia", AT, held.parts[0])
    assert actions_open_to(CITY_EIA, held, AT) == ["finish-part", "comment"]


def test_an_open_required_part_hides_resolve_from_the_holder():
    held = office_ticket()

    assert "resolve" not in actions_open_to(STAFF, held, AT, CHART_WITH_OFFICE)
    held.finish_part("p-city-eia", AT, held.parts[0], "Checked")
    assert "resolve" in actions_open_to(STAFF, held, AT, CHART_WITH_OFFICE)


def test_enterprise_confirms_or_refuses_a_resolved_ticket_and_overseers_close_it_when_due():
    held = ticket(person_id="p-liaison")
    held.accept("p-liaison", AT)
    held.resolve("p-liaison", AT, "Done")
    later = held.confirm_due_at + timedelta(seconds=1)

    assert actions_open_to(USER, held, AT) == ["comment", "confirm", "refuse"]
    assert actions_open_to(COUNTY, held, AT) == ["comment", "reopen"]
    assert actions_open_to(COUNTY, held, later) == ["comment", "reopen", "close"]


def test_overseer_supervises_once_per_unit():
    held = office_ticket()
    assert "supervise" in actions_open_to(CITY, held, AT)

    held.supervise("p-city", AT, "3301", "Watch")

    assert "supervise" not in actions_open_to(CITY, held, AT)


def test_who_may_names_the_roles_of_the_refusal_message():
    assert [who_may(a) for a in ("transfer", "confirm", "close", "urge", "finish-part")] == [
        "holder",
        "enterprise",
        "overseer",
        "overseer_or_enterprise",
        "part_member",
    ]
