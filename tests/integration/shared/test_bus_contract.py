"""The bus contract: LocalBus (embedded run) and RabbitBus (distributed run) pass the same tests.

Each test subscribes, starts delivery (RabbitBus consumes on a background thread; LocalBus
delivers inside ``publish_batch``), publishes real contract events and polls with a
deadline. A subscriber is shown to have missed an event by publishing a sentinel it does
receive afterwards: one queue keeps the order of one batch, so the missed event would have
come first.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable

import pika
import pytest

from shared.messaging.bus import LocalBus
from shared.messaging.envelope import InvalidMessage, load_envelope, new_envelope
from shared.messaging.rabbit import REASON_HEADER, RabbitBus

DEADLINE = 15.0
SENTINEL = "workflow.ticket.opened"

SAMPLE_DATA = {
    "directory.org_unit.created": {
        "id": "ou-330106",
        "name": "西湖区生态环境分局",
        "name_en": "Xihu District Bureau",
        "kind": "county",
        "parent_id": "ou-3301",
        "path": "33/3301/330106",
    },
    "directory.person.created": {
        "id": "p-1",
        "username": "liaison1",
        "name": "王芳",
        "roles": ["liaison"],
        "org_path": "33/3301/330106",
    },
    "directory.enterprise.registered": {
        "id": "e-1",
        "name": "杭州绿源环保科技有限公司",
        "credit_code": "91330106MA27XYZ12K",
        "county_id": "ou-330106",
        "org_path": "33/3301/330106",
    },
    "forms.form.published": {
        "form_id": "f-1",
        "key": "health-check",
        "version": 2,
        "title": "企业环保体检表",
        "org_path": "33",
    },
    "forms.submission.received": {
        "submission_id": "s-1",
        "form_id": "f-1",
        "form_key": "service-request",
        "form_version": 1,
        "title": "排污许可咨询",
        "acceptance_number": "330106-2024-0001",
        "enterprise_id": "e-1",
        "submitted_by": "p-9",
        "org_path": "33/3301/330106",
        "data": {"question": "排污许可证延续需要哪些材料？"},
    },
    "workflow.ticket.opened": {
        "ticket_id": "t-1",
        "number": "GD-330106-0001",
        "account_id": "a-1",
        "enterprise_id": "e-1",
        "enterprise_name": "杭州绿源环保科技有限公司",
        "title": "排污许可咨询",
        "county_id": "ou-330106",
        "org_path": "33/3301/330106",
        "opened_at": "2024-05-06T09:30:00+08:00",
    },
}


def event(type: str, **data) -> dict:
    """A valid envelope of a real contract event."""
    return new_envelope(type, {**SAMPLE_DATA[type], **data}, tenant="33")


def invalid_org_unit_created() -> dict:
    """An envelope built by hand whose data breaks its contract: ``name`` is missing."""
    envelope = event("directory.org_unit.created")
    del envelope["data"]["name"]
    return envelope


class Recorder:
    """A subscriber that records each event it is given, after ``check`` lets it through."""

    def __init__(self, check: Callable[[dict], object] = lambda message: None):
        self.check = check
        self.events: list[dict] = []

    def __call__(self, message: dict) -> None:
        self.check(message)
        self.events.append(message)

    @property
    def ids(self) -> list[str]:
        return [message["id"] for message in self.events]

    @property
    def types(self) -> list[str]:
        return [message["type"] for message in self.events]


class FailsOnce:
    """A check that raises a transient error the first time it sees one event id."""

    def __init__(self, event_id: str):
        self.event_id = event_id
        self.failures = 0

    def __call__(self, message: dict) -> None:
        if message["id"] == self.event_id and self.failures == 0:
            self.failures += 1
            raise RuntimeError("database briefly unavailable")


class AlwaysFails:
    """A check that raises a lasting error for one event id."""

    def __init__(self, event_id: str):
        self.event_id = event_id

    def __call__(self, message: dict) -> None:
        if message["id"] == self.event_id:
            raise LookupError(f"enterprise of {message['id']} unknown")


class LocalHarness:
    """LocalBus as the contract tests drive it: delivery happens inside publish_batch."""

    def __init__(self):
        # No pause before a retry: the relay's next pass comes at once in these tests.
        self.bus = LocalBus(retry_delay=0)

    def subscribe(self, queue: str, patterns: list[str], handler=None) -> Recorder:
        recorder = handler or Recorder()
        self.bus.subscribe(queue, patterns, recorder)
        return recorder

    def start(self) -> None:
        """Nothing to start: LocalBus delivers synchronously."""

    def publish_batch(self, envelopes: list[dict]) -> int:
        return self.bus.publish_batch(envelopes)

    def dead_letters(self, queue: str) -> list[tuple[dict, str]]:
        letters = self.bus.dead_letters
        return [(message, reason) for name, message, reason in letters if name == queue]

    def close(self) -> None:
        """Nothing to release."""


class RabbitHarness(LocalHarness):
    """RabbitBus consumed on a background thread; its exchange and queues go at close."""

    def __init__(self, url: str, exchange: str):
        self.url = url
        self.bus = RabbitBus(url, exchange, retry_delay=0.05)
        self.stop = threading.Event()
        self.consumer: threading.Thread | None = None
        self.fetched: dict[str, list[tuple[dict, str]]] = {}

    def start(self) -> None:
        self.consumer = threading.Thread(target=self.bus.consume, args=(self.stop,))
        self.consumer.start()

    def dead_letters(self, queue: str) -> list[tuple[dict, str]]:
        fetched = self.fetched.setdefault(queue, [])
        with self._channel() as channel:
            while (got := channel.basic_get(self.bus.dead_queue_name(queue), auto_ack=True))[0]:
                _, properties, body = got
                fetched.append((json.loads(body), properties.headers[REASON_HEADER]))
        return fetched

    def close(self) -> None:
        self.stop.set()
        if self.consumer is not None:
            self.consumer.join(timeout=10)
        self.bus.close()
        with self._channel() as channel:
            for subscription in self.bus.subscriptions:
                channel.queue_delete(self.bus.queue_name(subscription.queue))
                channel.queue_delete(self.bus.dead_queue_name(subscription.queue))
            channel.exchange_delete(self.bus.exchange)
            channel.exchange_delete(self.bus.dead_letter_exchange)

    def _channel(self):
        return _ClosingChannel(self.url)


class _ClosingChannel:
    def __init__(self, url: str):
        self.connection = pika.BlockingConnection(pika.URLParameters(url))

    def __enter__(self):
        return self.connection.channel()

    def __exit__(self, *exc_info):
        self.connection.close()


@pytest.fixture(params=["local", pytest.param("rabbit", marks=pytest.mark.rabbitmq)])
def bus(request):
    """The bus under contract, wrapped with what the tests need to observe it."""
    if request.param == "local":
        harness = LocalHarness()
    else:
        url = request.getfixturevalue("amqp_url")
        harness = RabbitHarness(url, request.getfixturevalue("exchange_name"))
    yield harness
    harness.close()


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {DEADLINE}s waiting for {what}")
        time.sleep(0.02)


def publish_like_the_relay(bus, envelopes: list[dict], rounds: int = 5) -> None:
    """Offer the not yet delivered tail again, as OutboxRelay does on its next drain."""
    remaining = list(envelopes)
    for _ in range(rounds):
        remaining = remaining[bus.publish_batch(remaining) :]
        if not remaining:
            return
    pytest.fail(f"{len(remaining)} events still undelivered after {rounds} rounds")


def ends_with_sentinel(*recorders: Recorder) -> Callable[[], bool]:
    return lambda: all(r.types and r.types[-1] == SENTINEL for r in recorders)


def test_event_reaches_every_subscriber_whose_pattern_matches_and_no_other(bus):
    exact = bus.subscribe("workflow", ["directory.org_unit.created", SENTINEL])
    directory = bus.subscribe("reports", ["directory.#", SENTINEL])
    forms_only = bus.subscribe("notify", ["forms.submission.received", SENTINEL])
    bus.start()

    bus.publish_batch([event("directory.org_unit.created"), event("forms.submission.received")])
    bus.publish_batch([event(SENTINEL)])

    wait_until(ends_with_sentinel(exact, directory, forms_only), "the sentinel everywhere")
    assert exact.types == ["directory.org_unit.created", SENTINEL]
    assert directory.types == ["directory.org_unit.created", SENTINEL]
    assert forms_only.types == ["forms.submission.received", SENTINEL]


ALL_TYPES = [
    "directory.org_unit.created",
    "directory.person.created",
    "directory.enterprise.registered",
    "forms.form.published",
    "forms.submission.received",
]


def test_star_pattern_matches_exactly_one_word(bus):
    middle = bus.subscribe("middle", ["directory.*.created", SENTINEL])
    too_short = bus.subscribe("short", ["directory.*", SENTINEL])
    bus.start()

    bus.publish_batch([event(type) for type in ALL_TYPES] + [event(SENTINEL)])

    wait_until(ends_with_sentinel(middle, too_short), "the sentinel")
    assert middle.types == ["directory.org_unit.created", "directory.person.created", SENTINEL]
    assert too_short.types == [SENTINEL]


def test_hash_pattern_matches_zero_or_more_words(bus):
    everything = bus.subscribe("everything", ["#"])
    forms = bus.subscribe("forms", ["forms.#", SENTINEL])
    zero_words = bus.subscribe("zero", ["forms.form.published.#", SENTINEL])
    bus.start()

    bus.publish_batch([event(type) for type in ALL_TYPES] + [event(SENTINEL)])

    wait_until(ends_with_sentinel(everything, forms, zero_words), "the sentinel")
    assert everything.types == ALL_TYPES + [SENTINEL]
    assert forms.types == ["forms.form.published", "forms.submission.received", SENTINEL]
    assert zero_words.types == ["forms.form.published", SENTINEL]


def test_a_batch_reaches_one_subscriber_in_the_order_published(bus):
    recorder = bus.subscribe("reports", ["directory.#"])
    bus.start()
    batch = [event("directory.person.created", id=f"p-{i}") for i in range(300)]

    bus.publish_batch(batch)

    wait_until(lambda: len(recorder.events) == len(batch), "all 300 events")
    assert recorder.ids == [envelope["id"] for envelope in batch]


def test_publish_batch_returns_how_many_events_it_delivered(bus):
    bus.subscribe("reports", ["directory.#"])
    bus.start()

    delivered = bus.publish_batch([event("directory.person.created") for _ in range(7)])

    assert delivered == 7


def test_empty_batch_delivers_nothing(bus):
    recorder = bus.subscribe("reports", ["#"])
    bus.start()

    assert bus.publish_batch([]) == 0
    assert recorder.events == []


def test_event_nobody_subscribes_to_counts_as_delivered(bus):
    bus.subscribe("reports", ["directory.#"])
    bus.start()

    delivered = bus.publish_batch([event("forms.form.published"), event(SENTINEL)])

    assert delivered == 2


def test_invalid_event_is_dead_lettered_with_its_reason_and_later_events_still_arrive(bus):
    recorder = bus.subscribe("workflow", ["directory.#"], Recorder(check=load_envelope))
    bus.start()
    invalid, valid = invalid_org_unit_created(), event("directory.person.created")

    bus.publish_batch([invalid, valid])

    wait_until(lambda: recorder.ids == [valid["id"]], "the valid event")
    wait_until(lambda: bus.dead_letters("workflow"), "the dead letter")
    [(message, reason)] = bus.dead_letters("workflow")
    assert message["id"] == invalid["id"]
    assert "name" in reason and "directory.org_unit.created" in reason


def test_dead_letters_of_one_subscriber_do_not_reach_another(bus):
    bus.subscribe("workflow", ["directory.#"], Recorder(check=load_envelope))
    lenient = bus.subscribe("reports", ["directory.#", SENTINEL])
    bus.start()

    bus.publish_batch([invalid_org_unit_created(), event(SENTINEL)])

    wait_until(lambda: bus.dead_letters("workflow"), "the dead letter")
    wait_until(ends_with_sentinel(lenient), "the sentinel")
    assert bus.dead_letters("reports") == []


def test_subscriber_that_fails_transiently_gets_the_event_again(bus):
    first, flaky, last = (event("directory.person.created", id=f"p-{i}") for i in range(3))
    check = FailsOnce(flaky["id"])
    recorder = bus.subscribe("workflow", ["directory.#"], Recorder(check=check))
    bus.start()

    publish_like_the_relay(bus, [first, flaky, last])

    wait_until(lambda: len(recorder.events) == 3, "all three events")
    assert sorted(recorder.ids) == sorted([first["id"], flaky["id"], last["id"]])
    assert check.failures == 1


def test_event_failing_every_attempt_is_dead_lettered_with_its_last_error(bus):
    stuck, later = (event("directory.person.created", id=f"p-{i}") for i in range(2))
    recorder = bus.subscribe("workflow", ["directory.#"], Recorder(check=AlwaysFails(stuck["id"])))
    bus.start()

    publish_like_the_relay(bus, [stuck, later], rounds=10)

    wait_until(lambda: recorder.ids == [later["id"]], "the later event")
    wait_until(lambda: bus.dead_letters("workflow"), "the dead letter")
    [(message, reason)] = bus.dead_letters("workflow")
    assert message["id"] == stuck["id"]
    assert "failed 5 times" in reason and "unknown" in reason


class RecordingConsumer(Recorder):
    """A subscriber that also stores what the bus gives up on, as EventConsumer does."""

    def __init__(self, check):
        super().__init__(check)
        self.recorded: list[tuple[str, str]] = []

    def record_failure(self, message: dict, reason: str) -> None:
        self.recorded.append((message["id"], reason))


def test_local_bus_stores_an_event_it_gave_up_on_through_the_subscriber():
    bus = LocalBus(max_attempts=2, retry_delay=0)
    stuck = event("directory.person.created")
    consumer = RecordingConsumer(check=AlwaysFails(stuck["id"]))
    bus.subscribe("workflow", ["directory.#"], consumer)

    assert bus.publish_batch([stuck]) == 0
    assert consumer.recorded == []
    assert bus.publish_batch([stuck]) == 1
    [(event_id, reason)] = consumer.recorded
    assert event_id == stuck["id"] and "failed 2 times" in reason


def test_local_bus_offers_a_failed_event_again_only_after_a_pause(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr("shared.messaging.bus.time.monotonic", lambda: clock[0])
    bus = LocalBus(retry_delay=0.5)
    stuck = event("directory.person.created")
    calls = []
    healthy = Recorder()
    bus.subscribe("reports", ["#"], healthy)
    bus.subscribe("workflow", ["#"], Recorder(check=lambda m: calls.append(1) or 1 / 0))

    assert bus.publish_batch([stuck]) == 0
    clock[0] += 0.4
    assert bus.publish_batch([stuck]) == 0
    assert len(calls) == 1
    assert len(healthy.events) == 1  # the healthy subscriber is not handed it again
    clock[0] += 0.2
    bus.publish_batch([stuck])
    assert len(calls) == 2


def test_local_bus_stops_a_batch_at_the_event_a_subscriber_failed_on():
    bus = LocalBus()
    batch = [event("directory.person.created", id=f"p-{i}") for i in range(4)]
    recorder = Recorder(check=FailsOnce(batch[2]["id"]))
    bus.subscribe("workflow", ["directory.#"], recorder)

    delivered = bus.publish_batch(batch)

    assert delivered == 2
    assert recorder.ids == [batch[0]["id"], batch[1]["id"]]


def test_local_bus_counts_an_event_dead_lettered_by_every_subscriber_as_delivered():
    bus = LocalBus()
    bus.subscribe("workflow", ["#"], Recorder(check=load_envelope))

    delivered = bus.publish_batch([invalid_org_unit_created()])

    assert delivered == 1
    assert [queue for queue, _, _ in bus.dead_letters] == ["workflow"]


def test_hand_built_invalid_event_breaks_its_contract_on_name():
    with pytest.raises(InvalidMessage, match="name"):
        load_envelope(invalid_org_unit_created())
