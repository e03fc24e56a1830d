"""Bulk transfer from the inbox: each chosen ticket goes through the transfer handler in
a transaction of its own; the page says which were transferred and which not, and why,
in the viewer's language; a request every ticket refuses for the same field is shown by
that field and changes nothing."""

from __future__ import annotations

import re

import pytest

TRANSFER = "/workflow/tickets/transfer"


@pytest.fixture
def three(world, submit):
    """Three tickets of ent-b with Shangcheng's office: the first assigned, the second
    accepted, the third resolved."""
    for n in (1, 2, 3):
        submit("ent-b", f"sub-{n}")
    ids = [world.ticket_of(f"sub-{n}").id for n in (1, 2, 3)]
    staff = world.client("staff")
    for ticket_id in ids[1:]:
        staff.post(f"/workflow/api/tickets/{ticket_id}/accept")
    staff.post(f"/workflow/api/tickets/{ids[2]}/resolve", json={"note": "Done."})
    return ids


def numbers(world, ids) -> list[str]:
    return [ticket(world, ticket_id).number for ticket_id in ids]


def ticket(world, ticket_id: str):
    with world.runtime.uow() as uow:
        found = uow.workflow.ticket(ticket_id)
        found.history  # noqa: B018 - loaded before the unit of work ends
        return found


def snapshot(world, ids) -> list[tuple]:
    return [
        (t.status, t.version, t.assignee_org_unit_id, len(t.history))
        for t in (ticket(world, ticket_id) for ticket_id in ids)
    ]


def test_the_inbox_offers_a_checkbox_on_each_ticket_a_transfer_may_move(world, three):
    html = world.client("staff").get("/workflow/tickets?queue=all").get_data(as_text=True)

    picked = re.findall(r'name="ticket_id" value="([^"]+)"', html)
    assert sorted(picked) == sorted(three[:2])
    assert 'data-testid="bulk-transfer"' in html
    assert re.search(r'<select id="bulk-unit".*Unit 330102-eia.*</select>', html, re.S)


def test_the_inbox_offers_no_bulk_transfer_to_who_cannot_transfer(world, three):
    html = world.client("eia-staff").get("/workflow/tickets").get_data(as_text=True)

    assert 'data-testid="bulk-transfer"' not in html


def test_bulk_transfer_moves_each_ticket_it_may_and_reports_the_rest(world, three):
    form = {"ticket_id": three, "org_unit_id": "330102-eia", "note": "Over to EIA"}

    client = world.client("staff")
    response = client.post(TRANSFER, data={**form, "back_queue": "all"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/workflow/tickets?queue=all"
    assert [ticket(world, i).assignee_org_unit_id for i in three] == [
        "330102-eia",
        "330102-eia",
        "330102-office",
    ]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    first, second, third = numbers(world, three)
    assert f"Transferred: {first}, {second}." in page
    assert f"Not transferred: {third}: A ticket that is resolved cannot be" in page
    todo = world.client("eia-staff").get("/workflow/api/tickets?queue=todo").json
    assert {t["id"] for t in todo} == set(three[:2])


def test_bulk_transfer_reports_in_chinese(world, three):
    form = {"ticket_id": three[1:], "org_unit_id": "330102-eia", "note": "转环评科"}
    client = world.client("staff", lang="zh-CN")

    client.post(TRANSFER, data=form)

    page = client.get("/workflow/tickets").get_data(as_text=True)
    assert f"已转办：{numbers(world, three)[1]}。" in page
    assert f"未转办：{numbers(world, three)[2]}：" in page


def test_a_ticket_changed_since_the_inbox_was_shown_is_not_transferred(world, three):
    stale = ticket(world, three[0]).version
    world.client("staff").post(f"/workflow/api/tickets/{three[0]}/accept")
    form = {
        "ticket_id": three[:2],
        f"version-{three[0]}": str(stale),
        "org_unit_id": "330102-eia",
        "note": "Over to EIA",
    }

    client = world.client("staff")
    client.post(TRANSFER, data=form)

    page = client.get("/workflow/tickets").get_data(as_text=True)
    assert ticket(world, three[0]).assignee_org_unit_id == "330102-office"
    assert ticket(world, three[1]).assignee_org_unit_id == "330102-eia"
    assert "The ticket changed while you were looking at it" in page


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "a note is required to transfer a ticket."), ("zh-CN", "转办工单须填写说明。")],
)
def test_bulk_transfer_without_a_note_is_shown_by_the_note_and_changes_nothing(
    world, three, lang, message
):
    before = snapshot(world, three)
    form = {"ticket_id": three[:2], "org_unit_id": "330102-eia", "note": " "}

    response = world.client("staff", lang=lang).post(TRANSFER, data=form)

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(rf'data-field="note">[^<]*{message}', html)
    assert snapshot(world, three) == before


def test_bulk_transfer_to_a_unit_of_another_bureau_is_refused_by_the_unit(world, three):
    before = snapshot(world, three)
    form = {"ticket_id": three[:2], "org_unit_id": "330106-office", "note": "Xihu"}

    response = world.client("staff").post(TRANSFER, data=form)

    assert response.status_code == 422
    assert 'data-field="org_unit_id"' in response.get_data(as_text=True)
    assert snapshot(world, three) == before


def test_bulk_transfer_without_a_ticket_chosen_asks_for_one(world, three):
    response = world.client("staff").post(TRANSFER, data={"org_unit_id": "330102-eia"})

    assert response.status_code == 422
    assert 'data-field="ticket_id">Choose at least one ticket' in response.get_data(as_text=True)


def test_bulk_transfer_of_a_ticket_one_does_not_see_reports_it_not_found(world, three):
    form = {"ticket_id": [three[0], "no-such-ticket"], "org_unit_id": "330102-eia", "note": "x"}

    client = world.client("staff")
    client.post(TRANSFER, data=form)

    page = client.get("/workflow/tickets").get_data(as_text=True)
    assert "Not transferred: no-such-ticket: Ticket not found." in page
    assert ticket(world, three[0]).assignee_org_unit_id == "330102-eia"
