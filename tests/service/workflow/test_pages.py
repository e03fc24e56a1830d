"""The pages: the inbox with its tabs and badges, a ticket's detail with the actions open
to the viewer, and an enterprise user's own matters."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text


@pytest.fixture
def tickets(world, pair, submit):
    """ent-a's ticket with the liaison, ent-b's with Shangcheng's office."""
    pair("ent-a", "liaison")
    submit("ent-a", "sub-a")
    submit("ent-b", "sub-b")
    return {"a": world.ticket_of("sub-a").id, "b": world.ticket_of("sub-b").id}


def page(world, username: str, url: str) -> str:
    response = world.client(username).get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def rows(html: str) -> list[str]:
    return re.findall(r'data-testid="ticket-row"[^>]*data-number="([^"]+)"', html)


def set_due_at(world, ticket_id: str, due_at: datetime) -> None:
    with world.runtime.engine.begin() as conn:
        conn.execute(
            text("UPDATE tickets SET due_at = :due WHERE id = :id"),
            {"due": due_at, "id": ticket_id},
        )


def test_liaison_to_do_lists_the_ticket_with_status_badge(world, tickets):
    html = page(world, "liaison", "/workflow/tickets")

    assert rows(html) == ["330102-20261127-0001"]
    assert 'data-testid="status-badge" data-status="assigned"' in html
    assert "杭州清源环保科技有限公司" in html
    assert 'data-testid="queue-area"' not in html


def test_administrator_has_an_area_tab_with_every_ticket_of_the_county(world, tickets):
    to_do = page(world, "shangcheng", "/workflow/tickets")
    area = page(world, "shangcheng", "/workflow/tickets?queue=area")

    assert rows(to_do) == [] and 'data-testid="no-tickets"' in to_do
    assert sorted(rows(area)) == ["330102-20261127-0001", "330102-20261127-0002"]


def test_department_staff_to_do_holds_their_departments_tickets(world, tickets):
    assert rows(page(world, "staff", "/workflow/tickets")) == ["330102-20261127-0002"]


def test_ticket_the_enterprise_confirmed_leaves_the_to_do_list(world, tickets):
    client = world.client("staff")
    client.post(f"/workflow/tickets/{tickets['b']}/accept")
    client.post(f"/workflow/tickets/{tickets['b']}/resolve", data={"note": "Done"})
    confirm = {"rating": 5, "comment": "Thank you"}
    world.client("user-b").post(f"/workflow/api/tickets/{tickets['b']}/confirm", json=confirm)

    assert rows(page(world, "staff", "/workflow/tickets")) == []


def test_past_deadline_shows_overdue_badge(world, tickets):
    set_due_at(world, tickets["a"], datetime.now(UTC) - timedelta(hours=1))

    html = page(world, "liaison", "/workflow/tickets")

    assert 'data-testid="deadline-badge" data-deadline="overdue"' in html


def test_near_deadline_shows_due_soon_badge(world, tickets):
    set_due_at(world, tickets["a"], datetime.now(UTC) + timedelta(hours=20))

    html = page(world, "liaison", f"/workflow/tickets/{tickets['a']}")

    assert 'data-deadline="due_soon"' in html


def test_far_deadline_shows_no_badge(world, tickets):
    set_due_at(world, tickets["a"], datetime.now(UTC) + timedelta(days=9))

    assert 'data-testid="deadline-badge"' not in page(world, "liaison", "/workflow/tickets")


def test_detail_shows_title_history_and_only_the_allowed_action(world, tickets):
    html = page(world, "liaison", f"/workflow/tickets/{tickets['a']}")

    assert "Help with the discharge permit renewal" in html
    assert html.count('data-testid="history-row"') == 1
    assert 'data-testid="action-accept"' in html
    assert 'data-testid="action-resolve"' not in html and 'data-testid="action-close"' not in html


def test_enterprise_user_sees_its_ticket_with_only_the_enterprises_actions(world, tickets):
    html = page(world, "user-a", f"/workflow/tickets/{tickets['a']}")

    assert 'data-testid="ticket-number"' in html
    offered = set(re.findall(r'data-testid="action-([a-z-]+)"', html))
    assert offered == {"urge", "comment", "cancel"}


def test_accepting_from_the_page_records_history_and_shows_resolve(world, tickets):
    response = world.client("liaison").post(f"/workflow/tickets/{tickets['a']}/accept")

    html = page(world, "liaison", f"/workflow/tickets/{tickets['a']}")
    assert response.status_code == 302
    assert html.count('data-testid="status-badge"') == 1
    assert 'data-testid="status-badge" data-status="accepted"' in html
    assert html.count('data-testid="history-row"') == 2
    assert 'data-testid="action-resolve"' in html and 'data-testid="action-accept"' not in html


def test_resolving_from_the_page_without_a_note_shows_the_error_beside_it(world, tickets):
    client = world.client("liaison")
    client.post(f"/workflow/tickets/{tickets['a']}/accept")

    response = client.post(f"/workflow/tickets/{tickets['a']}/resolve", data={"note": " "})

    assert response.status_code == 422
    assert 'data-field="note"' in response.get_data(as_text=True)
    assert world.ticket_of("sub-a").status == "accepted"


def test_illegal_action_from_the_page_answers_409(world, tickets):
    response = world.client("shangcheng").post(f"/workflow/tickets/{tickets['a']}/close")

    assert response.status_code == 409
    assert "A ticket that is assigned cannot be closed." in response.get_data(as_text=True)


def test_unknown_action_answers_404(world, tickets):
    response = world.client("liaison").post(f"/workflow/tickets/{tickets['a']}/delete")

    assert response.status_code == 404


def test_my_matters_lists_only_the_enterprises_own_tickets(world, tickets):
    html = page(world, "user-a", "/workflow/my")

    assert rows(html) == ["330102-20261127-0001"]
    assert 'data-status="assigned"' in html


def test_enterprise_user_is_sent_from_the_inbox_to_their_matters(world, tickets):
    response = world.client("user-b").get("/workflow/tickets")

    assert (response.status_code, response.headers["Location"]) == (302, "/workflow/my")


def test_staff_have_no_my_matters_page(world, tickets):
    assert world.client("liaison").get("/workflow/my").status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(world):
    response = world.client().get("/workflow/tickets")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
