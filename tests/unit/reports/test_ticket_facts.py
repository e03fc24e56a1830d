"""The ticket fact rules: where a ticket counts, and when it is overdue."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from services.reports.domain.model import CLOSED, TicketFact, city_id_of

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BEIJING = timezone(timedelta(hours=8))


def fact(**changes) -> TicketFact:
    values = {
        "ticket_id": "t-1",
        "county_id": "330102",
        "org_path": "33/3301/330102",
        "opened_at": NOW - timedelta(days=3),
        "due_at": NOW + timedelta(days=2),
    }
    return TicketFact.opened(**{**values, **changes})


def test_city_of_a_county_path_is_its_second_id():
    assert city_id_of("33/3301/330102") == "3301"


def test_city_of_a_department_path_is_the_city_above_its_county():
    assert city_id_of("33/3301/330102/330102-office") == "3301"


def test_city_of_a_city_path_is_that_city():
    assert city_id_of("33/3302") == "3302"


def test_a_province_path_has_no_city():
    assert city_id_of("33") is None


@pytest.mark.parametrize("path", ["", "/3301/330102", "33//330102", "33/3301/"])
def test_a_path_with_an_empty_id_is_refused(path):
    with pytest.raises(ValueError, match="malformed org path"):
        city_id_of(path)


def test_an_opened_ticket_counts_under_its_county_and_the_city_of_its_path():
    opened = fact()

    assert (opened.county_id, opened.city_id, opened.status) == ("330102", "3301", "open")
    assert opened.closed_at is None


def test_an_opened_ticket_whose_path_misses_its_county_is_refused():
    with pytest.raises(ValueError, match="does not pass through county '330102'"):
        fact(org_path="33/3301/330106")


def test_an_opened_ticket_with_a_malformed_path_is_refused():
    with pytest.raises(ValueError, match="malformed org path"):
        fact(org_path="33//330102")


def test_an_opened_ticket_keeps_its_times_in_utc():
    opened = fact(opened_at=datetime(2026, 3, 2, 8, 0, tzinfo=BEIJING), due_at=None)

    assert opened.opened_at == datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
    assert opened.opened_at.utcoffset() == timedelta(0)
    assert opened.due_at is None


def test_an_open_ticket_past_its_due_time_is_overdue():
    assert fact(due_at=NOW - timedelta(minutes=1)).is_overdue(NOW)


def test_an_open_ticket_due_later_is_not_overdue():
    assert not fact(due_at=NOW + timedelta(minutes=1)).is_overdue(NOW)


def test_an_open_ticket_due_this_very_moment_is_not_overdue_yet():
    assert not fact(due_at=NOW).is_overdue(NOW)


def test_an_open_ticket_without_a_due_time_is_never_overdue():
    assert not fact(due_at=None).is_overdue(NOW)


def test_a_closed_ticket_past_its_due_time_is_not_overdue():
    closed = fact(due_at=NOW - timedelta(days=1))
    closed.close(NOW - timedelta(hours=1))

    assert not closed.is_overdue(NOW)


def test_closing_a_ticket_records_when_in_utc():
    ticket = fact()

    ticket.close(datetime(2026, 3, 2, 17, 0, tzinfo=BEIJING))

    assert ticket.status == CLOSED
    assert ticket.closed_at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_closing_a_closed_ticket_again_keeps_the_first_closing():
    ticket = fact()
    ticket.close(NOW - timedelta(hours=2))

    ticket.close(NOW)

    assert ticket.closed_at == NOW - timedelta(hours=2)


def test_due_times_in_other_zones_compare_as_instants():
    # 16:59 in Beijing is 08:59 UTC, a minute before NOW.
    due = datetime(2026, 3, 2, 16, 59, tzinfo=BEIJING)

    assert fact(due_at=due).is_overdue(NOW)
