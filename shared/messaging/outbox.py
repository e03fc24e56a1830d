"""The transactional outbox, the processed-events record, and the relay.

Each service has these tables beside its own; a state change and the events it causes are
written in one transaction, and a consumer records each event id it processed in the same
transaction as its effect.
"""

from __future__ import annotations

import json
import logging
import threading
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    select,
    update,
)
from sqlalchemy.engine import Engine

from shared.messaging.bus import Bus, BusUnavailable

log = logging.getLogger(__name__)


def now() -> datetime:
    return datetime.now(UTC)


def define_messaging_tables(metadata: MetaData) -> tuple[Table, Table, Table]:
    """Add ``outbox``, ``processed_events`` and ``failed_events`` to a service's metadata."""
    outbox = Table(
        "outbox",
        metadata,
        Column("position", Integer, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("routing_key", String(120), nullable=False),
        Column("body", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, default=now),
        Column("published_at", DateTime(timezone=True)),
        Index("ix_outbox_unpublished", "published_at", "position"),
    )
    processed = Table(
        "processed_events",
        metadata,
        Column("event_id", String(36), primary_key=True),
        Column("routing_key", String(120), nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False, default=now),
    )
    failed = Table(
        "failed_events",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("event_id", String(64), nullable=False),
        Column("routing_key", String(120), nullable=False),
        Column("body", Text, nullable=False),
        Column("reason", Text, nullable=False),
        Column("failed_at", DateTime(timezone=True), nullable=False, default=now),
    )
    return outbox, processed, failed


def outbox_row(envelope: dict) -> dict:
    return {
        "event_id": envelope["id"],
        "routing_key": envelope["type"],
        "body": json.dumps(envelope, ensure_ascii=False),
        "created_at": now(),
    }


class OutboxRelay:
    """Publishes a service's outbox in order, in batches, and marks what the bus confirmed.

    Several relays may run against one PostgreSQL schema: each batch is claimed with
    ``FOR UPDATE SKIP LOCKED``. A crash between publishing and marking sends a batch again,
    which idempotent consumers ignore.
    """

    def __init__(self, engine: Engine, outbox: Table, bus: Bus, batch_size: int = 500):
        self.engine = engine
        self.outbox = outbox
        self.bus = bus
        self.batch_size = batch_size
        self.wakeup = threading.Event()

    def relay_once(self) -> int:
        """Publish one batch; return how many events were published."""
        if self.engine.dialect.name == "postgresql":
            return self._relay_claimed()
        return self._relay_unlocked()

    def _relay_claimed(self) -> int:
        # The claimed rows stay locked while they are published, so a second relay skips
        # them instead of publishing them again.
        with self.engine.begin() as conn:
            rows = conn.execute(self._batch_query().with_for_update(skip_locked=True)).all()
            done = self._publish(rows)
            self._mark(conn, rows[:done])
            return done

    def _relay_unlocked(self) -> int:
        # SQLite: a read transaction cannot become a write transaction once another
        # connection has committed (SQLITE_BUSY_SNAPSHOT, "database is locked" at once), and
        # the service keeps committing while the batch is published. So the batch is read,
        # published and marked in separate steps; a relay that dies in between publishes
        # the batch again, which idempotent consumers ignore.
        with self.engine.connect() as conn:
            rows = conn.execute(self._batch_query()).all()
        done = self._publish(rows)
        with self.engine.begin() as conn:
            self._mark(conn, rows[:done])
        return done

    def _batch_query(self):
        return (
            select(self.outbox.c.position, self.outbox.c.body)
            .where(self.outbox.c.published_at.is_(None))
            .order_by(self.outbox.c.position)
            .limit(self.batch_size)
        )

    def _publish(self, rows) -> int:
        return self.bus.publish_batch([json.loads(row.body) for row in rows]) if rows else 0

    def _mark(self, conn, rows) -> None:
        if rows:
            conn.execute(
                update(self.outbox)
                .where(self.outbox.c.position.in_([row.position for row in rows]))
                .values(published_at=now())
            )

    def drain(self) -> int:
        """Publish until the outbox is empty or the bus stops taking events."""
        total = 0
        while (published := self.relay_once()) > 0:
            total += published
        return total

    def run(self, stop: threading.Event, interval: float = 0.2, linger: float = 0.02) -> None:
        """Relay until ``stop`` is set, every ``interval`` seconds or when :attr:`wakeup`
        is set by a commit in this process.

        After a wake-up it lingers a moment, so that the events of commits close together
        go out as one batch under one window of confirms instead of one by one.
        """
        while not stop.is_set():
            try:
                self.drain()
            except BusUnavailable as error:
                log.warning("bus unavailable, outbox kept: %s", error)
                stop.wait(2.0)
            except Exception:
                log.exception("outbox relay failed")
                stop.wait(2.0)
            if self.wakeup.wait(interval):
                stop.wait(linger)
            self.wakeup.clear()


def create_messaging_tables(connection) -> None:
    """Create ``outbox``, ``processed_events`` and ``failed_events`` (with their indexes)
    in a service's first migration: ``create_messaging_tables(op.get_bind())``."""
    for table in define_messaging_tables(MetaData()):
        table.create(connection)


def drop_messaging_tables(connection) -> None:
    """Undo :func:`create_messaging_tables`."""
    for table in reversed(define_messaging_tables(MetaData())):
        table.drop(connection)
