"""A dry run walks the rules as routing does, says what became of each, and reaches the
same assignment; its input is either a ticket to replay or an enterprise with answers."""

import pytest

from services.workflow.domain.dry_run import (
    CONDITION_FAILED,
    FORM_DIFFERS,
    INACTIVE,
    MATCHED,
    NO_TARGET,
    NOT_REACHED,
    SHADOWED,
    DryRunInput,
    explain,
    is_answered,
    validate_dry_run,
)
from services.workflow.domain.errors import InvalidRoutingRule
from services.workflow.domain.model import Pairing
from services.workflow.domain.routing import Condition, RoutingRule, route

COUNTY = "330102"
FORM = "enterprise-request"


def make_rule(id: str, **overrides) -> RoutingRule:
    fields = {
        "id": id,
        "priority": 10,
        "form_key": None,
        "conditions": [],
        "target": "department:eia",
        "deadline_working_days": 3,
    }
    return RoutingRule(**(fields | overrides))


RULES = [
    make_rule("city-eia", tier=1, target="department:office"),
    make_rule("county-eia", priority=1, target="department:monitoring"),
    make_rule("off", priority=2, is_active=False),
    make_rule("checks", priority=3, form_key="health-check"),
    make_rule("noise", priority=4, conditions=[Condition("topic", "eq", "noise")]),
    make_rule("liaison", priority=5, target="paired_liaison"),
    make_rule("large", priority=6, conditions=[Condition("enterprise.scale", "eq", "large")]),
    make_rule("after", priority=7),
]
#: A county rule overriding the city's "city-eia".
OVERRIDE = make_rule("city-eia", priority=0, conditions=[Condition("topic", "exists")])


def run(rules=RULES, answers=None, enterprise=None, pairing=None, reroute=None):
    return explain(
        FORM,
        answers or {},
        rules,
        pairing,
        COUNTY,
        "330102-office",
        enterprise=enterprise or {"scale": "large", "types": []},
        reroute=reroute,
    )


def outcomes(trace) -> list[tuple[str, str]]:
    return [(check.rule.id, check.outcome) for check in trace.checks]


def test_each_rule_says_why_it_did_or_did_not_decide():
    trace = run([*RULES, OVERRIDE])

    assert outcomes(trace) == [
        ("city-eia", CONDITION_FAILED),
        ("county-eia", MATCHED),
        ("off", NOT_REACHED),
        ("checks", NOT_REACHED),
        ("noise", NOT_REACHED),
        ("liaison", NOT_REACHED),
        ("large", NOT_REACHED),
        ("after", NOT_REACHED),
        ("city-eia", SHADOWED),
    ]


def test_rules_passed_over_for_their_own_reasons_before_the_hit():
    rules = [r for r in RULES if r.id != "county-eia"]

    trace = run(rules, answers={"topic": "dust"})

    assert outcomes(trace)[:5] == [
        ("off", INACTIVE),
        ("checks", FORM_DIFFERS),
        ("noise", CONDITION_FAILED),
        ("liaison", NO_TARGET),
        ("large", MATCHED),
    ]
    assert trace.assignment.rule_id == "large"


def test_failed_condition_records_which_one_and_the_answer_it_tested():
    trace = run([RULES[4]], answers={"topic": "dust"})

    [check] = trace.checks
    assert (check.condition_index, check.tested_value) == (0, "dust")


def test_unanswered_question_is_recorded_as_not_answered():
    [check] = run([RULES[4]]).checks

    assert not is_answered(check.tested_value)


def test_shadowed_rule_names_the_rule_that_overrides_it():
    trace = run([RULES[0], OVERRIDE], answers={"topic": "dust"})

    shadowed = trace.checks[-1]
    assert (shadowed.outcome, shadowed.shadowed_by) == (SHADOWED, OVERRIDE)


def test_redirect_of_the_matched_rule_is_in_its_check_and_the_decision():
    trace = run([RULES[1]], reroute=lambda unit: "330102")

    assert trace.checks[0].assignment.redirected_from == "330102-monitoring"
    assert trace.assignment.org_unit_id == "330102"


def test_without_a_hit_the_fallback_decides():
    trace = run([RULES[2], RULES[3]])

    assert trace.is_fallback
    assert trace.assignment.org_unit_id == "330102-office"


def test_nowhere_to_go_is_carried_by_the_trace():
    trace = explain(FORM, {}, [], None, COUNTY, None)

    assert trace.assignment is None
    assert COUNTY in trace.no_route.message("en")


@pytest.mark.parametrize(
    "answers",
    [{}, {"topic": "noise"}, {"topic": "dust"}],
)
@pytest.mark.parametrize("paired", [True, False])
@pytest.mark.parametrize("scale", ["large", "small"])
def test_dry_run_decides_as_routing_does(answers, paired, scale):
    pairing = Pairing(id="p", enterprise_id="e", liaison_person_id="l", year=2026)
    pairing = pairing if paired else None
    enterprise = {"scale": scale, "types": []}
    rules = [r for r in [*RULES, OVERRIDE] if r.id != "county-eia"]

    routed = route(FORM, answers, rules, pairing, COUNTY, "330102-office", enterprise=enterprise)

    assert run(rules, answers, enterprise, pairing).assignment == routed


def test_dry_run_input_of_an_enterprise_with_answers():
    data = {"form_key": FORM, "answers": {"topic": "noise"}, "enterprise_id": "ent-a"}

    assert validate_dry_run(data) == DryRunInput(None, FORM, {"topic": "noise"}, "ent-a")


def test_dry_run_input_of_a_ticket_to_replay():
    assert validate_dry_run({"ticket_id": "t-1"}) == DryRunInput(ticket_id="t-1")


@pytest.mark.parametrize(
    ("data", "field", "rule"),
    [
        ("replay", "dry_run", "not_object"),
        ({"enterprise_id": "e", "colour": "red"}, "colour", "unknown_field"),
        ({"form_key": FORM}, "enterprise_id", "required"),
        ({"enterprise_id": 7}, "enterprise_id", "not_string"),
        ({"enterprise_id": "e", "answers": ["noise"]}, "answers", "not_object"),
        ({"enterprise_id": "e", "form_key": 3}, "form_key", "not_string"),
        ({"ticket_id": "t-1", "enterprise_id": "e"}, "ticket_id", "replay_alone"),
        ({"ticket_id": 1}, "ticket_id", "not_string"),
    ],
)
def test_bad_dry_run_input_names_the_field_and_the_rule(data, field, rule):
    with pytest.raises(InvalidRoutingRule) as raised:
        validate_dry_run(data)

    assert (raised.value.field, raised.value.rule) == (field, rule)
    assert field in raised.value.message("zh-CN")
