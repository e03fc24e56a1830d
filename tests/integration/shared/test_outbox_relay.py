"""The transactional outbox, its relay and the idempotent consumer, on PostgreSQL and SQLite."""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass

import pytest
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    func,
    insert,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from shared.config import Settings
from shared.db import make_engine, make_session_factory
from shared.messaging.bus import BusUnavailable, LocalBus
from shared.messaging.consumer import EventConsumer
from shared.messaging.envelope import InvalidMessage, new_envelope
from shared.messaging.outbox import OutboxRelay, define_messaging_tables, outbox_row
from shared.messaging.rabbit import RabbitBus
from shared.messaging.uow import UnitOfWork


@dataclass
class Storage:
    """One service's database: a ``notes`` table for its state, and the messaging tables."""

    engine: Engine
    notes: Table
    outbox: Table
    processed: Table
    failed: Table

    def uow(self, after_commit=None) -> UnitOfWork:
        factory = make_session_factory(self.engine)
        return UnitOfWork(factory, self.outbox, self.processed, after_commit)

    def count(self, table: Table) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(table)).scalar_one()

    def unpublished_ids(self) -> list[str]:
        query = (
            select(self.outbox.c.event_id)
            .where(self.outbox.c.published_at.is_(None))
            .order_by(self.outbox.c.position)
        )
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def relay(self, bus, batch_size: int = 500) -> OutboxRelay:
        return OutboxRelay(self.engine, self.outbox, bus, batch_size=batch_size)


def open_storage(database_url: str) -> Storage:
    engine = make_engine(Settings(database_url=database_url), "testsvc")
    metadata = MetaData()
    notes = Table(
        "notes",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("title", String(200), nullable=False),
    )
    outbox, processed, failed = define_messaging_tables(metadata)
    metadata.create_all(engine)
    return Storage(engine, notes, outbox, processed, failed)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def storage(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}"
    else:
        url = request.getfixturevalue("postgres_url")
    storage = open_storage(url)
    yield storage
    storage.engine.dispose()


@pytest.fixture
def postgres_storage(postgres_url):
    storage = open_storage(postgres_url)
    yield storage
    storage.engine.dispose()


def org_unit_data(name: str) -> dict:
    return {
        "id": f"ou-{name}",
        "name": name,
        "name_en": name,
        "kind": "department",
        "parent_id": "ou-330106",
        "path": "33/3301/330106",
    }


def record_note(storage: Storage, title: str, events: int = 1) -> list[dict]:
    """A use case: write a note and emit ``events`` events about it, in one transaction."""
    with storage.uow() as uow:
        uow.session.execute(insert(storage.notes).values(title=title))
        emitted = [
            uow.emit("directory.org_unit.created", org_unit_data(f"{title}-{i}"), tenant="33")
            for i in range(events)
        ]
        uow.commit()
    return emitted


def ids(envelopes: list[dict]) -> list[str]:
    return [envelope["id"] for envelope in envelopes]


def recording_bus(fail_on: set[str] | None = None) -> tuple[LocalBus, list[dict]]:
    """A LocalBus whose one subscriber records events, failing on ids in ``fail_on``."""
    received: list[dict] = []
    refused = fail_on if fail_on is not None else set()

    def subscriber(message: dict) -> None:
        if message["id"] in refused:
            raise ConnectionError("subscriber's database is restarting")
        received.append(message)

    bus = LocalBus(retry_delay=0)  # no pause before a retry: these tests are the relay's
    bus.subscribe("reports", ["#"], subscriber)
    return bus, received


# The unit of work


def test_commit_writes_the_state_and_its_events_together(storage):
    commits = []
    with storage.uow(after_commit=lambda: commits.append(1)) as uow:
        uow.session.execute(insert(storage.notes).values(title="visit log"))
        first = uow.emit("directory.org_unit.created", org_unit_data("a"), tenant="33")
        second = uow.emit("directory.org_unit.created", org_unit_data("b"), tenant="33")
        uow.commit()

    assert storage.count(storage.notes) == 1
    assert storage.unpublished_ids() == [first["id"], second["id"]]
    assert commits == [1]


def test_exception_inside_a_unit_of_work_writes_neither_state_nor_events(storage):
    with pytest.raises(RuntimeError), storage.uow() as uow:
        uow.session.execute(insert(storage.notes).values(title="visit log"))
        uow.emit("directory.org_unit.created", org_unit_data("a"), tenant="33")
        raise RuntimeError("rule violated")

    assert storage.count(storage.notes) == 0
    assert storage.count(storage.outbox) == 0


