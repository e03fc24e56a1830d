"""The embedded run: every service in one process behind one dispatcher.

Events go from each service's outbox through a LocalBus to the others' consumers; jobs run
on an in-process dramatiq worker. The same outbox tables as in the distributed layout are
used, so a crash loses nothing: unpublished events are relayed on the next start.
"""

from __future__ import annotations

import threading
import time

from qinqing import system
from shared.config import SERVICES, Settings
from shared.messaging.bus import LocalBus
from shared.messaging.jobs import setup_broker, start_worker


class Dispatcher:
    """Routes a request by the first path segment to the service of that name."""

    def __init__(self, apps: dict, default):
        self.apps = apps
        self.default = default

    def __call__(self, environ, start_response):
        first = environ.get("PATH_INFO", "/").lstrip("/").split("/", 1)[0]
        return self.apps.get(first, self.default)(environ, start_response)


class EmbeddedSystem:
    """All five services sharing one process, one LocalBus and one dramatiq worker."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.broker = setup_broker(settings)
        self.bus = LocalBus()
        self.runtimes = {name: system.bootstrap(name, settings) for name in SERVICES}
        self.relays = [runtime.attach(self.bus) for runtime in self.runtimes.values()]
        self.apps = {
            name: system.create_app(name, settings, runtime)
            for name, runtime in self.runtimes.items()
        }
        health = self.apps["directory"].extensions["qinqing_health"]
        health.update({name: rt.check_health for name, rt in self.runtimes.items()})
        self.wsgi = Dispatcher(self.apps, default=self.apps["directory"])
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.worker = None

    def migrate(self) -> None:
        for runtime in self.runtimes.values():
            runtime.migrate()

    def drain(self, rounds: int = 50) -> int:
        """Deliver every pending event and job until nothing moves; return events moved.

        An event whose delivery failed is offered again after the bus's pause, so while
        one waits, this waits for it too (it is dead-lettered after the bus's last
        attempt). For tests and seeding; the running system relays in background threads
        instead.
        """
        total = 0
        for _ in range(rounds):
            self._join_jobs()
            moved = sum(relay.drain() for relay in self.relays)
            total += moved
            if not moved:
                pause = self.bus.next_retry_in()
                if pause is None:
                    return total
                time.sleep(pause)
        return total

    def _join_jobs(self) -> None:
        if self.worker is None:
            self.worker = start_worker(self.broker, threads=1)
        for queue in list(self.broker.queues):
            self.broker.join(queue, fail_fast=True)

    def seed(self) -> list[str]:
        """Seed every service's demo data in order; return the services that seeded."""
        seeded = []
        for name in system.SEED_ORDER:
            if system.seed(name, self.runtimes[name]):
                seeded.append(name)
            self.drain()
        return seeded

    def release(self) -> None:
        """Stop the job worker and close database connections, before the server forks:
        threads do not survive a fork and connections must not be shared across one."""
        if self.worker:
            self.worker.stop()
            self.worker = None
        for runtime in self.runtimes.values():
            runtime.engine.dispose()

    def start(self) -> None:
        """Relay every outbox and run jobs in background threads."""
        self.worker = self.worker or start_worker(self.broker)
        loops = [relay.run for relay in self.relays]
        loops += [loop for runtime in self.runtimes.values() for loop in runtime.background]
        for loop in loops:
            thread = threading.Thread(target=loop, args=(self._stop,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for relay in self.relays:
            relay.wakeup.set()
        for thread in self._threads:
            thread.join(timeout=5)
        if self.worker:
            self.worker.stop()
