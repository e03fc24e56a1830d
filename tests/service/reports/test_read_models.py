"""The read models reports keep from directory's and workflow's events."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from services.reports.adapters.orm import areas, ticket_facts
from services.reports.domain.errors import TicketNotOpenedYet
from shared.messaging.bus import LocalBus
from shared.messaging.envelope import InvalidMessage


def count(runtime, table) -> int:
    with runtime.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(table))


def fact_of(runtime, ticket_id: str):
    with runtime.uow() as uow:
        return uow.reports.ticket_fact(ticket_id)


def test_reports_subscribes_to_org_units_and_opened_and_closed_tickets(runtime):
    assert runtime.consumer.routing_keys == [
        "directory.org_unit.created",
        "workflow.ticket.closed",
        "workflow.ticket.opened",
    ]


def test_province_cities_and_counties_become_areas_and_departments_do_not(runtime, province):
    with runtime.uow() as uow:
        shangcheng = uow.reports.area("330102")
        office = uow.reports.area("330102-office")

    assert (shangcheng.name, shangcheng.name_en) == ("上城区", "Shangcheng District")
    assert (shangcheng.kind, shangcheng.parent_id, shangcheng.path) == (
        "county",
        "3301",
        "33/3301/330102",
    )
    assert office is None
    assert count(runtime, areas) == 1 + 11 + 90


def test_an_opened_ticket_becomes_an_open_fact_with_its_county_and_city(runtime, ticket_opened):
    beijing = timezone(timedelta(hours=8))
    opened_at = datetime(2026, 3, 2, 9, 30, tzinfo=beijing)

    runtime.consumer(ticket_opened("t-1", "330102", opened_at=opened_at.isoformat(), due_at=None))

    fact = fact_of(runtime, "t-1")
    assert (fact.county_id, fact.city_id, fact.org_path) == ("330102", "3301", "33/3301/330102")
    assert (fact.status, fact.due_at, fact.closed_at) == ("open", None, None)
    assert fact.opened_at.replace(tzinfo=UTC) == opened_at


def test_the_same_event_delivered_twice_is_recorded_once(runtime, ticket_opened):
    envelope = ticket_opened("t-1")

    runtime.consumer(envelope)
    runtime.consumer(envelope)

    assert count(runtime, ticket_facts) == 1


def test_a_second_opened_event_for_a_known_ticket_changes_nothing(runtime, ticket_opened, now):
    runtime.consumer(ticket_opened("t-1", "330102"))
    first = fact_of(runtime, "t-1")

    runtime.consumer(ticket_opened("t-1", "330106", due_at=(now - timedelta(days=9)).isoformat()))

    assert fact_of(runtime, "t-1") == first
    assert count(runtime, ticket_facts) == 1


def test_a_ticket_whose_path_misses_its_county_is_dead_lettered_and_not_counted(
    runtime, ticket_opened
):
    envelope = ticket_opened("t-1", "330102", org_path="33/3301/330106")

    with pytest.raises(InvalidMessage, match="does not pass through county '330102'"):
        runtime.consumer(envelope)

    assert count(runtime, ticket_facts) == 0
    with runtime.uow() as uow:
        assert not uow.already_processed(envelope["id"])


def test_a_ticket_event_without_its_county_is_rejected_and_recorded(runtime, ticket_opened):
    envelope = ticket_opened("t-1")
    del envelope["data"]["county_id"]

    with pytest.raises(InvalidMessage, match="county_id"):
        runtime.consumer(envelope)

    assert count(runtime, ticket_facts) == 0
    assert count(runtime, runtime.tables[2]) == 1


def test_a_closed_ticket_becomes_closed_with_its_closing_time(
    runtime, ticket_opened, ticket_closed
):
    closed_at = datetime(2026, 3, 5, 16, 0, tzinfo=timezone(timedelta(hours=8)))
    runtime.consumer(ticket_opened("t-1"))

    runtime.consumer(ticket_closed("t-1", at=closed_at.isoformat()))

    fact = fact_of(runtime, "t-1")
    assert fact.status == "closed"
    assert fact.closed_at.replace(tzinfo=UTC) == closed_at


def test_a_second_close_of_a_ticket_keeps_the_first(runtime, ticket_opened, ticket_closed, now):
    runtime.consumer(ticket_opened("t-1"))
    runtime.consumer(ticket_closed("t-1"))
    first = fact_of(runtime, "t-1")

    runtime.consumer(ticket_closed("t-1", at=now.isoformat()))

    assert fact_of(runtime, "t-1") == first


def test_a_close_that_overtakes_the_opening_is_retried_not_lost(
    runtime, ticket_opened, ticket_closed
):
    # Given a close delivered before its ticket's opening (a broker retry reordered them)
    closed = ticket_closed("t-1")
    with pytest.raises(TicketNotOpenedYet):
        runtime.consumer(closed)
    with runtime.uow() as uow:
        assert not uow.already_processed(closed["id"])

    # When the opening arrives and the bus delivers the close again
    runtime.consumer(ticket_opened("t-1"))
    runtime.consumer(closed)

    # Then the ticket counts as closed
    assert fact_of(runtime, "t-1").status == "closed"


def test_events_published_on_the_bus_reach_the_read_model(runtime, ticket_opened, ticket_closed):
    # Given reports subscribed to a bus, as the embedded run does
    bus = LocalBus()
    runtime.attach(bus)

    # When workflow's event and a malformed one are published
    bad = ticket_opened("t-2", org_path="33//330102")
    delivered = bus.publish_batch([ticket_opened("t-1"), ticket_closed("t-1"), bad])

    # Then the good ones are recorded and the bad one dead-lettered with its reason
    assert delivered == 3
    assert fact_of(runtime, "t-1").status == "closed"
    assert [(queue, envelope["id"]) for queue, envelope, _ in bus.dead_letters] == [
        ("reports", bad["id"])
    ]
    assert "malformed org path" in bus.dead_letters[0][2]
