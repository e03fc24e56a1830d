"""Routing reads the enterprise's attributes in ``enterprise.*`` conditions; a rule set
nearer the county hides an inherited rule of the same id; a unit with nobody who can act
hands its ticket on to the unit ``reroute`` names."""

import pytest

from services.workflow.domain.errors import InvalidRoutingRule
from services.workflow.domain.known import Enterprise
from services.workflow.domain.model import Pairing
from services.workflow.domain.routing import (
    Assignment,
    Condition,
    RoutingRule,
    effective_rules,
    enterprise_attributes,
    route,
    validate_rule,
)

COUNTY = "330102"
FORM = "enterprise-request"
LARGE_POLLUTER = {"scale": "large", "types": ["traditional", "key_pollutant_discharge"]}


def make_rule(**overrides) -> RoutingRule:
    fields = {
        "id": "rule-1",
        "priority": 10,
        "form_key": None,
        "conditions": [],
        "target": "department:eia",
        "deadline_working_days": 3,
    }
    return RoutingRule(**(fields | overrides))


def route_for(rules, enterprise=None, pairing=None, reroute=None, default="330102-office"):
    return route(FORM, {}, rules, pairing, COUNTY, default, enterprise=enterprise, reroute=reroute)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (Condition("enterprise.scale", "in", ["large", "medium"]), True),
        (Condition("enterprise.scale", "eq", "small"), False),
        (Condition("enterprise.types", "contains", "key_pollutant_discharge"), True),
        (Condition("enterprise.types", "in", ["strategic_emerging"]), False),
        (Condition("enterprise.types", "exists"), True),
    ],
)
def test_enterprise_condition_tests_the_enterprises_attributes(condition, expected):
    assert condition.matches({}, LARGE_POLLUTER) is expected


def test_enterprise_condition_ignores_an_answer_of_the_same_name():
    condition = Condition("enterprise.scale", "eq", "large")

    assert not condition.matches({"enterprise.scale": "large", "scale": "large"}, {})


def test_enterprise_without_a_known_scale_fails_a_scale_condition():
    assert not Condition("enterprise.scale", "exists").matches({}, {"scale": None, "types": []})


def test_rule_on_enterprise_scale_routes_large_enterprises_only():
    rule = make_rule(conditions=[Condition("enterprise.scale", "in", ["large", "medium"])])

    large = route_for([rule], enterprise=LARGE_POLLUTER)
    small = route_for([rule], enterprise={"scale": "small", "types": []})

    assert (large.rule_id, small.rule_id) == ("rule-1", None)


def test_enterprise_attributes_of_a_known_enterprise():
    known = Enterprise("e", "E", "code", COUNTY, "33/3301/330102", "medium", ["traditional"])

    assert enterprise_attributes(known) == {"scale": "medium", "types": ["traditional"]}
    assert enterprise_attributes(None) == {}


def test_rule_input_with_enterprise_conditions_is_accepted():
    data = {
        "id": "big",
        "target": "paired_liaison",
        "deadline_working_days": 2,
        "conditions": [
            {"field": "enterprise.scale", "op": "in", "value": ["large", "medium"]},
            {"field": "enterprise.types", "op": "contains", "value": "strategic_emerging"},
            {"field": "enterprise.types", "op": "exists"},
        ],
    }

    assert [c.field for c in validate_rule(data).conditions] == [
        "enterprise.scale",
        "enterprise.types",
        "enterprise.types",
    ]


def scale(op: str, value) -> dict:
    return {"field": "enterprise.scale", "op": op, "value": value}


@pytest.mark.parametrize(
    ("condition", "field", "rule"),
    [
        (
            {**scale("eq", "large"), "field": "enterprise.size"},
            ".field",
            "unknown_enterprise_attribute",
        ),
        (scale("eq", "huge"), ".value", "unknown_scale"),
        (scale("in", ["large", "Huge"]), ".value[1]", "unknown_scale"),
        (scale("eq", 1), ".value", "unknown_scale"),
        ({"field": "enterprise.types", "op": "contains", "value": "x"}, ".value", "unknown_types"),
    ],
)
def test_enterprise_condition_with_unknown_attribute_or_value_is_refused(condition, field, rule):
    data = {"id": "r", "target": "paired_liaison", "deadline_working_days": 2}

    with pytest.raises(InvalidRoutingRule) as raised:
        validate_rule({**data, "conditions": [condition]})

    assert (raised.value.field, raised.value.rule) == (f"conditions[0]{field}", rule)
    assert raised.value.field in raised.value.message("zh-CN")
    assert raised.value.field in raised.value.message("en")


# Overrides ----------------------------------------------------------------------------------


def test_county_rule_hides_the_city_rule_of_the_same_id():
    city = make_rule(id="eia", tier=1, priority=1, target="department:office")
    county = make_rule(id="eia", tier=0, priority=500, target="department:monitoring")

    assert effective_rules([city, county]) == [county]
    assert route_for([city, county]).org_unit_id == "330102-monitoring"


def test_inactive_override_switches_the_inherited_rule_off_in_the_county():
    province = make_rule(id="eia", tier=2)
    county = make_rule(id="eia", tier=0, is_active=False)

    assignment = route_for([province, county], pairing=None)

    assert assignment.rule_id is None
    assert assignment.org_unit_id == "330102-office"


def test_city_override_hides_the_province_rule_but_not_a_rule_of_another_id():
    province = make_rule(id="eia", tier=2)
    city = make_rule(id="eia", tier=1)
    other = make_rule(id="permits", tier=2)

    assert effective_rules([province, other, city]) == [city, other]


# Units where nobody can act ------------------------------------------------------------------


def test_unit_with_nobody_hands_the_ticket_to_the_unit_reroute_names():
    assignment = route_for([make_rule()], reroute=lambda unit: "330102")

    assert assignment == Assignment(None, "330102", 3, "rule-1", redirected_from="330102-eia")


def test_staffed_unit_keeps_its_ticket():
    assignment = route_for([make_rule()], reroute=lambda unit: None)

    assert (assignment.org_unit_id, assignment.redirected_from) == ("330102-eia", None)


def test_fallback_to_an_empty_default_department_goes_up_too():
    assignment = route_for([], reroute={"330102-office": "330102"}.get)

    assert (assignment.org_unit_id, assignment.redirected_from) == ("330102", "330102-office")
    assert assignment.rule_id is None


def test_ticket_for_a_liaison_is_never_rerouted():
    pairing = Pairing(id="p", enterprise_id="e", liaison_person_id="liaison-1", year=2026)

    assignment = route_for([], pairing=pairing, reroute=lambda unit: "33")

    assert assignment == Assignment("liaison-1", None, 5, None)
