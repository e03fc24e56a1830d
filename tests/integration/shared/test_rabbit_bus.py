"""What RabbitBus does beyond the bus contract: windowed confirms, nacks, dead-letter
queues with reasons, redelivery, and surviving a broker that closes or is not there."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import threading
import time
from collections.abc import Callable

import pika
import pytest

from shared.messaging.bus import BusUnavailable
from shared.messaging.envelope import load_envelope, new_envelope
from shared.messaging.rabbit import ATTEMPTS_HEADER, QUEUE_HEADER, REASON_HEADER, RabbitBus

DEADLINE = 15.0


def person_created(i: int = 0) -> dict:
    data = {
        "id": f"p-{i}",
        "username": f"liaison{i}",
        "name": "王芳",
        "roles": ["liaison"],
        "org_path": "33/3301/330106",
    }
    return new_envelope("directory.person.created", data, tenant="33/3301/330106")


def wait_until(condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {DEADLINE}s waiting for {what}")
        time.sleep(0.02)


@contextlib.contextmanager
def channel_of(url: str):
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        yield connection.channel()
    finally:
        connection.close()


@contextlib.contextmanager
def consuming(bus: RabbitBus):
    stop = threading.Event()
    consumer = threading.Thread(target=bus.consume, args=(stop,))
    consumer.start()
    try:
        yield consumer
    finally:
        stop.set()
        consumer.join(timeout=10)


def get_all(url: str, queue: str) -> list[tuple[pika.BasicProperties, bytes]]:
    with channel_of(url) as channel:
        messages = []
        while (got := channel.basic_get(queue, auto_ack=True))[0]:
            messages.append(got[1:])
        return messages


def message_count(url: str, queue: str) -> int:
    with channel_of(url) as channel:
        return channel.queue_declare(queue, passive=True).method.message_count


def wait_for_message(url: str, queue: str) -> None:
    wait_until(lambda: message_count(url, queue) > 0, f"a message in {queue}")


def close_connections_named(name: str) -> None:
    """Have the broker force-close every connection the client named ``name``."""
    listing = subprocess.run(
        ["rabbitmqctl", "-q", "list_connections", "pid", "client_properties"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pids = [line.split("\t")[0] for line in listing.splitlines() if f'"{name}"' in line]
    assert pids, f"no connection named {name}"
    for pid in pids:
        subprocess.run(["rabbitmqctl", "-q", "close_connection", pid, "test"], check=True)


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"amqp://guest:guest@127.0.0.1:{port}/%2F"


@pytest.fixture
def make_bus(amqp_url, exchange_name):
    """Build RabbitBus instances on this test's exchange; delete what they declared."""
    buses: list[RabbitBus] = []

    def make(**options) -> RabbitBus:
        buses.append(RabbitBus(amqp_url, exchange_name, **options))
        return buses[-1]

    yield make
    for bus in buses:
        bus.close()
    with channel_of(amqp_url) as channel:
        for queue in {s.queue for bus in buses for s in bus.subscriptions}:
            channel.queue_delete(buses[0].queue_name(queue))
            channel.queue_delete(buses[0].dead_queue_name(queue))
        channel.queue_delete(f"{exchange_name}.limited")
        channel.exchange_delete(exchange_name)
        channel.exchange_delete(f"{exchange_name}.dlx")


needs_rabbit = pytest.mark.rabbitmq


@needs_rabbit
def test_window_of_2000_envelopes_is_all_confirmed_and_queued(make_bus, amqp_url):
    bus = make_bus(confirm_window=100)
    bus.subscribe("reports", ["directory.#"], lambda message: None)

    delivered = bus.publish_batch([person_created(i) for i in range(2000)])

    assert delivered == 2000
    assert message_count(amqp_url, bus.queue_name("reports")) == 2000


@needs_rabbit
def test_published_message_carries_json_and_its_envelope_identity(make_bus, amqp_url):
    bus = make_bus()
    bus.subscribe("reports", ["directory.#"], lambda message: None)
    envelope = person_created()

    bus.publish_batch([envelope])

    [(properties, body)] = get_all(amqp_url, bus.queue_name("reports"))
    assert (properties.message_id, properties.type) == (envelope["id"], envelope["type"])
    assert properties.content_type == "application/json" and properties.delivery_mode == 2
    assert load_envelope(json.loads(body))[1]["username"] == "liaison0"


