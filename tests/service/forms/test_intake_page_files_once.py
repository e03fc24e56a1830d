"""The intake page carries a key of its own, so that posting it twice (a double click)
files once and leads to the first post's receipt."""

import re
import uuid

from tests.service.forms.test_idempotency_key import stored
from tests.service.forms.test_intake_pages import GOOD_FORM

_PAGE_KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')


def page_key(response) -> str:
    return _PAGE_KEY.search(response.get_data(as_text=True)).group(1)


def test_the_intake_page_carries_a_fresh_key_each_time_it_is_opened(web, seeded):
    enterprise = web("qiantang")
    first = page_key(enterprise.get("/forms/fill/enterprise-request"))
    second = page_key(enterprise.get("/forms/fill/enterprise-request"))
    assert uuid.UUID(first) and first != second


def test_posting_the_intake_page_twice_files_once_and_leads_to_the_same_receipt(web, seeded):
    enterprise = web("qiantang")
    key = page_key(enterprise.get("/forms/fill/enterprise-request"))
    form = {**GOOD_FORM, "idempotency_key": key}

    first = enterprise.post("/forms/fill/enterprise-request", data=form)
    second = enterprise.post("/forms/fill/enterprise-request", data=form)

    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert stored(seeded) == (1, 1)


def test_the_intake_page_keeps_its_key_when_answers_are_refused(web, seeded):
    enterprise = web("qiantang")
    key = page_key(enterprise.get("/forms/fill/enterprise-request"))

    refused = enterprise.post("/forms/fill/enterprise-request", data={"idempotency_key": key})

    assert refused.status_code == 422
    assert page_key(refused) == key
    corrected = {**GOOD_FORM, "idempotency_key": key}
    assert enterprise.post("/forms/fill/enterprise-request", data=corrected).status_code == 302
    assert stored(seeded) == (1, 1)


def test_the_page_posted_again_with_other_answers_files_nothing_and_offers_a_new_key(web, seeded):
    enterprise = web("qiantang", language="zh-CN")
    key = page_key(enterprise.get("/forms/fill/enterprise-request"))
    enterprise.post("/forms/fill/enterprise-request", data={**GOOD_FORM, "idempotency_key": key})
    changed = {**GOOD_FORM, "details": "另一件事。", "idempotency_key": key}

    refused = enterprise.post("/forms/fill/enterprise-request", data=changed)

    assert refused.status_code == 409
    assert "此页面已用其他回答提交过" in refused.get_data(as_text=True)
    assert page_key(refused) != key
    assert "另一件事。" in refused.get_data(as_text=True)  # what was typed is kept
    assert stored(seeded) == (1, 1)
