"""Version history: who published what when, the diff between two versions, cloning an
old version into the draft."""

import copy
import re

import pytest

from services.forms.domain.definition import ENTERPRISE_REQUEST_DEFINITION

PROVINCE_ADMIN = "省厅管理员 王敏"


def request_form(client) -> dict:
    forms = client.get("/forms/api/forms").json
    return next(f for f in forms if f["key"] == "enterprise-request" and f["org_path"] == "33")


def publish(client, form_id: str, definition: dict) -> int:
    assert (
        client.put(f"/forms/api/forms/{form_id}/draft", json={"definition": definition}).status_code
        == 200
    )
    response = client.post(f"/forms/api/forms/{form_id}/publish")
    assert response.status_code == 201, response.json
    return response.json["version"]


def second_version() -> dict:
    """Version 2: contact person renamed, the visit question removed, a date added and the
    subject shortened."""
    definition = copy.deepcopy(ENTERPRISE_REQUEST_DEFINITION)
    fields = {f["name"]: f for f in definition["fields"]}
    fields["subject"]["max_length"] = 50
    fields["contact_person"]["name"] = "contact_name"
    definition["fields"] = [f for f in definition["fields"] if f["type"] != "boolean"]
    definition["fields"].append(
        {
            "name": "visit_date",
            "type": "date",
            "label": {"zh_CN": "期望日期", "en": "Preferred date"},
        }
    )
    return definition


@pytest.fixture
def province(web):
    return web("province")


@pytest.fixture
def form_id(province) -> str:
    form = request_form(province)
    publish(province, form["id"], second_version())
    return form["id"]


def test_the_history_names_who_published_each_version_newest_first(province, form_id):
    history = province.get(f"/forms/api/forms/{form_id}/versions").json
    assert [(v["version"], v["published_by_name"]) for v in history] == [
        (2, PROVINCE_ADMIN),
        (1, None),  # seeded by the system, not by a person
    ]


def test_the_diff_lists_each_field_change_between_two_versions(province, form_id):
    response = province.get(f"/forms/api/forms/{form_id}/diff?from=1&to=2")
    assert response.status_code == 200
    kinds = [(c["kind"], c["path"]) for c in response.json["changes"]]
    assert kinds == [
        ("changed", "subject"),
        ("renamed", "contact_name"),
        ("removed", "needs_visit"),
        ("added", "visit_date"),
    ]
    assert response.json["changes"][0]["keys"] == [{"key": "max_length", "old": 100, "new": 50}]


@pytest.mark.parametrize(
    ("query", "field", "en", "zh"),
    [
        ("from=1&to=9", "to", "This form has no version 9.", "该表单没有第 9 版。"),
        ("from=7&to=2", "from", "This form has no version 7.", "该表单没有第 7 版。"),
    ],
)
def test_a_diff_with_a_version_that_does_not_exist_names_the_version(
    web, form_id, query, field, en, zh
):
    for language, message in (("en", en), ("zh_CN", zh)):
        response = web("province", language=language).get(
            f"/forms/api/forms/{form_id}/diff?{query}"
        )
        assert response.status_code == 404
        assert response.json["errors"] == {field: [message]}


def test_a_diff_without_its_versions_names_the_missing_parameter(province, form_id):
    response = province.get(f"/forms/api/forms/{form_id}/diff?to=2")
    assert response.status_code == 422
    assert "from" in response.json["errors"]["query"]


def test_cloning_an_old_version_makes_it_the_draft_under_the_same_key(province, form_id):
    response = province.post(f"/forms/api/forms/{form_id}/versions/1/clone")
    assert response.status_code == 200
    assert response.json["draft"] == ENTERPRISE_REQUEST_DEFINITION
    assert province.post(f"/forms/api/forms/{form_id}/publish").json["version"] == 3


def test_cloning_a_version_that_does_not_exist_changes_nothing(web, province, form_id):
    draft = province.get(f"/forms/api/forms/{form_id}").json["draft"]
    response = web("province", language="zh_CN").post(
        f"/forms/api/forms/{form_id}/versions/5/clone"
    )
    assert response.status_code == 404
    assert response.json["errors"] == {"version": ["该表单没有第 5 版。"]}
    assert province.get(f"/forms/api/forms/{form_id}").json["draft"] == draft