@needs_rabbit
def test_nacked_message_counts_only_the_messages_before_it(make_bus, amqp_url, exchange_name):
    # Given a queue that refuses (nacks) publishes beyond two messages, and a window of one
    bus = make_bus(confirm_window=1)
    bus.subscribe("reports", ["directory.#"], lambda message: None)
    limited = f"{exchange_name}.limited"
    with channel_of(amqp_url) as channel:
        arguments = {"x-max-length": 2, "x-overflow": "reject-publish"}
        channel.queue_declare(limited, durable=True, arguments=arguments)
        channel.queue_bind(limited, exchange_name, routing_key="directory.#")

    # When five events are published
    delivered = bus.publish_batch([person_created(i) for i in range(5)])

    # Then only the two before the refused one count, and publishing stopped at it
    assert delivered == 2
    assert message_count(amqp_url, bus.queue_name("reports")) == 3


@needs_rabbit
def test_dead_letter_queue_holds_a_rejected_message_with_its_reason(make_bus, amqp_url):
    bus = make_bus()
    bus.subscribe("workflow", ["directory.#"], load_envelope)
    invalid = person_created()
    invalid["data"]["roles"] = "liaison"

    bus.publish_batch([invalid])
    with consuming(bus):
        wait_for_message(amqp_url, bus.dead_queue_name("workflow"))

    [(properties, body)] = get_all(amqp_url, bus.dead_queue_name("workflow"))
    assert "roles" in properties.headers[REASON_HEADER]
    assert properties.headers[QUEUE_HEADER] == bus.queue_name("workflow")
    assert properties.message_id == invalid["id"] and invalid["id"].encode() in body
    assert message_count(amqp_url, bus.queue_name("workflow")) == 0


@needs_rabbit
@pytest.mark.parametrize(
    ("body", "reason"),
    [(b"{not json", "not JSON"), (b"\xff\xfe", "not JSON"), (b"[1, 2]", "not a JSON object")],
)
@needs_rabbit
def test_undecodable_message_is_dead_lettered_with_why(make_bus, amqp_url, body, reason):
    bus = make_bus()
    seen = []
    bus.subscribe("workflow", ["directory.#"], seen.append)
    with channel_of(amqp_url) as channel:
        channel.basic_publish(bus.exchange, "directory.person.created", body)

    with consuming(bus):
        wait_for_message(amqp_url, bus.dead_queue_name("workflow"))

    [(properties, dead_body)] = get_all(amqp_url, bus.dead_queue_name("workflow"))
    assert properties.headers[REASON_HEADER].startswith(reason)
    assert dead_body == body and seen == []


@needs_rabbit
def test_failed_event_is_redelivered_and_does_not_hold_back_later_ones(make_bus):
    bus = make_bus(retry_delay=0.05)
    flaky, later = person_created(1), person_created(2)
    handled, failures = [], []

    def handler(message: dict) -> None:
        if message["id"] == flaky["id"] and not failures:
            failures.append(message)
            raise ConnectionError("database restarting")
        handled.append(message["id"])

    bus.subscribe("workflow", ["directory.#"], handler)
    bus.publish_batch([flaky, later])
    with consuming(bus):
        wait_until(lambda: len(handled) == 2, "both events")

    assert handled == [later["id"], flaky["id"]]
    assert len(failures) == 1


@needs_rabbit
def test_event_failing_every_attempt_is_dead_lettered_with_the_last_error(make_bus, amqp_url):
    bus = make_bus(max_attempts=3, retry_delay=0.01)
    calls = []

    def handler(message: dict) -> None:
        calls.append(message["id"])
        raise ConnectionError(f"database down (call {len(calls)})")

    bus.subscribe("workflow", ["directory.#"], handler)
    bus.publish_batch([person_created()])
    with consuming(bus):
        wait_for_message(amqp_url, bus.dead_queue_name("workflow"))

    [(properties, _)] = get_all(amqp_url, bus.dead_queue_name("workflow"))
    assert len(calls) == 3
    assert "failed 3 times" in properties.headers[REASON_HEADER]
    assert "database down (call 3)" in properties.headers[REASON_HEADER]
    assert properties.headers[ATTEMPTS_HEADER] == 2


def test_unreachable_broker_raises_bus_unavailable():
    bus = RabbitBus(closed_port_url())

    with pytest.raises(BusUnavailable):
        bus.publish_batch([person_created()])


@needs_rabbit
def test_publish_connects_again_after_the_broker_closed_its_connection(make_bus, exchange_name):
    bus = make_bus()
    bus.subscribe("reports", ["directory.#"], lambda message: None)
    assert bus.publish_batch([person_created(1)]) == 1

    close_connections_named(f"{exchange_name}.publisher")
    outcomes = [publish_or_unavailable(bus) for _ in range(2)]

    # The first call may still hold the dead connection; then the second connects again.
    assert outcomes in ([1, 1], ["unavailable", 1])


