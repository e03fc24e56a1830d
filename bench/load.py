"""A closed-loop HTTP load generator: a fixed number of keep-alive connections, each
sending its next POST as soon as the answer to the last one has arrived, or (given a
rate) at its next turn on a fixed schedule, if the answer came back by then.

It is deliberately lean (``http.client`` on threads, bodies encoded once) so that it
costs the machine far less per request than the servers it drives; the benchmark
measures its CPU time to show that.
"""

from __future__ import annotations

import http.client
import itertools
import math
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

#: Seconds one request may take before it counts as an error.
REQUEST_TIMEOUT = 30
#: Status code -1 stands for a request that failed without an answer.
NO_ANSWER = -1


@dataclass(frozen=True)
class Target:
    """Where one connection sends its POSTs, with what headers, cycling through ``bodies``."""

    host: str
    port: int
    path: str
    headers: dict[str, str]
    bodies: tuple[bytes, ...]


@dataclass
class WindowStats:
    """The requests that finished within one time window.

    :param seconds: the window's length.
    :param statuses: how many answers of each status code (``NO_ANSWER`` for failures).
    :param latencies: seconds from sending to the full answer, of the expected status, sorted.
    :param expected: the status that counts as success.
    """

    seconds: float
    statuses: Counter
    latencies: list[float]
    expected: int
    first_error: str | None = None

    @property
    def rate(self) -> float:
        """Successful requests per second."""
        return self.statuses[self.expected] / self.seconds

    @property
    def errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status != self.expected)


@dataclass
class _Connection:
    target: Target
    records: list[tuple[float, float, int]] = field(default_factory=list)


class LoadGenerator:
    """``concurrency`` connections, the i-th sending to ``targets[i % len(targets)]``.

    :param rate: requests per second of all connections together; None for as many as
        the servers answer.
    :param expected: the status code of a successful answer.
    """

    def __init__(
        self,
        targets: list[Target],
        concurrency: int,
        rate: float | None = None,
        expected: int = 201,
    ):
        self.connections = [_Connection(targets[i % len(targets)]) for i in range(concurrency)]
        self.interval = concurrency / rate if rate else 0.0
        self.expected = expected
        self.first_error: str | None = None
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        """Open the connections and start sending."""
        for connection in self.connections:
            thread = threading.Thread(target=self._drive, args=(connection,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def stop(self) -> None:
        """Stop sending; requests in flight finish first."""
        self._stop.set()
        for thread in self._threads:
            thread.join(REQUEST_TIMEOUT + 5)

    def window(self, start: float, end: float) -> WindowStats:
        """The requests that finished between ``start`` and ``end`` (``time.perf_counter``)."""
        statuses: Counter = Counter()
        latencies = []
        for connection in self.connections:
            for finished, latency, status in list(connection.records):
                if start <= finished < end:
                    statuses[status] += 1
                    if status == self.expected:
                        latencies.append(latency)
        latencies.sort()
        return WindowStats(end - start, statuses, latencies, self.expected, self.first_error)

    def _drive(self, connection: _Connection) -> None:
        target = connection.target
        client = http.client.HTTPConnection(target.host, target.port, timeout=REQUEST_TIMEOUT)
        bodies = itertools.cycle(target.bodies)
        # Paced connections start spread over one interval, so their requests interleave.
        turn = time.perf_counter() + self.interval * random.random()
        while not self._stop.wait(self._until(turn)):
            started = time.perf_counter()
            # A connection that fell behind its schedule goes on from now, without a burst.
            turn = max(turn, started) + self.interval
            status = self._post(client, target, next(bodies))
            finished = time.perf_counter()
            connection.records.append((finished, finished - started, status))
            if status == NO_ANSWER:
                time.sleep(0.05)
        client.close()

    def _until(self, turn: float) -> float:
        return max(turn - time.perf_counter(), 0.0) if self.interval else 0.0

    def _post(self, client: http.client.HTTPConnection, target: Target, body: bytes) -> int:
        try:
            client.request("POST", target.path, body, target.headers)
            response = client.getresponse()
            text = response.read()
        except (OSError, http.client.HTTPException) as error:
            # The next request opens a new connection.
            client.close()
            self._note_error(f"{type(error).__name__}: {error}")
            return NO_ANSWER
        if response.status != self.expected:
            self._note_error(f"{response.status}: {text[:300].decode(errors='replace')}")
        return response.status

    def _note_error(self, description: str) -> None:
        if self.first_error is None:
            self.first_error = description


def percentile(sorted_values: list[float], fraction: float) -> float | None:
    """The nearest-rank percentile (``fraction`` 0.5 for the median) of sorted values."""
    if not sorted_values:
        return None
    rank = min(max(math.ceil(fraction * len(sorted_values)), 1), len(sorted_values))
    return sorted_values[rank - 1]
