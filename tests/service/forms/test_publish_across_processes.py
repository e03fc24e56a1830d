"""Every forms process files against a new version as soon as it is published, though
each remembers the versions it has looked up: here a second forms app on the same
databases (its own runtime and cache) stands for another process or replica."""

import pytest

from services.forms.app import create_app
from tests.service.forms.test_county_override import (
    ANSWERS,
    COUNTY_FORK,
    assert_refused_for_the_permit_number,
    publish_county_fork,
)


@pytest.fixture
def replica(seeded, web):
    """The enterprise user of Shangcheng, filing through another forms process."""
    app = create_app(seeded.settings)
    yield web("qiantang").on(app)
    app.extensions["qinqing"].engine.dispose()


def file(client, answers=ANSWERS):
    body = {"form": "enterprise-request", "answers": answers}
    return client.post("/forms/api/submissions", json=body)


def test_a_county_fork_published_elsewhere_applies_to_the_next_submission(web, replica):
    assert file(replica).json["version"] == 1  # the replica now remembers the province's
    publish_county_fork(web)
    assert_refused_for_the_permit_number(file(replica))
    accepted = file(replica, {**ANSWERS, "permit_number": "91330102QQ0000012F001P"})
    assert accepted.status_code == 201


def test_a_new_version_published_elsewhere_is_pinned_by_the_next_submission(web, replica):
    assert file(replica).json["version"] == 1
    province = web("province")
    form = next(
        f for f in province.get("/forms/api/forms").json if f["key"] == "enterprise-request"
    )
    changed = {**form["draft"], "title": {"zh_CN": "企业诉求（第二版）", "en": "Request, v2"}}
    province.put(f"/forms/api/forms/{form['id']}/draft", json={"definition": changed})
    assert province.post(f"/forms/api/forms/{form['id']}/publish").status_code == 201
    assert file(replica).json["version"] == 2


def test_a_form_republished_during_every_attempt_is_refused_naming_the_form(
    web, seeded, monkeypatch
):
    from services.forms.adapters.repository import SqlFormRepository

    monkeypatch.setattr(SqlFormRepository, "add_submission", lambda *_args: False)
    enterprise = web("qiantang", language="zh_CN")
    response = file(enterprise)
    assert response.status_code == 409
    changing = "表单“enterprise-request”正在更新，请稍后重新提交。"
    assert response.json["errors"] == {"form": [changing]}


def fork_template(web) -> tuple[str, str]:
    """The province makes its request form a template and Shangcheng forks it: the ids of
    the template and the fork."""
    province = web("province")
    template = next(
        f for f in province.get("/forms/api/forms").json if f["key"] == "enterprise-request"
    )
    province.put(f"/forms/api/forms/{template['id']}/template", json={"is_template": True})
    fork = web("shangcheng").post(f"/forms/api/templates/{template['id']}/fork").json
    return template["id"], fork["id"]


def test_a_county_fork_published_elsewhere_is_served_at_once(web, replica):
    assert file(replica).json["version"] == 1  # the replica now remembers the template's
    _template_id, fork_id = fork_template(web)
    county = web("shangcheng")
    draft = {**COUNTY_FORK, "key": "enterprise-request"}
    county.put(f"/forms/api/forms/{fork_id}/draft", json={"definition": draft})
    assert county.post(f"/forms/api/forms/{fork_id}/publish").status_code == 201
    assert_refused_for_the_permit_number(file(replica))


def test_a_fork_given_up_elsewhere_stops_being_served_at_once(web, replica):
    template_id, fork_id = fork_template(web)
    county = web("shangcheng")
    county.put(f"/forms/api/forms/{fork_id}/draft", json={"definition": COUNTY_FORK})
    county.post(f"/forms/api/forms/{fork_id}/publish")
    assert_refused_for_the_permit_number(file(replica))  # the replica remembers the fork
    assert county.post(f"/forms/api/templates/{template_id}/adopt").status_code == 200
    assert file(replica).status_code == 201  # the template, which has no permit number
