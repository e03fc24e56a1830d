"""The working-day calendar at phone width: the province administrator finds it from the
tickets, reads a year, adds an override (after a refusal) and removes it again."""

import random

import pytest
from playwright.sync_api import expect

from tests.browser.flows import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_province_enters_an_override_for_an_unknown_year_at_phone_width(new_page):
    # A day of a year the library does not know, different in every run.
    day = f"2095-{random.randint(1, 12):02d}-{random.randint(10, 28):02d}"
    admin = new_page()
    admin.set_viewport_size(PHONE)
    sign_in(admin, "province")
    # Given the calendar opened from the tickets, on a year the library knows
    admin.goto("/workflow/tickets")
    admin.get_by_test_id("calendar-link").click()
    admin.goto("/workflow/calendar?year=2026")
    expect(admin.locator('[data-testid=holiday][data-first="2026-02-15"]')).to_contain_text("春节")
    assert fits_the_phone(admin)
    # When the administrator turns to 2095, the page warns that the library does not know it
    admin.locator("#year").fill("2095")
    admin.locator(".year-nav button[type=submit]").click()
    expect(admin.get_by_test_id("unknown-year")).to_be_visible()
    # And a day without a date is refused by its field
    admin.locator("#override-note").fill("测试：省里决定放假")
    admin.get_by_test_id("add-override").locator("button[type=submit]").click()
    expect(admin.locator('.field-error[data-field="day"]')).to_contain_text("日期")
    # Then with the date the override is saved and listed, and the page still fits
    admin.locator("#override-day").fill(day)
    admin.get_by_test_id("add-override").locator("button[type=submit]").click()
    row = admin.locator(f'[data-testid=override][data-day="{day}"]')
    expect(row).to_contain_text("测试：省里决定放假")
    assert fits_the_phone(admin)
    # And removing it empties the list again
    row.get_by_test_id("remove-override").click()
    expect(admin.locator(f'[data-testid=override][data-day="{day}"]')).to_have_count(0)
