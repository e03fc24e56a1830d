"""The thin slice in a real browser: an enterprise files a request, the right official
finds it in their inbox and opens the ticket; a county makes its own form; access,
language and CSRF protection as a person meets them."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.flows import (
    file_enterprise_request,
    fill_enterprise_request,
    fill_login_form,
    inbox_item,
    open_until_found,
    publish,
    save_definition,
    sign_in,
    submit_intake_form,
    submit_login_form,
    ticket_row,
    unique,
    visit_booking_definition,
)

pytestmark = pytest.mark.browser

#: County code, local date, six characters of an unambiguous alphabet.
ACCEPTANCE_NUMBER = re.compile(r"^330102-\d{8}-[0-9A-HJKMNP-TV-Z]{6}$")
#: Any Chinese character: the page speaks Chinese.
CHINESE = re.compile(r"[\u4e00-\u9fff]")
REQUIRED_FIELD_ERRORS = {
    "#f-subject": "诉求标题：必须填写。",
    "#f-category": "诉求类别：必须填写。",
    "#f-details": "诉求内容：必须填写。",
    "#f-contact_person": "联系人：必须填写。",
    "#f-contact_phone": "联系电话：必须填写。",
}


def test_empty_enterprise_request_shows_chinese_errors_next_to_each_required_field(page):
    sign_in(page, "qingyuan")
    page.goto("/forms/fill/enterprise-request")

    submit_intake_form(page)

    for field, message in REQUIRED_FIELD_ERRORS.items():
        expect(page.locator(f"{field} + p.field-error")).to_have_text(message)
    expect(page.locator("p.field-error")).to_have_count(len(REQUIRED_FIELD_ERRORS))
    expect(page.get_by_test_id("acceptance-number")).to_have_count(0)


def test_paired_enterprise_request_gets_a_receipt_and_reaches_the_liaison_as_a_ticket(new_page):
    # Given the paired enterprise's user has corrected an empty submission
    enterprise, subject = new_page(), unique("排污许可变更咨询")
    sign_in(enterprise, "qingyuan")
    enterprise.goto("/forms/fill/enterprise-request")
    submit_intake_form(enterprise)
    fill_enterprise_request(enterprise, subject)
    # When they submit it
    submit_intake_form(enterprise)
    # Then they get an acceptance number
    receipt = enterprise.get_by_test_id("acceptance-number")
    expect(receipt).to_have_text(ACCEPTANCE_NUMBER)
    # And the liaison finds it in the inbox and opens the assigned ticket from there
    liaison = new_page()
    sign_in(liaison, "liaison")
    item = open_until_found(liaison, "/notify/inbox", lambda p: inbox_item(p, subject))
    item.get_by_test_id("inbox-item-link").click()
    expect(liaison.get_by_test_id("ticket-title")).to_have_text(subject)
    status = liaison.locator(".facts").get_by_test_id("status-badge")
    expect(status).to_have_attribute("data-status", "assigned")
    expect(liaison.locator("main")).to_contain_text(receipt.inner_text())


def test_county_form_made_in_the_browser_is_filed_by_an_unpaired_enterprise_for_staff(new_page):
    # Given the county administrator saves and publishes a form of the county's own
    key, matter = unique("visit-booking"), unique("废水处理设施现场指导")
    admin = new_page()
    sign_in(admin, "shangcheng")
    admin.goto("/forms/new")
    save_definition(admin, json.dumps(visit_booking_definition(key), ensure_ascii=False))
    expect(admin).to_have_url(re.compile(r"/forms/[^/]+/edit$"))
    publish(admin)
    # When the unpaired enterprise's user files it
    enterprise = new_page()
    sign_in(enterprise, "qiantang")
    enterprise.get_by_test_id(f"fillable-{key}").get_by_role("link").click()
    enterprise.locator("#f-matter").fill(matter)
    enterprise.locator("#f-preferred_date").fill("2030-06-03")
    submit_intake_form(enterprise)
    expect(enterprise.get_by_test_id("acceptance-number")).to_have_text(ACCEPTANCE_NUMBER)
    # Then the county's default department staff finds it addressed to their department
    staff = new_page()
    sign_in(staff, "staff")
    item = open_until_found(staff, "/notify/inbox", lambda p: inbox_item(p, matter))
    expect(item).to_have_attribute("data-kind", "ticket_assigned_to_department")


def test_other_county_admin_neither_lists_nor_opens_the_ticket(new_page):
    # Given a ticket of Shangcheng (330102), which its enterprise can follow
    enterprise, subject = new_page(), unique("固废转移审批")
    sign_in(enterprise, "qingyuan")
    file_enterprise_request(enterprise, subject)
    row = open_until_found(enterprise, "/workflow/my", lambda p: ticket_row(p, subject))
    ticket_id = row.get_attribute("data-ticket-id")
    # When Xihu's administrator looks at every ticket of their area, then opens its address
    xihu = new_page()
    sign_in(xihu, "xihu")
    xihu.goto("/workflow/tickets?queue=area")
    expect(xihu.get_by_test_id("ticket-table")).to_be_visible()
    expect(xihu.locator(f'[data-ticket-id="{ticket_id}"]')).to_have_count(0)
    response = xihu.goto(f"/workflow/tickets/{ticket_id}")
    # Then the ticket is not listed, and its page is "not found"
    assert response.status == 404
    expect(xihu.locator("main h1")).to_contain_text("404")
    expect(xihu.locator("main")).not_to_contain_text(subject)


def test_english_chosen_on_the_login_page_is_remembered(page):
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("main h1")).to_have_text(CHINESE)

    page.get_by_role("link", name="English").click()

    expect(page.locator("main h1")).to_have_text("Sign in to Qinqing")
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text("Sign in to Qinqing")


FORGERIES = {
    "altered": "document.querySelector('main input[name=csrf_token]').value = 'forged'",
    "removed": "document.querySelector('main input[name=csrf_token]').remove()",
}


@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=FORGERIES.keys())
def test_login_with_a_forged_csrf_token_gets_the_400_page_and_no_session(page, forgery):
    fill_login_form(page, "qingyuan")
    page.evaluate(forgery)

    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        submit_login_form(page)

    assert posted.value.status == 400
    expect(page.locator("main h1")).to_contain_text("400")
    page.goto("/forms/")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_test_id("who")).to_have_count(0)
