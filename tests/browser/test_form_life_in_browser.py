"""A form's whole life in the browser, as issue 7 asks: a county administrator builds a
twenty-field form in the designer (a section break, a repeating group, two conditions),
publishes it; an enterprise fills it, has each broken rule refused with its message and
files it; the administrator exports the submissions. In Chinese and in English."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from shared.credit_code import generate_credit_code
from tests.browser.flows import add_designer_field, designer_card, sign_in, unique

pytestmark = pytest.mark.browser

#: (palette entry, name, zh_CN label, en label), in the order the designer adds them.
FIELDS = [
    ("text", "subject", "诉求标题", "Subject"),
    ("select", "kind", "排放类别", "Discharge kind"),
    ("integer", "outlet_count", "排口数量", "Outlet count"),
    ("text", "contact_person", "联系人", "Contact person"),
    ("phone", "contact_phone", "联系电话", "Contact phone"),
    ("email", "email", "电子邮箱", "E-mail"),
    ("date", "visit_date", "期望走访日期", "Preferred visit date"),
    ("boolean", "needs_visit", "需要上门服务", "Needs a visit"),
    ("credit_code", "credit", "统一社会信用代码", "Credit code"),
    ("rating", "score", "满意度", "Satisfaction"),
    ("textarea", "water_notes", "废水说明", "Wastewater notes"),
    ("section", "more", "更多情况", "More"),
    ("integer", "employees", "职工人数", "Employees"),
    ("number", "output", "年产值", "Annual output"),
    ("datetime", "visit_at", "走访时间", "Visit time"),
    ("textarea", "visit_notes", "走访要求", "Visit wishes"),
    ("textarea", "details", "诉求内容", "Details"),
    ("text", "site", "厂址", "Site"),
    ("repeat", "outlets", "排口", "Outlets"),
    ("text", "outlet_name", "排口名称", "Outlet name"),
    ("number", "flow", "流量", "Flow"),
]
KINDS = [("water", "废水", "Wastewater"), ("air", "废气", "Exhaust gas")]
WORDS = {
    "zh-CN": {
        "lang": "zh_CN",
        "next": "下一步",
        "submit": "提交",
        "published": "已发布为第 1 版",
        "broken": [
            "排口数量：不能大于 100。",
            "联系电话：请填写手机号码",
            "电子邮箱：必须是有效的电子邮箱地址。",
            "统一社会信用代码：不是有效的统一社会信用代码",
            "职工人数：不能小于 0。",
            "排口 第 1 行 流量：不能小于 0。",
        ],
        "water": "废水",
    },
    "en": {
        "lang": "en",
        "next": "Next",
        "submit": "Submit",
        "published": "Published as version 1",
        "broken": [
            "Outlet count: must be at most 100.",
            "Contact phone: must be a mainland China mobile number",
            "E-mail: must be a valid e-mail address.",
            "Credit code: must be a valid unified social credit code",
            "Employees: must be at least 0.",
            "Outlets, row 1, Flow: must be at least 0.",
        ],
        "water": "Wastewater",
    },
}
#: A valid code of GB 32100, and the same with a wrong check character.
GOOD_CODE = generate_credit_code("330102", 11)
BAD_CODE = GOOD_CODE[:17] + ("0" if GOOD_CODE[17] != "0" else "1")


def build_form(page: Page, key: str) -> None:
    page.locator("#prop-key").fill(key)
    page.locator("#prop-title-zh_CN").fill("排污与走访登记")
    page.locator("#prop-title-en").fill("Discharge and visit register")
    for kind, name, zh_cn, en in FIELDS:
        add_designer_field(page, kind, name, zh_cn, en)
        if name in ("subject", "contact_person", "contact_phone", "outlet_name"):
            page.locator("#prop-required").check()
        if name == "kind":
            for index, (value, zh, english) in enumerate(KINDS):
                page.locator(f"#opt-value-{index}").fill(value)
                page.locator(f"#opt-label-{index}-zh_CN").fill(zh)
                page.locator(f"#opt-label-{index}-en").fill(english)
        if name == "outlet_count":
            page.locator("#prop-max").fill("100")
        if name in ("employees", "flow"):
            page.locator("#prop-min").fill("0")
    # Two conditions, built with the pickers
    designer_card(page, "water_notes").get_by_test_id("card-label").click()
    page.locator("#cond-visible_if-field-0").select_option("kind")
    page.locator("#cond-visible_if-value-0").select_option("water")
    designer_card(page, "visit_notes").get_by_test_id("card-label").click()
    page.locator("#cond-visible_if-field-0").select_option("needs_visit")
    page.locator("#cond-visible_if-op-0").select_option("yes")


def published_definition(page: Page, key: str) -> tuple[str, dict]:
    form = next(f for f in page.request.get("/forms/api/forms").json() if f["key"] == key)
    version = page.request.get(f"/forms/api/forms/{form['id']}/versions/1").json()
    return form["id"], version["definition"]


def fill_first_page(page: Page, words: dict, *, broken: bool) -> None:
    page.locator("#f-subject").fill("排污口规范化咨询")
    page.locator("#f-kind").select_option("water")
    page.locator("#f-outlet_count").fill("500" if broken else "2")
    page.locator("#f-contact_person").fill("刘主任")
    page.locator("#f-contact_phone").fill("12345" if broken else "13812345678")
    page.locator("#f-email").fill("not-an-address" if broken else "liu@example.com")
    page.locator("#f-credit").fill(BAD_CODE if broken else GOOD_CODE)
    page.locator("input[name=needs_visit][value=true]").check()
    page.locator("#f-water_notes").fill("含少量悬浮物。")


def fill_second_page(page: Page, *, broken: bool) -> None:
    page.locator("#f-employees").fill("-1" if broken else "120")
    page.locator("#f-visit_notes").fill("上午为宜。")
    page.locator("#f-details").fill("请指导排污口规范化建设。")
    page.locator("#f-outlets-0-outlet_name").fill("1号排口")
    page.locator("#f-outlets-0-flow").fill("-5" if broken else "12.5")


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_a_form_built_in_the_designer_is_filed_checked_and_exported(new_page, locale, tmp_path):
    words, key = WORDS[locale], unique("discharge-visit")
    # Given a county administrator builds the form in the designer and publishes it
    admin = new_page(locale)
    sign_in(admin, "shangcheng")
    admin.goto("/forms/new")
    build_form(admin, key)
    admin.get_by_test_id("designer-publish").click()
    expect(admin.get_by_test_id("designer-status")).to_have_text(words["published"])
    form_id, definition = published_definition(admin, key)
    fields = definition["fields"]
    answered = [f for f in fields if f["type"] != "section"] + fields[-1]["fields"]
    assert len(answered) == 20
    assert [f["type"] for f in fields].count("section") == 1
    assert fields[-1]["repeat"] is True and len(fields[-1]["fields"]) == 2
    assert fields[10]["visible_if"] == "kind == 'water'"
    # When an enterprise of the county fills it with answers that break six rules
    page = new_page(locale)
    sign_in(page, "qingyuan")
    page.goto(f"/forms/fill/{key}")
    expect(page.locator("#f-water_notes")).to_be_hidden()
    fill_first_page(page, words, broken=True)
    expect(page.locator("#f-water_notes")).to_be_visible()
    page.get_by_role("button", name=words["next"]).click()
    expect(page.locator("#f-visit_notes")).to_be_visible()
    fill_second_page(page, broken=True)
    page.get_by_role("button", name=words["submit"]).click()
    # Then each rule is refused with its message, and nothing is filed
    for message in words["broken"]:
        expect(page.get_by_text(message, exact=False).first).to_be_attached()
    filed = page.request.get("/forms/api/submissions").json()
    assert all(submission["form_key"] != key for submission in filed)
    # When the answers are put right, the form is filed
    fill_first_page(page, words, broken=False)
    if page.get_by_role("button", name=words["next"]).is_visible():
        page.get_by_role("button", name=words["next"]).click()
    fill_second_page(page, broken=False)
    page.get_by_role("button", name=words["submit"]).click()
    number = page.get_by_test_id("acceptance-number")
    expect(number).to_be_visible()
    acceptance_number = number.inner_text()
    # And the administrator's export holds it, in the administrator's language
    admin.goto(f"/forms/{form_id}/submissions")
    with admin.expect_download() as download:
        admin.get_by_test_id("export-xlsx").click()
    path = tmp_path / "export.xlsx"
    download.value.save_as(path)
    workbook = load_workbook(path, read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    filed = next(row for row in rows if acceptance_number in row)
    assert words["water"] in filed
    outlets = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert any(acceptance_number in row and "1号排口" in row for row in outlets)
