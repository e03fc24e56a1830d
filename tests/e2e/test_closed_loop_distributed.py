"""The closed loop over HTTP, every service in its own process (收集 → 交办 → 跟踪 → 销号).

An enterprise's request is routed by the demo rule to Shangcheng's EIA section, which
transfers it to Shangcheng's office; the office co-handles it (会签, mode all) with
Hangzhou's EIA section, returns it once to the enterprise for more information (which the
enterprise answers), resolves it, has it refused, resolves it again, and the enterprise
confirms it with a rating, which closes it. Each step shows in the timeline (staff's
whole of it, the enterprise's without the internal rows) and moves the ticket between the
right people's queues and notify inboxes; the people a change concerns read the
submission behind it.
"""

from __future__ import annotations

import pytest

from tests.e2e.api_client import (
    PROVINCE_FORM,
    ApiClient,
    file_request,
    inbox_items_for,
    poll,
    province_answers,
    tickets_of,
    unique,
)

pytestmark = pytest.mark.e2e

SHANGCHENG_EIA = "330102-eia"
SHANGCHENG_OFFICE = "330102-office"
HANGZHOU_EIA = "3301-eia"
#: The whole timeline, as staff see it.
STORY = [
    "open",
    "accept",
    "transfer",
    "accept",
    "cohandle",
    "accept-part",
    "finish-part",
    "request-info",
    "respond",
    "resolve",
    "refuse",
    "resolve",
    "confirm",
]
#: The rows staff keep to themselves: hand-overs and co-handling.
INTERNAL = {"transfer", "cohandle", "accept-part", "finish-part"}
#: What a history row's details hold that a person wrote.
SAID = ("note", "body", "reason", "comment")
PEOPLE = ("eia", "staff", "city-eia", "qingyuan")
STAFF_QUEUES = ("todo", "cohandling", "handled", "awaiting")


def act(client: ApiClient, ticket: dict, action: str, body: dict | None = None) -> dict:
    """Take ``action`` on ``ticket`` as ``client``, with the version it saw last; fails
    unless it succeeds. Returns the ticket as the answer shows it."""
    seen = detail(client, ticket)
    assert action in seen["actions"], f"{action} not open: {seen['actions']}"
    body = {**(body or {}), "version": seen["version"]}
    response = client.post(f"/workflow/api/tickets/{ticket['id']}/{action}", json=body)
    assert response.status_code == 200, f"{action}: {response.status_code} {response.text}"
    return response.json()


def detail(client: ApiClient, ticket: dict) -> dict:
    return client.json(f"/workflow/api/tickets/{ticket['id']}")


def in_queue(client: ApiClient, name: str, ticket: dict) -> bool:
    """Whether ``ticket`` is in ``client``'s queue ``name`` (searched by its number)."""
    listed = client.json(f"/workflow/api/tickets?queue={name}&q={ticket['number']}")
    return ticket["id"] in [row["id"] for row in listed]


def queues_of(client: ApiClient, ticket: dict, names: tuple[str, ...]) -> set[str]:
    """Which of the queues ``names`` of ``client`` hold ``ticket``."""
    return {name for name in names if in_queue(client, name, ticket)}


def timeline(client: ApiClient, ticket: dict) -> list[str]:
    return [entry["action"] for entry in detail(client, ticket)["history"]]


def said(history: list[dict]) -> list[tuple]:
    """Each history row as (action, actor, status after, internal, what was said)."""
    return [
        (
            entry["action"],
            entry["actor_id"],
            entry["to_status"],
            entry["internal"],
            next((entry["details"][key] for key in SAID if key in entry["details"]), None),
        )
        for entry in history
    ]


def told(client: ApiClient, ticket: dict, kind: str) -> bool:
    """Whether ``client``'s notify inbox holds an item of ``kind`` about ``ticket``."""
    return kind in {item["kind"] for item in inbox_items_for(client, ticket)}


def reads_submission(client: ApiClient, submission: dict) -> bool:
    return client.get(f"/forms/api/submissions/{submission['id']}").status_code == 200


@pytest.fixture(scope="module")
def request_for_eia(people) -> dict:
    answers = province_answers(unique("EIA approval of a new dyeing line"), "eia_approval")
    return file_request(people["qingyuan"], PROVINCE_FORM, answers)


@pytest.fixture(scope="module")
def ticket(people, request_for_eia) -> dict:
    return poll(lambda: tickets_of(people["eia"], request_for_eia))[0]


