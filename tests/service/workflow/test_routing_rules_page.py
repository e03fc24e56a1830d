"""The routing rules page: the rules that apply in an administrator's area in the order
they are tried, inherited ones with the unit that set them; the editor that creates,
changes, switches, reorders and deletes one's own rules by name; overrides."""

import re

import pytest

from services.workflow.domain.messages import message
from tests.service.workflow.routing_helpers import add_monitoring_station, publish_request_form

PAGE = "/workflow/routing-rules"
NEW = "/workflow/routing-rules/new"
ACT = "/workflow/routing-rules/act"
#: An editor post: EIA approvals of large or medium enterprises go to the EIA section.
EIA_POST = {
    "id": "eia-large",
    "form_key": "enterprise-request",
    "cond-0-field": "category",
    "cond-0-op": "eq",
    "cond-0-choice": "eia_approval",
    "cond-1-field": "enterprise.scale",
    "cond-1-op": "in",
    "cond-1-choice": ["large", "medium"],
    "target_kind": "department",
    "department": "eia",
    "deadline_working_days": "3",
    "is_active": "true",
}


@pytest.fixture
def admin(world):
    publish_request_form(world)
    return world.client("shangcheng")


def api_rule(world, username: str, **rule) -> None:
    body = {"target": "county_default_department", "deadline_working_days": 5, **rule}
    response = world.client(username).post("/workflow/api/routing-rules", json=body)
    assert response.status_code == 201, response.get_json()


def rows(page: str) -> list[tuple[str, str]]:
    """(rule id, own or inherited) of each rule row, in order."""
    found = re.findall(r'data-testid="rule-row" data-rule-id="([^"]+)" data-own="(\w+)"', page)
    return [(rule_id, "own" if own == "true" else "inherited") for rule_id, own in found]


def stored(world) -> list[dict]:
    return world.client("shangcheng").get("/workflow/api/routing-rules").get_json()


def test_rules_are_listed_county_first_then_city_then_province(world, admin):
    api_rule(world, "province", id="p", priority=1)
    api_rule(world, "hangzhou", id="c", priority=1)
    api_rule(world, "shangcheng", id="own-2", priority=20)
    api_rule(world, "shangcheng", id="own-1", priority=10)

    page = admin.get(PAGE).get_data(as_text=True)

    assert rows(page) == [
        ("own-1", "own"),
        ("own-2", "own"),
        ("c", "inherited"),
        ("p", "inherited"),
    ]
    assert "Unit 3301" in page and "Unit 33<" not in page  # units named, in the page's language


def test_inherited_rule_offers_an_override_and_no_edit(world, admin):
    api_rule(world, "hangzhou", id="city-wide")

    page = admin.get(PAGE).get_data(as_text=True)

    assert 'href="/workflow/routing-rules/new?override=city-wide"' in page
    assert "/workflow/routing-rules/edit?id=city-wide" not in page


def test_conditions_and_form_are_shown_by_their_names(world):
    publish_request_form(world)
    api_rule(
        world,
        "shangcheng",
        id="eia",
        form_key="enterprise-request",
        conditions=[{"field": "category", "op": "in", "value": ["eia_approval", "permit"]}],
    )

    zh = world.client("shangcheng", lang="zh-CN").get(PAGE).get_data(as_text=True)
    en = world.client("shangcheng").get(PAGE).get_data(as_text=True)

    assert "诉求类别 属于 环评审批、排污许可" in zh and "企业诉求" in zh
    assert "Category is one of EIA approval, Discharge permit" in en
    assert "Enterprise request" in en


@pytest.mark.parametrize("username", ["staff", "liaison", "user-a"])
def test_only_administrators_may_open_the_rules_page_or_its_editor(world, username):
    client = world.client(username)

    assert client.get(PAGE).status_code == 403
    assert client.post(NEW, data=EIA_POST).status_code == 403
    assert world.count("routing_rules") == 0


def test_rule_made_in_the_editor_is_stored_with_its_codes_and_routes(world, admin):
    response = admin.post(NEW, data=EIA_POST)

    assert (response.status_code, response.headers["Location"]) == (302, PAGE)
    [rule] = stored(world)
    assert rule["conditions"] == [
        {"field": "category", "op": "eq", "value": "eia_approval"},
        {"field": "enterprise.scale", "op": "in", "value": ["large", "medium"]},
    ]
    assert (rule["target"], rule["deadline_working_days"]) == ("department:eia", 3)
    world.submit("ent-b", "sub-1", data={"category": "eia_approval"})
    assert world.ticket_of("sub-1").assignee_org_unit_id == "330102-eia"