def test_failing_commit_writes_neither_state_nor_events(storage):
    # Given an event whose outbox row cannot be written (its id is already there)
    commits = []
    with storage.uow(after_commit=lambda: commits.append(1)) as uow:
        envelope = uow.emit("directory.org_unit.created", org_unit_data("a"), tenant="33")
        with storage.engine.begin() as conn:
            conn.execute(insert(storage.outbox).values(**outbox_row(envelope)))
        uow.session.execute(insert(storage.notes).values(title="visit log"))

        # When the unit of work commits
        with pytest.raises(IntegrityError):
            uow.commit()

    # Then neither the note nor the event was written by it
    assert storage.count(storage.notes) == 0
    assert storage.count(storage.outbox) == 1
    assert commits == []


def test_events_a_statement_wrote_itself_are_not_written_again_and_still_wake_the_relay(
    storage,
):
    commits = []
    with storage.uow(after_commit=lambda: commits.append(1)) as uow:
        uow.session.execute(insert(storage.notes).values(title="visit log"))
        taken = uow.emit("directory.org_unit.created", org_unit_data("a"), tenant="33")
        rows = uow.take_events()
        uow.session.execute(insert(storage.outbox), rows)  # the caller's own statement
        later = uow.emit("directory.org_unit.created", org_unit_data("b"), tenant="33")
        uow.commit()

    assert [row["event_id"] for row in rows] == [taken["id"]]
    assert json.loads(rows[0]["body"]) == taken
    assert storage.unpublished_ids() == [taken["id"], later["id"]]
    assert commits == [1]


def test_events_taken_in_a_unit_of_work_that_rolls_back_wake_nothing_later(storage):
    commits = []
    uow = storage.uow(after_commit=lambda: commits.append(1))
    with pytest.raises(RuntimeError), uow:
        uow.emit("directory.org_unit.created", org_unit_data("a"), tenant="33")
        uow.take_events()
        raise RuntimeError("the guarded insert found a newer version")
    with uow:  # the same instance, reused for the next transaction
        uow.session.execute(insert(storage.notes).values(title="draft"))
        uow.commit()

    assert storage.count(storage.outbox) == 0
    assert commits == []


def test_commit_without_events_does_not_call_after_commit(storage):
    commits = []
    with storage.uow(after_commit=lambda: commits.append(1)) as uow:
        uow.session.execute(insert(storage.notes).values(title="draft"))
        uow.commit()

    assert storage.count(storage.notes) == 1
    assert commits == []


# The relay


def test_drain_publishes_in_order_and_marks_every_row(storage):
    emitted = record_note(storage, "a", events=3) + record_note(storage, "b", events=2)
    bus, received = recording_bus()

    published = storage.relay(bus, batch_size=2).drain()

    assert published == 5
    assert ids(received) == ids(emitted)
    assert storage.unpublished_ids() == []


def test_drain_of_a_drained_outbox_publishes_nothing_again(storage):
    record_note(storage, "a", events=2)
    bus, received = recording_bus()
    relay = storage.relay(bus)
    relay.drain()

    assert relay.drain() == 0
    assert len(received) == 2


def test_events_the_bus_did_not_take_stay_in_the_outbox_until_the_next_drain(storage):
    # Given four events, and a bus that fails on the third
    emitted = record_note(storage, "a", events=4)
    refused = {emitted[2]["id"]}
    bus, received = recording_bus(fail_on=refused)
    relay = storage.relay(bus)

    # When the relay drains, then drains again after the failure has passed
    first = relay.drain()
    left = storage.unpublished_ids()
    refused.clear()
    second = relay.drain()

    # Then the first drain left the third and fourth, and the second sent them in order
    assert (first, second) == (2, 2)
    assert left == ids(emitted[2:])
    assert ids(received) == ids(emitted)
    assert storage.unpublished_ids() == []


def test_unreachable_broker_leaves_the_whole_batch_in_the_outbox(storage):
    emitted = record_note(storage, "a", events=3)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    bus = RabbitBus(f"amqp://guest:guest@127.0.0.1:{closed_port}/%2F")

    with pytest.raises(BusUnavailable):
        storage.relay(bus).drain()

    assert storage.unpublished_ids() == ids(emitted)


def test_relay_marks_its_batch_although_the_service_commits_while_it_publishes(storage):
    # Given a subscriber during whose work the publishing service commits another change
    emitted = record_note(storage, "a", events=2)
    bus = LocalBus()
    bus.subscribe("reports", ["#"], lambda message: record_note(storage, message["id"], 0))

    published = storage.relay(bus).drain()

    assert published == 2
    assert storage.unpublished_ids() == []
    assert storage.count(storage.notes) == 1 + len(emitted)


