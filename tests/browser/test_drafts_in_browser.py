"""Drafts in a real browser: what a person types into the intake page is saved while
they type, and is there again when the page is reloaded.

Xixi's user files nothing in the other browser tests, so no draft of theirs pre-fills a
page another test expects empty; the test discards its draft at the end.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.flows import sign_in, unique

pytestmark = pytest.mark.browser

#: The page's "Draft saved at HH:MM." in Chinese.
SAVED = re.compile(r"^草稿已于 \d\d:\d\d 保存。$")


def test_typed_answers_are_autosaved_and_come_back_after_a_reload(page):
    # Given the enterprise's user has typed some answers, without submitting them
    sign_in(page, "xixi")
    page.goto("/forms/fill/enterprise-request")
    subject = unique("夜间施工噪声")
    page.locator("#f-subject").fill(subject)
    page.locator("#f-category").select_option("policy")
    page.locator("input[name=needs_visit][value=true]").check()
    # When the page has saved them and is reloaded
    expect(page.get_by_test_id("draft-status")).to_have_text(SAVED)
    page.reload()
    # Then the typed answers are back, from the draft
    expect(page.get_by_test_id("draft-notice")).to_be_visible()
    expect(page.locator("#f-subject")).to_have_value(subject)
    expect(page.locator("#f-category")).to_have_value("policy")
    expect(page.locator("input[name=needs_visit][value=true]")).to_be_checked()
    # And discarding the draft empties the form
    page.get_by_test_id("discard-draft").click()
    expect(page.get_by_test_id("draft-notice")).to_have_count(0)
    expect(page.locator("#f-subject")).to_have_value("")
