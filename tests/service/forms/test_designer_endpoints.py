"""The designer's server side: checking a definition without storing it, and the live
preview drawn with the intake page's templates."""

import copy

import pytest

GOOD = {
    "key": "discharge-register",
    "title": {"zh_CN": "排污情况登记", "en": "Discharge register"},
    "fields": [
        {"name": "subject", "type": "text", "label": {"zh_CN": "诉求标题", "en": "Subject"}},
        {
            "name": "kind",
            "type": "select",
            "label": {"zh_CN": "类别", "en": "Kind"},
            "options": [
                {"value": "water", "label": {"zh_CN": "废水", "en": "Wastewater"}},
                {"value": "air", "label": {"zh_CN": "废气", "en": "Exhaust gas"}},
            ],
        },
    ],
}


def broken(**changes) -> dict:
    definition = copy.deepcopy(GOOD)
    definition["fields"][1]["options"][1]["value"] = changes.get("value", "water")
    return definition


def test_a_valid_definition_is_valid_and_nothing_is_stored(web):
    admin = web("shangcheng")
    response = admin.post("/forms/api/definitions/validate", json={"definition": GOOD})
    assert response.status_code == 200
    assert response.json == {"valid": True}
    assert admin.get("/forms/api/forms").json == []


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Duplicate option value 'water'."), ("zh-CN", "选项值“water”重复。")],
)
def test_an_invalid_definition_lists_each_error_by_path_in_the_callers_language(
    web, language, message
):
    admin = web("shangcheng", language=language)
    response = admin.post("/forms/api/definitions/validate", json={"definition": broken()})
    assert response.status_code == 422
    assert response.json == {
        "valid": False,
        "errors": [{"path": "fields.1.options.1.value", "message": message}],
    }


def test_errors_of_a_whole_object_carry_that_objects_path(web):
    definition = copy.deepcopy(GOOD)
    definition["fields"][0]["label"] = {"zh_CN": " ", "en": ""}
    definition["title"] = {}
    response = web("shangcheng").post(
        "/forms/api/definitions/validate", json={"definition": definition}
    )
    paths = [error["path"] for error in response.json["errors"]]
    assert response.status_code == 422
    assert "fields.0.label.zh_CN" in paths and all(not p.endswith("_schema") for p in paths)


def test_a_body_without_a_definition_object_is_refused_naming_the_definition(web):
    response = web("shangcheng").post("/forms/api/definitions/validate", json={"definition": []})
    assert response.status_code == 422
    assert "definition" in response.json["errors"]


def test_validating_needs_an_administrator(web):
    assert (
        web().post("/forms/api/definitions/validate", json={"definition": GOOD}).status_code == 401
    )
    response = web("qingyuan").post("/forms/api/definitions/validate", json={"definition": GOOD})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("locale", "shown", "not_shown"),
    [("zh_CN", "废水", "Wastewater"), ("en", "Wastewater", "废水")],
)
def test_the_preview_draws_the_fields_in_the_asked_language(web, locale, shown, not_shown):
    admin = web("shangcheng", language="zh-CN")
    response = admin.post("/forms/designer/preview", json={"definition": GOOD, "locale": locale})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="f-subject"' in page and '<option value="water"' in page
    assert shown in page and not_shown not in page
    assert "qinqing_lang" not in response.headers.get("Set-Cookie", "")


def test_the_preview_draws_a_definition_that_still_breaks_a_rule(web):
    response = web("shangcheng").post("/forms/designer/preview", json={"definition": broken()})
    assert response.status_code == 200
    assert "Exhaust gas" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "body",
    [{"definition": "not an object"}, {"definition": {"fields": "none"}}, ["no"], None],
)
def test_a_preview_of_something_not_shaped_like_a_definition_is_refused(web, body):
    response = web("shangcheng").post(
        "/forms/designer/preview", json=body, headers={"Accept": "application/json"}
    )
    assert response.status_code == 422
    assert response.json["detail"] == "The preview needs a definition with a list of fields."


def test_a_preview_that_cannot_be_drawn_says_so_in_the_users_language(web):
    definition = copy.deepcopy(GOOD)
    definition["fields"][1]["options"] = 5
    response = web("shangcheng", language="zh-CN").post(
        "/forms/designer/preview",
        json={"definition": definition},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 422
    assert "修正" in response.json["detail"]


def test_the_preview_needs_an_administrator(web):
    anonymous = web().post(
        "/forms/designer/preview", json={"definition": GOOD}, headers={"Accept": "application/json"}
    )
    assert anonymous.status_code == 401
    enterprise = web("qingyuan").post("/forms/designer/preview", json={"definition": GOOD})
    assert enterprise.status_code == 403


def test_the_editor_page_holds_the_designer_and_keeps_the_json_editor_for_pages_without_scripts(
    web,
):
    admin = web("shangcheng")
    saved = admin.post("/forms/api/forms", json={"definition": GOOD})
    page = admin.get(f"/forms/{saved.json['id']}/edit").get_data(as_text=True)
    assert f'id="designer" class="designer" hidden data-form-id="{saved.json["id"]}"' in page
    assert '<script type="application/json" id="designer-definition">' in page
    assert (
        '"discharge-register"' in page.split('id="designer-definition">')[1].split("</script>")[0]
    )
    assert '<details id="advanced" class="card advanced" open' in page
    assert '<textarea id="definition" name="definition"' in page
    assert 'src="/forms/static/web/forms/designer.js"' in page


def test_the_designers_scripts_and_sortable_are_served_from_the_service(web):
    admin = web("shangcheng")
    for path in (
        "/forms/static/web/forms/designer.js",
        "/forms/static/qq/vendor/sortablejs-1.15.6/modular/sortable.esm.js",
    ):
        response = admin.get(path)
        response.close()
        assert response.status_code == 200, path
        assert "javascript" in response.content_type
