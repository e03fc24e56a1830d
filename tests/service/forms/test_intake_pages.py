"""The forms pages: the intake form, its errors, the receipt, and the definition editor."""

import json

from tests.service.forms.html import tag, tags

GOOD_FORM = {
    "subject": "排污许可证延续",
    "category": "permit",
    "details": "请指导办理。",
    "contact_person": "刘主任",
    "contact_phone": "13812345678",
    "needs_visit": "true",
}


def test_filing_the_form_in_the_page_shows_the_receipt_with_chosen_option_labels(web, seeded):
    client = web("qiantang", language="zh-CN")
    response = client.post("/forms/fill/enterprise-request", data=GOOD_FORM)
    assert response.status_code == 302
    receipt = client.get(response.headers["Location"])
    page = receipt.get_data(as_text=True)
    assert receipt.status_code == 200
    assert 'data-testid="acceptance-number">330102-' in page
    assert "排污许可" in page and "是" in page


def test_empty_intake_form_shows_each_fields_error_in_chinese_and_stores_nothing(web, seeded):
    client = web("qiantang", language="zh-CN")
    response = client.post("/forms/fill/enterprise-request", data={})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'data-field="subject">诉求标题：必须填写。' in page
    assert client.get("/forms/api/submissions").json == []


def test_staff_cannot_open_the_intake_page(web, seeded):
    assert web("staff").get("/forms/fill/enterprise-request").status_code == 403


def test_editor_refuses_invalid_json_naming_the_definition_field(web, seeded):
    admin = web("shangcheng")
    response = admin.post("/forms/new", data={"definition": "{not json"})
    assert response.status_code == 422
    assert "Not valid JSON" in response.get_data(as_text=True)
    assert admin.get("/forms/api/forms").json == []


def test_editor_saves_a_draft_and_publishes_it_as_version_one(web, seeded):
    admin = web("shangcheng")
    definition = {
        "key": "noise-complaint",
        "title": {"zh_CN": "噪声投诉", "en": "Noise complaint"},
        "fields": [
            {
                "name": "where",
                "type": "text",
                "required": True,
                "label": {"zh_CN": "地点", "en": "Where"},
            }
        ],
    }
    saved = admin.post("/forms/new", data={"definition": json.dumps(definition)})
    form_path = saved.headers["Location"].removesuffix("/edit")
    admin.post(f"{form_path}/publish")
    forms = admin.get("/forms/api/forms").json
    assert [(f["key"], [v["version"] for v in f["versions"]]) for f in forms] == [
        ("noise-complaint", [1])
    ]


def test_publishing_an_unchanged_draft_again_is_refused(web, seeded):
    admin = web("province")
    form = next(f for f in admin.get("/forms/api/forms").json if f["key"] == "enterprise-request")
    response = admin.post(f"/forms/api/forms/{form['id']}/publish")
    assert response.status_code == 409
    assert len(admin.get(f"/forms/api/forms/{form['id']}").json["versions"]) == 1


def test_intake_page_keeps_what_was_typed_after_a_refused_submission(web, seeded):
    client = web("qiantang", language="zh-CN")
    typed = {**GOOD_FORM, "contact_phone": "12345", "needs_visit": "false"}
    response = client.post("/forms/fill/enterprise-request", data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert tag(page, "input", name="subject")["value"] == "排污许可证延续"
    assert tag(page, "input", name="contact_phone")["value"] == "12345"
    assert "selected" in tag(page, "option", value="permit")
    assert "checked" in tag(page, "input", name="needs_visit", value="false")
    assert ">请指导办理。</textarea>" in page
    assert 'data-field="contact_phone">联系电话：请填写手机号码' in page


def test_too_large_a_post_says_nothing_was_stored_and_the_back_button_keeps_the_input(web, seeded):
    client = web("qiantang", language="zh-CN")
    response = client.post(
        "/forms/fill/enterprise-request", data={**GOOD_FORM, "details": "长" * 1_000_000}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "没有保存任何内容" in page and "后退" in page
    assert client.get("/forms/api/submissions").json == []


def test_intake_page_loads_its_script_as_a_module_from_the_forms_static_folder(web, seeded):
    client = web("qiantang")
    page = client.get("/forms/fill/enterprise-request").get_data(as_text=True)
    sources = [script["src"] for script in tags(page, "script", type="module")]
    assert any(src.endswith("/forms/fill.js") for src in sources)
    for src in sources:
        response = client.get(src)
        response.close()
        assert response.status_code == 200
    assert tag(page, "script", type="application/json")["data-form-logic"] == ""
