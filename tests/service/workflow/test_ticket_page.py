"""The ticket page: it offers exactly the actions the viewer may take now, each with the
form its body needs, runs them through the same handler as the API, and answers a
refusal on the page (422 by the field, 409 when the ticket changed meanwhile), changing
nothing then; internal rows stay hidden from the enterprise."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from tests.service.workflow.conftest import SHANGHAI


@pytest.fixture
def ticket(world, submit):
    """ent-b's ticket, assigned to Shangcheng's office (its staff: "staff")."""
    submit("ent-b", "sub-b")
    return world.ticket_of("sub-b").id


def html_of(world, username: str, ticket_id: str, lang: str = "en") -> str:
    response = world.client(username, lang=lang).get(f"/workflow/tickets/{ticket_id}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def offered(html: str) -> set[str]:
    return set(re.findall(r'data-testid="action-([a-z-]+)"', html))


def api_actions(world, username: str, ticket_id: str) -> set[str]:
    return set(world.client(username).get(f"/workflow/api/tickets/{ticket_id}").json["actions"])


def post(world, username: str, ticket_id: str, action: str, lang: str = "en", **form):
    if "version" not in form:
        form["version"] = state(world, ticket_id)["version"]
    client = world.client(username, lang=lang)
    return client.post(f"/workflow/tickets/{ticket_id}/{action}", data=form)


def state(world, ticket_id: str) -> dict:
    with world.runtime.uow() as uow:
        t = uow.workflow.ticket(ticket_id)
        return {
            "status": t.status,
            "version": t.version,
            "history": len(t.history),
            "unit": t.assignee_org_unit_id,
            "person": t.assignee_person_id,
            "rating": t.rating,
            "parts": len(t.parts),
        }


@pytest.mark.parametrize("username", ["staff", "shangcheng", "hangzhou", "province", "user-b"])
def test_the_page_offers_exactly_the_actions_the_api_allows(world, ticket, username):
    assert offered(html_of(world, username, ticket)) == api_actions(world, username, ticket)


def test_each_role_sees_its_own_actions_on_an_assigned_ticket(world, ticket):
    staff = offered(html_of(world, "staff", ticket))
    enterprise = offered(html_of(world, "user-b", ticket))

    assert {"accept", "transfer", "comment"} <= staff
    assert not {"urge", "confirm", "cancel", "supervise"} & staff
    assert enterprise == {"urge", "comment", "cancel"}


def test_a_resolved_ticket_offers_the_enterprise_confirm_and_refuse(world, ticket):
    post(world, "staff", ticket, "accept")
    post(world, "staff", ticket, "resolve", note="Permit renewed.")

    assert offered(html_of(world, "user-b", ticket)) == {"confirm", "refuse", "comment"}
    assert "confirm" not in offered(html_of(world, "staff", ticket))


def test_transfer_offers_the_units_of_the_holders_bureau_by_name(world, ticket):
    html = html_of(world, "staff", ticket)
    select = re.search(r'<select id="transfer-unit".*?</select>', html, re.S).group(0)

    assert "Unit 330102-eia" in select and ">Unit 330102<" in select
    assert "330102-office" not in select and "330106" not in select
    assert 'data-unit="330102-eia"' in html and "Name of eia-staff" in html


def test_transfer_from_the_page_moves_the_ticket_to_the_other_departments_to_do(world, ticket):
    post(world, "staff", ticket, "accept")

    response = post(world, "staff", ticket, "transfer", org_unit_id="330102-eia", note="EIA's")

    assert response.status_code == 302
    assert state(world, ticket)["unit"] == "330102-eia"
    todo = world.client("eia-staff").get("/workflow/api/tickets?queue=todo").json
    assert [t["id"] for t in todo] == [ticket]
    assert 'data-testid="holder-unit">Unit 330102-eia<' in html_of(world, "eia-staff", ticket)


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "note: a note is required to transfer a ticket."),
        ("zh-CN", "note：转办工单须填写说明。"),
    ],
)
def test_a_transfer_without_a_note_shows_the_message_by_the_note_and_changes_nothing(
    world, ticket, lang, message
):
    before = state(world, ticket)

    response = post(world, "staff", ticket, "transfer", lang, org_unit_id="330102-eia", note="")

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'data-testid="action-transfer" open', html)
    assert f'data-field="note">{message}' in html
    assert state(world, ticket) == before


def test_a_stale_page_gets_the_409_message_on_the_page_and_changes_nothing(world, ticket):
    stale = state(world, ticket)["version"]
    post(world, "staff", ticket, "accept")
    before = state(world, ticket)

    response = post(world, "staff", ticket, "comment", version=stale, body="Seen it")

    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert 'data-testid="problem"' in html
    assert "The ticket changed while you were looking at it" in html
    assert state(world, ticket) == before


def test_a_stale_page_in_chinese(world, ticket):
    stale = state(world, ticket)["version"]
    post(world, "staff", ticket, "accept")

    response = post(world, "staff", ticket, "accept", "zh-CN", version=stale)

    assert response.status_code == 409
    assert "工单已被他人更新，请刷新后重试。" in response.get_data(as_text=True)


def test_every_form_carries_the_version_the_page_showed(world, ticket):
    html = html_of(world, "staff", ticket)
    version = state(world, ticket)["version"]

    forms = html.count('action="/workflow/tickets/')
    assert forms >= 3
    assert html.count(f'name="version" value="{version}"') == forms


def test_an_action_not_the_viewers_is_refused_with_403_on_the_page(world, ticket):
    response = post(world, "user-b", ticket, "accept")

    assert response.status_code == 403
    assert 'data-testid="problem"' in response.get_data(as_text=True)
    assert state(world, ticket)["status"] == "assigned"


def test_the_enterprise_confirms_with_a_rating_and_the_page_shows_it(world, ticket):
    post(world, "staff", ticket, "accept")
    post(world, "staff", ticket, "resolve", note="Permit renewed.")

    response = post(world, "user-b", ticket, "confirm", rating="4", comment="Quick, thanks")

    html = html_of(world, "user-b", ticket)
    assert response.status_code == 302
    assert state(world, ticket)["status"] == "closed"
    assert 'data-testid="ticket-rating" data-rating="4"' in html and "★★★★☆" in html
    assert "Quick, thanks" in html


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "comment: a rating of 1 or 2 needs a comment saying what is still wrong."),
        ("zh-CN", "comment：评分为 1 或 2 时须填写意见，说明仍存在的问题。"),
    ],
)
def test_a_low_rating_without_a_comment_is_refused_by_the_comment(world, ticket, lang, message):
    post(world, "staff", ticket, "accept")
    post(world, "staff", ticket, "resolve", note="Permit renewed.")
    before = state(world, ticket)

    response = post(world, "user-b", ticket, "confirm", lang, rating="2", comment="")

    assert response.status_code == 422
    assert f'data-field="comment">{message}' in response.get_data(as_text=True)
    assert state(world, ticket) == before


def test_the_enterprise_answers_a_request_for_information(world, ticket):
    post(world, "staff", ticket, "accept")
    post(world, "staff", ticket, "request-info", note="Send the site plan.")
    assert offered(html_of(world, "user-b", ticket)) >= {"respond"}

    response = post(world, "user-b", ticket, "respond", body="Plan attached to the request.")

    assert response.status_code == 302 and state(world, ticket)["status"] == "accepted"
    assert "Plan attached to the request." in html_of(world, "staff", ticket)


def test_an_internal_comment_is_marked_for_staff_and_hidden_from_the_enterprise(world, ticket):
    post(world, "staff", ticket, "comment", body="Check last year's file", internal="true")
    post(world, "user-b", ticket, "comment", body="Any news?")

    staff = html_of(world, "staff", ticket)
    enterprise = html_of(world, "user-b", ticket)
    assert "Check last year&#39;s file" in staff and 'data-testid="internal-badge"' in staff
    assert "Any news?" in staff and "Any news?" in enterprise
    assert "last year" not in enterprise and "data-internal" not in enterprise
    assert 'data-testid="comment-internal"' in staff
    assert 'data-testid="comment-internal"' not in enterprise


def test_hand_overs_are_internal_rows_the_enterprise_does_not_see(world, ticket):
    post(world, "staff", ticket, "transfer", org_unit_id="330102-eia", note="For EIA")

    staff = html_of(world, "staff", ticket)
    enterprise = html_of(world, "user-b", ticket)
    assert 'data-action="transfer" data-internal' in staff and "For EIA" in staff
    assert 'data-action="transfer"' not in enterprise and "For EIA" not in enterprise


def test_co_handling_from_the_page_lists_each_part_with_its_status(world, ticket):
    post(world, "staff", ticket, "accept")

    response = post(
        world, "staff", ticket, "cohandle", mode="all", org_unit_ids="330102-eia", note="Help"
    )

    html = html_of(world, "staff", ticket)
    assert response.status_code == 302 and state(world, ticket)["parts"] == 1
    assert 'data-testid="part" data-unit="330102-eia" data-status="invited"' in html
    assert "accept-part" in offered(html_of(world, "eia-staff", ticket))
    assert "resolve" not in offered(html)


def test_co_handling_without_units_is_refused_by_the_units(world, ticket):
    post(world, "staff", ticket, "accept")
    before = state(world, ticket)

    response = post(world, "staff", ticket, "cohandle", mode="all", note="Help")

    assert response.status_code == 422
    assert 'data-field="org_unit_ids"' in response.get_data(as_text=True)
    assert state(world, ticket) == before


def test_a_suspended_ticket_shows_the_date_it_resumes(world, ticket):
    post(world, "staff", ticket, "accept")
    resume_on = (datetime.now(SHANGHAI).date() + timedelta(days=10)).isoformat()

    response = post(world, "staff", ticket, "suspend", note="Waiting for lab", resume_on=resume_on)

    html = html_of(world, "staff", ticket)
    assert response.status_code == 302
    assert f"Suspended until {resume_on}" in html
    assert "resume" in offered(html)


def test_a_suspension_without_a_date_is_refused_by_the_date(world, ticket):
    post(world, "staff", ticket, "accept")

    response = post(world, "staff", ticket, "suspend", note="Waiting", resume_on="")

    assert response.status_code == 422
    assert 'data-field="resume_on"' in response.get_data(as_text=True)


def test_the_timeline_names_the_people_and_says_what_happened(world, ticket):
    post(world, "staff", ticket, "accept")

    html = html_of(world, "staff", ticket, "zh-CN")

    rows = re.findall(r'data-testid="history-row" data-action="([a-z-]+)"', html)
    assert rows == ["open", "accept"]
    assert "Name of staff" in html and "Name of user-b" in html
