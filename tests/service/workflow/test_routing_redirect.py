"""A ticket routed to a unit where nobody can act goes up to the nearest bureau with an
administrator, says so in its opening history, and is in that administrator's to-do."""

from tests.service.workflow.conftest import person_data
from tests.service.workflow.routing_helpers import add_monitoring_station

EMPTY_RULE = {
    "id": "monitoring",
    "conditions": [{"field": "category", "op": "eq", "value": "monitoring"}],
    "target": "department:monitoring",
    "deadline_working_days": 4,
}


def test_unpaired_xihu_ticket_for_its_empty_default_department_goes_to_the_xihu_bureau(world):
    world.submit("ent-c", "sub-1")

    ticket = world.ticket_of("sub-1")
    opening = ticket.history[0].details
    assert ticket.assignee_org_unit_id == "330106"
    assert (opening["redirected_from"], opening["assignee_org_unit_id"]) == (
        "330106-office",
        "330106",
    )


def test_rule_target_with_nobody_goes_to_the_county_bureau_and_keeps_the_rules_deadline(world):
    add_monitoring_station(world)
    world.client("shangcheng").post("/workflow/api/routing-rules", json=EMPTY_RULE)

    world.submit("ent-b", "sub-1", data={"category": "monitoring"})

    ticket = world.ticket_of("sub-1")
    assert (ticket.assignee_org_unit_id, ticket.history[0].details["rule_id"]) == (
        "330102",
        "monitoring",
    )
    assert ticket.history[0].details["deadline_working_days"] == 4


def test_staffed_department_keeps_its_ticket_without_a_redirect(world):
    world.submit("ent-b", "sub-1")

    ticket = world.ticket_of("sub-1")
    assert ticket.assignee_org_unit_id == "330102-office"
    assert "redirected_from" not in ticket.history[0].details


def test_once_someone_joins_the_unit_its_next_ticket_stays_there(world):
    world.submit("ent-c", "sub-1")
    newcomer = {**person_data("staff"), "id": "p-xihu-staff", "username": "xihu-staff"}
    newcomer |= {"org_unit_id": "330106-office", "org_path": "33/3301/330106/330106-office"}
    world.feed("directory.person.created", newcomer)

    world.submit("ent-c", "sub-2")

    assert world.ticket_of("sub-1").assignee_org_unit_id == "330106"
    assert world.ticket_of("sub-2").assignee_org_unit_id == "330106-office"


def test_opened_event_names_the_bureau_as_assignee(world):
    world.submit("ent-c", "sub-1")

    [opened] = world.published("workflow.ticket.opened")
    assert opened["assignee_org_unit_id"] == "330106"


def test_redirected_ticket_is_in_the_bureau_administrators_to_do(world):
    world.submit("ent-c", "sub-1")
    number = world.ticket_of("sub-1").number

    todo = world.client("xihu").get("/workflow/tickets?tab=todo").get_data(as_text=True)
    tickets = world.client("xihu").get("/workflow/api/tickets").get_json()

    assert number in todo
    assert [t["number"] for t in tickets] == [number]


def test_without_an_administrator_above_the_ticket_stays_with_the_empty_unit(workflow):
    # Given a world of org units and enterprises but no people at all
    workflow.learn_org_units()
    workflow.register("ent-c")

    workflow.submit("ent-c", "sub-1")

    ticket = workflow.ticket_of("sub-1")
    assert ticket.assignee_org_unit_id == "330106-office"
    assert "redirected_from" not in ticket.history[0].details