def options(page: str) -> dict[str, str]:
    """Each option's label by its value (the last option of a value wins)."""
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', page))


def test_editor_offers_forms_questions_departments_and_units_by_name(world, admin):
    add_monitoring_station(world)

    page = admin.get(NEW).get_data(as_text=True)

    offered = options(page)
    assert offered["enterprise-request"] == "Enterprise request"
    assert (offered["category"], offered["enterprise.scale"]) == ("Category", "Enterprise scale")
    assert offered["eia"] == "Unit 330102-eia"
    warning = "Nobody in Unit 330102 Monitoring Station can act on a ticket: it would go to "
    assert offered["monitoring"].startswith("Monitoring Station — " + warning)
    assert offered["330102-monitoring"].startswith("Unit 330102 Monitoring Station — " + warning)
    assert f'data-warning="{warning}Unit 330102."' in page


def test_saving_a_rule_that_sends_tickets_to_an_empty_unit_warns_about_it(world, admin):
    add_monitoring_station(world)
    post = {**EIA_POST, "target_kind": "org_unit", "org_unit": "330102-monitoring"}

    admin.post(NEW, data=post)

    page = admin.get(PAGE).get_data(as_text=True)
    warning = (
        "Nobody in Unit 330102 Monitoring Station can act on a ticket: it would go to Unit 330102."
    )
    assert page.count(warning) == 2  # flashed once, and by the rule in the list


BAD_POSTS = [
    ({"id": ""}, "id", "required", None),
    ({"deadline_working_days": "0"}, "deadline_working_days", "deadline_range", 0),
    ({"deadline_working_days": "five"}, "deadline_working_days", "not_integer", None),
    ({"priority": "10000"}, "priority", "priority_range", 10000),
    ({"department": ""}, "target", "required", None),
    ({"cond-0-choice": ""}, "conditions[0].value", "required", None),
    (
        {"cond-1-choice": "", "cond-1-value": "large, huge"},
        "conditions[1].value[1]",
        "unknown_scale",
        "huge",
    ),
]


@pytest.mark.parametrize(("change", "field", "rule", "value"), BAD_POSTS)
@pytest.mark.parametrize(("lang", "locale"), [("en", "en"), ("zh-CN", "zh_CN")])
def test_bad_editor_input_is_shown_by_its_field_in_the_users_language_and_not_stored(
    world, change, field, rule, value, lang, locale
):
    publish_request_form(world)

    response = world.client("shangcheng", lang=lang).post(NEW, data={**EIA_POST, **change})

    page = response.get_data(as_text=True)
    expected = message(rule, locale, field=field, value=value)
    assert response.status_code == 422
    assert f'data-field="{field}">{expected}</p>' in page.replace("&#34;", '"')
    assert world.count("routing_rules") == 0


def test_rule_name_taken_in_the_unit_is_refused_and_the_first_rule_kept(world, admin):
    admin.post(NEW, data=EIA_POST)

    response = admin.post(NEW, data={**EIA_POST, "target_kind": "paired_liaison"})

    assert response.status_code == 422
    assert message("rule_exists", "en", field="id", value="eia-large") in response.get_data(
        as_text=True
    )
    assert [rule["target"] for rule in stored(world)] == ["department:eia"]


def test_editing_a_rule_keeps_its_name_and_changes_the_rest(world, admin):
    admin.post(NEW, data=EIA_POST)
    edit = f"{PAGE}/edit?id=eia-large"
    assert "EIA approval" in admin.get(edit).get_data(as_text=True)

    post = {**EIA_POST, "id": "renamed", "target_kind": "paired_liaison", "priority": "7"}
    response = admin.post(edit, data=post)

    assert response.status_code == 302
    [rule] = stored(world)
    assert (rule["id"], rule["target"], rule["priority"]) == ("eia-large", "paired_liaison", 7)
    assert rule["updated_by"] == "p-shangcheng"


def test_editing_an_unknown_or_inherited_rule_is_not_found(world, admin):
    api_rule(world, "hangzhou", id="city-wide")

    assert admin.get(f"{PAGE}/edit?id=nope").status_code == 404
    assert admin.post(f"{PAGE}/edit?id=city-wide", data=EIA_POST).status_code == 404


def test_bad_edit_leaves_the_rule_as_it_was(world, admin):
    admin.post(NEW, data=EIA_POST)

    response = admin.post(f"{PAGE}/edit?id=eia-large", data={**EIA_POST, "department": ""})

    assert response.status_code == 422
    assert stored(world)[0]["target"] == "department:eia"


