"""A county's own form of a key replaces the province's form for its enterprises, once
the county has published it."""

from services.forms.domain.definition import ENTERPRISE_REQUEST_DEFINITION

COUNTY_FORK = {
    **ENTERPRISE_REQUEST_DEFINITION,
    "fields": [
        *ENTERPRISE_REQUEST_DEFINITION["fields"],
        {
            "name": "permit_number",
            "type": "text",
            "required": True,
            "label": {"zh_CN": "排污许可证编号", "en": "Discharge permit number"},
        },
    ],
}
ANSWERS = {
    "subject": "排污许可证延续",
    "category": "permit",
    "details": "请指导办理。",
    "contact_person": "刘主任",
    "contact_phone": "13812345678",
}


def file(web, answers):
    return web("qiantang").post(
        "/forms/api/submissions", json={"form": "enterprise-request", "answers": answers}
    )


def publish_county_fork(web):
    admin = web("shangcheng")
    fork = admin.post("/forms/api/forms", json={"definition": COUNTY_FORK}).json
    assert admin.post(f"/forms/api/forms/{fork['id']}/publish").status_code == 201


def assert_refused_for_the_permit_number(response):
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"permit_number"}


def test_a_county_draft_does_not_hide_the_province_form(web, seeded):
    web("shangcheng").post("/forms/api/forms", json={"definition": COUNTY_FORK})
    response = file(web, ANSWERS)
    assert response.status_code == 201
    assert response.json["version"] == 1


def test_the_published_county_form_is_the_one_its_enterprises_file(web, seeded):
    publish_county_fork(web)
    assert_refused_for_the_permit_number(file(web, ANSWERS))
    accepted = file(web, {**ANSWERS, "permit_number": "91330102QQ0000012F001P"})
    assert accepted.status_code == 201


def test_enterprises_of_other_counties_keep_the_province_form(web, seeded):
    publish_county_fork(web)
    response = web("xixi").post(
        "/forms/api/submissions", json={"form": "enterprise-request", "answers": ANSWERS}
    )
    assert response.status_code == 201


def test_a_publish_applies_to_the_very_next_submission_after_earlier_ones(web, seeded):
    # The first submission makes forms remember the province's version for the county.
    assert file(web, ANSWERS).json["version"] == 1
    publish_county_fork(web)
    assert_refused_for_the_permit_number(file(web, ANSWERS))


def test_a_new_province_version_is_pinned_by_the_next_submission(web, seeded):
    assert file(web, ANSWERS).json["version"] == 1
    province = web("province")
    form = next(
        f for f in province.get("/forms/api/forms").json if f["key"] == "enterprise-request"
    )
    changed = {**form["draft"], "title": {"zh_CN": "企业诉求（第二版）", "en": "Request, v2"}}
    assert (
        province.put(
            f"/forms/api/forms/{form['id']}/draft", json={"definition": changed}
        ).status_code
        == 200
    )
    assert province.post(f"/forms/api/forms/{form['id']}/publish").status_code == 201
    assert file(web, ANSWERS).json["version"] == 2
