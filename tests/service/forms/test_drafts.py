"""Drafts of submissions: saved and resumed through the API and the intake page (without
JavaScript), each person's own, gone with the submission, fitted to newer versions; and
the error page of a failed post saying that nothing was stored."""

import re

import pytest

from services.forms.domain.definition import ENTERPRISE_REQUEST_DEFINITION

PAGE = "/forms/fill/enterprise-request"
DRAFT = "/forms/api/drafts/enterprise-request"
#: Answers so far: incomplete (no category, no details) and with a wrong phone number.
SO_FAR = {"subject": "排污许可证延续", "contact_phone": "12", "needs_visit": True}
COMPLETE = {
    "subject": "排污许可证延续",
    "category": "permit",
    "details": "请指导办理。",
    "contact_person": "刘主任",
    "contact_phone": "13812345678",
}
SAVED_AT = re.compile(r"Draft saved at \d\d:\d\d\.")


def save(client, answers=SO_FAR, path=DRAFT):
    return client.put(path, json={"answers": answers})


def publish_province_version(web, fields):
    """Publish the next version of the province's enterprise request with ``fields``."""
    province = web("province")
    form = next(
        f for f in province.get("/forms/api/forms").json if f["key"] == "enterprise-request"
    )
    changed = {**ENTERPRISE_REQUEST_DEFINITION, "fields": fields}
    updated = province.put(f"/forms/api/forms/{form['id']}/draft", json={"definition": changed})
    assert updated.status_code == 200
    assert province.post(f"/forms/api/forms/{form['id']}/publish").status_code == 201


def page_text(response) -> str:
    return response.get_data(as_text=True)


# The API


def test_a_draft_is_saved_unchecked_and_read_back_with_the_forms_title(web, seeded):
    client = web("qiantang")

    saved = save(client)

    assert saved.status_code == 200
    assert saved.json["answers"] == SO_FAR
    draft = client.get(DRAFT).json
    assert draft["answers"] == SO_FAR
    assert draft["title"] == {"zh_CN": "企业诉求", "en": "Enterprise request"}
    listed = {"form_key": "enterprise-request", "title": draft["title"]}
    assert client.get("/forms/api/drafts").json == [{**listed, "updated_at": draft["updated_at"]}]


def test_saving_again_replaces_the_persons_draft_of_the_form(web, seeded):
    client = web("qiantang")
    save(client)

    save(client, {"subject": "第二稿"})

    assert client.get(DRAFT).json["answers"] == {"subject": "第二稿"}
    assert len(client.get("/forms/api/drafts").json) == 1


def test_a_saved_at_time_carries_its_offset(web, seeded):
    updated_at = save(web("qiantang")).json["updated_at"]

    assert re.search(r"(\+00:00|Z)$", updated_at), updated_at


def test_a_person_without_a_draft_of_the_form_gets_404(web, seeded):
    response = web("qiantang", language="zh-CN").get(DRAFT)

    assert response.status_code == 404
    assert response.json["errors"] == {"form_key": ["您没有这份表单的草稿。"]}


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "colour: this form has no such field."), ("zh-CN", "colour：表单中没有这一项。")],
)
def test_an_answer_to_a_field_the_form_lacks_is_refused_in_the_users_language(
    web, seeded, language, message
):
    client = web("qiantang", language=language)

    response = save(client, {**SO_FAR, "colour": "red"})

    assert response.status_code == 422
    assert response.json["errors"] == {"colour": [message]}
    assert client.get(DRAFT).status_code == 404


def test_a_refused_save_keeps_the_draft_saved_before(web, seeded):
    client = web("qiantang")
    save(client)

    assert save(client, {"subject": "x", "colour": "red"}).status_code == 422

    assert client.get(DRAFT).json["answers"] == SO_FAR


@pytest.mark.parametrize("body", [{"answers": ["subject"]}, {}, {"answers": {}, "extra": 1}])
def test_a_body_without_an_answers_object_is_refused_naming_the_field(web, seeded, body):
    client = web("qiantang")

    response = client.put(DRAFT, json=body)

    assert response.status_code == 422
    assert set(response.json["errors"]) <= {"answers", "extra"}
    assert client.get(DRAFT).status_code == 404


