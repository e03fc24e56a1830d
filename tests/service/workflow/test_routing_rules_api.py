"""Routing rules as data: an administrator sets rules for their org unit, which apply to
every county below it, the county's own first; bad input names the field and the rule."""

import pytest

from services.workflow.domain.messages import message

RULE = {
    "id": "eia-approvals",
    "form_key": "enterprise-request",
    "conditions": [{"field": "category", "op": "eq", "value": "eia_approval"}],
    "target": "department:eia",
    "deadline_working_days": 3,
}


def post(world, body, username: str = "shangcheng", lang: str = "en"):
    return world.client(username, lang=lang).post("/workflow/api/routing-rules", json=body)


def listed(world, username: str) -> list[tuple[str, str, bool]]:
    rules = world.client(username).get("/workflow/api/routing-rules").get_json()
    return [(rule["org_unit_id"], rule["id"], rule["is_inherited"]) for rule in rules]


def test_county_administrator_adds_a_rule_for_the_county(world):
    response = post(world, RULE)

    body = response.get_json()
    assert response.status_code == 201
    assert (body["org_unit_id"], body["org_path"], body["priority"]) == (
        "330102",
        "33/3301/330102",
        100,
    )
    assert body["conditions"] == [{"field": "category", "op": "eq", "value": "eia_approval"}]
    assert (body["created_by"], body["is_inherited"]) == ("p-shangcheng", False)


def test_rule_list_shows_the_area_and_what_applies_from_above(world):
    post(world, RULE)
    post(world, {**RULE, "id": "city-wide", "target": "county_default_department"}, "hangzhou")

    assert listed(world, "shangcheng") == [
        ("3301", "city-wide", True),
        ("330102", "eia-approvals", False),
    ]
    assert listed(world, "hangzhou") == [
        ("3301", "city-wide", False),
        ("330102", "eia-approvals", False),
    ]
    assert listed(world, "xihu") == [("3301", "city-wide", True)]


def test_county_rule_comes_before_the_city_rule(world, submit):
    # Given a city rule with the best priority and a county rule for the same matters
    city_rule = {**RULE, "id": "city", "priority": 1, "target": "department:office"}
    county_rule = {**RULE, "id": "county", "priority": 500, "target": "org_unit:330102-eia"}
    assert post(world, city_rule, "hangzhou").status_code == 201
    assert post(world, county_rule).status_code == 201

    # When both counties file the same kind of matter
    submit("ent-b", "sub-shangcheng", data={"category": "eia_approval"})
    submit("ent-c", "sub-xihu", data={"category": "eia_approval"})

    # Then Shangcheng's own rule decides there, and the city's rule in Xihu
    assert world.ticket_of("sub-shangcheng").assignee_org_unit_id == "330102-eia"
    opening = world.ticket_of("sub-xihu").history[0].details
    assert (opening["rule_id"], opening["redirected_from"]) == ("city", "330106-office")


def test_rule_deadline_sets_the_tickets_deadline(world, submit):
    post(world, RULE)

    submit("ent-b", "sub-1", data={"category": "eia_approval"})

    assert world.ticket_of("sub-1").due_at.isoformat() == "2026-12-02T15:59:59+00:00"


def test_rule_id_taken_in_the_org_unit_is_refused_with_409(world):
    post(world, RULE)

    response = post(world, {**RULE, "target": "paired_liaison"})

    assert response.status_code == 409
    assert response.get_json()["errors"] == {
        "id": [message("rule_exists", "en", field="id", value="eia-approvals")]
    }


def test_same_rule_id_may_be_used_by_another_county(world):
    post(world, RULE)

    assert post(world, {**RULE, "target": "county_default_department"}, "xihu").status_code == 201


def without(field: str) -> dict:
    return {key: value for key, value in RULE.items() if key != field}


BAD_INPUTS = [
    (without("id"), "id", "required", None),
    ({**RULE, "id": "x" * 65}, "id", "too_long", 64),
    ({**RULE, "form_key": "k" * 101}, "form_key", "too_long", 100),
    ({**RULE, "priority": -1}, "priority", "priority_range", -1),
    (
        {**RULE, "conditions": [{"field": "category", "op": "gt", "value": 1}]},
        "conditions[0].op",
        "unknown_op",
        "gt",
    ),
    ({**RULE, "target": "somebody"}, "target", "unknown_target", "somebody"),
    ({**RULE, "target": "department:water"}, "target", "unknown_department", "water"),
    ({**RULE, "target": "org_unit:330106-office"}, "target", "unknown_org_unit", "330106-office"),
    ({**RULE, "target": "org_unit:nowhere"}, "target", "unknown_org_unit", "nowhere"),
    ({**RULE, "deadline_working_days": 0}, "deadline_working_days", "deadline_range", 0),
    ({**RULE, "owner": "me"}, "owner", "unknown_field", None),
    ("a rule", "rule", "not_object", None),
]


