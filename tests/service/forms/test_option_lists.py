"""Shared option lists: edited once, copied into the forms that name them."""

from services.forms.domain.definition import MATTER_CATEGORIES

LABEL = {"zh_CN": "类别", "en": "Category"}
FORM = {
    "key": "site-visit",
    "title": {"zh_CN": "上门服务", "en": "Site visit"},
    "fields": [{"name": "kind", "type": "select", "label": LABEL, "option_list": "visit-kinds"}],
}
KINDS = {
    "key": "visit-kinds",
    "title": {"zh_CN": "走访类型", "en": "Visit kinds"},
    "options": [{"value": "visit", "label": {"zh_CN": "走访", "en": "Visit"}}],
}


def save_list(client, data=KINDS):
    return client.put("/forms/api/option-lists", json={"option_list": data})


def test_the_seeded_request_form_takes_its_categories_from_the_shared_list(web, seeded):
    forms = web("province").get("/forms/api/forms").json
    form = next(f for f in forms if f["key"] == "enterprise-request")
    category = next(f for f in form["draft"]["fields"] if f["name"] == "category")

    assert category["option_list"] == "matter-categories"
    assert category["options"] == MATTER_CATEGORIES["options"]


def test_a_form_naming_a_list_gets_its_options_when_saved(web, seeded):
    admin = web("shangcheng")
    save_list(admin)

    created = admin.post("/forms/api/forms", json={"definition": FORM})

    assert created.status_code == 201
    assert created.json["draft"]["fields"][0]["options"] == KINDS["options"]


def test_a_county_form_may_use_the_provinces_list(web, seeded):
    definition = {**FORM, "fields": [{**FORM["fields"][0], "option_list": "matter-categories"}]}

    created = web("shangcheng").post("/forms/api/forms", json={"definition": definition})

    assert created.status_code == 201


def test_a_list_of_another_county_is_unknown_to_a_form(web, seeded):
    save_list(web("xihu"))

    response = web("shangcheng", language="zh-CN").post(
        "/forms/api/forms", json={"definition": FORM}
    )

    assert response.status_code == 422
    assert response.json["errors"]["definition"] == {
        "fields": {"0": {"option_list": ["没有可用于本表单的选项列表“visit-kinds”。"]}}
    }
    assert web("shangcheng").get("/forms/api/forms").json == []


def test_editing_a_list_reaches_published_forms_only_when_they_are_published_again(web, seeded):
    admin = web("shangcheng")
    save_list(admin)
    form = admin.post("/forms/api/forms", json={"definition": FORM}).json
    admin.post(f"/forms/api/forms/{form['id']}/publish")
    more = [*KINDS["options"], {"value": "video", "label": {"zh_CN": "视频", "en": "Video"}}]
    saved = save_list(admin, {**KINDS, "options": more}).json

    detail = admin.get(f"/forms/api/option-lists/{saved['id']}").json
    version = admin.post(f"/forms/api/forms/{form['id']}/publish").json

    assert detail["used_by"] == [
        {"form_id": form["id"], "key": "site-visit", "title": FORM["title"], "stale": True}
    ]
    assert [o["value"] for o in version["definition"]["fields"][0]["options"]] == ["visit", "video"]
    assert version["version"] == 2


def test_a_bad_list_is_refused_naming_the_field_in_both_languages_and_nothing_is_stored(
    web, seeded
):
    bad = {**KINDS, "options": [{"value": "Bad Value", "label": {"zh_CN": "", "en": ""}}]}
    admin = web("shangcheng")

    english = save_list(admin, bad)
    chinese = save_list(web("shangcheng", language="zh-CN"), bad)

    assert english.status_code == 422
    assert english.json["errors"]["options"]["0"]["value"] == [
        "Must hold only lowercase letters, digits, '_' and '-', such as 'eia_approval'."
    ]
    assert chinese.json["errors"]["options"]["0"]["label"] == {
        "zh_CN": ["请至少填写中文或英文中的一种。"]
    }
    assert [item["key"] for item in admin.get("/forms/api/option-lists").json] == [
        "matter-categories"
    ]


def test_only_administrators_keep_option_lists(web, seeded):
    assert save_list(web("staff")).status_code == 403
    assert web("qingyuan").get("/forms/api/option-lists").status_code == 403


def test_another_countys_list_is_not_found(web, seeded):
    saved = save_list(web("xihu")).json

    assert web("shangcheng").get(f"/forms/api/option-lists/{saved['id']}").status_code == 404


def test_the_editor_page_saves_a_list_and_skips_blank_rows(web, seeded):
    admin = web("shangcheng", language="zh-CN")
    page = admin.post(
        "/forms/option-lists/new",
        data={
            "key": "visit-kinds",
            "title_zh_CN": "走访类型",
            "title_en": "",
            "option_value": ["visit", ""],
            "option_zh_CN": ["走访", ""],
            "option_en": ["Visit", ""],
        },
    )

    assert page.status_code == 302
    listed = admin.get("/forms/option-lists").get_data(as_text=True)
    assert "走访类型" in listed and "走访" in listed


def test_the_editor_page_shows_a_rows_error_in_the_readers_language(web, seeded):
    admin = web("shangcheng", language="en")
    page = admin.post(
        "/forms/option-lists/new",
        data={
            "key": "visit-kinds",
            "title_zh_CN": "走访类型",
            "option_value": ["visit", "Visit"],
            "option_zh_CN": ["走访", "重复"],
            "option_en": ["", ""],
        },
    )

    text = page.get_data(as_text=True)
    assert page.status_code == 422
    assert 'data-field="options.1">Choice 2:' in text
    assert admin.get("/forms/api/option-lists").json[0]["key"] == "matter-categories"
