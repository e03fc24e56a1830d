"""Idempotent consumption of other services' events."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from shared.messaging.envelope import InvalidMessage, load_envelope
from shared.messaging.outbox import now
from shared.messaging.uow import UnitOfWork

log = logging.getLogger(__name__)

#: A consumer handler: (envelope, contract data, open unit of work) -> None. It must not commit.
EventHandler = Callable[[dict, dict, UnitOfWork], None]


class EventConsumer:
    """Turns one service's incoming events into its own use cases, each exactly once.

    The event id is recorded in ``processed_events`` in the same transaction as the
    handler's effect; a redelivered event is acknowledged and ignored. A message that does
    not validate is recorded in ``failed_events`` with the reason and raised as
    :class:`InvalidMessage`, which the bus dead-letters.
    """

    def __init__(
        self,
        service: str,
        uow_factory: Callable[[], UnitOfWork],
        handlers: dict[str, EventHandler],
        engine: Engine,
        failed: Table,
    ):
        self.service = service
        self.uow_factory = uow_factory
        self.handlers = handlers
        self.engine = engine
        self.failed = failed

    @property
    def routing_keys(self) -> list[str]:
        return sorted(self.handlers)

    def _load(self, message: dict) -> tuple[dict, dict]:
        try:
            envelope, data = load_envelope(message)
        except InvalidMessage as error:
            self.record_failure(message, str(error))
            raise
        envelope = {
            **envelope,
            "id": str(envelope["id"]),
            "correlation_id": str(envelope["correlation_id"]),
        }
        return envelope, data

    def __call__(self, message: dict) -> None:
        envelope, data = self._load(message)
        handler = self.handlers.get(envelope["type"])
        if handler is None:
            return
        try:
            self._handle_once(handler, envelope, data)
        except IntegrityError:
            # Another replica processed the same event at the same moment.
            with self.uow_factory() as uow:
                if not uow.already_processed(envelope["id"]):
                    raise

    def _handle_once(self, handler: EventHandler, envelope: dict, data: dict) -> None:
        with self.uow_factory() as uow:
            if uow.already_processed(envelope["id"]):
                return
            uow.causation = envelope
            handler(envelope, data, uow)
            uow.mark_processed(envelope)
            uow.commit()

    def handle_batch(self, messages: list[dict]) -> list[str | None]:
        """Process several messages in one transaction, each at most once.

        :returns: per message, None when it is done (processed now or before), or the
            reason it is invalid (recorded in ``failed_events``; the bus dead-letters it).
        :raises Exception: whatever a handler raised; nothing of the batch is stored, and
            the bus falls back to one message at a time, so one bad event holds up no other.
        """
        outcomes: list[str | None] = [None] * len(messages)
        loaded = []
        for index, message in enumerate(messages):
            try:
                loaded.append(self._load(message))
            except InvalidMessage as error:
                outcomes[index] = str(error)
        with self.uow_factory() as uow:
            done = uow.processed_among([envelope["id"] for envelope, _data in loaded])
            for envelope, data in loaded:
                handler = self.handlers.get(envelope["type"])
                if handler is None or envelope["id"] in done:
                    continue
                uow.causation = envelope
                handler(envelope, data, uow)
                uow.mark_processed(envelope)
                done.add(envelope["id"])
            uow.commit()
        return outcomes

    def failures(self, limit: int = 100) -> list:
        """The first ``limit`` messages this service gave up on, oldest first (rows of
        ``failed_events``: ``event_id``, ``routing_key``, ``reason``, ``failed_at``, ``body``)."""
        query = select(self.failed).order_by(self.failed.c.id).limit(limit)
        with self.engine.connect() as conn:
            return list(conn.execute(query))

    def replay_failed(self, limit: int = 100) -> tuple[int, int]:
        """Handle again the first ``limit`` messages in ``failed_events``, once their cause
        is mended; each one handled leaves the table.

        A message that fails again stays, with the new reason (an invalid one is recorded
        anew by the consumer, and its old row goes).

        :returns: how many were handled, and how many failed again.
        """
        handled = failed_again = 0
        for row in self.failures(limit):
            try:
                self(json.loads(row.body))
            except InvalidMessage:
                failed_again += 1
                self._forget_failure(row.id)
            except Exception as error:
                failed_again += 1
                log.exception("%s: replaying event %s failed", self.service, row.event_id)
                reason = f"replay failed: {error!r}"
                with self.engine.begin() as conn:
                    conn.execute(
                        update(self.failed)
                        .where(self.failed.c.id == row.id)
                        .values(reason=reason, failed_at=now())
                    )
            else:
                handled += 1
                self._forget_failure(row.id)
        return handled, failed_again

    def _forget_failure(self, row_id: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(self.failed).where(self.failed.c.id == row_id))

    def record_failure(self, message: object, reason: str) -> None:
        """Keep a message this service gave up on, with the reason, in ``failed_events``.

        The consumer records the invalid messages it rejects; LocalBus records through it
        the events whose handling kept failing (RabbitBus keeps those in a dead-letter
        queue instead).
        """
        # A message that is not even a JSON object is still recorded, under an empty id.
        fields = message if isinstance(message, dict) else {}
        log.warning("%s rejected event %s: %s", self.service, fields.get("id"), reason)
        with self.engine.begin() as conn:
            conn.execute(
                insert(self.failed).values(
                    event_id=str(fields.get("id", ""))[:64],
                    routing_key=str(fields.get("type", ""))[:120],
                    body=json.dumps(message, ensure_ascii=False, default=str),
                    reason=reason,
                    failed_at=now(),
                )
            )
