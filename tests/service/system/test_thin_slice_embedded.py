"""The thin slice in one process: every service behind the embedded dispatcher, LocalBus.

A county administrator publishes a form, enterprises file it, workflow opens and routes a
ticket, notify puts it in the assignee's inbox, reports counts it under the county.
"""

import pytest

SIMPLE_FORM = {
    "key": "dust-complaint",
    "title": {"zh_CN": "扬尘投诉", "en": "Dust complaint"},
    "fields": [
        {
            "name": "subject",
            "type": "text",
            "required": True,
            "label": {"zh_CN": "标题", "en": "Subject"},
        },
        {
            "name": "phone",
            "type": "phone",
            "required": True,
            "label": {"zh_CN": "联系电话", "en": "Phone"},
        },
    ],
}
GOOD_ANSWERS = {"subject": "工地夜间扬尘", "phone": "13812345678"}


def publish_county_form(web) -> str:
    admin = web("shangcheng")
    created = admin.post("/forms/api/forms", json={"definition": SIMPLE_FORM})
    assert created.status_code == 201, created.json
    published = admin.post(f"/forms/api/forms/{created.json['id']}/publish")
    assert published.status_code == 201, published.json
    return created.json["id"]


def file_request(web, seeded, username, form="dust-complaint", answers=GOOD_ANSWERS):
    response = web(username).post("/forms/api/submissions", json={"form": form, "answers": answers})
    assert response.status_code == 201, response.json
    seeded.drain()
    return response.json


def tickets_of(web, username):
    response = web(username).get("/workflow/api/tickets")
    assert response.status_code == 200, response.json
    return response.json


def test_paired_enterprise_request_reaches_liaison_inbox_and_county_report(web, seeded):
    # Given a county form published by the county administrator
    publish_county_form(web)
    # When the paired enterprise files it
    submission = file_request(web, seeded, "qingyuan")
    # Then one ticket is assigned to the liaison, in the liaison's inbox, counted in 330102
    tickets = [t for t in tickets_of(web, "liaison") if t["submission_id"] == submission["id"]]
    assert len(tickets) == 1 and tickets[0]["assignee_person_id"]
    inbox = web("liaison").get("/notify/api/inbox").json
    assert any(tickets[0]["number"] in item["title"] for item in inbox)
    rows = web("province").get("/reports/api/tickets-by-county").json
    shangcheng = next(row for row in rows if row["county_id"] == "330102")
    assert shangcheng["opened"] == 1


def test_unpaired_enterprise_request_goes_to_county_default_department(web, seeded):
    submission = file_request(
        web,
        seeded,
        "qiantang",
        form="enterprise-request",
        answers={
            "subject": "排污许可证延续",
            "category": "permit",
            "details": "请指导办理。",
            "contact_person": "刘主任",
            "contact_phone": "0571-87654321",
            "needs_visit": False,
        },
    )
    ticket = next(t for t in tickets_of(web, "staff") if t["submission_id"] == submission["id"])
    assert ticket["assignee_person_id"] is None
    assert ticket["assignee_org_unit_id"].startswith("330102-")
    assert len(web("staff").get("/notify/api/inbox").json) == 1
    assert web("liaison").get("/notify/api/inbox").json == []


def test_other_county_administrator_sees_none_of_the_ticket(web, seeded):
    publish_county_form(web)
    submission = file_request(web, seeded, "qingyuan")
    ticket = next(
        t for t in tickets_of(web, "shangcheng") if t["submission_id"] == submission["id"]
    )
    xihu = web("xihu")
    assert tickets_of(web, "xihu") == []
    assert xihu.get(f"/workflow/api/tickets/{ticket['id']}").status_code == 404
    assert xihu.get(f"/forms/api/submissions/{submission['id']}").status_code == 404


def test_enterprise_cannot_read_another_enterprises_submission_by_its_id(web, seeded):
    publish_county_form(web)
    submission = file_request(web, seeded, "qingyuan")
    other = web("qiantang")
    response = other.get(f"/forms/api/submissions/{submission['id']}")
    assert response.status_code == 404
    assert "工地" not in response.get_data(as_text=True)
    assert other.get(f"/forms/submissions/{submission['id']}").status_code == 404


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Phone: this answer is required."), ("zh-CN", "联系电话：必须填写。")],
)
def test_missing_required_answer_names_the_field_in_the_users_language_and_stores_nothing(
    web, seeded, language, expected
):
    publish_county_form(web)
    seeded.drain()
    client = web("qingyuan", language=language)
    response = client.post(
        "/forms/api/submissions", json={"form": "dust-complaint", "answers": {"subject": "扬尘"}}
    )
    assert response.status_code == 422
    assert response.json["errors"]["phone"] == [expected]
    assert client.get("/forms/api/submissions").json == []
    assert seeded.drain() == 0


def test_unknown_form_is_refused_naming_the_form_field(web, seeded):
    client = web("qingyuan")
    response = client.post("/forms/api/submissions", json={"form": "no-such-form", "answers": {}})
    assert response.status_code == 404
    assert "no-such-form" in response.json["errors"]["form"][0]
    assert client.get("/forms/api/submissions").json == []


def test_oversized_body_is_refused_with_413_and_stores_nothing(web, seeded):
    client = web("qingyuan")
    body = '{"form": "enterprise-request", "answers": {"details": "' + "x" * 2_200_000 + '"}}'
    response = client.post(
        "/forms/api/submissions", data=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert "body" in response.json["errors"]
    assert client.get("/forms/api/submissions").json == []


def test_forged_csrf_token_is_refused_and_stores_nothing(web, seeded):
    client = web("qingyuan")
    response = client.post(
        "/forms/api/submissions",
        csrf=False,
        headers={"X-CSRFToken": "forged"},
        json={"form": "enterprise-request", "answers": {}},
    )
    assert response.status_code == 400
    assert "csrf_token" in response.json["errors"]
    assert client.get("/forms/api/submissions").json == []


def test_malformed_credit_code_is_refused_naming_the_rule(web, seeded):
    admin = web("shangcheng", language="zh-CN")
    response = admin.post(
        "/directory/api/enterprises",
        json={
            "name": "杭州测试有限公司",
            "credit_code": "91330102QQ0000012X",
            "county_id": "330102",
        },
    )
    assert response.status_code == 422
    assert "校验码" in response.json["errors"]["credit_code"][0]
    assert len(admin.get("/directory/api/enterprises").json) == 2


def test_health_reports_every_service(web, seeded):
    response = web().get("/healthz")
    assert response.status_code == 200
    assert set(response.json["services"]) == {"directory", "forms", "workflow", "notify", "reports"}
