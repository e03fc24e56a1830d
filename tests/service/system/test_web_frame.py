"""What every service shares: OpenAPI, headers, friendly errors, languages, sign-out."""

import pytest

from shared.config import SERVICES


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_publishes_its_openapi_document_under_its_prefix(web, name):
    response = web().get(f"/{name}/api/openapi.json")
    assert response.status_code == 200
    assert response.json["openapi"].startswith("3.1")
    assert response.json["paths"]
    assert all(path.startswith(f"/{name}/api/") for path in response.json["paths"])


def test_pages_carry_security_headers(web):
    response = web().get("/login")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_unknown_page_gets_a_friendly_page_in_chinese_by_default(web):
    client = web("qingyuan", language="zh-CN")
    response = client.get("/workflow/tickets/no-such-ticket", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert "未找到" in response.get_data(as_text=True)
    assert response.mimetype == "text/html"


def test_api_without_sign_in_answers_401_json_and_pages_redirect_to_sign_in(web):
    client = web()
    assert client.get("/workflow/api/tickets").status_code == 401
    page = client.get("/workflow/tickets")
    assert page.status_code == 302
    assert page.headers["Location"].startswith("/login?next=")


def test_language_switch_is_remembered(web):
    client = web()
    assert "Sign in to Qinqing" in client.get("/login?lang=en").get_data(as_text=True)
    assert "Sign in to Qinqing" in client.get(
        "/login", headers={"Accept-Language": "zh-CN"}
    ).get_data(as_text=True)


def test_signing_out_ends_the_session_for_every_service(web):
    client = web("liaison")
    assert client.get("/notify/api/inbox").status_code == 200
    client.post("/logout")
    assert client.get("/notify/api/inbox").status_code == 401


def test_wrong_password_is_refused_naming_the_password_field(web):
    client = web(language="zh-CN")
    response = client.post("/login", data={"username": "liaison", "password": "wrong"})
    assert response.status_code == 401
    assert "用户名或密码不正确" in response.get_data(as_text=True)


def test_api_token_acts_as_its_person_without_a_session(web, seeded):
    token = web("shangcheng").post("/directory/api/tokens", json={"name": "sync"}).json["token"]
    machine = web()
    response = machine.get("/workflow/api/tickets", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    forged = machine.get("/workflow/api/tickets", headers={"Authorization": f"Bearer {token}x"})
    assert forged.status_code == 401


def test_start_page_is_the_sign_in_form_and_signs_in(web):
    client = web()
    page = client.get("/")
    assert page.status_code == 200
    assert 'action="/login"' in page.get_data(as_text=True)
    response = client.post("/login", data={"username": "liaison", "password": "qinqing-demo"})
    assert response.status_code == 302
    assert client.get("/").headers["Location"] == "/workflow/tickets"


def test_sign_in_returns_to_the_page_asked_for_but_never_off_site(web):
    client = web()
    back = client.post(
        "/login?next=/notify/inbox", data={"username": "liaison", "password": "qinqing-demo"}
    )
    assert back.headers["Location"] == "/notify/inbox"
    other = web()
    off_site = other.post(
        "/login?next=//evil.example/", data={"username": "liaison", "password": "qinqing-demo"}
    )
    assert off_site.headers["Location"] == "/workflow/tickets"
