"""Who sees which tickets: an administrator's subtree, one's own assignments, one's
department's, an enterprise's own; anything else answers 404 as if it did not exist."""

import pytest


@pytest.fixture
def tickets(world, pair, submit):
    """One ticket each: ent-a's (paired with "liaison"), ent-b's (Shangcheng's office),
    ent-c's (Xihu's office)."""
    pair("ent-a", "liaison")
    for enterprise_id in ("ent-a", "ent-b", "ent-c"):
        submit(enterprise_id, f"sub-{enterprise_id}")
    return {e: world.ticket_of(f"sub-{e}").id for e in ("ent-a", "ent-b", "ent-c")}


def listed(world, username: str) -> set[str]:
    response = world.client(username).get("/workflow/api/tickets")
    assert response.status_code == 200
    return {ticket["enterprise_id"] for ticket in response.get_json()}


@pytest.mark.parametrize(
    ("username", "enterprises"),
    [
        ("province", {"ent-a", "ent-b", "ent-c"}),
        ("hangzhou", {"ent-a", "ent-b", "ent-c"}),
        ("shangcheng", {"ent-a", "ent-b"}),
        ("xihu", {"ent-c"}),
        ("liaison", {"ent-a"}),
        ("staff", {"ent-b"}),
        ("eia-staff", set()),
        ("leader", set()),
        ("user-a", {"ent-a"}),
        ("user-c", {"ent-c"}),
    ],
)
def test_ticket_list_holds_exactly_what_the_principal_may_see(
    world, tickets, username, enterprises
):
    assert listed(world, username) == enterprises


def test_county_administrator_gets_404_for_another_countys_ticket(world, tickets):
    response = world.client("xihu").get(f"/workflow/api/tickets/{tickets['ent-a']}")

    assert response.status_code == 404
    assert "number" not in response.get_json()


def test_enterprise_user_gets_404_for_another_enterprises_ticket_id(world, tickets):
    response = world.client("user-a").get(f"/workflow/api/tickets/{tickets['ent-b']}")

    assert response.status_code == 404
    assert "enterprise_id" not in response.get_json()
    assert "discharge permit" not in response.get_data(as_text=True)


def test_ticket_outside_scope_and_missing_ticket_answer_alike(world, tickets):
    client = world.client("user-a")

    outside = client.get(f"/workflow/api/tickets/{tickets['ent-b']}")
    missing = client.get("/workflow/api/tickets/no-such-ticket")

    assert (outside.status_code, outside.get_json()) == (missing.status_code, missing.get_json())


def test_enterprise_user_reads_its_own_ticket_with_history(world, tickets):
    response = world.client("user-a").get(f"/workflow/api/tickets/{tickets['ent-a']}")

    body = response.get_json()
    assert (response.status_code, body["enterprise_id"], body["status"]) == (
        200,
        "ent-a",
        "assigned",
    )
    assert [entry["action"] for entry in body["history"]] == ["open"]
    assert body["actions"] == ["urge", "comment", "cancel"]


def test_anonymous_ticket_list_is_refused_with_401(world, tickets):
    assert world.client().get("/workflow/api/tickets").status_code == 401


def test_xihu_pages_show_nothing_of_shangcheng(world, tickets):
    client = world.client("xihu")

    area = client.get("/workflow/tickets?queue=area").get_data(as_text=True)
    detail = client.get(f"/workflow/tickets/{tickets['ent-b']}")

    assert "330102-" not in area and "330106-20261127-0001" in area
    assert detail.status_code == 404