def test_another_county_cannot_see_a_county_form_history(web):
    county = web("shangcheng")
    own = copy.deepcopy(ENTERPRISE_REQUEST_DEFINITION) | {"key": "site-visit"}
    form_id = county.post("/forms/api/forms", json={"definition": own}).json["id"]
    assert web("xihu").get(f"/forms/api/forms/{form_id}/versions").status_code == 404
    assert web("xihu").post(f"/forms/api/forms/{form_id}/versions/1/clone").status_code == 404


# Pages --------------------------------------------------------------------------------------


def test_the_versions_page_shows_the_history_and_the_diff_in_english(province, form_id):
    page = province.get(f"/forms/{form_id}/versions?from=1&to=2").get_data(as_text=True)
    assert PROVINCE_ADMIN in page
    text = " ".join(re.sub(r"<[^>]+>", "", page).split())
    assert "Renamed" in text and "Name of the answer: contact_person → contact_name" in text
    assert "Max length: 100 → 50" in text and "Needs an on-site visit" in text


def test_the_versions_page_shows_the_diff_in_chinese(web, form_id):
    page = web("province", language="zh_CN").get(f"/forms/{form_id}/versions?from=1&to=2")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "版本记录" in text and "改名" in text and "删除" in text and "联系人" in text


def test_the_versions_page_names_a_missing_version(web, form_id):
    page = web("province", language="zh_CN").get(f"/forms/{form_id}/versions?from=1&to=8")
    assert page.status_code == 404
    assert "该表单没有第 8 版。" in page.get_data(as_text=True)


def test_a_preview_renders_the_old_version_with_submitting_disabled(province, form_id):
    page = province.get(f"/forms/{form_id}/versions/1").get_data(as_text=True)
    assert "Needs an on-site visit" in page  # the field version 2 removed
    assert "<fieldset disabled" in page and "Preview of version 1" in page


def test_the_clone_button_puts_the_version_into_the_draft(province, form_id):
    response = province.post(f"/forms/{form_id}/versions/1/clone")
    assert response.status_code == 302
    assert (
        province.get(f"/forms/api/forms/{form_id}").json["draft"] == ENTERPRISE_REQUEST_DEFINITION
    )


def test_the_edit_page_links_to_the_versions(province, form_id):
    page = province.get(f"/forms/{form_id}/edit").get_data(as_text=True)
    assert f'href="/forms/{form_id}/versions"' in page


def test_the_forms_list_names_the_owner_unit(web):
    page = web("province", language="zh_CN").get("/forms/").get_data(as_text=True)
    assert "<td>浙江省</td>" in page and "<td>33</td>" not in page


def test_the_diff_of_a_form_with_a_group_names_its_child_fields_by_path(web):
    # Given Shangcheng's own form with a group "site" of one field, published twice
    county = web("shangcheng")
    site = {"name": "site", "type": "group", "label": {"zh_CN": "厂区", "en": "Site"}}
    address = {"name": "address", "type": "text", "label": {"zh_CN": "地址", "en": "Address"}}
    area = {"name": "area", "type": "number", "label": {"zh_CN": "面积", "en": "Area"}}
    first = {
        "key": "site-check",
        "title": {"zh_CN": "厂区检查", "en": "Site check"},
        "fields": [{**site, "fields": [address]}],
    }
    form_id = county.post("/forms/api/forms", json={"definition": first}).json["id"]
    assert county.post(f"/forms/api/forms/{form_id}/publish").status_code == 201
    second = {**first, "fields": [{**site, "fields": [{**address, "required": True}, area]}]}
    publish(county, form_id, second)
    # When the county compares them
    changes = county.get(f"/forms/api/forms/{form_id}/diff?from=1&to=2").json["changes"]
    # Then each child field is a change of its own, named by its path
    assert [(c["kind"], c["path"]) for c in changes] == [
        ("changed", "site.address"),
        ("added", "site.area"),
    ]
    page = county.get(f"/forms/{form_id}/versions?from=1&to=2").get_data(as_text=True)
    assert "in the group “Site”" in page
