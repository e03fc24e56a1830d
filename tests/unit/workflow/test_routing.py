"""Routing: rules as data choose who gets a new ticket; bad rule input is refused."""

import pytest

from services.workflow.domain.errors import InvalidRoutingRule, NoRouteFound
from services.workflow.domain.model import Pairing
from services.workflow.domain.routing import (
    Assignment,
    Condition,
    RoutingRule,
    route,
    validate_rule,
)

COUNTY = "330102"
DEFAULT_DEPARTMENT = "330102-office"
FORM = "help-request"


def make_rule(**overrides) -> RoutingRule:
    fields = {
        "id": "rule-1",
        "priority": 10,
        "form_key": None,
        "conditions": [],
        "target": "department:eia",
        "deadline_working_days": 3,
        "is_active": True,
    }
    return RoutingRule(**(fields | overrides))


def make_pairing(**overrides) -> Pairing:
    fields = {
        "id": "pairing-1",
        "enterprise_id": "ent-1",
        "liaison_person_id": "liaison-1",
        "contact_leader_person_id": "leader-1",
        "year": 2026,
    }
    return Pairing(**(fields | overrides))


def route_for(rules=(), pairing=None, answers=None, default_department_id=DEFAULT_DEPARTMENT):
    return route(FORM, answers or {}, rules, pairing, COUNTY, default_department_id)


def test_paired_enterprise_ticket_goes_to_its_liaison_in_five_working_days():
    assignment = route_for(pairing=make_pairing())

    assert assignment == Assignment("liaison-1", None, 5, None)


def test_unpaired_enterprise_ticket_goes_to_county_default_department():
    assignment = route_for(pairing=None)

    assert assignment == Assignment(None, DEFAULT_DEPARTMENT, 5, None)


def test_inactive_pairing_counts_as_unpaired():
    assignment = route_for(pairing=make_pairing(is_active=False))

    assert assignment.org_unit_id == DEFAULT_DEPARTMENT
    assert assignment.person_id is None


def test_unpaired_enterprise_in_county_without_default_department_has_no_route():
    with pytest.raises(NoRouteFound) as raised:
        route_for(pairing=None, default_department_id=None)

    assert COUNTY in raised.value.message("en")
    assert FORM in raised.value.message("zh-CN")


def test_rule_on_answer_value_routes_to_that_department_of_the_county():
    rule = make_rule(id="noise", conditions=[Condition("topic", "eq", "noise")])

    assignment = route_for([rule], pairing=make_pairing(), answers={"topic": "noise"})

    assert assignment == Assignment(None, "330102-eia", 3, "noise")


def test_rule_with_absolute_org_unit_routes_to_that_unit():
    rule = make_rule(target="org_unit:3301-law")

    assignment = route_for([rule], pairing=make_pairing())

    assert assignment.org_unit_id == "3301-law"


def test_rule_whose_condition_fails_leaves_the_matter_to_the_fallback():
    rule = make_rule(conditions=[Condition("topic", "eq", "noise")])

    assignment = route_for([rule], pairing=make_pairing(), answers={"topic": "waste"})

    assert assignment.person_id == "liaison-1"


def test_every_condition_of_a_rule_must_hold():
    conditions = [Condition("topic", "eq", "noise"), Condition("urgent", "eq", True)]
    rule = make_rule(conditions=conditions)

    assignment = route_for([rule], answers={"topic": "noise", "urgent": False})

    assert assignment.rule_id is None


def test_rule_for_another_form_is_skipped():
    rule = make_rule(form_key="health-check")

    assignment = route_for([rule], pairing=make_pairing())

    assert assignment.person_id == "liaison-1"


def test_rule_for_this_form_applies():
    rule = make_rule(form_key=FORM)

    assignment = route_for([rule], pairing=make_pairing())

    assert assignment.rule_id == "rule-1"


def test_inactive_rule_is_skipped():
    rules = [make_rule(id="off", priority=1, is_active=False), make_rule(id="on", priority=2)]

    assignment = route_for(rules)

    assert assignment.rule_id == "on"


def test_rules_are_tried_by_priority_not_by_list_order():
    late = make_rule(id="late", priority=20, target="department:law")
    early = make_rule(id="early", priority=5, target="department:eia")

    assignment = route_for([late, early])

    assert (assignment.rule_id, assignment.org_unit_id) == ("early", "330102-eia")


def test_rules_of_equal_priority_are_tried_by_id():
    rules = [make_rule(id="b", target="department:law"), make_rule(id="a")]

    assignment = route_for(rules)

    assert assignment.rule_id == "a"


