"""Drafts in a real browser: what a person types into the intake page is saved while
they type, in the nested shape of a submission, and is there again when the page is
reloaded.

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


#: Inputs as the intake page renders them (forms/_fields.html): dotted names, each
#: field's wrapper naming its type; a removed row leaves a gap, a spare blank row ends.
NESTED_FORM = """
<input type="hidden" name="csrf_token" value="t">
<input type="hidden" name="idempotency_key" value="k">
<div data-type="text"><input name="site.address" value="东新路 1 号"></div>
<div data-type="number"><input type="number" name="outlets.0.flow" value="1.5"></div>
<div data-type="number"><input type="number" name="outlets.2.flow" value="3"></div>
<div data-type="number"><input type="number" name="outlets.3.flow" value=""></div>
<div data-type="multiselect"><input type="checkbox" name="topics" value="air" checked>
  <input type="checkbox" name="topics" value="water"></div>
<div data-type="multiselect"><input type="checkbox" name="other_topics" value="soil"></div>
<div data-type="boolean"><input type="radio" name="needs_visit" value="true">
  <input type="radio" name="needs_visit" value="false" checked></div>
<div data-type="rating"><input type="radio" name="stars" value="4" checked></div>
<div data-type="integer"><input type="number" name="employees" value="12"></div>
<div data-type="file"><input type="file"><input type="hidden" name="permit" value="upload-1"></div>
<div data-type="text" hidden><input name="hidden_field" value="x" disabled></div>
<button type="submit" name="action" value="save_draft">Save draft</button>
"""


def test_autosave_sends_answers_in_the_nested_shape_of_a_submission(page):
    page.goto("/login")

    answers = page.evaluate(
        """async (html) => {
            const { answersOf } = await import("/forms/static/web/forms/draft.js");
            const form = document.createElement("form");
            form.innerHTML = html;
            return answersOf(form);
        }""",
        NESTED_FORM,
    )

    assert answers == {
        "site": {"address": "东新路 1 号"},
        "outlets": [{"flow": 1.5}, {"flow": 3}],
        "topics": ["air"],
        "other_topics": [],
        "needs_visit": False,
        "stars": 4,
        "employees": 12,
        "permit": "upload-1",
    }


def test_going_back_after_submitting_brings_no_draft_back(page):
    # Given the enterprise's user has typed a request and its draft has been saved
    sign_in(page, "xixi")
    page.goto("/forms/fill/enterprise-request")
    page.locator("#f-subject").fill(unique("扬尘投诉"))
    page.locator("#f-category").select_option("policy")
    page.locator("#f-details").fill("工地扬尘。")
    page.locator("#f-contact_person").fill("王先生")
    page.locator("#f-contact_phone").fill("13812345678")
    expect(page.get_by_test_id("draft-status")).to_have_text(SAVED)
    page.locator("#f-details").fill("工地扬尘较大。")
    # When they submit at once (a save is still pending) and go back to the form
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("acceptance-number")).to_be_visible()
    page.goto("/forms/fill/enterprise-request")
    # Then the form is empty: the submission ended the draft and nothing saved it again
    expect(page.get_by_test_id("draft-notice")).to_have_count(0)
    expect(page.locator("#f-subject")).to_have_value("")
