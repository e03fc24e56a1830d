"""An opened ticket lands in its assignee's inbox — a person's, or one item that every member
of the assigned department sees — exactly once, titled in the viewer's language."""

import re

import pytest
from sqlalchemy.exc import IntegrityError

from services.notify import handlers
from services.notify.adapters import orm
from services.notify.domain.addressing import Viewer
from services.notify.domain.model import InboxItem
from shared.messaging.envelope import InvalidMessage, load_envelope, new_envelope

OPENED = "workflow.ticket.opened"


def inbox(client, sign_in, principal, lang="zh_CN") -> list[dict]:
    sign_in(client, principal)
    response = client.get(f"/notify/api/inbox?lang={lang}")
    assert response.status_code == 200
    return response.get_json()


def test_ticket_opened_for_a_person_is_in_their_inbox_only(
    client, sign_in, feed, ticket_opened, people
):
    feed(OPENED, ticket_opened(assignee_person_id=people.liaison.id))

    mine = inbox(client, sign_in, people.liaison)
    theirs = inbox(client, sign_in, people.other)

    assert [item["link"] for item in mine] == ["/workflow/tickets/t-1"]
    assert theirs == []


def test_ticket_opened_for_a_department_is_seen_by_every_member(
    client, sign_in, feed, ticket_opened, people, table_rows
):
    feed(OPENED, ticket_opened(assignee_person_id=None, assignee_org_unit_id=people.department_id))

    seen_by_a = inbox(client, sign_in, people.staff_a)
    seen_by_b = inbox(client, sign_in, people.staff_b)

    assert len(table_rows(orm.inbox_items)) == 1
    assert [i["id"] for i in seen_by_a] == [i["id"] for i in seen_by_b] != []
    assert seen_by_a[0]["kind"] == "ticket_assigned_to_department"
    assert inbox(client, sign_in, people.liaison) == []


def test_enterprise_user_of_the_county_does_not_see_items_of_its_county_unit(
    client, sign_in, feed, ticket_opened, people
):
    feed(OPENED, ticket_opened(assignee_person_id=None, assignee_org_unit_id="330102"))

    assert inbox(client, sign_in, people.enterprise_user) == []
    assert len(inbox(client, sign_in, people.liaison)) == 1


def test_the_same_event_delivered_twice_makes_one_item(
    runtime, feed, ticket_opened, table_rows, enqueued, add_people, people
):
    add_people(people.liaison)
    envelope = feed(OPENED, ticket_opened())

    runtime.consumer(envelope)

    assert len(table_rows(orm.inbox_items)) == 1
    assert len(table_rows(orm.deliveries)) == 1
    assert len(enqueued) == 1


def test_the_handler_run_twice_for_one_event_still_makes_one_item(
    runtime, feed, ticket_opened, table_rows
):
    # Given an event already handled, whose processed record is bypassed
    envelope = feed(OPENED, ticket_opened())
    loaded, data = load_envelope(envelope)
    envelope = {**loaded, "id": str(loaded["id"])}

    # When the handler runs again for the same event id
    runtime.execute(handlers.notify_assignee_of_opened_ticket, envelope, data)

    # Then there is still one item
    assert len(table_rows(orm.inbox_items)) == 1


def test_a_second_item_for_one_event_and_addressee_is_refused_by_the_database(
    runtime, feed, ticket_opened, people
):
    feed(OPENED, ticket_opened())
    with runtime.uow() as uow:
        first = uow.notify.inbox(Viewer.of(people.liaison), 10)[0][0]
        copy = {column: getattr(first, column) for column in orm.inbox_items.c.keys()}
        uow.notify.add(InboxItem(**{**copy, "id": "another-id"}))

        with pytest.raises(IntegrityError):
            uow.commit()


def test_ticket_without_assignee_makes_no_item_and_is_processed(
    runtime, feed, ticket_opened, table_rows
):
    feed(OPENED, ticket_opened(assignee_person_id=None, assignee_org_unit_id=None))

    assert table_rows(orm.inbox_items) == []
    assert len(table_rows(orm.messaging_tables[1])) == 1


def test_invalid_ticket_event_is_rejected_and_recorded_without_an_item(
    runtime, ticket_opened, table_rows
):
    envelope = new_envelope(OPENED, ticket_opened(), tenant="33/3301/330102")
    envelope["data"].pop("number")

    with pytest.raises(InvalidMessage):
        runtime.consumer(envelope)

    assert table_rows(orm.inbox_items) == []
    assert len(table_rows(orm.messaging_tables[2])) == 1


def test_titles_follow_the_viewers_language(client, sign_in, feed, ticket_opened, people):
    feed(OPENED, ticket_opened())

    chinese = inbox(client, sign_in, people.liaison, lang="zh_CN")[0]["title"]
    english = inbox(client, sign_in, people.liaison, lang="en")[0]["title"]

    assert chinese == "新工单 330102-20261127-0001：排污许可证延续咨询"
    assert english == "New ticket 330102-20261127-0001: 排污许可证延续咨询"


def test_api_item_carries_kind_title_link_read_state_and_time(
    client, sign_in, feed, ticket_opened, people
):
    feed(OPENED, ticket_opened(ticket_id="t/42"))

    (item,) = inbox(client, sign_in, people.liaison)

    assert set(item) == {"id", "kind", "title", "link", "is_read", "created_at"}
    assert (item["kind"], item["link"], item["is_read"]) == (
        "ticket_assigned",
        "/workflow/tickets/t%2F42",
        False,
    )
    assert item["created_at"].endswith("+00:00")


def test_inbox_lists_newest_first(client, sign_in, feed, ticket_opened, people):
    for number in ("0001", "0002", "0003"):
        feed(OPENED, ticket_opened(ticket_id=f"t-{number}", number=number))

    items = inbox(client, sign_in, people.liaison)

    assert [item["link"][-4:] for item in items] == ["0003", "0002", "0001"]


def test_inbox_api_without_sign_in_answers_401(client):
    assert client.get("/notify/api/inbox").status_code == 401


def test_inbox_page_without_sign_in_redirects_to_sign_in(client):
    response = client.get("/notify/inbox")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_inbox_page_shows_unread_badge_and_links_each_item_to_its_ticket(
    client, sign_in, feed, ticket_opened, people
):
    feed(OPENED, ticket_opened(ticket_id="t-1"))
    feed(OPENED, ticket_opened(ticket_id="t-2", number="330102-20261127-0002"))
    sign_in(client, people.liaison)

    page = client.get("/notify/inbox?lang=zh_CN").get_data(as_text=True)

    assert re.search(r'data-testid="unread-count"[^>]*>2</span>', page)
    assert page.count('data-testid="inbox-item"') == 2
    assert 'href="/workflow/tickets/t-1"' in page and 'href="/workflow/tickets/t-2"' in page
    assert "新工单 330102-20261127-0002：排污许可证延续咨询" in page
