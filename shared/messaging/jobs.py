"""dramatiq: background jobs a service sends to itself (a mail, an export, a sweep).

Actors are declared at import time on whatever broker is current, so a stub broker is set
as soon as this module is imported (no actor declaration ever opens a connection), and
:func:`setup_broker` moves every declared actor onto the broker the process really uses.
Import this module before any module that declares actors.
"""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.stub import StubBroker

from shared.config import Settings

dramatiq.set_broker(StubBroker())


def setup_broker(settings: Settings) -> dramatiq.Broker:
    """Make the process's broker the right one and move declared actors onto it.

    :param settings: embedded settings give an in-process stub broker; distributed ones a
        RabbitMQ broker with publisher confirms (without them a publish can vanish, see
        PITFALLS).
    :returns: the broker now current.
    """
    if settings.is_embedded:
        broker = StubBroker()
    else:
        broker = RabbitmqBroker(url=settings.amqp_url, confirm_delivery=True)
    previous = dramatiq.get_broker()
    for name in previous.get_declared_actors():
        actor = previous.get_actor(name)
        actor.broker = broker
        broker.declare_actor(actor)
    dramatiq.set_broker(broker)
    return broker


def start_worker(broker: dramatiq.Broker, queues: set[str] | None = None, threads: int = 2):
    """Start a dramatiq worker inside this process (embedded run, a service's worker)."""
    worker = dramatiq.Worker(broker, queues=queues, worker_threads=threads, worker_timeout=500)
    worker.start()
    return worker
