"""County variants: the province offers a form as a template; a county adopts it (its
enterprises file the template's latest version) or forks it into its own form, and later
merges the template's changes field by field."""

import copy

import pytest

from services.forms.domain.definition import ENTERPRISE_REQUEST_DEFINITION
from tests.service.forms.test_county_override import ANSWERS
from tests.service.forms.test_versions import publish, request_form

COUNTY_ADMIN = "上城分局管理员 陈静"
SITE = {"name": "site_address", "type": "text", "label": {"zh_CN": "厂址", "en": "Site address"}}
PERMIT = {
    "name": "permit_number",
    "type": "text",
    "required": True,
    "label": {"zh_CN": "排污许可证编号", "en": "Discharge permit number"},
}


def file(web, enterprise: str, answers=ANSWERS):
    body = {"form": "enterprise-request", "answers": answers}
    return web(enterprise).post("/forms/api/submissions", json=body)


def resolve(client, org_path="33/3301/330102"):
    return client.get(f"/forms/api/resolve?key=enterprise-request&org_path={org_path}")


def with_fields(*fields, required_subject=True) -> dict:
    definition = copy.deepcopy(ENTERPRISE_REQUEST_DEFINITION)
    definition["fields"][0]["required"] = required_subject
    definition["fields"] += [copy.deepcopy(field) for field in fields]
    return definition


@pytest.fixture
def province(web):
    return web("province")


@pytest.fixture
def county(web):
    return web("shangcheng")


@pytest.fixture
def template_id(province) -> str:
    form_id = request_form(province)["id"]
    response = province.put(f"/forms/api/forms/{form_id}/template", json={"is_template": True})
    assert response.status_code == 200 and response.json["is_template"] is True
    return form_id


@pytest.fixture
def fork(county, template_id) -> dict:
    response = county.post(f"/forms/api/templates/{template_id}/fork")
    assert response.status_code == 201, response.json
    return response.json


def test_a_county_sees_the_templates_that_apply_to_it(county, template_id):
    (row,) = county.get("/forms/api/templates").json
    assert row["template"]["id"] == template_id and row["variant"] is None
    assert row["owner"] == {"zh_CN": "浙江省", "en": "Zhejiang Province"}


def test_adopting_is_recorded_with_who_and_when(county, template_id):
    response = county.post(f"/forms/api/templates/{template_id}/adopt")
    assert response.status_code == 200
    assert response.json["mode"] == "adopted" and response.json["adopted_at"]
    page = county.get("/forms/templates").get_data(as_text=True)
    assert f"Adopted by {COUNTY_ADMIN}" in page


def test_an_adopted_template_serves_its_next_version_at_once(web, province, county, template_id):
    # Given Shangcheng adopted the template and its enterprise filed version 1
    county.post(f"/forms/api/templates/{template_id}/adopt")
    assert file(web, "qiantang").json["version"] == 1
    # When the province publishes version 2, which asks for the permit number
    publish(province, template_id, with_fields(PERMIT))
    # Then the county's next submission is checked against version 2
    assert set(file(web, "qiantang").json["errors"]) == {"permit_number"}
    filed = file(web, "qiantang", {**ANSWERS, "permit_number": "P-1"})
    assert (filed.status_code, filed.json["version"]) == (201, 2)
    resolved = resolve(county).json
    assert (resolved["form_id"], resolved["version"], resolved["variant"]) == (
        template_id,
        2,
        "adopted",
    )
    assert resolved["owner_name"]["zh_CN"] == "浙江省"


def test_a_fork_starts_as_a_draft_copy_of_the_template(fork, template_id):
    assert fork["draft"] == ENTERPRISE_REQUEST_DEFINITION and fork["versions"] == []
    assert (fork["template_form_id"], fork["forked_from_version"]) == (template_id, 1)
    assert fork["org_path"] == "33/3301/330102"


def test_until_the_fork_is_published_its_enterprises_file_the_template(
    web, county, fork, template_id
):
    assert file(web, "qiantang").status_code == 201
    assert resolve(county).json["form_id"] == template_id
    assert resolve(county).json["variant"] == "template"


