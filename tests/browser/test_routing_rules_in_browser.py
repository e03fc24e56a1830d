"""Routing rules in a real browser: a county administrator makes a rule by name in the
editor (a question of the form, the enterprise's scale, a department with nobody in it),
is warned about that department, and dry-runs a submission that hits the rule; the rules
page and the pairing roster fit a phone's screen."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.flows import STEP_TIMEOUT_MS, sign_in, unique

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
#: The demo's large, unpaired enterprise of Shangcheng.
LARGE_ENTERPRISE = "杭州钱塘印染有限公司"


def condition_row(page, index: int):
    return page.get_by_test_id("condition-row").nth(index)


def test_county_administrator_makes_a_rule_in_the_editor_and_dry_runs_it(page):
    # Given Shangcheng's administrator on the routing rules page
    rule_id, token = unique("large-monitoring"), unique("监测数据")
    sign_in(page, "shangcheng")
    page.goto("/workflow/routing-rules")
    page.get_by_test_id("new-rule").click()
    # When they make a rule: requests whose subject mentions the token, from large
    # enterprises, go to the monitoring station within two working days
    page.locator("#id").fill(rule_id)
    page.locator("#form_key").select_option(label="企业诉求")
    first = condition_row(page, 0)
    first.locator("[data-role=field]").select_option(label="诉求标题")
    first.locator("[data-role=op]").select_option(label="包含")
    first.locator("[data-role=value]").fill(token)
    second = condition_row(page, 1)
    second.locator("[data-role=field]").select_option(label="企业规模")
    second.locator("[data-role=op]").select_option(label="属于")
    expect(second.locator("[data-role=value]")).to_be_hidden()
    second.locator("[data-role=choice]").select_option(label="大型")
    page.locator("#target_kind").select_option(label="区县的某个部门")
    expect(page.locator("#org_unit")).to_be_hidden()
    station = page.locator("#department option", has_text="监测站")
    expect(station).to_contain_text("没有可办理的人员")
    page.locator("#department").select_option(station.get_attribute("value"))
    expect(page.get_by_test_id("target-warning")).to_contain_text("转给“上城区”")
    page.locator("#deadline_working_days").fill("2")
    page.get_by_test_id("save-rule").click()
    # Then the rule is listed as the county's own, with the warning about the station
    row = page.locator(f'[data-testid=rule-row][data-rule-id="{rule_id}"]')
    expect(row.get_by_test_id("rule-condition")).to_have_text(
        [f"诉求标题 包含 “{token}”", "企业规模 属于 大型"]
    )
    expect(row.get_by_test_id("rule-warning")).to_contain_text("转给“上城区”")
    # When they dry-run a request of the large enterprise that mentions the token
    page.locator("#dry-form").select_option(label="企业诉求")
    page.locator("#dry-enterprise").select_option(label=LARGE_ENTERPRISE)
    answers = {"subject": f"{token}上报异常", "category": "monitoring"}
    page.locator("#dry-answers").fill(json.dumps(answers, ensure_ascii=False))
    page.get_by_test_id("dry-run-submit").click()
    # Then the rule hits, and the ticket would go up to the Shangcheng bureau
    summary = page.get_by_test_id("dry-run-summary")
    expect(summary).to_have_attribute("data-rule-id", rule_id)
    expect(summary).to_contain_text("转给“上城区”")
    step = page.locator(f'[data-testid=dry-run-step][data-rule-id="{rule_id}"]')
    expect(step).to_have_attribute("data-outcome", "matched")
    demo = page.locator('[data-testid=dry-run-step][data-rule-id="demo-eia-approval"]')
    expect(demo).to_contain_text("条件 1（诉求类别 等于 环评审批）不成立（答案为 环境监测）")


def test_added_condition_rows_reach_the_server(page):
    # Given the editor of a new rule
    rule_id = unique("visits")
    sign_in(page, "shangcheng")
    page.goto("/workflow/routing-rules/new")
    page.locator("#id").fill(rule_id)
    # When the administrator adds a third condition row and fills only that one
    page.get_by_test_id("add-condition").click()
    third = condition_row(page, 2)
    third.locator("[data-role=field]").select_option(label="需要上门服务")
    third.locator("[data-role=choice]").select_option(label="是")
    page.locator("#target_kind").select_option(label="结对联络员")
    page.locator("#deadline_working_days").fill("3")
    page.locator("#rule-form input[name=is_active]").uncheck()
    page.get_by_test_id("save-rule").click()
    # Then the rule keeps that condition, and is inactive
    row = page.locator(f'[data-testid=rule-row][data-rule-id="{rule_id}"]')
    expect(row.get_by_test_id("rule-condition")).to_have_text(["需要上门服务 等于 是"])
    expect(row.get_by_test_id("rule-state")).to_have_attribute("data-state", "inactive")


@pytest.fixture
def phone_page(browser, embedded_server):
    context = browser.new_context(base_url=embedded_server.base_url, locale="zh-CN", viewport=PHONE)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(
    "path", ["/workflow/routing-rules", "/workflow/routing-rules/new", "/workflow/pairings"]
)
def test_administrative_pages_fit_a_phone(phone_page, path):
    sign_in(phone_page, "shangcheng")

    phone_page.goto(path)

    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
