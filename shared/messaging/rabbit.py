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
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field

import pika
import pika.exceptions
from pika.spec import Basic, BasicProperties

from shared.messaging.bus import BusUnavailable, Handler
from shared.messaging.envelope import InvalidMessage

log = logging.getLogger(__name__)

NO_ROUTE = 312
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
        self._publisher: _Publisher | None = None
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

    def _connected_publisher(self) -> _Publisher:
        if self._publisher is not None and self._publisher.alive:
            return self._publisher
        if self._publisher is not None:
            self._publisher.stop()
            self._publisher = None
        publisher = _Publisher(self._parameters("publisher"), self.exchange, self.confirm_window)
        publisher.start()
        self._publisher = publisher
        return publisher

    def _consume_connected(self, stop: threading.Event, on_connected: Callable[[], None]) -> None:
        with self._blocking("consumer") as connection:
            cancelled = self._start_consumers(connection.channel())
            on_connected()
            while not stop.is_set():
                connection.process_data_events(time_limit=1)
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


@dataclass
class _Batch:
    """One ``publish_batch`` call as the I/O thread sees it."""

    messages: list[tuple[str, bytes, BasicProperties]]
    result: Future = field(default_factory=Future)
    #: Delivery tag of the first message, once publishing began.
    first_tag: int | None = None
    sent: int = 0
    failed_at: int | None = None

    @property
    def limit(self) -> int:
        return len(self.messages) if self.failed_at is None else self.failed_at

    def fail(self, index: int) -> None:
        self.failed_at = index if self.failed_at is None else min(self.failed_at, index)

    def index_of(self, message_id: str) -> int | None:
        ids = (properties.message_id for _, _, properties in self.messages)
        return next((i for i, each in enumerate(ids) if each == message_id), None)


