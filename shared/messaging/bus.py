"""The bus port, and LocalBus: events delivered in-process for the embedded run.

A bus carries contract events between services. ``RabbitBus`` (``shared.messaging.rabbit``)
and ``LocalBus`` pass the same contract tests (``tests/integration/shared/test_bus_contract.py``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from shared.messaging.envelope import InvalidMessage

log = logging.getLogger(__name__)

Handler = Callable[[dict], None]


class BusUnavailable(Exception):
    """Raised when the broker cannot be reached; the outbox keeps the events for later."""


class Bus(Protocol):
    def publish_batch(self, envelopes: list[dict]) -> int:
        """Publish envelopes in order; return how many, from the first, are safely delivered."""

    def subscribe(self, queue: str, routing_keys: Iterable[str], handler: Handler) -> None:
        """Deliver every event whose routing key matches one of ``routing_keys`` to ``handler``.

        A handler that raises :class:`InvalidMessage` dead-letters the event; any other
        exception means "try again later".
        """


def topic_matches(pattern: str, routing_key: str) -> bool:
    """AMQP topic matching: ``*`` is exactly one word, ``#`` is zero or more words."""
    words, keys = pattern.split("."), routing_key.split(".")

    def match(i: int, j: int) -> bool:
        if i == len(words):
            return j == len(keys)
        if words[i] == "#":
            return any(match(i + 1, k) for k in range(j, len(keys) + 1))
        return j < len(keys) and words[i] in ("*", keys[j]) and match(i + 1, j + 1)

    return match(0, 0)


#: The longest pause before a failed event is offered again, as in RabbitBus.
_MAX_RETRY_DELAY = 5.0


class _Paused(Exception):
    """The next event waits out the pause after its last failed delivery."""


@dataclass
class _Subscription:
    queue: str
    patterns: tuple[str, ...]
    handler: Handler


@dataclass
class LocalBus:
    """Delivers each event to every matching subscriber before it counts as published.

    A subscriber that fails stops the batch there: the relay leaves that event and those
    after it in the outbox and tries again on its next pass, so nothing is lost; consumers
    are idempotent, so subscribers that already had the event ignore it the second time.
    As with RabbitBus, a failed event is offered again only after a pause (``retry_delay``,
    doubled per failure, at most five seconds), and after ``max_attempts`` failed
    deliveries to one subscriber it is dead-lettered for that subscriber with the last
    error, and the events behind it flow again. Dead letters are kept in
    :attr:`dead_letters` and, when the subscriber has a ``record_failure(message,
    reason)`` method (an :class:`~shared.messaging.consumer.EventConsumer`), stored
    through it.
    """

    max_attempts: int = 5
    retry_delay: float = 0.5
    subscriptions: list[_Subscription] = field(default_factory=list)
    dead_letters: list[tuple[str, dict, str]] = field(default_factory=list)
    #: Failed deliveries so far and when the next may be tried, by (subscriber's queue,
    #: event id).
    _failures: dict[tuple[str, str], tuple[int, float]] = field(
        default_factory=dict, init=False, repr=False
    )

    def subscribe(self, queue: str, routing_keys: Iterable[str], handler: Handler) -> None:
        self.subscriptions.append(_Subscription(queue, tuple(routing_keys), handler))

    def publish_batch(self, envelopes: list[dict]) -> int:
        for delivered, envelope in enumerate(envelopes):
            try:
                self._deliver(envelope)
            except _Paused:
                return delivered
            except Exception:
                log.exception("delivery of %s %s failed", envelope.get("type"), envelope.get("id"))
                return delivered
        return len(envelopes)

    def _deliver(self, envelope: dict) -> None:
        event_id, type = str(envelope.get("id")), envelope.get("type", "")
        matching = [
            subscription
            for subscription in self.subscriptions
            if any(topic_matches(pattern, type) for pattern in subscription.patterns)
        ]
        # While one subscriber waits to try again, the others are not handed it again.
        now = time.monotonic()
        if any(now < self._failures.get((s.queue, event_id), (0, 0.0))[1] for s in matching):
            raise _Paused
        for subscription in matching:
            attempt = (subscription.queue, event_id)
            try:
                subscription.handler(envelope)
            except InvalidMessage as error:
                self._dead_letter(subscription, envelope, str(error), record=False)
            except Exception as error:
                failures = self._failures.get(attempt, (0, 0.0))[0] + 1
                if failures < self.max_attempts:
                    pause = min(self.retry_delay * 2 ** (failures - 1), _MAX_RETRY_DELAY)
                    self._failures[attempt] = (failures, time.monotonic() + pause)
                    raise
                reason = f"failed {failures} times, last: {error!r}"
                self._dead_letter(subscription, envelope, reason, record=True)
            self._failures.pop(attempt, None)

    def next_retry_in(self) -> float | None:
        """Seconds until the earliest event waiting out its pause may be offered again (0
        when one may be now), or None when no event is waiting."""
        if not self._failures:
            return None
        earliest = min(retry_at for _failures, retry_at in self._failures.values())
        return max(earliest - time.monotonic(), 0.0)

    def _dead_letter(
        self, subscription: _Subscription, envelope: dict, reason: str, record: bool
    ) -> None:
        """Give up on ``envelope`` for one subscriber; ``record`` when the subscriber has
        not recorded it itself (a consumer records the invalid messages it rejects)."""
        log.warning("dead-lettered %s for %s: %s", envelope.get("id"), subscription.queue, reason)
        self.dead_letters.append((subscription.queue, envelope, reason))
        record_failure = getattr(subscription.handler, "record_failure", None)
        if record and record_failure is not None:
            record_failure(envelope, reason)