def test_a_published_fork_is_what_the_county_files_and_other_counties_keep_the_template(
    web, province, county, fork, template_id
):
    publish(county, fork["id"], with_fields(PERMIT))
    assert set(file(web, "qiantang").json["errors"]) == {"permit_number"}
    assert file(web, "qiantang", {**ANSWERS, "permit_number": "P-1"}).status_code == 201
    assert file(web, "xixi").status_code == 201
    resolved = resolve(county).json
    assert (resolved["form_id"], resolved["variant"], resolved["version"]) == (
        fork["id"],
        "forked",
        1,
    )
    assert resolved["owner_name"] == {"zh_CN": "上城区", "en": "Shangcheng District"}
    assert resolve(province, "33/3301/330106").json["form_id"] == template_id


def test_the_fork_shows_the_template_changes_since_it_was_forked(
    province, county, fork, template_id
):
    publish(province, template_id, with_fields(SITE, required_subject=False))
    changes = county.get(f"/forms/api/forms/{fork['id']}/template-changes").json
    assert (changes["forked_from_version"], changes["template_version"]) == (1, 2)
    assert [(c["kind"], c["path"], c["merged"]) for c in changes["changes"]] == [
        ("changed", "subject", False),
        ("added", "site_address", False),
    ]


def test_merging_a_chosen_field_then_publishing_serves_it_to_the_county_only(
    web, province, county, fork, template_id
):
    # Given the county's own fork asks for the permit number, and the template adds a site
    publish(county, fork["id"], with_fields(PERMIT))
    publish(province, template_id, with_fields(SITE, required_subject=False))
    # When the county merges the new field only, and publishes
    merged = county.post(
        f"/forms/api/forms/{fork['id']}/template-changes/merge", json={"field": "site_address"}
    )
    assert merged.status_code == 200 and merged.json["merged_template_version"] == 2
    names = [f["name"] for f in merged.json["draft"]["fields"]]
    assert names[-2:] == ["site_address", "permit_number"]  # where the template has it
    assert merged.json["draft"]["fields"][0]["required"] is True  # not merged
    publish(county, fork["id"], merged.json["draft"])
    # Then its enterprise files the fork's version 2; Xihu's files the template's version 2
    filed = file(
        web, "qiantang", {**ANSWERS, "permit_number": "P-1", "site_address": "钱塘路 1 号"}
    )
    assert (filed.status_code, filed.json["version"], filed.json["data"]["site_address"]) == (
        201,
        2,
        "钱塘路 1 号",
    )
    assert file(web, "xixi", {**ANSWERS, "subject": ""}).json["version"] == 2
    changes = county.get(f"/forms/api/forms/{fork['id']}/template-changes").json["changes"]
    assert [(c["path"], c["merged"]) for c in changes] == [
        ("subject", False),
        ("site_address", True),
    ]


def test_going_back_to_the_template_archives_the_fork_and_keeps_its_submissions(
    web, county, fork, template_id
):
    publish(county, fork["id"], with_fields(PERMIT))
    filed = file(web, "qiantang", {**ANSWERS, "permit_number": "P-1"}).json
    response = county.post(f"/forms/api/templates/{template_id}/adopt")
    assert response.status_code == 200 and response.json["form_id"] is None
    assert file(web, "qiantang").status_code == 201  # the template has no permit number
    archived = county.get(f"/forms/api/forms/{fork['id']}").json
    assert archived["archived_at"] is not None
    assert county.get(f"/forms/api/forms/{fork['id']}/versions/1").status_code == 200
    assert (
        county.get(f"/forms/api/submissions/{filed['id']}").json["data"]["permit_number"] == "P-1"
    )
    assert resolve(county).json["variant"] == "adopted"


def test_a_county_may_fork_again_after_going_back_to_the_template(county, fork, template_id):
    county.post(f"/forms/api/templates/{template_id}/adopt")
    again = county.post(f"/forms/api/templates/{template_id}/fork")
    assert again.status_code == 201 and again.json["id"] != fork["id"]


# Pages --------------------------------------------------------------------------------------


def test_the_variant_page_merges_a_field_with_its_button(web, province, county, fork, template_id):
    publish(province, template_id, with_fields(SITE))
    page = web("shangcheng", language="zh_CN").get(f"/forms/{fork['id']}/variant")
    text = page.get_data(as_text=True)
    assert "模板自第 1 版以来的改动" in text and "厂址" in text and "新增" in text
    response = county.post(f"/forms/{fork['id']}/variant/merge", data={"field": "site_address"})
    assert response.status_code == 302
    assert "In your draft" in county.get(f"/forms/{fork['id']}/variant").get_data(as_text=True)


