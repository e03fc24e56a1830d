"""A person marks their own items as read, one or all at once; a department's item is read
per member; anyone else's item answers 404; a form post without its CSRF token changes
nothing."""

import re

from services.notify.adapters import orm

OPENED = "workflow.ticket.opened"


def items(client, lang="en") -> list[dict]:
    return client.get(f"/notify/api/inbox?lang={lang}").get_json()


def test_marking_an_item_read_through_the_api_returns_it_read(
    client, sign_in, feed, ticket_opened, people
):
    feed(OPENED, ticket_opened())
    sign_in(client, people.liaison)
    (item,) = items(client)

    response = client.post(f"/notify/api/inbox/{item['id']}/read?lang=en")

    assert response.status_code == 200
    assert response.get_json() == {**item, "is_read": True}
    assert items(client)[0]["is_read"] is True


def test_marking_an_item_read_twice_records_one_reading(
    client, sign_in, feed, ticket_opened, people, table_rows
):
    feed(OPENED, ticket_opened())
    sign_in(client, people.liaison)
    (item,) = items(client)

    for _ in range(2):
        assert client.post(f"/notify/api/inbox/{item['id']}/read").status_code == 200

    assert len(table_rows(orm.inbox_readings)) == 1


def test_a_department_item_read_by_one_member_stays_unread_for_another(
    client, sign_in, feed, ticket_opened, people
):
    feed(OPENED, ticket_opened(assignee_person_id=None, assignee_org_unit_id=people.department_id))
    sign_in(client, people.staff_a)
    (item,) = items(client)

    client.post(f"/notify/api/inbox/{item['id']}/read")
    sign_in(client, people.staff_b)

    assert items(client)[0]["is_read"] is False


def test_marking_another_persons_item_answers_404_and_records_nothing(
    client, sign_in, feed, ticket_opened, people, table_rows
):
    feed(OPENED, ticket_opened(assignee_person_id=people.liaison.id))
    sign_in(client, people.liaison)
    (item,) = items(client)
    sign_in(client, people.other)

    api = client.post(f"/notify/api/inbox/{item['id']}/read")
    page = client.post(f"/notify/inbox/{item['id']}/read")

    assert (api.status_code, page.status_code) == (404, 404)
    assert "title" in api.get_json() and "kind" not in api.get_json()
    assert table_rows(orm.inbox_readings) == []


def test_marking_an_unknown_item_answers_404(client, sign_in, people):
    sign_in(client, people.liaison)

    assert client.post("/notify/api/inbox/no-such-item/read").status_code == 404


def test_marking_read_without_sign_in_answers_401(client, feed, ticket_opened):
    feed(OPENED, ticket_opened())

    assert client.post("/notify/api/inbox/anything/read").status_code == 401


def test_the_mark_as_read_form_marks_the_item_and_returns_to_the_inbox(
    client, sign_in, feed, ticket_opened, people
):
    feed(OPENED, ticket_opened())
    sign_in(client, people.liaison)
    (item,) = items(client)

    response = client.post(f"/notify/inbox/{item['id']}/read")

    assert (response.status_code, response.headers["Location"]) == (303, "/notify/inbox")
    page = client.get("/notify/inbox").get_data(as_text=True)
    assert 'data-read="true"' in page and 'data-testid="unread-count"' not in page


def test_mark_all_as_read_marks_every_item_of_the_viewer_only(
    client, sign_in, feed, ticket_opened, people
):
    feed(OPENED, ticket_opened(ticket_id="t-1"))
    feed(
        OPENED,
        ticket_opened(ticket_id="t-2", assignee_person_id=None, assignee_org_unit_id="330102"),
    )
    feed(OPENED, ticket_opened(ticket_id="t-3", assignee_person_id=people.other.id))
    sign_in(client, people.liaison)

    response = client.post("/notify/inbox/read-all?lang=en", follow_redirects=True)

    assert "2 messages marked as read." in response.get_data(as_text=True)
    assert [item["is_read"] for item in items(client)] == [True, True]
    sign_in(client, people.other)
    assert [item["is_read"] for item in items(client)] == [False, False]


def test_post_without_csrf_token_is_refused_and_marks_nothing(
    app, client, sign_in, feed, ticket_opened, people, table_rows
):
    app.config["WTF_CSRF_ENABLED"] = True
    feed(OPENED, ticket_opened())
    sign_in(client, people.liaison)
    (item,) = items(client)

    api = client.post(f"/notify/api/inbox/{item['id']}/read")
    page = client.post(f"/notify/inbox/{item['id']}/read")
    everything = client.post("/notify/inbox/read-all")

    assert (api.status_code, page.status_code, everything.status_code) == (400, 400, 400)
    assert table_rows(orm.inbox_readings) == []


def test_post_with_the_pages_csrf_token_is_accepted(
    app, client, sign_in, feed, ticket_opened, people, table_rows
):
    app.config["WTF_CSRF_ENABLED"] = True
    feed(OPENED, ticket_opened())
    sign_in(client, people.liaison)
    page = client.get("/notify/inbox").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    (item,) = items(client)

    response = client.post(f"/notify/api/inbox/{item['id']}/read", headers={"X-CSRFToken": token})

    assert response.status_code == 200
    assert len(table_rows(orm.inbox_readings)) == 1
