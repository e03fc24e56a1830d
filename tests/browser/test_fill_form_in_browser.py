"""An enterprise fills a form of definition v2 in the browser: one section at a time,
a field shown by its condition, rows added and removed, totals computed as it types,
a blank required answer stopping Next; then the receipt shows the answers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.flows import field_label, open_page, publish_through_api, sign_in, unique

pytestmark = pytest.mark.browser

OUTLET_REPORT = json.loads(
    (Path(__file__).parents[1] / "data" / "forms" / "outlet-report.json").read_text("utf-8")
)
#: What the page says, by the page's language.
TEXTS = {
    "zh_CN": {
        "next": "下一步",
        "back": "上一步",
        "add_row": "添加一行",
        "remove_row_2": "删除第 2 行",
        "submit": "提交",
        "company_required": "企业名称：必须填写。",
        "city": ("市", "杭州市"),
        "county": ("县（市、区）", "西湖区"),
        "water": "废水",
    },
    "en": {
        "next": "Next",
        "back": "Back",
        "add_row": "Add row",
        "remove_row_2": "Remove row 2",
        "submit": "Submit",
        "company_required": "Company name: this answer is required.",
        "city": ("City", "Hangzhou City"),
        "county": ("County", "Xihu District"),
        "water": "Waste water",
    },
}


@pytest.fixture
def published_outlet_report(browser, embedded_server) -> tuple[str, str]:
    """The key and id of a new province form like tests/data/forms/outlet-report.json,
    published: one per test, since the page keeps a draft of what a test typed."""
    key = unique("outlet-report")
    admin = open_page(browser, embedded_server.base_url)
    sign_in(admin, "province")
    form_id = publish_through_api(admin, {**OUTLET_REPORT, "key": key})
    admin.context.close()
    return key, form_id


@pytest.fixture
def outlet_report_key(published_outlet_report) -> str:
    return published_outlet_report[0]


def fill_first_page(page: Page, label, texts: dict) -> None:
    page.get_by_label(label("company")).fill("清源环保科技有限公司")
    page.get_by_label(texts["city"][0], exact=True).select_option(label=texts["city"][1])
    page.get_by_label(texts["county"][0], exact=True).select_option(label=texts["county"][1])
    page.get_by_label(label("kind")).select_option("water")
    page.get_by_label(label("water_body")).fill("钱塘江")


@pytest.mark.parametrize(
    ("locale", "width"), [("zh-CN", 1280), ("en", 1280), ("zh-CN", 375), ("en", 375)]
)
def test_enterprise_fills_a_two_section_form_with_rows_conditions_and_totals(
    new_page, outlet_report_key, locale, width
):
    lang = "zh_CN" if locale == "zh-CN" else "en"
    texts = TEXTS[lang]

    def label(name):
        return field_label(OUTLET_REPORT, name, lang)

    page = new_page(locale)
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, "qingyuan")
    page.goto(f"/forms/fill/{outlet_report_key}")
    outlet_names = page.get_by_label(label("outlet_name"), exact=True)
    expect(page.get_by_role("button", name=texts["next"])).to_be_visible()
    # Given the first page: the second section's fields are not shown
    expect(page.get_by_label(label("company"))).to_be_visible()
    expect(outlet_names).to_be_hidden()
    # When Next is pressed with the company name blank, the page stays with its message
    page.get_by_role("button", name=texts["next"]).click()
    expect(page.get_by_text(texts["company_required"])).to_be_visible()
    expect(outlet_names).to_be_hidden()
    # The receiving water body is asked (and posted) for waste water only
    water_body = page.get_by_label(label("water_body"))
    expect(water_body).to_be_hidden()
    expect(water_body).to_be_disabled()
    page.get_by_label(label("kind")).select_option("water")
    expect(water_body).to_be_visible()
    expect(water_body).to_be_enabled()
    page.get_by_label(label("kind")).select_option("air")
    expect(water_body).to_be_hidden()
    expect(water_body).to_be_disabled()
    # The total of staff follows what is typed
    page.get_by_label(label("office_staff")).fill("3")
    page.get_by_label(label("field_staff")).fill("4")
    expect(page.get_by_role("status", name=label("total_staff"))).to_have_text("7")
    fill_first_page(page, label, texts)
    page.get_by_role("button", name=texts["next"]).click()
    # Then the second page shows one row of outlets; a row is added and removed
    expect(outlet_names).to_have_count(1)
    expect(outlet_names).to_be_visible()
    expect(page.get_by_label(label("company"))).to_be_hidden()
    page.get_by_role("button", name=texts["add_row"]).click()
    expect(outlet_names).to_have_count(2)
    page.get_by_role("button", name=texts["remove_row_2"]).click()
    expect(outlet_names).to_have_count(1)
    outlet_names.fill("一号排口")
    page.get_by_label(label("flow"), exact=True).fill("2.5")
    page.get_by_label(label("hours")).fill("8")
    expect(page.get_by_role("status", name=label("daily_flow"))).to_have_text("20")
    page.get_by_label(label("contact_phone")).fill("13800138000")
    page.get_by_role("button", name=texts["submit"]).click()
    # And the receipt shows the answers in the page's language
    expect(page.get_by_test_id("acceptance-number")).to_be_visible()
    answers = page.get_by_test_id("answers")
    for shown in ("清源环保科技有限公司", texts["water"], "钱塘江", "一号排口", "20", "7"):
        expect(answers).to_contain_text(shown)


def test_after_a_refused_submission_the_first_page_with_an_error_is_shown(
    new_page, outlet_report_key
):
    texts = TEXTS["zh_CN"]

    def label(name):
        return field_label(OUTLET_REPORT, name, "zh_CN")

    # Given a credit code the browser lets through (only the server checks its digit)
    page = new_page()
    sign_in(page, "qingyuan")
    page.goto(f"/forms/fill/{outlet_report_key}")
    fill_first_page(page, label, texts)
    page.get_by_label(label("credit_code")).fill("91330100MA27XY1234")
    page.get_by_role("button", name=texts["next"]).click()
    page.get_by_label(label("outlet_name"), exact=True).fill("一号排口")
    page.get_by_label(label("flow"), exact=True).fill("2.5")
    page.get_by_label(label("contact_phone")).fill("13800138000")
    # When the form is submitted and refused
    page.get_by_role("button", name=texts["submit"]).click()
    # Then the first page shows again, with the message and what was typed
    expect(page.get_by_role("button", name=texts["next"])).to_be_visible()
    expect(page.get_by_text("统一社会信用代码：")).to_be_visible()
    expect(page.get_by_label(label("company"))).to_have_value("清源环保科技有限公司")
    expect(page.get_by_label(label("outlet_name"), exact=True)).to_be_hidden()
    page.get_by_role("button", name=texts["next"]).click()
    expect(page.get_by_label(label("outlet_name"), exact=True)).to_have_value("一号排口")


def test_a_chosen_file_is_uploaded_at_once_a_refusal_shown_and_the_receipt_links_it(
    new_page, outlet_report_key, tmp_path
):
    texts = TEXTS["zh_CN"]

    def label(name):
        return field_label(OUTLET_REPORT, name, "zh_CN")

    page = new_page()
    sign_in(page, "qingyuan")
    page.goto(f"/forms/fill/{outlet_report_key}")
    fill_first_page(page, label, texts)
    page.get_by_role("button", name=texts["next"]).click()
    pdf, text = tmp_path / "许可证.pdf", tmp_path / "photo.png"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 3050 + b"\n%%EOF\n")
    text.write_text("not an image", encoding="utf-8")
    # When a PDF is chosen for the permit, it is uploaded and named with its size
    page.get_by_label(label("permit_scan")).set_input_files(pdf)
    permit = page.locator("[data-name=permit_scan]")
    expect(permit).to_contain_text("许可证.pdf (3.0 KB)")
    expect(permit.locator("input[type=hidden]")).not_to_have_value("")
    # And a text file chosen for the photo is refused by its content, with the reason
    page.get_by_label(label("outlet_photo")).set_input_files(text)
    photo = page.locator("[data-name=outlet_photo]")
    expect(photo).to_contain_text("photo.png 未能上传：")
    expect(photo.locator("input[type=hidden]")).to_have_value("")
    # Then the receipt links the permit for download
    page.get_by_label(label("outlet_name"), exact=True).fill("一号排口")
    page.get_by_label(label("flow"), exact=True).fill("2.5")
    page.get_by_label(label("contact_phone")).fill("13800138000")
    page.get_by_role("button", name=texts["submit"]).click()
    link = page.get_by_test_id("answers").get_by_role("link", name="许可证.pdf")
    expect(link).to_have_attribute("href", re.compile(r"^/forms/api/uploads/"))


def test_an_administrators_preview_of_a_version_shows_every_section_at_once(
    new_page, published_outlet_report
):
    page = new_page("en")
    sign_in(page, "province")
    page.goto(f"/forms/{published_outlet_report[1]}/versions/1")
    expect(page.get_by_test_id("preview-notice")).to_be_visible()
    expect(page.get_by_label(field_label(OUTLET_REPORT, "company", "en"))).to_be_visible()
    outlet_name = field_label(OUTLET_REPORT, "outlet_name", "en")
    expect(page.get_by_label(outlet_name, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Next")).to_be_hidden()


def test_save_draft_on_the_first_page_saves_instead_of_moving_on(new_page, outlet_report_key):
    page = new_page("en")
    sign_in(page, "qingyuan")
    page.goto(f"/forms/fill/{outlet_report_key}")
    expect(page.get_by_role("button", name="Next")).to_be_visible()
    page.get_by_label(field_label(OUTLET_REPORT, "company", "en")).fill("清源环保")
    page.get_by_test_id("save-draft").click()
    expect(page.get_by_test_id("draft-status")).to_contain_text("Draft saved at")
    expect(page.get_by_label(field_label(OUTLET_REPORT, "company", "en"))).to_have_value("清源环保")
