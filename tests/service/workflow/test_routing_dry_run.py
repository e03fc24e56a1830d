"""The dry run, as JSON and on the rules page: which rule a submission would hit in its
enterprise's county and why each rule did or not, without storing anything; bad input
names the field in the caller's language."""

import pytest

from services.workflow.domain.messages import message
from tests.service.workflow.routing_helpers import add_monitoring_station, publish_request_form

API = "/workflow/api/routing-rules/dry-run"
PAGE = "/workflow/routing-rules/dry-run"


@pytest.fixture
def rules(world):
    """The city sends EIA approvals to each county's EIA section; Shangcheng sends
    monitoring matters of large enterprises to its monitoring station (nobody there)."""
    publish_request_form(world)
    add_monitoring_station(world)
    city = {
        "id": "eia",
        "form_key": "enterprise-request",
        "conditions": [{"field": "category", "op": "eq", "value": "eia_approval"}],
        "target": "department:eia",
        "deadline_working_days": 3,
    }
    county = {
        "id": "monitoring",
        "conditions": [
            {"field": "category", "op": "eq", "value": "monitoring"},
            {"field": "enterprise.scale", "op": "in", "value": ["large"]},
        ],
        "target": "org_unit:330102-monitoring",
        "deadline_working_days": 4,
    }
    for username, rule in (("hangzhou", city), ("shangcheng", county)):
        response = world.client(username).post("/workflow/api/routing-rules", json=rule)
        assert response.status_code == 201, response.get_json()
    return world


def dry_run(world, body, username="shangcheng", lang="en"):
    return world.client(username, lang=lang).post(API, json=body)


def steps(body) -> list[tuple[str, str]]:
    return [(step["rule_id"], step["outcome"]) for step in body["steps"]]


def test_dry_run_shows_each_rule_in_order_and_the_one_that_hits(rules):
    body = {"form_key": "enterprise-request", "enterprise_id": "ent-b", "answers": {}}
    body["answers"] = {"category": "eia_approval"}

    result = dry_run(rules, body).get_json()

    assert steps(result) == [("monitoring", "condition_failed"), ("eia", "matched")]
    assert result["steps"][0]["reason"] == (
        "condition 1 (Category equals Monitoring) failed (the answer was EIA approval)."
    )
    assert result["result"]["rule_id"] == "eia"
    assert result["result"]["assignee_org_unit_name"] == "Unit 330102 Unit 330102-eia"
    assert (result["enterprise_name"], result["county_name"]) == (
        "杭州钱塘印染有限公司",
        "Unit 330102",
    )


def test_dry_run_warns_that_the_target_unit_has_nobody_and_names_where_it_goes(rules):
    body = {"enterprise_id": "ent-b", "answers": {"category": "monitoring"}}
    rules.register("ent-b", scale="large")

    result = dry_run(rules, body, lang="zh-CN").get_json()

    assert steps(result) == [("monitoring", "matched"), ("eia", "not_reached")]
    assert (
        result["steps"][0]["reason"]
        == "命中。 目标单位“单位 330102 监测站”没有可办理的人员：转给“单位 330102”。"
    )
    assert (result["result"]["redirected_from"], result["result"]["assignee_org_unit_id"]) == (
        "330102-monitoring",
        "330102",
    )


def test_enterprise_condition_fails_for_a_smaller_enterprise_with_its_scale_named(rules):
    body = {"enterprise_id": "ent-b", "answers": {"category": "monitoring"}}

    result = dry_run(rules, body).get_json()

    assert result["steps"][0]["reason"] == (
        "condition 2 (Enterprise scale is one of large) failed (the answer was medium)."
    )
    assert result["result"]["is_fallback"]


def test_any_form_tells_a_form_rule_apart_and_unanswered_questions_are_named(rules):
    result = dry_run(rules, {"form_key": None, "enterprise_id": "ent-b"}).get_json()

    assert [step["reason"] for step in result["steps"]] == [
        "condition 1 (Category equals Monitoring) failed (not answered).",
        "form differs: the rule is for “Enterprise request”.",
    ]


def test_county_override_shows_the_inherited_rule_as_overridden(rules):
    override = {"id": "eia", "target": "paired_liaison", "deadline_working_days": 2}
    rules.client("shangcheng").post("/workflow/api/routing-rules", json=override)

    result = dry_run(rules, {"enterprise_id": "ent-b"}).get_json()

    assert ("eia", "shadowed") in steps(result)
    shadowed = result["steps"][-1]
    assert shadowed["reason"] == (
        "overridden by the rule of the same id set by Unit 330102; it does not apply here."
    )