def test_the_templates_page_forks_with_its_button(county, template_id):
    response = county.post(f"/forms/templates/{template_id}/fork")
    assert response.status_code == 302 and response.location.endswith("/edit")
    page = county.get("/forms/templates").get_data(as_text=True)
    assert f"Forked by {COUNTY_ADMIN}" in page and "Your variant" in page


# Bad input ----------------------------------------------------------------------------------


def forms_of(client) -> list:
    return client.get("/forms/api/forms").json


def test_forking_twice_is_refused_and_makes_no_second_form(web, county, fork, template_id):
    before = forms_of(county)
    for language, message in (
        ("en", "Your unit already has its own form “Enterprise request”"),
        ("zh_CN", "本单位已有自己的“企业诉求”表单"),
    ):
        response = web("shangcheng", language=language).post(
            f"/forms/api/templates/{template_id}/fork"
        )
        assert response.status_code == 409
        assert message in response.json["errors"]["template"][0]
    assert forms_of(county) == before


def test_adopting_a_form_that_is_not_a_template_is_refused(web, county, province):
    form_id = request_form(province)["id"]
    response = web("shangcheng", language="zh_CN").post(f"/forms/api/templates/{form_id}/adopt")
    assert response.status_code == 409
    assert response.json["errors"] == {"template": ["表单“企业诉求”不是模板，不能采用或派生。"]}
    assert county.get("/forms/api/templates").json == []


def test_merging_a_field_the_template_did_not_change_is_refused(
    web, county, province, fork, template_id
):
    publish(province, template_id, with_fields(SITE))
    for language, message in (
        ("en", "The field “contact_phone” is not among the template's changes since the fork."),
        ("zh_CN", "字段“contact_phone”不在模板自派生以来的改动中。"),
    ):
        response = web("shangcheng", language=language).post(
            f"/forms/api/forms/{fork['id']}/template-changes/merge", json={"field": "contact_phone"}
        )
        assert response.status_code == 422
        assert response.json["errors"] == {"field": [message]}
    assert (
        county.get(f"/forms/api/forms/{fork['id']}").json["draft"] == ENTERPRISE_REQUEST_DEFINITION
    )


def test_merging_a_change_twice_is_refused(county, province, fork, template_id):
    publish(province, template_id, with_fields(SITE))
    url = f"/forms/api/forms/{fork['id']}/template-changes/merge"
    assert county.post(url, json={"field": "site_address"}).status_code == 200
    again = county.post(url, json={"field": "site_address"})
    assert again.status_code == 409
    assert again.json["errors"] == {
        "field": ["The template's change to the field “Site address” is already in the draft."]
    }


def test_another_county_cannot_see_or_merge_into_a_county_variant(web, province, fork, template_id):
    publish(province, template_id, with_fields(SITE))
    xihu = web("xihu")
    assert xihu.get(f"/forms/api/forms/{fork['id']}/template-changes").status_code == 404
    merge = xihu.post(
        f"/forms/api/forms/{fork['id']}/template-changes/merge", json={"field": "site_address"}
    )
    assert merge.status_code == 404
    assert xihu.get(f"/forms/{fork['id']}/variant").status_code == 404
    assert (
        xihu.post(f"/forms/{fork['id']}/variant/merge", data={"field": "site_address"}).status_code
        == 404
    )
    assert (
        web("shangcheng").get(f"/forms/api/forms/{fork['id']}").json["draft"]
        == ENTERPRISE_REQUEST_DEFINITION
    )


def test_a_county_cannot_ask_which_form_another_county_gets(county):
    assert resolve(county, "33/3301/330106").status_code == 404


def test_a_malformed_org_path_is_refused_naming_it(province):
    response = resolve(province, "33/../x")
    assert response.status_code == 422
    assert "org_path" in response.json["errors"]["query"]


def test_a_county_form_cannot_be_made_a_template(web, fork):
    city = web("hangzhou", language="zh_CN")
    response = city.put(f"/forms/api/forms/{fork['id']}/template", json={"is_template": True})
    assert response.status_code == 409
    assert response.json["errors"] == {"is_template": ["只有省级或市级单位的表单可以设为模板。"]}
    assert web("shangcheng").get(f"/forms/api/forms/{fork['id']}").json["is_template"] is False


def test_a_county_administrator_cannot_make_a_template(county, province):
    form_id = request_form(province)["id"]
    response = county.put(f"/forms/api/forms/{form_id}/template", json={"is_template": True})
    assert response.status_code == 403
