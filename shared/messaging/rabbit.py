"""RabbitBus: contract events over RabbitMQ with pika 1.4.

Topology
    One durable topic exchange ``<exchange>`` carries every event, routed by its type
    (``forms.submission.received``). A consuming service's queue ``<exchange>.<queue>`` is
    bound to the patterns it subscribed to. Dead letters go through a second durable topic
    exchange ``<exchange>.dlx``: each consumer queue dead-letters with the routing key of
    its own name, and its dead-letter queue ``<exchange>.<queue>.dead`` is bound with exactly
    that key, so dead letters of different queues never mix, while an operator may still
    bind one more queue with ``#`` to watch all of them.

Queues are classic and durable
    RabbitMQ here is 3.10 on one node. Messages are persistent and published with
    confirms, and a confirm for a persistent message routed to a durable queue is sent only
    once the message is on disk, so a broker crash loses nothing the relay counted as
    delivered (the outbox republishes the rest). Quorum queues would add replication,
    which one node cannot use, and on 3.10 would need ``x-delivery-limit`` and
    ``x-overflow=reject-publish`` set by hand; they are the step to take with a cluster.
    Redeclaring a queue with another type fails, so that step means new queue names.

Publishing keeps a window of outstanding confirms
    pika's ``BlockingChannel`` in confirm mode waits for every confirm (about 600
    messages a second here). ``publish_batch`` hands the batch to a daemon I/O thread that
    owns a ``SelectConnection`` and publishes through pika's public callback API: up to
    ``confirm_window`` messages are in flight, and each Basic.Ack or Basic.Nack lets the
    next one go. The calling thread waits on a future. The I/O loop keeps heartbeats
    flowing between batches; when the connection is lost the thread ends, and the next
    call connects again. Messages are mandatory: a Basic.Return with NO_ROUTE means no
    queue is bound to that event type, which is a legitimate drop for a topic event, so it
    still counts as delivered (logged at debug). A Basic.Nack of message k counts at most
    k messages, and publishing of the batch stops there.

Consuming
    ``consume`` runs on the caller's thread with a ``BlockingConnection``, manual acks and
    a prefetch, and calls handlers on that thread; ``process_data_events(time_limit=1)``
    keeps heartbeats flowing and checks ``stop`` every second. Dead-lettering by the broker
    cannot carry a reason and is at-most-once, so a rejected message is instead published
    as a copy to ``<exchange>.dlx`` with the header ``x-qinqing-reason`` on a confirm-mode
    channel, and only then is the original acknowledged. A handler failure other than
    :class:`InvalidMessage` republishes the message to the tail of its queue with the
    header ``x-qinqing-attempts`` after a growing pause (so a retried event comes after
    those behind it: order holds only while nothing fails); after ``max_attempts``
    failures it is dead-lettered with the last error as its reason. A broker that goes
    away is reconnected with backoff, and the queues are declared again. Subscribe before
    consuming: the set of consumed queues is fixed when ``consume`` connects.

Dead letters wait for an operator
    ``dead_letters`` lists what waits in a consumer's dead-letter queue, with each reason,
    and leaves it there; ``replay_dead_letters`` moves the messages back to the tail of the
    consumer's queue with a fresh count of attempts (``qinqing dead-letters NAME
    [--replay]``), once what made them fail is mended.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pika
import pika.exceptions
from pika.spec import BasicProperties

from shared.messaging.bus import Handler
from shared.messaging.envelope import InvalidMessage
from shared.messaging.rabbit_publisher import ConfirmingPublisher

log = logging.getLogger(__name__)

PERSISTENT = 2
REASON_HEADER = "x-qinqing-reason"
ATTEMPTS_HEADER = "x-qinqing-attempts"
QUEUE_HEADER = "x-qinqing-queue"
_QUEUE_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
_MAX_RETRY_DELAY = 5.0
_MAX_RECONNECT_DELAY = 30.0
#: Header values travel in one frame (128 KiB here); a longer reason could never be sent.
_MAX_REASON = 4000


@dataclass
class _Subscription:
    queue: str
    patterns: tuple[str, ...]
    handler: Handler


class RabbitBus:
    """The :class:`~shared.messaging.bus.Bus` over RabbitMQ (see the module docstring).

    :param url: an AMQP URL, ``amqp://user:password@host:5672/%2F``.
    :param exchange: the topic exchange; queues and the dead-letter exchange are named
        after it.
    :param prefetch: unacknowledged messages a consumer holds at most.
    :param confirm_window: published messages awaiting their confirm at most.
    :param heartbeat: AMQP heartbeat interval in seconds.
    :param blocked_connection_timeout: seconds a connection may stay blocked by a broker
        memory or disk alarm before it is dropped (and the call fails) instead of hanging.
    :param confirm_timeout: seconds a batch may wait for its confirms.
    :param max_attempts: handler calls of one message before it is dead-lettered.
    :param retry_delay: pause before the first retry of a failed message, doubled per
        attempt up to five seconds.
    :raises ValueError: for a malformed URL or a non-positive size.
    """

    def __init__(
        self,
        url: str,
        exchange: str = "qinqing",
        *,
        prefetch: int = 100,
        confirm_window: int = 500,
        heartbeat: int = 30,
        blocked_connection_timeout: float = 30,
        confirm_timeout: float = 60.0,
        max_attempts: int = 5,
        retry_delay: float = 0.5,
    ):
        if min(prefetch, confirm_window, max_attempts) < 1:
            raise ValueError("prefetch, confirm_window and max_attempts must be at least 1")
        pika.URLParameters(url)
        self.url = url
        self.exchange = exchange
        self.dead_letter_exchange = f"{exchange}.dlx"
        self.prefetch = prefetch
        self.confirm_window = confirm_window
        self.heartbeat = heartbeat
        self.blocked_connection_timeout = blocked_connection_timeout
        self.confirm_timeout = confirm_timeout
        self.max_attempts = max_attempts
        self.retry_delay = retry_delay
        self.subscriptions: list[_Subscription] = []
        self._publisher: ConfirmingPublisher | None = None
        #: Deliveries read but not yet handled, on the consuming thread only.
        self._pending: list = []
        self._publish_lock = threading.Lock()

    def queue_name(self, queue: str) -> str:
        """The RabbitMQ name of a subscriber's queue."""
        return f"{self.exchange}.{queue}"

    def dead_queue_name(self, queue: str) -> str:
        """The RabbitMQ name of a subscriber's dead-letter queue."""
        return f"{self.queue_name(queue)}.dead"

    def subscribe(self, queue: str, routing_keys: Iterable[str], handler: Handler) -> None:
        """Declare ``queue`` bound to ``routing_keys`` and have ``consume`` feed ``handler``.

        The queue is declared at once, so events published from now on wait in it even
        before a consumer runs; if the broker is unreachable, ``consume`` declares it when it
        connects.

        :raises ValueError: for a queue name other than lower-case words, or no keys.
        """
        patterns = tuple(routing_keys)
        if not _QUEUE_NAME.match(queue) or not patterns:
            raise ValueError(f"bad subscription {queue!r} to {patterns!r}")
        subscription = _Subscription(queue, patterns, handler)
        self.subscriptions.append(subscription)
        try:
            with self._blocking("setup") as connection:
                self._declare(connection.channel(), subscription)
        except pika.exceptions.AMQPError as error:
            log.warning("could not declare queue %s yet: %r", self.queue_name(queue), error)

    def publish_batch(self, envelopes: list[dict]) -> int:
        """Publish envelopes in order with a window of outstanding publisher confirms.

        :returns: how many envelopes, from the first, the broker confirmed. When the
            connection is lost part-way, the confirmed prefix.
        :raises BusUnavailable: when the broker cannot be reached, or nothing was confirmed
            before the connection was lost or ``confirm_timeout`` passed.
        """
        if not envelopes:
            return 0
        messages = [_message(envelope) for envelope in envelopes]
        with self._publish_lock:
            return self._connected_publisher().publish(messages, self.confirm_timeout)

    def consume(self, stop: threading.Event) -> None:
        """Consume every subscribed queue until ``stop`` is set, reconnecting with backoff.

        Handlers run on this thread. Returns within about a second of ``stop`` being set.
        """
        if not self.subscriptions:
            stop.wait()
            return
        backoff = _Backoff(first=0.5, most=_MAX_RECONNECT_DELAY)
        while not stop.is_set():
            try:
                self._consume_connected(stop, on_connected=backoff.reset)
            except pika.exceptions.AMQPError as error:
                delay = backoff.next_delay()
                log.warning("consumer lost RabbitMQ (%r); reconnecting in %.1fs", error, delay)
                stop.wait(delay)

    def dead_letters(self, queue: str, limit: int = 100) -> list[DeadLetter]:
        """The first ``limit`` messages in ``queue``'s dead-letter queue, oldest first;
        they stay there.

        :raises pika.exceptions.ChannelClosedByBroker: when the queue does not exist.
        """
        letters = []
        with self._blocking("operator") as connection:
            channel = connection.channel()
            while len(letters) < limit:
                method, properties, _body = channel.basic_get(self.dead_queue_name(queue))
                if method is None:
                    break
                headers = properties.headers or {}
                reason = headers.get(REASON_HEADER)
                letters.append(DeadLetter(properties.message_id, properties.type, reason))
            # Closing the channel without acknowledging puts every message back in place.
        return letters

    def replay_dead_letters(self, queue: str, limit: int | None = None) -> int:
        """Move the messages in ``queue``'s dead-letter queue back to the tail of
        ``queue``, oldest first, without their reason and count of attempts.

        Each is removed from the dead-letter queue only once the broker has confirmed its
        copy in ``queue``. Only the messages there when the call starts are moved, so one
        that fails again at once is not replayed twice.

        :param limit: move at most this many.
        :returns: how many were moved.
        :raises pika.exceptions.ChannelClosedByBroker: when a queue does not exist.
        """
        dead, target = self.dead_queue_name(queue), self.queue_name(queue)
        moved = 0
        with self._blocking("operator") as connection:
            channel = connection.channel()
            waiting = channel.queue_declare(dead, passive=True).method.message_count
            channel.queue_declare(target, passive=True)
            channel.confirm_delivery()
            to_move = waiting if limit is None else min(waiting, limit)
            while moved < to_move:
                method, properties, body = channel.basic_get(dead)
                if method is None:
                    break
                headers = {
                    key: value
                    for key, value in (properties.headers or {}).items()
                    if key not in (REASON_HEADER, QUEUE_HEADER, ATTEMPTS_HEADER)
                }
                # Raises on a nack or a return, leaving the dead letter where it was.
                channel.basic_publish("", target, body, _with_headers(properties, headers), True)
                channel.basic_ack(method.delivery_tag)
                moved += 1
        return moved

    def close(self) -> None:
        """Close the publishing connection; ``consume`` ends with its ``stop`` event."""
        with self._publish_lock:
            if self._publisher is not None:
                self._publisher.stop()
                self._publisher = None

    def _parameters(self, role: str) -> pika.URLParameters:
        parameters = pika.URLParameters(self.url)
        parameters.heartbeat = self.heartbeat
        parameters.blocked_connection_timeout = self.blocked_connection_timeout
        parameters.connection_attempts = 1
        parameters.client_properties = {"connection_name": f"{self.exchange}.{role}"}
        return parameters

    @contextlib.contextmanager
    def _blocking(self, role: str) -> Iterator[pika.BlockingConnection]:
        connection = pika.BlockingConnection(self._parameters(role))
        try:
            yield connection
        finally:
            if connection.is_open:
                with contextlib.suppress(pika.exceptions.AMQPError):
                    connection.close()

    def _declare(self, channel, subscription: _Subscription) -> None:
        name = self.queue_name(subscription.queue)
        dead = self.dead_queue_name(subscription.queue)
        channel.exchange_declare(self.exchange, "topic", durable=True)
        channel.exchange_declare(self.dead_letter_exchange, "topic", durable=True)
        arguments = {
            "x-dead-letter-exchange": self.dead_letter_exchange,
            "x-dead-letter-routing-key": name,
        }
        channel.queue_declare(name, durable=True, arguments=arguments)
        channel.queue_declare(dead, durable=True)
        channel.queue_bind(dead, self.dead_letter_exchange, routing_key=name)
        for pattern in subscription.patterns:
            channel.queue_bind(name, self.exchange, routing_key=pattern)

    def _connected_publisher(self) -> ConfirmingPublisher:
        if self._publisher is not None and self._publisher.alive:
            return self._publisher
        if self._publisher is not None:
            self._publisher.stop()
            self._publisher = None
        publisher = ConfirmingPublisher(
            self._parameters("publisher"), self.exchange, self.confirm_window
        )
        publisher.start()
        self._publisher = publisher
        return publisher

    def _consume_connected(self, stop: threading.Event, on_connected: Callable[[], None]) -> None:
        with self._blocking("consumer") as connection:
            # Deliveries of a lost connection are redelivered by the broker.
            self._pending = []
            cancelled = self._start_consumers(connection.channel())
            on_connected()
            while not stop.is_set():
                connection.process_data_events(time_limit=1)
                self._read_what_has_arrived(connection)
                self._handle_pending()
                if cancelled:
                    # The broker cancels a consumer when its queue is deleted or moves to
                    # another node; connecting again declares the queue and consumes anew.
                    raise pika.exceptions.ConsumerCancelled(cancelled[0].method)

    def _start_consumers(self, channel) -> list:
        """Declare and consume every subscribed queue; returns where cancellations collect."""
        cancelled: list = []
        channel.add_on_cancel_callback(cancelled.append)
        channel.confirm_delivery()
        channel.basic_qos(prefetch_count=self.prefetch)
        for subscription in self.subscriptions:
            self._declare(channel, subscription)
            callback = functools.partial(self._on_message, subscription)
            channel.basic_consume(self.queue_name(subscription.queue), callback)
        return cancelled

    def _on_message(self, subscription: _Subscription, channel, method, properties, body) -> None:
        # Deliveries are collected while pika reads what has arrived, and handled together
        # afterwards (see _handle_pending), so a handler that takes batches can put them
        # in one transaction.
        self._pending.append((subscription, channel, method, properties, body))

    def _read_what_has_arrived(self, connection) -> None:
        """Keep reading, without waiting, while deliveries are already there (up to the
        prefetch), so that a backlog is handled in batches even when the socket hands
        pika one message per read."""
        while self._pending and len(self._pending) < self.prefetch:
            before = len(self._pending)
            connection.process_data_events(time_limit=0)
            if len(self._pending) == before:
                return

    def _handle_pending(self) -> None:
        pending, self._pending = self._pending, []
        for subscription in self.subscriptions:
            deliveries = [d for d in pending if d[0] is subscription]
            if deliveries:
                self._handle_deliveries(subscription, deliveries)

    def _handle_deliveries(self, subscription: _Subscription, deliveries: list) -> None:
        batch = getattr(subscription.handler, "handle_batch", None)
        if batch is None or len(deliveries) == 1:
            for delivery in deliveries:
                self._handle_one(*delivery)
            return
        decoded, undecodable = [], []
        for delivery in deliveries:
            try:
                decoded.append((delivery, _decode(delivery[4])))
            except InvalidMessage as error:
                undecodable.append((delivery, str(error)))
        try:
            outcomes = batch([message for _delivery, message in decoded])
        except Exception:
            log.warning(
                "%s: a batch of %d failed; handling one by one",
                subscription.queue,
                len(decoded),
                exc_info=True,
            )
            for delivery, _message in decoded:
                self._handle_one(*delivery)
            outcomes = None
        if outcomes is not None:
            for (delivery, _message), reason in zip(decoded, outcomes, strict=True):
                self._settle(delivery, reason)
        for delivery, reason in undecodable:
            self._settle(delivery, reason)

    def _settle(self, delivery, reason: str | None) -> None:
        subscription, channel, method, properties, body = delivery
        if reason is None:
            channel.basic_ack(method.delivery_tag)
            return
        log.warning("%s dead-letters %s: %s", subscription.queue, properties.message_id, reason)
        self._dead_letter(channel, subscription, method, properties, body, reason)

    def _handle_one(self, subscription: _Subscription, channel, method, properties, body) -> None:
        try:
            subscription.handler(_decode(body))
        except InvalidMessage as error:
            log.warning("%s dead-letters %s: %s", subscription.queue, properties.message_id, error)
            self._dead_letter(channel, subscription, method, properties, body, str(error))
        except Exception as error:
            log.exception("%s failed on %s", subscription.queue, properties.message_id)
            self._retry(channel, subscription, method, properties, body, error)
        else:
            channel.basic_ack(method.delivery_tag)

    def _dead_letter(self, channel, subscription, method, properties, body, reason: str) -> None:
        name = self.queue_name(subscription.queue)
        headers = {
            **(properties.headers or {}),
            REASON_HEADER: reason[:_MAX_REASON],
            QUEUE_HEADER: name,
        }
        copy = _with_headers(properties, headers)
        channel.basic_publish(self.dead_letter_exchange, name, body, copy, mandatory=True)
        channel.basic_ack(method.delivery_tag)

    def _retry(self, channel, subscription, method, properties, body, error: Exception) -> None:
        attempts = _attempts(properties) + 1
        if attempts >= self.max_attempts:
            reason = f"failed {attempts} times, last: {error!r}"
            self._dead_letter(channel, subscription, method, properties, body, reason)
            return
        # The pause processes I/O (heartbeats) but dispatches no other delivery, so a
        # failing message cannot spin the consumer.
        channel.connection.sleep(min(self.retry_delay * 2 ** (attempts - 1), _MAX_RETRY_DELAY))
        headers = {**(properties.headers or {}), ATTEMPTS_HEADER: attempts}
        name = self.queue_name(subscription.queue)
        channel.basic_publish("", name, body, _with_headers(properties, headers), mandatory=True)
        channel.basic_ack(method.delivery_tag)