@pytest.mark.parametrize(("body", "field", "rule", "value"), BAD_INPUTS)
@pytest.mark.parametrize(("lang", "locale"), [("en", "en"), ("zh-CN", "zh_CN")])
def test_bad_rule_input_names_field_and_rule_in_the_users_language(
    world, body, field, rule, value, lang, locale
):
    response = post(world, body, lang=lang)

    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        field: [message(rule, locale, field=field, value=value)]
    }
    assert world.count("routing_rules") == 0


def test_non_administrators_may_neither_add_nor_list_rules(world):
    assert post(world, RULE, username="liaison").status_code == 403
    assert world.client("staff").get("/workflow/api/routing-rules").status_code == 403
    assert world.count("routing_rules") == 0


def put(world, rule_id: str, body, username: str = "shangcheng", lang: str = "en"):
    url = f"/workflow/api/routing-rules/{rule_id}"
    return world.client(username, lang=lang).put(url, json=body)


def test_administrator_replaces_an_own_rule_keeping_its_id(world):
    post(world, RULE)

    response = put(world, "eia-approvals", {**RULE, "target": "paired_liaison", "priority": 3})

    body = response.get_json()
    assert response.status_code == 200
    assert (body["id"], body["target"], body["priority"]) == ("eia-approvals", "paired_liaison", 3)
    assert body["updated_by"] == "p-shangcheng"


@pytest.mark.parametrize(
    ("body", "field", "rule", "value"),
    [
        ({**RULE, "id": "other"}, "id", "id_mismatch", "eia-approvals"),
        ({**RULE, "deadline_working_days": 0}, "deadline_working_days", "deadline_range", 0),
        ({**RULE, "target": "org_unit:3301"}, "target", "unknown_org_unit", "3301"),
    ],
)
@pytest.mark.parametrize(("lang", "locale"), [("en", "en"), ("zh-CN", "zh_CN")])
def test_bad_replacement_names_the_field_and_keeps_the_rule(
    world, body, field, rule, value, lang, locale
):
    post(world, RULE)

    response = put(world, "eia-approvals", body, lang=lang)

    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        field: [message(rule, locale, field=field, value=value)]
    }
    assert listed(world, "shangcheng") == [("330102", "eia-approvals", False)]
    stored = world.client("shangcheng").get("/workflow/api/routing-rules").get_json()[0]
    assert stored["deadline_working_days"] == 3


def test_inherited_or_unknown_rules_cannot_be_replaced_or_deleted(world):
    post(world, {**RULE, "id": "city-wide"}, "hangzhou")
    client = world.client("shangcheng")

    assert put(world, "city-wide", RULE).status_code == 404
    assert client.delete("/workflow/api/routing-rules/city-wide").status_code == 404
    assert client.delete("/workflow/api/routing-rules/nope").status_code == 404
    assert listed(world, "hangzhou") == [("3301", "city-wide", False)]


def test_deleting_a_county_override_brings_the_inherited_rule_back(world, submit):
    post(world, {**RULE, "id": "eia", "target": "department:office"}, "hangzhou")
    post(world, {**RULE, "id": "eia", "target": "department:eia"})
    submit("ent-b", "sub-1", data={"category": "eia_approval"})

    response = world.client("shangcheng").delete("/workflow/api/routing-rules/eia")
    submit("ent-b", "sub-2", data={"category": "eia_approval"})

    assert response.status_code == 204
    assert world.ticket_of("sub-1").assignee_org_unit_id == "330102-eia"
    assert world.ticket_of("sub-2").assignee_org_unit_id == "330102-office"


def test_rule_list_marks_an_inherited_rule_overridden_in_the_county(world):
    post(world, {**RULE, "id": "eia"}, "hangzhou")
    post(world, {**RULE, "id": "eia", "is_active": False})

    rules = world.client("shangcheng").get("/workflow/api/routing-rules").get_json()

    assert [(r["org_unit_id"], r["is_overridden"]) for r in rules] == [
        ("3301", True),
        ("330102", False),
    ]
    xihu = world.client("xihu").get("/workflow/api/routing-rules").get_json()
    assert [r["is_overridden"] for r in xihu] == [False]


def test_rule_on_enterprise_attributes_routes_by_the_enterprises_scale(world, submit):
    world.register("ent-a", scale="large")
    rule = {
        **RULE,
        "form_key": None,
        "conditions": [{"field": "enterprise.scale", "op": "in", "value": ["large"]}],
    }
    post(world, rule)

    submit("ent-a", "sub-large")
    submit("ent-b", "sub-medium")

    assert world.ticket_of("sub-large").assignee_org_unit_id == "330102-eia"
    assert world.ticket_of("sub-medium").assignee_org_unit_id == "330102-office"