def test_paired_liaison_rule_is_passed_over_for_an_unpaired_enterprise():
    liaison = make_rule(id="liaison", priority=1, target="paired_liaison")
    eia = make_rule(id="eia", priority=2, target="department:eia")

    assignment = route_for([liaison, eia], pairing=None)

    assert assignment.rule_id == "eia"


def test_default_department_rule_sends_a_paired_enterprise_to_the_department():
    rule = make_rule(target="county_default_department", deadline_working_days=2)

    assignment = route_for([rule], pairing=make_pairing())

    assert assignment == Assignment(None, DEFAULT_DEPARTMENT, 2, "rule-1")


@pytest.mark.parametrize(
    ("op", "value", "answers", "expected"),
    [
        ("eq", "noise", {"topic": "noise"}, True),
        ("eq", "noise", {"topic": "waste"}, False),
        ("eq", "noise", {}, False),
        ("eq", True, {"urgent": 1}, False),
        ("eq", 3, {"count": 3.0}, True),
        ("ne", "noise", {"topic": "waste"}, True),
        ("ne", "noise", {}, True),
        ("ne", "noise", {"topic": "noise"}, False),
        ("in", ["a", "b"], {"topic": "b"}, True),
        ("in", ["a", "b"], {"topic": "c"}, False),
        ("in", ["a", "b"], {"topic": ["c", "a"]}, True),
        ("in", ["a", "b"], {}, False),
        ("contains", "dust", {"topic": "road dust at night"}, True),
        ("contains", "dust", {"topic": "noise"}, False),
        ("contains", "air", {"topic": ["water", "air"]}, True),
        ("contains", "air", {"topic": 5}, False),
        ("contains", 5, {"topic": "5 stacks"}, False),
        ("exists", None, {"topic": "x"}, True),
        ("exists", None, {"topic": 0}, True),
        ("exists", None, {"topic": False}, True),
        ("exists", None, {"topic": ""}, False),
        ("exists", None, {"topic": []}, False),
        ("exists", None, {"topic": None}, False),
        ("exists", None, {}, False),
    ],
)
def test_condition_tests_the_answer_with_its_operator(op, value, answers, expected):
    field = next(iter(answers), "topic")

    assert Condition(field, op, value).matches(answers) is expected


MISSING = object()


def valid_input(**overrides) -> dict:
    data = {
        "id": "rule-9",
        "priority": 5,
        "form_key": FORM,
        "conditions": [{"field": "topic", "op": "in", "value": ["noise", "dust"]}],
        "target": "department:eia",
        "deadline_working_days": 3,
        "is_active": True,
    }
    merged = data | overrides
    return {key: value for key, value in merged.items() if value is not MISSING}


def test_valid_rule_input_becomes_a_routing_rule():
    rule = validate_rule(valid_input())

    assert rule == RoutingRule(
        "rule-9", 5, FORM, [Condition("topic", "in", ["noise", "dust"])], "department:eia", 3
    )


def test_rule_input_defaults_to_any_form_no_conditions_priority_100_and_active():
    data = {"id": "r", "target": "paired_liaison", "deadline_working_days": 1}

    rule = validate_rule(data)

    assert (rule.form_key, rule.conditions, rule.priority, rule.is_active) == (None, [], 100, True)


@pytest.mark.parametrize(
    "target",
    [
        "paired_liaison",
        "county_default_department",
        "department:air-quality_2",
        "org_unit:3301-law",
        "org_unit:6f1c2a9e-0b7d-4e55-9a51-2f0c8f1d6a10",
    ],
)
def test_each_allowed_target_form_is_accepted(target):
    assert validate_rule(valid_input(target=target)).target == target


def condition(**fields) -> dict:
    return {"conditions": [{"field": "topic", "op": "eq", "value": "noise"} | fields]}


def without(key: str) -> dict:
    return {key: MISSING}