def test_a_draft_larger_than_the_size_limit_is_refused_with_413_and_not_stored(web, seeded):
    client = web("qiantang")

    response = save(client, {"details": "长" * 800_000})

    assert response.status_code == 413
    assert "body" in response.json["errors"]
    assert client.get(DRAFT).status_code == 404


def test_a_form_the_person_may_not_file_has_no_draft(web, seeded):
    response = save(web("qiantang"), {"subject": "x"}, path="/forms/api/drafts/no-such-form")

    assert response.status_code == 404
    assert "form" in response.json["errors"]


def test_other_peoples_drafts_are_neither_listed_nor_found_nor_deleted(web, seeded):
    save(web("qingyuan"))
    other = web("qiantang")

    assert other.get("/forms/api/drafts").json == []
    assert other.get(DRAFT).status_code == 404
    assert other.delete(DRAFT).status_code == 404
    assert web("qingyuan").get(DRAFT).json["answers"] == SO_FAR


def test_staff_may_neither_save_nor_read_drafts(web, seeded):
    staff = web("staff")

    assert save(staff).status_code == 403
    assert staff.get(DRAFT).status_code == 403
    assert staff.get("/forms/api/drafts").status_code == 403
    assert staff.delete(DRAFT).status_code == 403
    assert web().get("/forms/api/drafts").status_code == 401


def test_a_deleted_draft_is_gone(web, seeded):
    client = web("qiantang")
    save(client)

    assert client.delete(DRAFT).status_code == 204

    assert client.get(DRAFT).status_code == 404
    assert client.delete(DRAFT).status_code == 404


def test_filing_the_form_deletes_the_draft_and_a_refused_filing_keeps_it(web, seeded):
    client = web("qiantang")
    save(client)
    filing = {"form": "enterprise-request", "answers": COMPLETE}

    refused = client.post("/forms/api/submissions", json={**filing, "answers": SO_FAR})
    assert refused.status_code == 422
    assert client.get(DRAFT).status_code == 200
    assert client.post("/forms/api/submissions", json=filing).status_code == 201

    assert client.get(DRAFT).status_code == 404


def test_filing_one_form_keeps_the_drafts_of_others_and_of_other_people(web, seeded):
    mine, other = web("qiantang"), web("qingyuan")
    save(other)
    save(mine)

    mine.post("/forms/api/submissions", json={"form": "enterprise-request", "answers": COMPLETE})

    assert other.get(DRAFT).json["answers"] == SO_FAR


# The intake page, without JavaScript


def save_from_page(client, data):
    return client.post(PAGE, data={**data, "action": "save_draft"})


def test_save_draft_button_keeps_the_posted_answers_unchecked_and_says_when(web, seeded):
    client = web("qiantang")

    response = save_from_page(client, {"subject": "未写完", "contact_phone": "12"})

    assert response.status_code == 200
    assert SAVED_AT.search(page_text(response))
    assert 'class="field-error"' not in page_text(response)
    assert 'value="未写完"' in page_text(response)
    assert client.get(DRAFT).json["answers"]["subject"] == "未写完"
    assert client.get("/forms/api/submissions").json == []


def test_opening_the_page_resumes_the_draft_and_offers_to_discard_it(web, seeded):
    client = web("qiantang")
    save(client)

    page = page_text(client.get(PAGE))

    assert "Resumed your draft saved at" in page
    assert 'value="排污许可证延续"' in page and 'value="12"' in page
    assert re.search(r'name="needs_visit" value="true"\s+checked', page)
    assert 'data-testid="discard-draft"' in page


def test_discarding_the_draft_opens_an_empty_form(web, seeded):
    client = web("qiantang")
    save(client)

    response = client.post(f"{PAGE}/draft/discard")

    assert response.status_code == 302
    page = page_text(client.get(response.headers["Location"]))
    assert "Draft discarded." in page
    assert "Resumed your draft" not in page and "排污许可证延续" not in page
    assert client.get(DRAFT).status_code == 404


