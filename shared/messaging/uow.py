"""The unit of work base every service extends with its repositories."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session, sessionmaker

from shared.messaging.envelope import new_envelope
from shared.messaging.outbox import now, outbox_row


class UnitOfWork:
    """One transaction: the service's changes, the events they cause, and the ids of the
    events consumed to cause them, committed together.

    Subclasses add repositories in :meth:`_start`. ``after_commit`` runs after a commit
    that wrote events (the embedded run wakes its relay with it); :meth:`on_commit`
    registers work that must wait for this transaction's commit.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        outbox: Table,
        processed: Table,
        after_commit: Callable[[], None] | None = None,
    ):
        self.session_factory = session_factory
        self.outbox = outbox
        self.processed = processed
        self.after_commit = after_commit
        self.session: Session | None = None
        self._events: list[dict] = []
        self._on_commit: list[Callable[[], None]] = []
        self._processed: list[dict] = []
        self._events_taken = False
        self.causation: dict | None = None

    def __enter__(self):
        self.session = self.session_factory()
        self._forget_pending()
        self._start()
        return self

    def __exit__(self, *exc_info):
        # close() rolls back what was not committed without expiring what was loaded, so
        # views may read the objects after the block.
        self._forget_pending()
        self.session.close()
        # One instance may serve many transactions: the event consumed in this one must not
        # become the cause of the events of the next.
        self.causation = None

    def _start(self) -> None:
        """Create repositories on ``self.session``."""

    def emit(self, type: str, data: dict, *, tenant: str) -> dict:
        """Record an event to be written to the outbox with this transaction.

        The event is caused by the event being consumed, when there is one.
        """
        cause = self.causation or {}
        envelope = new_envelope(
            type,
            data,
            tenant=tenant,
            correlation_id=cause.get("correlation_id"),
            causation_id=cause.get("id"),
        )
        self._events.append(envelope)
        return envelope

    def take_events(self) -> list[dict]:
        """The outbox rows of the events emitted so far, handed to a statement that writes
        them itself in this transaction, together with the change they announce (one
        round trip instead of two on the intake's hot path).

        :meth:`commit` does not write them again, and still wakes the relay. An event taken
        but never written is lost with it: emit it again, as a retry does.
        """
        rows, self._events = [outbox_row(envelope) for envelope in self._events], []
        self._events_taken = self._events_taken or bool(rows)
        return rows

    def on_commit(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` once this transaction has committed; never if it rolls back.

        For what must not happen before the data it depends on is committed, or at all
        if it is not: enqueueing a job, forgetting a cached value.
        """
        self._on_commit.append(callback)

    def already_processed(self, event_id: str) -> bool:
        return bool(self.processed_among([event_id]))

    def processed_among(self, event_ids: list[str]) -> set[str]:
        """Which of ``event_ids`` this service has processed before (one query)."""
        column = self.processed.c.event_id
        query = select(column).where(column.in_(event_ids))
        return set(self.session.scalars(query))

    def mark_processed(self, envelope: dict) -> None:
        """Record the event as processed, in the same commit as its effect (the rows of a
        whole batch go in one INSERT)."""
        row = {"event_id": str(envelope["id"]), "routing_key": envelope["type"]}
        self._processed.append({**row, "processed_at": now()})

    def commit(self) -> None:
        if self._processed:
            self.session.execute(insert(self.processed), self._processed)
            self._processed = []
        if self._events:
            self.session.execute(insert(self.outbox), [outbox_row(e) for e in self._events])
        self.session.commit()
        wrote_events = bool(self._events) or self._events_taken
        self._events, self._events_taken = [], False
        callbacks, self._on_commit = self._on_commit, []
        if wrote_events and self.after_commit:
            self.after_commit()
        for callback in callbacks:
            callback()

    def rollback(self) -> None:
        self._forget_pending()
        self.session.rollback()

    def _forget_pending(self) -> None:
        self._events = []
        self._events_taken = False
        self._on_commit = []
        self._processed = []
