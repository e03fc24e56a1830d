"""The bus port, and LocalBus: events delivered in-process for the embedded run.

A bus carries contract events between services. ``RabbitBus`` (``shared.messaging.rabbit``)
and ``LocalBus`` pass the same contract tests (``tests/integration/shared/test_bus_contract.py``).
"""

from __future__ import annotations

import logging
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


@dataclass
class _Subscription:
    queue: str
    patterns: tuple[str, ...]
    handler: Handler


@dataclass
class LocalBus:
    """Delivers each event to every matching subscriber before it counts as published.

    A subscriber that fails stops the batch there: the relay leaves that event and those
    after it in the outbox and tries again, so nothing is lost; consumers are idempotent,
    so subscribers that already had the event ignore it the second time.
    """

    subscriptions: list[_Subscription] = field(default_factory=list)
    dead_letters: list[tuple[str, dict, str]] = field(default_factory=list)

    def subscribe(self, queue: str, routing_keys: Iterable[str], handler: Handler) -> None:
        self.subscriptions.append(_Subscription(queue, tuple(routing_keys), handler))

    def publish_batch(self, envelopes: list[dict]) -> int:
        for delivered, envelope in enumerate(envelopes):
            try:
                self._deliver(envelope)
            except Exception:
                log.exception("delivery of %s %s failed", envelope.get("type"), envelope.get("id"))
                return delivered
        return len(envelopes)

    def _deliver(self, envelope: dict) -> None:
        for subscription in self.subscriptions:
            if not any(topic_matches(p, envelope.get("type", "")) for p in subscription.patterns):
                continue
            try:
                subscription.handler(envelope)
            except InvalidMessage as error:
                log.warning(
                    "dead-lettered %s for %s: %s", envelope.get("id"), subscription.queue, error
                )
                self.dead_letters.append((subscription.queue, envelope, str(error)))