def publish_or_unavailable(bus: RabbitBus) -> int | str:
    try:
        return bus.publish_batch([person_created()])
    except BusUnavailable:
        return "unavailable"


@needs_rabbit
def test_consume_survives_a_closed_connection_and_keeps_delivering(make_bus, exchange_name):
    bus = make_bus()
    handled = []
    bus.subscribe("workflow", ["directory.#"], lambda message: handled.append(message["id"]))
    first, second = person_created(1), person_created(2)

    with consuming(bus) as consumer:
        bus.publish_batch([first])
        wait_until(lambda: handled == [first["id"]], "the first event")
        close_connections_named(f"{exchange_name}.consumer")
        bus.publish_batch([second])
        wait_until(lambda: second["id"] in handled, "the second event")
        assert consumer.is_alive()
    assert set(handled) == {first["id"], second["id"]}


@needs_rabbit
def test_consume_declares_its_queue_again_after_it_was_deleted(make_bus, amqp_url):
    bus = make_bus()
    handled = []
    bus.subscribe("workflow", ["directory.#"], lambda message: handled.append(message["id"]))
    envelope = person_created()

    with consuming(bus):
        wait_until(lambda: consumer_count(amqp_url, bus.queue_name("workflow")), "a consumer")
        with channel_of(amqp_url) as channel:
            channel.queue_delete(bus.queue_name("workflow"))
        wait_until(lambda: consumer_count(amqp_url, bus.queue_name("workflow")), "a new consumer")
        bus.publish_batch([envelope])
        wait_until(lambda: handled == [envelope["id"]], "the event")


def consumer_count(url: str, queue: str) -> int:
    try:
        with channel_of(url) as channel:
            return channel.queue_declare(queue, passive=True).method.consumer_count
    except pika.exceptions.ChannelClosedByBroker:
        return 0


def test_consume_keeps_retrying_an_unreachable_broker_until_stopped():
    bus = RabbitBus(closed_port_url())
    bus.subscribe("workflow", ["directory.#"], lambda message: None)

    with consuming(bus) as consumer:
        time.sleep(1.0)
        assert consumer.is_alive()
    assert not consumer.is_alive()


def test_subscribe_refuses_a_queue_name_that_is_not_a_lower_case_word():
    bus = RabbitBus(closed_port_url())

    with pytest.raises(ValueError, match="bad subscription"):
        bus.subscribe("Work.flow", ["directory.#"], lambda message: None)
    assert bus.subscriptions == []


def test_subscribe_refuses_no_routing_keys():
    bus = RabbitBus(closed_port_url())

    with pytest.raises(ValueError, match="bad subscription"):
        bus.subscribe("workflow", [], lambda message: None)


@pytest.mark.parametrize("option", ["prefetch", "confirm_window", "max_attempts"])
def test_sizes_below_one_are_refused(option):
    with pytest.raises(ValueError, match="at least 1"):
        RabbitBus("amqp://guest:guest@127.0.0.1/%2F", **{option: 0})


def test_empty_batch_needs_no_broker():
    bus = RabbitBus(closed_port_url())

    assert bus.publish_batch([]) == 0


class BatchRecorder:
    """A handler that takes batches, as EventConsumer does; fails batches holding ``poison``."""

    def __init__(self, poison: str | None = None):
        self.batches: list[list[str]] = []
        self.one_by_one: list[str] = []
        #: Every id handled, by either path, in the order handled.
        self.handled: list[str] = []
        self.poison = poison

    def handle_batch(self, messages: list[dict]) -> list[str | None]:
        ids = [message["id"] for message in messages]
        if self.poison in ids:
            raise ConnectionError("a handler failed inside the batch")
        self.batches.append(ids)
        self.handled.extend(ids)
        return [None] * len(messages)

    def __call__(self, message: dict) -> None:
        if message["id"] == self.poison:
            raise ConnectionError("still failing")
        self.one_by_one.append(message["id"])
        self.handled.append(message["id"])


def test_queued_events_reach_a_batch_handler_in_batches(make_bus):
    bus = make_bus()
    recorder = BatchRecorder()
    bus.subscribe("svc", ["directory.person.created"], recorder)
    events = [person_created(i) for i in range(300)]
    bus.publish_batch(events)

    with consuming(bus):
        # A delivery that arrives alone goes to the handler one by one, as it may.
        wait_until(lambda: len(recorder.handled) == 300, "300 events")

    assert max(map(len, recorder.batches)) > 1
    assert recorder.handled == [e["id"] for e in events]


