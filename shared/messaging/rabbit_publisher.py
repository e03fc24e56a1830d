"""The publishing side of RabbitBus: a window of outstanding publisher confirms.

pika's ``BlockingChannel`` in confirm mode waits for every confirm (about 600 messages a
second here). :class:`ConfirmingPublisher` owns a ``SelectConnection`` on a daemon I/O
thread and publishes through pika's public callback API, keeping up to ``window`` messages
in flight; see :mod:`shared.messaging.rabbit` for what counts as delivered.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field

import pika
import pika.exceptions
from pika.spec import Basic, BasicProperties

from shared.messaging.bus import BusUnavailable

log = logging.getLogger(__name__)

#: AMQP reply code of a mandatory message no queue is bound for.
NO_ROUTE = 312


@dataclass
class PublishBatch:
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


class ConfirmingPublisher:
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
        self._batch: PublishBatch | None = None
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
        batch = PublishBatch(messages)
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

    def _settle_lost(self, batch: PublishBatch, lost: BusUnavailable) -> None:
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