def test_the_loop_closes_across_departments_and_levels(people, ticket, request_for_eia):
    eia, office, city = people["eia"], people["staff"], people["city-eia"]
    enterprise = people["qingyuan"]

    # Routed by the demo rule to Shangcheng's EIA section, told in its inbox.
    opened = detail(eia, ticket)
    assert opened["assignee_org_unit_id"] == SHANGCHENG_EIA
    assert opened["history"][0]["details"]["rule_id"] == "demo-eia-approval"
    assert queues_of(eia, ticket, STAFF_QUEUES) == {"todo"}
    assert poll(lambda: inbox_items_for(eia, ticket))[0]["kind"] == (
        "ticket_assigned_to_department"
    )
    assert not in_queue(office, "all", ticket)

    # The section takes it on and transfers it (转办) to the office of its bureau.
    act(eia, ticket, "accept")
    moved = act(eia, ticket, "transfer", {"org_unit_id": SHANGCHENG_OFFICE, "note": "Office."})
    assert moved["status"] == "assigned"
    assert moved["assignee_org_unit_id"] == SHANGCHENG_OFFICE
    assert queues_of(office, ticket, STAFF_QUEUES) == {"todo"}
    assert queues_of(eia, ticket, STAFF_QUEUES) == {"handled"}
    assert poll(lambda: told(office, ticket, "ticket_handed_over_to_department"))
    assert poll(lambda: reads_submission(office, request_for_eia))
    rows = {row["name"]: row for row in detail(office, ticket)["answers"]}
    assert rows["subject"]["label"] == {"zh_CN": "诉求标题", "en": "Subject"}
    assert rows["subject"]["text"]["en"] == request_for_eia["data"]["subject"]
    assert rows["category"]["text"] == {"zh_CN": "环评审批", "en": "EIA approval"}

    # The office takes it on and invites Hangzhou's EIA section to co-handle (会签).
    act(office, ticket, "accept")
    act(
        office,
        ticket,
        "cohandle",
        {"org_unit_ids": [HANGZHOU_EIA], "mode": "all", "note": "Check the city's permit."},
    )
    assert queues_of(city, ticket, STAFF_QUEUES) == {"cohandling"}
    assert poll(lambda: told(city, ticket, "ticket_cohandle_invited"))
    assert poll(lambda: reads_submission(city, request_for_eia))
    # While the city's part is open, the office may not resolve the ticket.
    assert "resolve" not in detail(office, ticket)["actions"]
    refused = office.post(f"/workflow/api/tickets/{ticket['id']}/resolve", json={"note": "x"})
    assert refused.status_code == 409, refused.text
    assert detail(office, ticket)["status"] == "accepted"
    assert "accept-part" not in detail(office, ticket)["actions"]
    act(city, ticket, "accept-part")
    done = act(city, ticket, "finish-part", {"note": "The city's permit record is in order."})
    assert [(p["org_unit_id"], p["mode"], p["status"]) for p in done["parts"]] == [
        (HANGZHOU_EIA, "all", "done")
    ]
    assert queues_of(city, ticket, STAFF_QUEUES) == {"handled"}

    # Back to the enterprise once for more information, which it answers.
    act(office, ticket, "request-info", {"note": "Please send the line's capacity."})
    assert detail(enterprise, ticket)["status"] == "returned"
    assert poll(lambda: told(enterprise, ticket, "ticket_info_requested"))
    assert "respond" in detail(enterprise, ticket)["actions"]
    assert queues_of(office, ticket, STAFF_QUEUES) == {"handled", "awaiting"}
    act(enterprise, ticket, "respond", {"body": "12,000 t a year."})
    assert detail(office, ticket)["status"] == "accepted"
    assert queues_of(office, ticket, STAFF_QUEUES) == {"todo", "handled"}

    # Resolved; the enterprise refuses the result and the ticket is back with the office.
    resolved = act(office, ticket, "resolve", {"note": "Approval procedure explained."})
    assert resolved["status"] == "resolved" and resolved["confirm_due_at"]
    assert set(detail(enterprise, ticket)["actions"]) >= {"confirm", "refuse"}
    assert poll(lambda: told(enterprise, ticket, "ticket_resolved"))
    assert queues_of(office, ticket, STAFF_QUEUES) == {"handled", "awaiting"}
    act(enterprise, ticket, "refuse", {"reason": "We still lack the form for the EIA."})
    assert detail(office, ticket)["status"] == "reopened"
    assert poll(lambda: told(office, ticket, "ticket_reopened_for_holder"))
    assert queues_of(office, ticket, STAFF_QUEUES) == {"todo", "handled"}

    # Resolved again, then confirmed with a rating: closed (销号).
    act(office, ticket, "resolve", {"note": "Form sent again, with the city's stamp."})
    closed = act(enterprise, ticket, "confirm", {"rating": 5, "comment": "Quick and clear."})

    assert closed["status"] == "closed"
    assert (closed["rating"], closed["rating_comment"]) == (5, "Quick and clear.")
    assert closed["closed_at"] and not closed["auto_confirmed"]
    assert timeline(office, ticket) == STORY
    assert timeline(eia, ticket) == STORY
    assert timeline(enterprise, ticket) == [a for a in STORY if a not in INTERNAL]
    for person in (eia, office, city):
        assert queues_of(person, ticket, STAFF_QUEUES) == {"handled"}
    assert "confirm" not in detail(enterprise, ticket)["actions"]
    ids = {name: people[name].json("/directory/api/me")["id"] for name in PEOPLE}
    assert said(detail(office, ticket)["history"][1:]) == [
        ("accept", ids["eia"], "accepted", False, None),
        ("transfer", ids["eia"], "assigned", True, "Office."),
        ("accept", ids["staff"], "accepted", False, None),
        ("cohandle", ids["staff"], "accepted", True, "Check the city's permit."),
        ("accept-part", ids["city-eia"], "accepted", True, None),
        ("finish-part", ids["city-eia"], "accepted", True, "The city's permit record is in order."),
        ("request-info", ids["staff"], "returned", False, "Please send the line's capacity."),
        ("respond", ids["qingyuan"], "accepted", False, "12,000 t a year."),
        ("resolve", ids["staff"], "resolved", False, "Approval procedure explained."),
        ("refuse", ids["qingyuan"], "reopened", False, "We still lack the form for the EIA."),
        ("resolve", ids["staff"], "resolved", False, "Form sent again, with the city's stamp."),
        ("confirm", ids["qingyuan"], "closed", False, "Quick and clear."),
    ]