class _Publisher:
    """One ``SelectConnection`` in confirm mode, driven by its own daemon I/O thread.

    Only :meth:`start`, :meth:`publish`, :meth:`stop` and :attr:`alive` are called from
    other threads; they reach the loop through ``add_callback_threadsafe`` alone.
    """

    def __init__(self, parameters: pika.URLParameters, exchange: str, window: int):
        self._parameters = parameters
        self._exchange = exchange
        self._window = window
        self._lock = threading.Lock()
        self._closed = False
        self._ready: Future = Future()
        self._batch: _Batch | None = None
        self._unconfirmed: set[int] = set()
        self._next_tag = 1
        self._lost: BaseException | None = None
        self._connection: pika.SelectConnection | None = None
        self._channel = None
        self._thread = threading.Thread(target=self._run, name=f"{exchange}-publisher", daemon=True)

    @property
    def _connect_wait(self) -> float:
        # pika gives up connecting after stack_timeout; this is only a safety net.
        return (self._parameters.stack_timeout or 15.0) + 5.0

    @property
    def alive(self) -> bool:
        with self._lock:
            return not self._closed

    def start(self) -> None:
        """Connect and wait until the channel is in confirm mode.

        :raises BusUnavailable: when that fails.
        """
        self._thread.start()
        try:
            self._ready.result(timeout=self._connect_wait)
        except FutureTimeout:
            self.stop()
            raise BusUnavailable("timed out connecting to RabbitMQ") from None

    def publish(self, messages: list, timeout: float) -> int:
        """Publish on the I/O thread and wait for the outcome (see ``RabbitBus.publish_batch``)."""
        batch = _Batch(messages)
        with self._lock:
            if self._closed:
                raise BusUnavailable(f"connection to RabbitMQ lost: {self._lost!r}")
            self._batch = batch
            self._connection.ioloop.add_callback_threadsafe(self._begin)
        try:
            return batch.result.result(timeout)
        except FutureTimeout:
            self.stop()
            raise BusUnavailable(f"no publisher confirms within {timeout}s") from None

    def stop(self) -> None:
        """Close the connection and wait for the I/O thread to end."""
        with self._lock:
            if not self._closed and self._connection is not None:
                self._connection.ioloop.add_callback_threadsafe(self._close)
        self._thread.join(timeout=self._connect_wait)

    def _run(self) -> None:
        try:
            with self._lock:
                self._connection = pika.SelectConnection(
                    self._parameters,
                    on_open_callback=self._on_connection_open,
                    on_open_error_callback=self._on_connection_lost,
                    on_close_callback=self._on_connection_lost,
                )
            self._connection.ioloop.start()
        finally:
            with self._lock:
                self._closed = True
                batch, self._batch = self._batch, None
            lost = BusUnavailable(f"cannot reach RabbitMQ: {self._lost!r}")
            if not self._ready.done():
                self._ready.set_exception(lost)
            if batch is not None:
                self._settle_lost(batch, lost)
            if self._connection is not None:
                self._connection.ioloop.close()

    def _close(self) -> None:
        if not (self._connection.is_closing or self._connection.is_closed):
            self._connection.close()

    def _on_connection_open(self, connection) -> None:
        connection.channel(on_open_callback=self._on_channel_open)

    def _on_connection_lost(self, _connection, error: BaseException) -> None:
        self._lost = self._lost or error
        log.info("publisher connection to RabbitMQ ended: %r", error)
        self._connection.ioloop.stop()

    def _on_channel_open(self, channel) -> None:
        self._channel = channel
        channel.add_on_close_callback(self._on_channel_closed)
        channel.add_on_return_callback(self._on_return)
        channel.exchange_declare(
            self._exchange, "topic", durable=True, callback=self._on_exchange_declared
        )

    def _on_exchange_declared(self, _frame) -> None:
        self._channel.confirm_delivery(self._on_confirm, callback=self._on_confirm_mode)

    def _on_confirm_mode(self, _frame) -> None:
        self._ready.set_result(None)

    def _on_channel_closed(self, _channel, reason: BaseException) -> None:
        self._lost = self._lost or reason
        closed_by_us = isinstance(reason, pika.exceptions.ChannelClosedByClient)
        log.log(logging.DEBUG if closed_by_us else logging.WARNING, "publisher channel: %r", reason)
        self._close()

    def _begin(self) -> None:
        if not self._channel.is_open:
            self._close()
            return
        self._batch.first_tag = self._next_tag
        self._pump()

    def _pump(self) -> None:
        batch = self._batch
        while batch.sent < batch.limit and len(self._unconfirmed) < self._window:
            routing_key, body, properties = batch.messages[batch.sent]
            self._channel.basic_publish(
                self._exchange, routing_key, body, properties, mandatory=True
            )
            self._unconfirmed.add(self._next_tag)
            self._next_tag += 1
            batch.sent += 1
        if not self._unconfirmed and batch.sent >= batch.limit:
            self._batch = None
            batch.result.set_result(batch.limit)

    def _on_confirm(self, frame) -> None:
        method, batch = frame.method, self._batch
        if batch is None:
            return
        if method.multiple:
            settled = {tag for tag in self._unconfirmed if tag <= method.delivery_tag}
        else:
            settled = {method.delivery_tag}
        self._unconfirmed -= settled
        if isinstance(method, Basic.Nack) and settled:
            log.warning("RabbitMQ refused (nack) delivery tags %s", sorted(settled))
            batch.fail(min(settled) - batch.first_tag)
        self._pump()

    def _on_return(self, _channel, method, properties, _body) -> None:
        if method.reply_code == NO_ROUTE:
            log.debug("no queue is bound for %s %s", properties.type, properties.message_id)
            return
        log.warning("RabbitMQ returned %s: %s", properties.message_id, method.reply_text)
        index = self._batch.index_of(properties.message_id) if self._batch else None
        if index is not None:
            self._batch.fail(index)

    def _settle_lost(self, batch: _Batch, lost: BusUnavailable) -> None:
        if batch.first_tag is None:
            confirmed = 0
        elif self._unconfirmed:
            confirmed = min(self._unconfirmed) - batch.first_tag
        else:
            confirmed = batch.sent
        confirmed = min(confirmed, batch.limit)
        if confirmed > 0:
            batch.result.set_result(confirmed)
        else:
            batch.result.set_exception(lost)
