"""State-changing requests made with the session cookie need the CSRF token."""

import re

import pytest


@pytest.fixture
def csrf_world(world, submit):
    submit("ent-b", "sub-1")
    world.app.config["WTF_CSRF_ENABLED"] = True
    return world


def test_page_action_without_csrf_token_is_refused_and_changes_nothing(csrf_world):
    ticket_id = csrf_world.ticket_of("sub-1").id

    response = csrf_world.client("staff").post(f"/workflow/tickets/{ticket_id}/accept")

    assert response.status_code == 400
    assert csrf_world.ticket_of("sub-1").status == "assigned"


def test_api_post_without_csrf_token_is_refused_and_stores_nothing(csrf_world):
    body = {"enterprise_id": "ent-a", "liaison_person_id": "p-liaison", "year": 2026}

    response = csrf_world.client("shangcheng").post("/workflow/api/pairings", json=body)

    assert response.status_code == 400
    assert "csrf_token" in response.get_json()["errors"]
    assert csrf_world.count("pairings") == 0


def test_page_action_with_the_pages_csrf_token_is_carried_out(csrf_world):
    ticket_id = csrf_world.ticket_of("sub-1").id
    client = csrf_world.client("staff")
    html = client.get(f"/workflow/tickets/{ticket_id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    response = client.post(f"/workflow/tickets/{ticket_id}/accept", data={"csrf_token": token})

    assert response.status_code == 302
    assert csrf_world.ticket_of("sub-1").status == "accepted"
