"""The tickets-by-county report through its JSON API: scope, zero rows, counts."""

from datetime import timedelta

import pytest

URL = "/reports/api/tickets-by-county"


@pytest.fixture(autouse=True)
def _areas(province):
    """Every test here starts from the demo province's areas."""


def rows_of(client, **params) -> dict[str, dict]:
    response = client.get(URL, query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return {row["county_id"]: row for row in response.get_json()}


def counts(row: dict) -> tuple[int, int, int, int]:
    return row["opened"], row["open"], row["closed"], row["overdue"]


def test_a_ticket_opened_in_shangcheng_counts_under_shangcheng(
    client, runtime, ticket_opened, sign_in
):
    runtime.consumer(ticket_opened("t-1", "330102"))
    sign_in("33/3301/330102")

    rows = rows_of(client, lang="zh_CN")

    assert list(rows) == ["330102"]
    assert rows["330102"]["county_name"] == "上城区"
    assert rows["330102"]["city_name"] == "杭州市"
    assert counts(rows["330102"]) == (1, 1, 0, 0)


def test_a_ticket_opened_in_shangcheng_counts_in_hangzhous_report(
    client, runtime, ticket_opened, sign_in
):
    runtime.consumer(ticket_opened("t-1", "330102"))
    sign_in("33/3301", "city_admin")

    rows = rows_of(client)

    assert len(rows) == 13
    assert {row["city_id"] for row in rows.values()} == {"3301"}
    assert counts(rows["330102"]) == (1, 1, 0, 0)
    assert sum(row["opened"] for row in rows.values()) == 1


def test_xihus_admin_sees_only_xihu_without_shangchengs_tickets(
    client, runtime, ticket_opened, sign_in
):
    runtime.consumer(ticket_opened("t-1", "330102"))
    runtime.consumer(ticket_opened("t-2", "330102"))
    sign_in("33/3301/330106")

    rows = rows_of(client)

    assert list(rows) == ["330106"]
    assert counts(rows["330106"]) == (0, 0, 0, 0)


def test_another_citys_admin_does_not_see_hangzhous_counties(
    client, runtime, ticket_opened, sign_in
):
    runtime.consumer(ticket_opened("t-1", "330102"))
    sign_in("33/3302", "city_admin")

    rows = rows_of(client)

    assert rows and all(county.startswith("3302") for county in rows)
    assert sum(row["opened"] for row in rows.values()) == 0


def test_the_province_sees_all_90_counties_by_city_including_those_without_tickets(
    client, runtime, ticket_opened, sign_in
):
    runtime.consumer(ticket_opened("t-1", "330102"))
    runtime.consumer(ticket_opened("t-2", "331127"))
    sign_in("33", "province_admin")

    response = client.get(URL)

    rows = response.get_json()
    assert len(rows) == 90
    assert [row["city_id"] for row in rows] == sorted(row["city_id"] for row in rows)
    assert sum(1 for row in rows if row["opened"] == 0) == 88
    assert {row["county_id"]: row["opened"] for row in rows if row["opened"]} == {
        "330102": 1,
        "331127": 1,
    }


def test_staff_of_a_department_see_no_county_rows_since_none_lies_below_them(
    client, runtime, ticket_opened, sign_in
):
    runtime.consumer(ticket_opened("t-1", "330102"))
    sign_in("33/3301/330102/330102-office", "department_staff")

    assert rows_of(client) == {}


def test_a_county_not_announced_yet_shows_no_rows_not_its_citys(client, sign_in):
    # The admin of a county whose org unit event has not arrived must not see Hangzhou.
    sign_in("33/3301/339999", "county_admin")

    assert rows_of(client) == {}


def test_a_duplicate_event_is_counted_once(client, runtime, ticket_opened, sign_in):
    envelope = ticket_opened("t-1", "330102")
    runtime.consumer(envelope)
    runtime.consumer(envelope)
    runtime.consumer(ticket_opened("t-1", "330102"))
    sign_in("33/3301/330102")

    assert counts(rows_of(client)["330102"]) == (1, 1, 0, 0)


def test_only_open_tickets_past_their_due_time_are_overdue(
    client, runtime, ticket_opened, sign_in, now
):
    runtime.consumer(ticket_opened("late", due_at=(now - timedelta(hours=1)).isoformat()))
    runtime.consumer(ticket_opened("early", due_at=(now + timedelta(hours=1)).isoformat()))
    runtime.consumer(ticket_opened("undated", due_at=None))
    sign_in("33/3301/330102")

    assert counts(rows_of(client)["330102"]) == (3, 3, 0, 1)


def test_a_closed_ticket_counts_as_closed_and_never_as_overdue(
    client, runtime, ticket_opened, ticket_closed, sign_in, now
):
    runtime.consumer(ticket_opened("t-1", due_at=(now - timedelta(days=2)).isoformat()))
    runtime.consumer(ticket_opened("t-2"))
    runtime.consumer(ticket_closed("t-1"))
    sign_in("33/3301/330102")

    assert counts(rows_of(client)["330102"]) == (2, 1, 1, 0)


def test_names_come_in_english_for_an_english_viewer(client, runtime, ticket_opened, sign_in):
    sign_in("33/3301/330102")

    row = rows_of(client, lang="en")["330102"]

    assert (row["county_name"], row["city_name"]) == ("Shangcheng District", "Hangzhou")


def test_an_enterprise_user_is_refused_the_api(client, runtime, ticket_opened, sign_in):
    runtime.consumer(ticket_opened("t-1", "330102"))
    sign_in("33/3301/330102", "enterprise_user")

    response = client.get(URL)

    assert response.status_code == 403
    assert "opened" not in response.get_data(as_text=True)


def test_a_signed_out_caller_gets_401(client):
    response = client.get(URL)

    assert response.status_code == 401
    assert response.content_type == "application/problem+json"
