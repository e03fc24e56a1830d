"""The ticket list's search, filters, paging and order, on the API and the inbox page,
and its refusal of parameters it cannot read (422 naming each, in zh-CN and en; nothing
is clamped)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from tests.service.workflow.conftest import SUBMITTED_AT

#: Numbers are the county, the local date of SUBMITTED_AT and the day's sequence.
PREFIX = "330102-20261127-"


def file_tickets(world, submit, count: int) -> dict[int, str]:
    """``count`` tickets of ent-b, all held by Shangcheng's office, numbered from 0001,
    opened a minute apart; the seventh has its own title."""
    for n in range(1, count + 1):
        title = "Noise complaint about the dyeing line" if n == 7 else f"Matter {n}"
        submit("ent-b", f"sub-{n}", at=SUBMITTED_AT + timedelta(minutes=n), title=title)
    return {n: world.ticket_of(f"sub-{n}").id for n in range(1, count + 1)}


@pytest.fixture
def many(world, submit):
    """Twelve tickets of ent-b (:func:`file_tickets`)."""
    return file_tickets(world, submit, 12)


@pytest.fixture
def page_and_more(world, submit):
    """Twenty-six tickets of ent-b: one more than a page."""
    return file_tickets(world, submit, 26)


def update(world, ticket_id: str, **values) -> None:
    columns = ", ".join(f"{name} = :{name}" for name in values)
    with world.runtime.engine.begin() as conn:
        statement = text(f"UPDATE tickets SET {columns} WHERE id = :id")
        conn.execute(statement, {**values, "id": ticket_id})


def listing(world, query: str, username: str = "staff"):
    response = world.client(username).get(f"/workflow/api/tickets?{query}")
    assert response.status_code == 200, response.get_json()
    return response


def numbers(response) -> list[int]:
    return [int(ticket["number"].removeprefix(PREFIX)) for ticket in response.get_json()]


def test_pages_hold_25_tickets_newest_first_with_the_total(world, page_and_more):
    first, second = listing(world, ""), listing(world, "page=2")

    assert numbers(first) == list(range(26, 1, -1))
    assert numbers(second) == [1]
    assert first.headers["X-Total-Count"] == second.headers["X-Total-Count"] == "26"
    assert 'rel="prev"' in second.headers["Link"] and 'rel="next"' not in second.headers["Link"]


def test_link_header_names_the_next_and_last_pages_with_the_same_filters(world, many):
    links = listing(world, "per_page=5&status=assigned").headers["Link"]

    assert "page=2" in links and 'rel="next"' in links
    assert "page=3" in links and 'rel="last"' in links
    assert "status=assigned" in links and "per_page=5" in links


def test_a_page_past_the_last_is_empty_with_the_total(world, many):
    response = listing(world, "page=9")

    assert response.get_json() == [] and response.headers["X-Total-Count"] == "12"


@pytest.mark.parametrize(
    ("sort", "first"),
    [("number", [1, 2, 3]), ("-number", [12, 11, 10]), ("opened", [1, 2, 3])],
)
def test_sorting_by_number_and_opening(world, many, sort, first):
    assert numbers(listing(world, f"sort={sort}&per_page=3")) == first


def test_sorting_by_deadline_puts_the_soonest_first_and_tickets_without_one_last(world, many):
    now = datetime.now(UTC)
    update(world, many[12], due_at=now + timedelta(days=1))
    update(world, many[10], due_at=now + timedelta(hours=1))
    update(world, many[3], due_at=None)

    ascending = numbers(listing(world, "sort=deadline"))
    descending = numbers(listing(world, "sort=-deadline"))

    assert ascending[:2] == [10, 12] and ascending[-1] == 3
    assert descending[-2:] == [10, 3]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("0007", [7]),
        ("noise COMPLAINT", [7]),
        ("钱塘印染", list(range(12, 0, -1))),
        ("no such thing", []),
        ("100%", []),
    ],
)
def test_search_by_number_title_or_enterprise_name(world, many, q, expected):
    response = world.client("hangzhou").get("/workflow/api/tickets", query_string={"q": q})

    assert numbers(response) == expected
    assert response.headers["X-Total-Count"] == str(len(expected))


def test_status_filter_takes_one_or_several_statuses(world, many):
    update(world, many[2], status="accepted")
    update(world, many[4], status="reopened")

    assert numbers(listing(world, "status=accepted")) == [2]
    assert numbers(listing(world, "status=accepted&status=reopened")) == [4, 2]


def test_category_filter(world, many):
    update(world, many[9], category="eia_approval")

    assert numbers(listing(world, "category=eia_approval")) == [9]


def test_deadline_filter_by_state(world, many):
    now = datetime.now(UTC)
    for n in many:
        update(world, many[n], due_at=now + timedelta(days=10))
    update(world, many[5], due_at=now - timedelta(hours=2))
    update(world, many[6], due_at=now + timedelta(hours=3))
    update(world, many[8], due_at=now - timedelta(hours=2), status="resolved")

    assert numbers(listing(world, "deadline=overdue")) == [5]
    assert numbers(listing(world, "deadline=due_soon")) == [6]
    on_time = numbers(listing(world, "deadline=on_time"))
    assert len(on_time) == 9 and not {5, 6, 8} & set(on_time)


def test_unit_filter_by_the_holding_unit(world, many, pair, submit):
    pair("ent-a", "liaison")
    submit("ent-a", "sub-a")
    update(world, many[11], assignee_org_unit_id="330102-eia")

    by_eia = listing(world, "unit=330102-eia", "shangcheng").get_json()
    by_county = listing(world, "unit=330102", "shangcheng").get_json()

    assert [t["number"] for t in by_eia] == [PREFIX + "0011"]
    assert [t["enterprise_id"] for t in by_county] == ["ent-a"]


def test_filters_combine_with_search_and_queue(world, many):
    update(world, many[7], status="accepted")
    update(world, many[11], status="accepted")

    response = listing(world, "queue=todo&status=accepted&q=noise")

    assert numbers(response) == [7]


BAD_PARAMETERS = {
    "status=lost": ("status", "Must be one of: assigned, accepted,", "必须是以下之一"),
    "page=0": ("page", "Must be a whole number from 1 to 100000.", "必须是 1 到 100000"),
    "page=two": ("page", "Must be a whole number from 1", "之间的整数"),
    "per_page=1000": ("per_page", "Must be a whole number from 1 to 100.", "1 到 100 之间"),
    "sort=title": ("sort", "Must be one of: deadline, opened, number,", "必须是以下之一"),
    "deadline=late": ("deadline", "Must be one of: overdue, due_soon, on_time.", "以下之一"),
    "queue=area": ("queue", "Must be one of: todo,", "必须是以下之一"),
    "q=" + "x" * 101: ("q", "Too long; at most 100 characters.", "最多 100 个字符"),
}


@pytest.mark.parametrize("query", BAD_PARAMETERS, ids=[q[:20] for q in BAD_PARAMETERS])
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_bad_parameters_get_422_naming_the_parameter(world, query, lang):
    name, english, chinese = BAD_PARAMETERS[query]

    response = world.client("staff", lang=lang).get(f"/workflow/api/tickets?{query}")

    assert response.status_code == 422
    body = response.get_json()
    assert list(body["errors"]) == [name]
    assert (chinese if lang == "zh-CN" else english) in body["errors"][name][0]


def test_every_bad_parameter_is_named_at_once(world):
    response = world.client("staff").get("/workflow/api/tickets?page=0&per_page=0&sort=x")

    assert sorted(response.get_json()["errors"]) == ["page", "per_page", "sort"]


def test_empty_parameters_are_ignored_as_a_forms_untouched_fields(world, many):
    response = listing(world, "q=&status=&category=&deadline=&unit=&sort=&page=")

    assert response.headers["X-Total-Count"] == "12"


# The inbox page -------------------------------------------------------------------------


def page_numbers(html: str) -> list[int]:
    found = re.findall(r'data-testid="ticket-row"[^>]*data-number="([^"]+)"', html)
    return [int(number.removeprefix(PREFIX)) for number in found]


def test_inbox_pages_through_the_queue_with_links(world, page_and_more):
    html = world.client("staff").get("/workflow/tickets?sort=number").get_data(as_text=True)

    assert page_numbers(html) == list(range(1, 26))
    assert 'data-testid="ticket-total" data-total="26"' in html
    assert 'data-testid="page-next"' in html and "page=2" in html


def test_inbox_searches_and_filters_within_the_queue(world, many):
    client = world.client("staff")
    html = client.get("/workflow/tickets?queue=todo&q=Noise").get_data(as_text=True)

    assert page_numbers(html) == [7]
    assert 'value="Noise"' in html and 'data-testid="clear-filters"' in html


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Must be a whole number from 1 to 100000."),
        ("zh-CN", "必须是 1 到 100000 之间的整数。"),
    ],
)
def test_inbox_with_a_bad_parameter_answers_422_with_the_message_by_the_field(
    world, many, lang, message
):
    response = world.client("staff", lang=lang).get("/workflow/tickets?page=0&status=lost")

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'data-testid="query-errors"' in html
    assert f'data-field="page">{message}' in html
    assert 'data-field="status"' in html
    assert page_numbers(html) == []
    assert 'data-testid="count-todo">12<' in html


def test_enterprise_matters_keep_closed_tickets_and_page_like_the_inbox(world, many):
    update(world, many[12], status="closed")
    update(world, many[11], status="cancelled")

    html = world.client("user-b").get("/workflow/my?status=closed").get_data(as_text=True)
    first = world.client("user-b").get("/workflow/my").get_data(as_text=True)

    assert page_numbers(html) == [12]
    assert page_numbers(first)[:2] == [12, 11]
    assert 'data-testid="ticket-total" data-total="12"' in first
    assert 'id="unit"' not in first


def test_enterprise_matters_refuse_a_bad_parameter(world):
    response = world.client("user-b", lang="zh-CN").get("/workflow/my?per_page=0")

    assert response.status_code == 422
    assert 'data-field="per_page">必须是 1 到 100 之间的整数。' in response.get_data(as_text=True)
