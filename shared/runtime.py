"""The wiring every service shares: its engine, unit of work, consumer and relay."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from sqlalchemy import MetaData, Table, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from shared.config import Settings
from shared.db import make_engine, make_session_factory, migrate
from shared.messaging.bus import Bus
from shared.messaging.consumer import EventConsumer, EventHandler
from shared.messaging.outbox import OutboxRelay
from shared.messaging.uow import UnitOfWork


@dataclass
class ServiceRuntime:
    """One service's storage and messaging, built once per process.

    :param name: the service name (its schema, its queue, its URL prefix).
    :param tables: the service's ``outbox``, ``processed_events`` and ``failed_events``.
    :param handlers: routing key -> handler for the events it consumes.
    """

    name: str
    settings: Settings
    metadata: MetaData
    tables: tuple[Table, Table, Table]
    migrations_dir: Path
    uow_class: type[UnitOfWork] = UnitOfWork
    handlers: dict[str, EventHandler] = field(default_factory=dict)
    #: Loops a worker runs beside its consumer, each ``loop(stop_event)`` (e.g. sweeps).
    background: list[Callable[[threading.Event], None]] = field(default_factory=list)
    engine: Engine = field(init=False)
    session_factory: sessionmaker[Session] = field(init=False)
    relay: OutboxRelay | None = field(init=False, default=None)

    def __post_init__(self):
        self.engine = make_engine(self.settings, self.name)
        self.session_factory = make_session_factory(self.engine)

    @classmethod
    def for_service(cls, name: str, settings: Settings, orm: ModuleType, **options):
        """A service's runtime from its ``adapters/orm.py`` module: its mappers started, its
        tables and messaging tables, and the ``migrations`` folder beside ``adapters/``
        (every service is laid out alike).

        :param options: the other fields: ``uow_class``, ``handlers``, ``background``.
        """
        orm.start_mappers()
        return cls(
            name=name,
            settings=settings,
            metadata=orm.metadata,
            tables=orm.messaging_tables,
            migrations_dir=Path(orm.__file__).parents[1] / "migrations",
            **options,
        )

    def uow(self) -> UnitOfWork:
        outbox, processed, _failed = self.tables
        wake = self.relay.wakeup.set if self.relay else None
        return self.uow_class(self.session_factory, outbox, processed, after_commit=wake)

    def execute(self, handler, *args):
        """Run a command handler in its own unit of work and commit it."""
        with self.uow() as uow:
            result = handler(*args, uow)
            uow.commit()
            return result

    @property
    def consumer(self) -> EventConsumer:
        return EventConsumer(self.name, self.uow, self.handlers, self.engine, self.tables[2])

    def attach(self, bus: Bus, subscribe: bool = True) -> OutboxRelay:
        """Relay this service's outbox to ``bus`` and (unless told not to) subscribe its
        consumer to it."""
        self.relay = OutboxRelay(self.engine, self.tables[0], bus)
        if subscribe and self.handlers:
            consumer = self.consumer
            bus.subscribe(self.name, consumer.routing_keys, consumer)
        return self.relay

    def migrate(self) -> None:
        migrate(self.engine, self.migrations_dir)

    def check_health(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