def test_deactivated_rule_stops_routing_and_activates_again(world, admin):
    admin.post(NEW, data=EIA_POST)

    admin.post(ACT, data={"action": "deactivate", "rule_id": "eia-large"})
    world.submit("ent-b", "sub-1", data={"category": "eia_approval"})
    admin.post(ACT, data={"action": "activate", "rule_id": "eia-large"})
    world.submit("ent-b", "sub-2", data={"category": "eia_approval"})

    assert world.ticket_of("sub-1").assignee_org_unit_id == "330102-office"
    assert world.ticket_of("sub-2").assignee_org_unit_id == "330102-eia"


def test_moving_a_rule_up_makes_it_tried_first(world, admin):
    api_rule(world, "shangcheng", id="a", priority=5)
    api_rule(world, "shangcheng", id="b", priority=5)
    api_rule(world, "shangcheng", id="c", priority=5)

    admin.post(ACT, data={"action": "up", "rule_id": "c"})
    admin.post(ACT, data={"action": "up", "rule_id": "c"})
    admin.post(ACT, data={"action": "down", "rule_id": "a"})

    page = admin.get(PAGE).get_data(as_text=True)
    assert [rule_id for rule_id, _own in rows(page)] == ["c", "b", "a"]


def test_first_rule_does_not_move_up(world, admin):
    api_rule(world, "shangcheng", id="a", priority=1)
    api_rule(world, "shangcheng", id="b", priority=2)

    response = admin.post(ACT, data={"action": "up", "rule_id": "a"})

    assert response.status_code == 302
    assert [(r["id"], r["priority"]) for r in stored(world)] == [("a", 1), ("b", 2)]


def test_deleted_rule_is_gone(world, admin):
    admin.post(NEW, data=EIA_POST)

    admin.post(ACT, data={"action": "delete", "rule_id": "eia-large"})

    assert world.count("routing_rules") == 0


@pytest.mark.parametrize(
    ("action", "rule_id"),
    [("delete", "nope"), ("delete", "city-wide"), ("deactivate", "city-wide"), ("jump", "a")],
)
def test_actions_on_rules_not_ones_own_are_not_found_and_change_nothing(
    world, admin, action, rule_id
):
    api_rule(world, "hangzhou", id="city-wide")

    response = admin.post(ACT, data={"action": action, "rule_id": rule_id})

    assert response.status_code == 404
    assert [(r["id"], r["is_active"]) for r in stored(world)] == [("city-wide", True)]


def test_county_overrides_an_inherited_rule_by_its_name(world, admin):
    # Given the city sends EIA approvals to each county's default department
    api_rule(
        world,
        "hangzhou",
        id="eia",
        conditions=[{"field": "category", "op": "eq", "value": "eia_approval"}],
    )
    # When Shangcheng overrides it from the inherited rule, sending them to its EIA section
    prefilled = admin.get(f"{NEW}?override=eia").get_data(as_text=True)
    assert 'value="eia"' in prefilled and "EIA approval" in prefilled
    post = {**EIA_POST, "id": "eia", "cond-1-field": ""}
    assert admin.post(NEW, data=post).status_code == 302
    # Then the city's rule shows as overridden in Shangcheng and routes only in Xihu
    page = admin.get(PAGE).get_data(as_text=True)
    assert 'data-state="overridden"' in page
    world.submit("ent-b", "sub-shangcheng", data={"category": "eia_approval"})
    world.submit("ent-c", "sub-xihu", data={"category": "eia_approval"})
    assert world.ticket_of("sub-shangcheng").assignee_org_unit_id == "330102-eia"
    assert world.ticket_of("sub-xihu").history[0].details["redirected_from"] == "330106-office"


def test_city_sees_its_counties_rules_apart_and_read_only(world):
    api_rule(world, "shangcheng", id="county-own")

    page = world.client("hangzhou").get(PAGE).get_data(as_text=True)

    assert rows(page) == []
    assert 'data-testid="rule-below-row" data-rule-id="county-own"' in page
    assert "edit?id=county-own" not in page


def test_inbox_links_administrators_to_the_roster_and_the_rules(world):
    admin = world.client("shangcheng").get("/workflow/tickets").get_data(as_text=True)
    liaison = world.client("liaison").get("/workflow/tickets").get_data(as_text=True)
    staff = world.client("staff").get("/workflow/tickets").get_data(as_text=True)

    assert 'data-testid="nav-routing-rules"' in admin and 'data-testid="nav-pairings"' in admin
    assert 'data-testid="nav-pairings"' in liaison and "nav-routing-rules" not in liaison
    assert 'data-testid="workflow-nav"' not in staff
