"""A ticket walks accept → resolve → confirm, each step by its holder (or an administrator
over it) and its enterprise, recorded in its history and announced; anything else is
refused. The other actions of the closed loop are in test_ticket_loop_*.py."""

import pytest


@pytest.fixture
def liaison_ticket(world, pair, submit) -> str:
    """ent-a's ticket, assigned to the liaison."""
    pair("ent-a", "liaison")
    submit("ent-a", "sub-1")
    return world.ticket_of("sub-1").id


@pytest.fixture
def office_ticket(world, submit) -> str:
    """ent-b's ticket, assigned to Shangcheng's default department."""
    submit("ent-b", "sub-2")
    return world.ticket_of("sub-2").id


def act(world, username: str, ticket_id: str, action: str, lang: str = "en", **body):
    client = world.client(username, lang=lang)
    return client.post(f"/workflow/api/tickets/{ticket_id}/{action}", json=body)


def walk(world, username: str, ticket_id: str, enterprise_user: str = "user-a") -> None:
    for action, body in (("accept", {}), ("resolve", {"note": "Permit renewed"})):
        assert act(world, username, ticket_id, action, **body).status_code == 200
    assert act(world, enterprise_user, ticket_id, "confirm", rating=5).status_code == 200


def test_assignee_walks_the_ticket_through_the_closed_loop(world, liaison_ticket):
    walk(world, "liaison", liaison_ticket)

    ticket = world.client("liaison").get(f"/workflow/api/tickets/{liaison_ticket}").get_json()
    assert ticket["status"] == "closed"
    assert [(h["action"], h["from_status"], h["to_status"]) for h in ticket["history"]] == [
        ("open", None, "assigned"),
        ("accept", "assigned", "accepted"),
        ("resolve", "accepted", "resolved"),
        ("confirm", "resolved", "closed"),
    ]


def test_each_history_entry_records_who_and_when(world, liaison_ticket):
    walk(world, "liaison", liaison_ticket)

    history = world.client("liaison").get(f"/workflow/api/tickets/{liaison_ticket}").get_json()
    entries = history["history"][1:3]
    assert {entry["actor_id"] for entry in entries} == {"p-liaison"}
    assert all(entry["at"] for entry in entries)
    assert entries[1]["details"] == {"note": "Permit renewed"}


def test_each_transition_is_announced_without_the_note(world, liaison_ticket):
    walk(world, "liaison", liaison_ticket)

    [accepted] = world.published("workflow.ticket.accepted")
    [resolved] = world.published("workflow.ticket.resolved")
    [closed] = world.published("workflow.ticket.closed")
    assert (accepted["ticket_id"], accepted["actor_id"]) == (liaison_ticket, "p-liaison")
    assert (accepted["county_id"], accepted["org_path"]) == ("330102", "33/3301/330102")
    assert resolved["note_length"] == len("Permit renewed")
    assert "Permit renewed" not in str(resolved)
    assert closed["number"] == "330102-20261127-0001"


def test_department_staff_move_their_departments_ticket(world, office_ticket):
    response = act(world, "staff", office_ticket, "accept")

    assert (response.status_code, response.get_json()["status"]) == (200, "accepted")


def test_county_administrator_may_move_a_ticket_of_the_county(world, liaison_ticket):
    response = act(world, "shangcheng", liaison_ticket, "accept")

    assert response.get_json()["history"][-1]["actor_id"] == "p-shangcheng"


def test_illegal_transition_answers_409_naming_the_rule(world, liaison_ticket):
    response = act(world, "liaison", liaison_ticket, "resolve", note="Done")

    assert response.status_code == 409
    assert response.get_json()["detail"] == "A ticket that is assigned cannot be resolved."


def test_illegal_transition_is_explained_in_chinese(world, liaison_ticket):
    response = act(world, "liaison", liaison_ticket, "resolve", lang="zh-CN", note="Done")

    assert response.get_json()["detail"] == "已分派的工单不能办结。"


def test_refused_transition_leaves_history_and_outbox_untouched(world, liaison_ticket):
    before = world.count("outbox")

    act(world, "liaison", liaison_ticket, "resolve", note="Done")

    assert (world.count("ticket_history"), world.count("outbox")) == (1, before)


@pytest.mark.parametrize("body", [{}, {"note": ""}, {"note": "   "}])
def test_resolving_without_a_note_is_refused_naming_the_note(world, liaison_ticket, body):
    act(world, "liaison", liaison_ticket, "accept")

    response = act(world, "liaison", liaison_ticket, "resolve", **body)

    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "note": ["Resolving a ticket needs a note saying what was done."]
    }
    assert world.count("ticket_history") == 2


def test_someone_who_sees_but_does_not_hold_the_ticket_may_not_move_it(world, liaison_ticket):
    response = act(world, "user-a", liaison_ticket, "accept")

    assert response.status_code == 403
    assert world.count("ticket_history") == 1


@pytest.mark.parametrize("username", ["xihu", "user-b", "staff", "eia-staff"])
def test_moving_a_ticket_outside_ones_scope_answers_404(world, liaison_ticket, username):
    response = act(world, username, liaison_ticket, "accept")

    assert response.status_code == 404
    assert world.count("ticket_history") == 1


def test_a_note_of_the_wrong_type_is_refused_by_the_body_schema(world, liaison_ticket):
    act(world, "liaison", liaison_ticket, "accept")

    response = act(world, "liaison", liaison_ticket, "resolve", lang="zh-CN", note=42)

    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["note"]
    assert world.count("ticket_history") == 2