def test_two_relays_on_postgresql_publish_every_event_and_empty_the_outbox(postgres_storage):
    # Given 1,000 events and two relays sharing a slow bus
    emitted = record_note(postgres_storage, "bulk", events=1000)
    received: list[dict] = []
    bus = LocalBus()
    bus.subscribe("reports", ["#"], lambda message: (received.append(message), time.sleep(0.001)))
    relays = [postgres_storage.relay(bus, batch_size=50) for _ in range(2)]
    counts: list[int] = []
    start = threading.Barrier(2)

    def drain(relay: OutboxRelay) -> None:
        start.wait()
        counts.append(relay.drain())

    # When both drain at once
    threads = [threading.Thread(target=drain, args=(relay,)) for relay in relays]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # Then each event went out at least once, both relays took part, and none is left
    assert set(ids(received)) == set(ids(emitted))
    assert len(counts) == 2 and min(counts) > 0
    assert postgres_storage.unpublished_ids() == []


# The idempotent consumer


def consumer_for(storage: Storage, handler, uow_factory=None) -> EventConsumer:
    return EventConsumer(
        "testsvc",
        uow_factory or storage.uow,
        {"directory.org_unit.created": handler},
        storage.engine,
        storage.failed,
    )


def write_note(envelope: dict, data: dict, uow: UnitOfWork) -> None:
    uow.session.execute(insert(uow_notes(uow)).values(title=data["name"]))


def uow_notes(uow: UnitOfWork) -> Table:
    return uow.outbox.metadata.tables["notes"]


def org_unit_created(name: str = "Xihu") -> dict:
    return new_envelope("directory.org_unit.created", org_unit_data(name), tenant="33")


def test_consumer_applies_an_event_delivered_twice_only_once(storage):
    consumer = consumer_for(storage, write_note)
    envelope = org_unit_created()

    consumer(envelope)
    consumer(json.loads(json.dumps(envelope)))

    assert storage.count(storage.notes) == 1
    assert storage.count(storage.processed) == 1


def test_consumer_applies_an_event_whose_producer_added_a_field(storage):
    consumer = consumer_for(storage, write_note)
    newer = org_unit_created("Gongshu")
    newer["data"]["short_name"] = "拱墅"
    newer["trace_id"] = "abc"

    consumer(newer)

    assert storage.count(storage.notes) == 1 and storage.count(storage.failed) == 0


def test_producer_cannot_emit_a_field_its_contract_does_not_list(storage):
    data = {**org_unit_data("a"), "short_name": "a"}

    with storage.uow() as uow, pytest.raises(InvalidMessage, match="short_name"):
        uow.emit("directory.org_unit.created", data, tenant="33")


def test_consumer_records_an_invalid_event_in_failed_events_and_raises(storage):
    consumer = consumer_for(storage, write_note)
    invalid = org_unit_created()
    invalid["data"]["kind"] = "village"

    with pytest.raises(InvalidMessage, match="kind"):
        consumer(invalid)

    with storage.engine.connect() as conn:
        [row] = conn.execute(select(storage.failed)).all()
    assert (row.event_id, row.routing_key) == (invalid["id"], "directory.org_unit.created")
    assert "kind" in row.reason and json.loads(row.body) == invalid
    assert storage.count(storage.notes) == 0 and storage.count(storage.processed) == 0


def test_consumer_records_a_message_that_is_not_an_object(storage):
    consumer = consumer_for(storage, write_note)

    with pytest.raises(InvalidMessage):
        consumer(["directory.org_unit.created"])

    with storage.engine.connect() as conn:
        [row] = conn.execute(select(storage.failed)).all()
    assert (row.event_id, row.routing_key) == ("", "")
    assert json.loads(row.body) == ["directory.org_unit.created"]


def test_consumer_whose_handler_failed_applies_the_event_when_it_comes_again(storage):
    attempts = []

    def flaky(envelope: dict, data: dict, uow: UnitOfWork) -> None:
        write_note(envelope, data, uow)
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionError("mail server unreachable")

    consumer = consumer_for(storage, flaky)
    envelope = org_unit_created()
    with pytest.raises(ConnectionError):
        consumer(envelope)

    consumer(envelope)

    assert storage.count(storage.notes) == 1
    assert storage.count(storage.processed) == 1


def test_event_emitted_while_consuming_is_caused_by_the_consumed_event(storage):
    def emit_follow_up(envelope: dict, data: dict, uow: UnitOfWork) -> None:
        uow.emit("directory.org_unit.created", org_unit_data(f"{data['name']}-dept"), tenant="33")

    consumed = org_unit_created()
    consumer_for(storage, emit_follow_up)(consumed)

    with storage.engine.connect() as conn:
        [body] = conn.execute(select(storage.outbox.c.body)).scalars()
    follow_up = json.loads(body)
    assert follow_up["causation_id"] == consumed["id"]
    assert follow_up["correlation_id"] == consumed["correlation_id"]


