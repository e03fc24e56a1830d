"""County variants in a real browser, the county's pages at phone width: the province makes
a form a template, a county forks it, the template moves on, and the county merges the one
field it wants."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.flows import (
    STEP_TIMEOUT_MS,
    publish,
    save_definition,
    sign_in,
    unique,
    visit_booking_definition,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
CONTACT = {"name": "contact_phone", "type": "phone", "label": {"zh_CN": "联系电话", "en": "Phone"}}


@pytest.fixture
def phone_page(browser, embedded_server):
    context = browser.new_context(base_url=embedded_server.base_url, locale="zh-CN", viewport=PHONE)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    yield context.new_page()
    context.close()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_county_forks_a_template_and_merges_a_chosen_field_at_phone_width(page, phone_page):
    # Given the province has published a form and made it a template
    definition = visit_booking_definition(unique("visit-booking"))
    sign_in(page, "province")
    page.goto("/forms/new")
    save_definition(page, json.dumps(definition, ensure_ascii=False))
    publish(page)
    edit_url = page.url
    page.get_by_test_id("version-links").get_by_role("link").first.click()
    page.get_by_test_id("make-template").click()
    # When Shangcheng forks it on its phone
    sign_in(phone_page, "shangcheng")
    phone_page.goto("/forms/templates")
    row = phone_page.get_by_test_id(f"template-{definition['key']}")
    row.get_by_test_id("fork").click()
    fork_url = phone_page.url.removesuffix("/edit")
    # And the province publishes a version that adds a phone number and drops the date
    page.goto(edit_url)
    changed = {**definition, "fields": [definition["fields"][0], CONTACT]}
    save_definition(page, json.dumps(changed, ensure_ascii=False))
    publish(page)
    # Then the county sees both changes and merges only the phone number
    phone_page.goto(f"{fork_url}/variant")
    expect(phone_page.get_by_test_id("change-preferred_date")).to_contain_text("删除")
    added = phone_page.get_by_test_id("change-contact_phone")
    expect(added).to_contain_text("联系电话")
    assert fits_the_screen(phone_page)
    added.get_by_test_id("merge").click()
    expect(
        phone_page.get_by_test_id("change-contact_phone").get_by_test_id("merged")
    ).to_be_visible()
    expect(
        phone_page.get_by_test_id("change-preferred_date").get_by_test_id("merge")
    ).to_be_visible()
    phone_page.goto("/forms/templates")
    expect(phone_page.get_by_test_id(f"template-{definition['key']}")).to_contain_text("派生")
    assert fits_the_screen(phone_page)