@pytest.mark.parametrize(
    ("overrides", "field", "rule"),
    [
        ({"deadline_days": 3}, "deadline_days", "unknown_field"),
        (without("id"), "id", "required"),
        ({"id": None}, "id", "required"),
        ({"id": 5}, "id", "not_string"),
        ({"id": "  "}, "id", "required"),
        ({"priority": "high"}, "priority", "not_integer"),
        ({"priority": True}, "priority", "not_integer"),
        ({"priority": -1}, "priority", "priority_range"),
        ({"priority": 10000}, "priority", "priority_range"),
        ({"form_key": 3}, "form_key", "not_string"),
        ({"form_key": ""}, "form_key", "blank"),
        ({"conditions": "topic=noise"}, "conditions", "not_list"),
        ({"conditions": ["topic"]}, "conditions[0]", "not_object"),
        (condition(values="noise"), "conditions[0].values", "unknown_field"),
        (condition(field=None), "conditions[0].field", "required"),
        (condition(field=7), "conditions[0].field", "not_string"),
        (condition(op=None), "conditions[0].op", "required"),
        (condition(op="gt"), "conditions[0].op", "unknown_op"),
        (condition(op="eq", value=None), "conditions[0].value", "required"),
        (condition(op="ne", value=["a"]), "conditions[0].value", "not_scalar"),
        (condition(op="contains", value={"a": 1}), "conditions[0].value", "not_scalar"),
        (condition(op="in", value=None), "conditions[0].value", "required"),
        (condition(op="in", value="noise"), "conditions[0].value", "not_list"),
        (condition(op="in", value=[]), "conditions[0].value", "empty_list"),
        (condition(op="in", value=["a", ["b"]]), "conditions[0].value[1]", "not_scalar"),
        (condition(op="exists", value=False), "conditions[0].value", "value_not_allowed"),
        (without("target"), "target", "required"),
        ({"target": 7}, "target", "not_string"),
        ({"target": "somebody"}, "target", "unknown_target"),
        ({"target": "department:"}, "target", "unknown_target"),
        ({"target": "department:EIA office"}, "target", "unknown_target"),
        ({"target": "org_unit:"}, "target", "unknown_target"),
        ({"target": "org_unit:330102/eia"}, "target", "unknown_target"),
        (without("deadline_working_days"), "deadline_working_days", "required"),
        ({"deadline_working_days": 0}, "deadline_working_days", "deadline_range"),
        ({"deadline_working_days": 366}, "deadline_working_days", "deadline_range"),
        ({"deadline_working_days": 2.5}, "deadline_working_days", "not_integer"),
        ({"deadline_working_days": "5"}, "deadline_working_days", "not_integer"),
        ({"is_active": "yes"}, "is_active", "not_boolean"),
    ],
)
def test_each_invalid_rule_input_is_rejected_naming_field_and_rule(overrides, field, rule):
    with pytest.raises(InvalidRoutingRule) as raised:
        validate_rule(valid_input(**overrides))

    assert (raised.value.field, raised.value.rule) == (field, rule)
    assert field in raised.value.message("zh-CN")
    assert field in raised.value.message("en")


@pytest.mark.parametrize("data", [None, ["id", "r"], "rule"])
def test_rule_input_that_is_not_an_object_is_rejected(data):
    with pytest.raises(InvalidRoutingRule) as raised:
        validate_rule(data)

    assert (raised.value.field, raised.value.rule) == ("rule", "not_object")


def test_unknown_operator_message_quotes_the_operator_in_both_languages():
    with pytest.raises(InvalidRoutingRule) as raised:
        validate_rule(valid_input(**condition(op="gt")))

    assert "“gt”" in raised.value.message("zh-CN")
    assert raised.value.message("en").startswith("conditions[0].op: unknown operator “gt”")


def test_bounds_of_the_deadline_are_accepted():
    assert validate_rule(valid_input(deadline_working_days=1)).deadline_working_days == 1
    assert validate_rule(valid_input(deadline_working_days=365)).deadline_working_days == 365


def test_county_rule_is_tried_before_city_and_province_rules_whatever_their_priority():
    rules = [
        make_rule(id="province", priority=0, tier=2, target="department:a"),
        make_rule(id="city", priority=1, tier=1, target="department:b"),
        make_rule(id="county", priority=9000, tier=0, target="department:c"),
    ]

    assert route_for(rules).rule_id == "county"


def test_inherited_rule_decides_when_the_countys_own_rules_do_not_match():
    rules = [
        make_rule(id="county", tier=0, form_key="other-form"),
        make_rule(id="city", tier=1, target="department:b"),
    ]

    assert route_for(rules).org_unit_id == "330102-b"


@pytest.mark.parametrize(("field", "limit"), [("id", 64), ("form_key", 100)])
def test_overlong_id_and_form_key_are_refused_and_the_limit_accepted(field, limit):
    assert getattr(validate_rule(valid_input(**{field: "k" * limit})), field) == "k" * limit

    with pytest.raises(InvalidRoutingRule) as raised:
        validate_rule(valid_input(**{field: "k" * (limit + 1)}))

    assert (raised.value.field, raised.value.rule) == (field, "too_long")
    assert str(limit) in raised.value.message("zh-CN")