def test_replaying_a_ticket_routes_its_submission_again(rules):
    rules.submit("ent-b", "sub-1", data={"category": "eia_approval"})
    ticket_id = rules.ticket_of("sub-1").id

    result = dry_run(rules, {"ticket_id": ticket_id}).get_json()

    assert (result["ticket_id"], result["form_key"]) == (ticket_id, "enterprise-request")
    assert result["answers"] == {"category": "eia_approval"}
    assert result["result"]["rule_id"] == "eia"


def test_dry_run_stores_nothing(rules):
    before = [rules.count(table) for table in ("tickets", "routing_rules", "outbox")]

    dry_run(rules, {"enterprise_id": "ent-b", "answers": {"category": "monitoring"}})

    assert [rules.count(t) for t in ("tickets", "routing_rules", "outbox")] == before


BAD_INPUTS = [
    (["ent-b"], "dry_run", "not_object", None),
    ({}, "enterprise_id", "required", None),
    ({"enterprise_id": "ent-b", "answers": "category=permit"}, "answers", "not_object", None),
    ({"enterprise_id": "ent-b", "when": "now"}, "when", "unknown_field", None),
    ({"enterprise_id": "ent-c"}, "enterprise_id", "unknown_enterprise", "ent-c"),
    ({"enterprise_id": "nope"}, "enterprise_id", "unknown_enterprise", "nope"),
    ({"ticket_id": "t-1", "enterprise_id": "ent-b"}, "ticket_id", "replay_alone", None),
    ({"ticket_id": "t-1"}, "ticket_id", "unknown_ticket", "t-1"),
]


@pytest.mark.parametrize(("body", "field", "rule", "value"), BAD_INPUTS)
@pytest.mark.parametrize(("lang", "locale"), [("en", "en"), ("zh-CN", "zh_CN")])
def test_bad_dry_run_input_names_field_and_rule_in_the_users_language(
    rules, body, field, rule, value, lang, locale
):
    response = dry_run(rules, body, lang=lang)

    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        field: [message(rule, locale, field=field, value=value)]
    }


def test_ticket_of_another_county_cannot_be_replayed(rules):
    rules.submit("ent-c", "sub-xihu")

    response = dry_run(rules, {"ticket_id": rules.ticket_of("sub-xihu").id})

    assert response.get_json()["errors"] == {
        "ticket_id": [
            message("unknown_ticket", "en", field="ticket_id", value=rules.ticket_of("sub-xihu").id)
        ]
    }


@pytest.mark.parametrize("username", ["staff", "liaison", "user-b"])
def test_only_administrators_may_dry_run(rules, username):
    assert dry_run(rules, {"enterprise_id": "ent-b"}, username=username).status_code == 403


# On the rules page ---------------------------------------------------------------------------


def test_page_dry_run_shows_the_decision_and_each_rules_reason(rules):
    form = {"form_key": "enterprise-request", "enterprise_id": "ent-b"}
    form["answers"] = '{"category": "eia_approval"}'

    page = rules.client("shangcheng", lang="zh-CN").post(PAGE, data=form).get_data(as_text=True)

    assert 'data-testid="dry-run-summary" data-rule-id="eia"' in page
    assert "条件 1（诉求类别 等于 环境监测）不成立（答案为 环评审批）。" in page
    assert 'data-rule-id="eia" data-outcome="matched"' in page


def test_page_replays_a_chosen_ticket(rules):
    rules.submit("ent-b", "sub-1", data={"category": "eia_approval"})
    ticket = rules.ticket_of("sub-1")
    client = rules.client("shangcheng")
    assert ticket.number in client.get("/workflow/routing-rules").get_data(as_text=True)

    page = client.post(PAGE, data={"replay": "1", "ticket_id": ticket.id}).get_data(as_text=True)

    assert 'data-testid="dry-run-summary" data-rule-id="eia"' in page


@pytest.mark.parametrize(
    ("form", "field", "rule"),
    [
        ({"enterprise_id": "ent-b", "answers": "{category: permit}"}, "answers", "not_json"),
        ({"enterprise_id": "ent-b", "answers": "[1]"}, "answers", "not_object"),
        ({"enterprise_id": ""}, "enterprise_id", "required"),
        ({"replay": "1", "ticket_id": ""}, "ticket_id", "required"),
    ],
)
@pytest.mark.parametrize(("lang", "locale"), [("en", "en"), ("zh-CN", "zh_CN")])
def test_page_dry_run_shows_bad_input_by_its_field(rules, form, field, rule, lang, locale):
    response = rules.client("shangcheng", lang=lang).post(PAGE, data=form)

    page = response.get_data(as_text=True).replace("&#34;", '"')
    assert response.status_code == 422
    assert f'data-field="{field}">{message(rule, locale, field=field)}</p>' in page