def test_a_failing_batch_falls_back_to_one_by_one_and_only_the_poison_is_retried(make_bus):
    bus = make_bus(max_attempts=2, retry_delay=0.01)
    events = [person_created(i) for i in range(50)]
    recorder = BatchRecorder(poison=events[10]["id"])
    bus.subscribe("svc", ["directory.person.created"], recorder)
    bus.publish_batch(events)

    with consuming(bus):
        wait_until(lambda: message_count(bus.url, bus.dead_queue_name("svc")) == 1, "dead letter")
        wait_until(
            lambda: len(recorder.one_by_one) + sum(map(len, recorder.batches)) >= 49,
            "the 49 good events",
        )

    handled = recorder.one_by_one + [i for batch in recorder.batches for i in batch]
    assert recorder.one_by_one
    assert sorted(set(handled)) == sorted(e["id"] for e in events if e is not events[10])


def dead_letter_two_events(bus: RabbitBus, amqp_url: str, handler) -> list[dict]:
    """Subscribe ``handler`` as workflow's and consume until two events are dead-lettered."""
    events = [person_created(1), person_created(2)]
    bus.subscribe("workflow", ["directory.#"], handler)
    bus.publish_batch(events)
    with consuming(bus):
        wait_until(
            lambda: message_count(amqp_url, bus.dead_queue_name("workflow")) == 2,
            "two dead letters",
        )
    return events


@needs_rabbit
def test_dead_letters_are_listed_oldest_first_with_their_reasons_and_stay(make_bus, amqp_url):
    bus = make_bus(max_attempts=1)

    def handler(message: dict) -> None:
        raise ConnectionError(f"no enterprise for {message['data']['id']}")

    events = dead_letter_two_events(bus, amqp_url, handler)

    letters = bus.dead_letters("workflow")
    assert [letter.message_id for letter in letters] == [event["id"] for event in events]
    assert {letter.type for letter in letters} == {"directory.person.created"}
    assert "no enterprise for p-1" in letters[0].reason
    assert message_count(amqp_url, bus.dead_queue_name("workflow")) == 2
    assert [letter.message_id for letter in bus.dead_letters("workflow", limit=1)] == [
        events[0]["id"]
    ]


@needs_rabbit
def test_replayed_dead_letters_are_handled_once_the_cause_is_mended(make_bus, amqp_url):
    bus = make_bus(max_attempts=1)
    mended, handled = threading.Event(), []

    def handler(message: dict) -> None:
        if not mended.is_set():
            raise ConnectionError("enterprise not known yet")
        handled.append(message["id"])

    events = dead_letter_two_events(bus, amqp_url, handler)
    mended.set()

    assert bus.replay_dead_letters("workflow") == 2
    assert message_count(amqp_url, bus.dead_queue_name("workflow")) == 0
    with consuming(bus):
        wait_until(lambda: len(handled) == 2, "the replayed events")
    assert handled == [event["id"] for event in events]


def still_broken(_message: dict) -> None:
    """A handler whose cause has not been mended."""
    raise ConnectionError("still broken")


@needs_rabbit
def test_a_replayed_letter_starts_again_with_a_fresh_count_of_attempts(make_bus, amqp_url):
    bus = make_bus(max_attempts=1)

    dead_letter_two_events(bus, amqp_url, still_broken)
    assert bus.replay_dead_letters("workflow", limit=1) == 1
    [(properties, _)] = get_all(amqp_url, bus.queue_name("workflow"))
    assert not {REASON_HEADER, QUEUE_HEADER, ATTEMPTS_HEADER} & set(properties.headers)
    assert message_count(amqp_url, bus.dead_queue_name("workflow")) == 1


@needs_rabbit
def test_replay_while_the_consumer_still_fails_moves_each_letter_once(make_bus, amqp_url):
    bus = make_bus(max_attempts=1)

    dead_letter_two_events(bus, amqp_url, still_broken)
    with consuming(bus):
        assert bus.replay_dead_letters("workflow") == 2
        wait_until(
            lambda: message_count(amqp_url, bus.dead_queue_name("workflow")) == 2,
            "the letters dead again",
        )


@needs_rabbit
def test_dead_letters_of_a_queue_never_declared_is_an_error(make_bus):
    bus = make_bus()
    with pytest.raises(pika.exceptions.ChannelClosedByBroker):
        bus.dead_letters("nobody")
    with pytest.raises(pika.exceptions.ChannelClosedByBroker):
        bus.replay_dead_letters("nobody")