def test_submitting_the_page_deletes_the_draft(web, seeded):
    client = web("qiantang")
    save(client)

    response = client.post(PAGE, data=COMPLETE)

    assert response.status_code == 302
    assert client.get(DRAFT).status_code == 404
    assert "Resumed your draft" not in page_text(client.get(PAGE))


def test_submitting_invalid_answers_from_the_page_keeps_the_draft(web, seeded):
    client = web("qiantang")
    save(client)

    assert client.post(PAGE, data={"subject": "x"}).status_code == 422

    assert client.get(DRAFT).json["answers"] == SO_FAR


@pytest.mark.parametrize(
    ("language", "notice"),
    [
        ("en", "your answers to Details, Contact phone were left out"),
        ("zh-CN", "您对诉求内容、联系电话的填写已被略去"),
    ],
)
def test_resuming_after_a_new_version_leaves_out_answers_to_removed_fields_and_says_so(
    web, seeded, language, notice
):
    # Given a draft of version 1
    client = web("qiantang", language=language)
    save(client, {**SO_FAR, "details": "旧版的内容"})
    # When version 2 no longer has the details and the phone number
    gone = ("details", "contact_phone")
    fields = ENTERPRISE_REQUEST_DEFINITION["fields"]
    publish_province_version(web, [f for f in fields if f["name"] not in gone])
    # Then the page resumes the other answers and names the ones left out
    page = page_text(client.get(PAGE))
    assert notice in page
    assert 'value="排污许可证延续"' in page and "旧版的内容" not in page


def test_the_enterprise_home_lists_the_persons_drafts_with_continue_links(web, seeded):
    client = web("qiantang")
    save(client)

    page = page_text(client.get("/forms/"))

    row = re.search(r'<tr data-testid="draft-row">.*?</tr>', page, re.S).group(0)
    assert "Enterprise request" in row
    assert f'href="{PAGE}"' in row and "Continue" in row
    assert 'data-testid="draft-row"' not in page_text(web("qingyuan").get("/forms/"))


# Error pages of a post


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "Nothing was stored. Go back with your browser's Back button"),
        ("zh-CN", "没有保存任何内容。请用浏览器的“后退”按钮返回"),
    ],
)
def test_the_413_page_of_a_too_large_intake_post_says_nothing_was_stored(
    web, seeded, language, sentence
):
    client = web("qiantang", language=language)

    response = client.post(PAGE, data={**COMPLETE, "details": "x" * 3_000_000})

    assert response.status_code == 413
    assert sentence in page_text(response)
    assert client.get("/forms/api/submissions").json == []


@pytest.mark.parametrize(
    ("language", "sentence"),
    [("en", "Your draft of this form was saved at"), ("zh-CN", "您这份表单的草稿已于")],
)
def test_the_413_page_says_when_the_draft_of_that_form_was_saved(web, seeded, language, sentence):
    client = web("qiantang", language=language)
    save(client)

    response = client.post(PAGE, data={"details": "x" * 3_000_000})

    assert sentence in page_text(response)


def test_error_pages_of_other_posts_and_of_reading_say_nothing_of_a_draft(web, seeded):
    client = web("qiantang")
    save(client)

    elsewhere = client.post("/forms/new", data={"definition": "x" * 3_000_000})
    reading = client.get("/forms/fill/no-such-form")

    assert elsewhere.status_code == 413 and "Nothing was stored" in page_text(elsewhere)
    assert "draft" not in page_text(elsewhere)
    assert reading.status_code == 404 and "Nothing was stored" not in page_text(reading)


def test_the_preview_of_a_version_for_administrators_does_not_autosave(web, seeded):
    province = web("province")
    form = next(
        f for f in province.get("/forms/api/forms").json if f["key"] == "enterprise-request"
    )

    page = page_text(province.get(f"/forms/{form['id']}/versions/1"))

    assert 'data-testid="preview-notice"' in page
    assert "draft.js" not in page and "data-draft-status" not in page
