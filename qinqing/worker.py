"""A service's worker process in the distributed layout.

It relays the service's outbox to RabbitMQ, consumes the events the service subscribes
to, and runs its dramatiq actors. Several workers of one service may run at once.
"""

from __future__ import annotations

import logging
import signal
import threading

from qinqing import system
from shared.config import Settings
from shared.messaging.jobs import setup_broker, start_worker
from shared.messaging.rabbit import RabbitBus

log = logging.getLogger(__name__)


def run_worker(name: str, settings: Settings) -> None:
    """Run until SIGTERM or SIGINT."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    broker = setup_broker(settings)
    runtime = system.bootstrap(name, settings)
    publisher = RabbitBus(settings.amqp_url)
    consumer_bus = RabbitBus(settings.amqp_url)
    relay = runtime.attach(publisher, subscribe=False)
    if runtime.handlers:
        consumer_bus.subscribe(name, runtime.consumer.routing_keys, runtime.consumer)
    jobs = start_worker(broker, queues={name}) if broker.get_declared_actors() else None
    threads = [
        threading.Thread(target=loop, args=(stop,), daemon=True)
        for loop in (relay.run, *runtime.background)
    ]
    for thread in threads:
        thread.start()
    log.info("%s worker started", name)
    try:
        if runtime.handlers:
            consumer_bus.consume(stop)
        else:
            stop.wait()
    finally:
        stop.set()
        relay.wakeup.set()
        for thread in threads:
            thread.join(timeout=10)
        if jobs:
            jobs.stop()
        publisher.close()
        consumer_bus.close()
