"""Reading the ticket list's query string: the queues a viewer has, the parameters, and
the refusal of what cannot be read (every wrong parameter named, in zh-CN and en)."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

import pytest
from werkzeug.datastructures import MultiDict

from services.workflow.domain import ticket_query as tq
from services.workflow.domain.model import STATUSES, Ticket
from shared.auth import Principal

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def viewer(*roles: str, org_unit_id: str = "330102-eia") -> Principal:
    return Principal(
        id="p-1",
        username="someone",
        name="Someone",
        roles=roles,
        org_path=f"33/3301/330102/{org_unit_id}" if "-" in org_unit_id else "33/3301/330102",
        org_unit_id=org_unit_id,
        enterprise_id="ent-1" if "enterprise_user" in roles else None,
    )


def parse(query: str | dict, default: str | None = None) -> tq.TicketQuery:
    """``query`` read for department staff, whose queues have "all" but not "area"."""
    args = MultiDict(query) if isinstance(query, dict) else MultiDict(_pairs(query))
    return tq.parse_ticket_query(args, tq.queues_for(viewer("department_staff")), default)


def _pairs(query: str) -> list[tuple[str, str]]:
    return parse_qsl(query, keep_blank_values=True)


def test_an_empty_query_is_the_first_page_of_25_newest_first():
    query = parse("")

    assert (query.queue, query.page, query.per_page, query.sort_key) == (None, 1, 25, "-opened")
    assert not query.is_filtered and query.offset == 0


def test_every_parameter_is_read():
    query = parse(
        "queue=todo&q=+Noise+&status=accepted&status=reopened&category=permit"
        "&deadline=due_soon&unit=330102-eia&page=3&per_page=10&sort=-deadline"
    )

    assert query.queue == "todo" and query.q == "Noise"
    assert query.statuses == ("accepted", "reopened")
    assert (query.category, query.deadline, query.unit) == ("permit", "due_soon", "330102-eia")
    assert (query.page, query.per_page, query.offset) == (3, 10, 20)
    assert (query.sort, query.descending) == ("deadline", True)
    assert query.args["status"] == ["accepted", "reopened"] and "page" in query.args


def test_the_default_queue_applies_when_none_is_asked_for():
    assert parse("", default="todo").queue == "todo"
    assert parse("queue=handled", default="todo").queue == "handled"


def test_empty_values_are_ignored():
    assert parse("q=&status=&page=&sort=") == parse("")


def test_every_wrong_parameter_is_named_with_its_rule_in_both_languages():
    with pytest.raises(tq.InvalidTicketQuery) as refused:
        parse("status=lost&page=0&per_page=101&sort=title&deadline=late&queue=area")

    error = refused.value
    assert error.status == 422
    assert error.rules == {
        "status": "choice",
        "page": "range",
        "per_page": "range",
        "sort": "choice",
        "deadline": "choice",
        "queue": "choice",
    }
    assert error.field_errors("en")["per_page"] == ["Must be a whole number from 1 to 100."]
    assert error.field_errors("zh_CN")["per_page"] == ["必须是 1 到 100 之间的整数。"]
    assert error.message("zh_CN") == "查询参数无效。"


def test_a_search_longer_than_100_characters_is_refused():
    with pytest.raises(tq.InvalidTicketQuery) as refused:
        parse({"q": "x" * 101})

    assert refused.value.rules == {"q": "too_long"}


@pytest.mark.parametrize(
    ("roles", "queues"),
    [
        (("enterprise_user",), ("all",)),
        (("department_staff",), (*tq.STAFF_QUEUES, "all")),
        (("liaison",), (*tq.STAFF_QUEUES, "all")),
        (("county_admin",), (*tq.STAFF_QUEUES, "area")),
    ],
)
def test_the_queues_of_each_kind_of_viewer(roles, queues):
    assert tq.queues_for(viewer(*roles)) == queues


def test_department_staff_and_administrators_hold_their_units_tickets_liaisons_do_not():
    assert tq.queue_owner(viewer("department_staff"), 2026).unit_id == "330102-eia"
    assert tq.queue_owner(viewer("county_admin", org_unit_id="330102"), 2026).unit_id == "330102"
    assert tq.queue_owner(viewer("liaison", org_unit_id="330102"), 2026).unit_id is None


@pytest.mark.parametrize("status", STATUSES)
def test_the_clock_runs_in_the_statuses_the_ticket_counts_a_deadline_in(status):
    ticket = Ticket(
        id="t-1",
        number="330102-20261202-0001",
        account_id="a-1",
        enterprise_id="ent-1",
        submission_id=None,
        title="A matter",
        assignee_person_id="p-1",
        assignee_org_unit_id=None,
        county_id="330102",
        org_path="33/3301/330102",
        opened_at=NOW - timedelta(days=3),
        due_at=NOW - timedelta(hours=1),
    )
    ticket.status = status

    assert (ticket.deadline_state(NOW) is not None) == (status in tq.CLOCK_RUNS)