@dataclass(frozen=True)
class DeadLetter:
    """A message a consumer gave up on, as listed for an operator."""

    message_id: str | None
    type: str | None
    reason: str | None


def _message(envelope: dict) -> tuple[str, bytes, BasicProperties]:
    properties = BasicProperties(
        content_type="application/json",
        delivery_mode=PERSISTENT,
        message_id=str(envelope["id"]),
        type=envelope["type"],
    )
    body = json.dumps(envelope, ensure_ascii=False).encode()
    return envelope["type"], body, properties


def _decode(body: bytes) -> dict:
    try:
        message = json.loads(body)
    except ValueError as error:
        raise InvalidMessage(f"not JSON: {error}") from error
    if not isinstance(message, dict):
        raise InvalidMessage(f"not a JSON object but {type(message).__name__}")
    return message


def _attempts(properties: BasicProperties) -> int:
    value = (properties.headers or {}).get(ATTEMPTS_HEADER, 0)
    return value if isinstance(value, int) else 0


def _with_headers(properties: BasicProperties, headers: dict) -> BasicProperties:
    return BasicProperties(
        content_type=properties.content_type,
        delivery_mode=PERSISTENT,
        message_id=properties.message_id,
        type=properties.type,
        headers=headers,
    )


@dataclass
class _Backoff:
    """Reconnection delays: ``first``, doubled per failure, at most ``most`` seconds."""

    first: float
    most: float
    failures: int = 0

    def reset(self) -> None:
        self.failures = 0

    def next_delay(self) -> float:
        self.failures += 1
        return min(self.first * 2 ** (self.failures - 1), self.most)