def test_reused_unit_of_work_does_not_carry_the_consumed_cause_into_later_work(storage):
    uow = storage.uow()
    consumer_for(storage, write_note, uow_factory=lambda: uow)(org_unit_created())

    with uow:
        later = uow.emit("directory.org_unit.created", org_unit_data("later"), tenant="33")
        uow.commit()

    assert later["causation_id"] is None
    assert later["correlation_id"] == later["id"]


def test_consumer_ignores_an_event_it_has_no_handler_for(storage):
    consumer = consumer_for(storage, write_note)
    other = new_envelope(
        "forms.form.published",
        {"form_id": "f-1", "key": "k", "version": 1, "title": "t", "org_path": "33"},
        tenant="33",
    )

    consumer(other)

    assert storage.count(storage.processed) == 0 and storage.count(storage.failed) == 0


def test_two_replicas_consuming_the_same_event_at_once_apply_it_once(postgres_storage):
    # Given two consumers whose handlers both run before either commits
    both_inside = threading.Barrier(2, timeout=10)

    def slow_note(envelope: dict, data: dict, uow: UnitOfWork) -> None:
        write_note(envelope, data, uow)
        both_inside.wait()

    consumers = [consumer_for(postgres_storage, slow_note) for _ in range(2)]
    envelope = org_unit_created()
    errors: list[Exception] = []

    def consume(consumer: EventConsumer) -> None:
        try:
            consumer(envelope)
        except Exception as error:
            errors.append(error)

    # When both get the same event at once
    threads = [threading.Thread(target=consume, args=(c,)) for c in consumers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # Then it was applied once and neither replica failed
    assert errors == []
    assert postgres_storage.count(postgres_storage.notes) == 1
    assert postgres_storage.count(postgres_storage.processed) == 1


def test_consumer_applies_a_batch_in_one_transaction_each_event_once(storage):
    consumer = consumer_for(storage, write_note)
    first, second = org_unit_created("Xihu"), org_unit_created("Binjiang")
    consumer(first)

    outcomes = consumer.handle_batch([first, second, json.loads(json.dumps(second))])

    assert outcomes == [None, None, None]
    assert storage.count(storage.notes) == 2
    assert storage.count(storage.processed) == 2


def test_batch_reports_an_invalid_event_and_applies_the_others(storage):
    consumer = consumer_for(storage, write_note)
    invalid = {**org_unit_created(), "data": {"id": "x"}}

    outcomes = consumer.handle_batch([org_unit_created("Xihu"), invalid])

    assert outcomes[0] is None and "name" in outcomes[1]
    assert storage.count(storage.notes) == 1
    assert storage.count(storage.failed) == 1


def test_batch_whose_handler_fails_stores_nothing_of_the_batch(storage):
    def fails_on_binjiang(envelope: dict, data: dict, uow: UnitOfWork) -> None:
        write_note(envelope, data, uow)
        if data["name"] == "Binjiang":
            raise ConnectionError("not yet")

    consumer = consumer_for(storage, fails_on_binjiang)
    with pytest.raises(ConnectionError):
        consumer.handle_batch([org_unit_created("Xihu"), org_unit_created("Binjiang")])

    assert storage.count(storage.notes) == 0
    assert storage.count(storage.processed) == 0


def test_a_replayed_failure_is_handled_once_mended_and_leaves_failed_events(storage):
    broken = consumer_for(storage, write_note)
    envelope = org_unit_created()
    broken.record_failure(envelope, "failed 5 times, last: LookupError('no unit')")
    assert [row.event_id for row in broken.failures()] == [envelope["id"]]

    assert consumer_for(storage, write_note).replay_failed() == (1, 0)

    assert storage.count(storage.notes) == 1 and storage.count(storage.failed) == 0


def test_a_replay_that_fails_again_keeps_one_row_with_the_new_reason(storage):
    def still_broken(*_args):
        raise LookupError("still no unit")

    consumer = consumer_for(storage, still_broken)
    consumer.record_failure(org_unit_created(), "failed 5 times")

    assert consumer.replay_failed() == (0, 1)

    [row] = consumer.failures()
    assert "replay failed" in row.reason and "still no unit" in row.reason
    assert storage.count(storage.processed) == 0


def test_a_replayed_invalid_event_is_recorded_once_with_its_reason(storage):
    consumer = consumer_for(storage, write_note)
    invalid = org_unit_created()
    invalid["data"]["kind"] = "village"
    with pytest.raises(InvalidMessage):
        consumer(invalid)

    assert consumer.replay_failed() == (0, 1)

    [row] = consumer.failures()
    assert row.event_id == invalid["id"] and "kind" in row.reason
