"""Which version of a form an enterprise files, remembered between requests.

Every submission needs the latest published version of the nearest form of its key for
the enterprise's org path. Versions are published rarely and never change once published,
so each forms process keeps the answer for a few seconds instead of asking the database on
every request. A publish in this process forgets everything at once (after its commit);
another process of the same service notices within ``ttl`` seconds. A submission that
arrives in between is validated against, and pinned to, the version that was the latest a
moment before — a complete, consistent version, as for an enterprise that opened the form
before the publish.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import NamedTuple

from cachetools import TTLCache

#: Seconds another process may keep filing against the version before a new publish.
PUBLISHED_VERSION_TTL = 5.0


class PublishedVersion(NamedTuple):
    """The identity of a published version, without its definition."""

    id: str
    form_id: str
    version: int


class PublishedVersionCache:
    """The latest published version per (form key, org path), kept ``ttl`` seconds.

    Only found versions are kept: a form published for the first time is seen at once.
    """

    def __init__(
        self,
        ttl: float = PUBLISHED_VERSION_TTL,
        maxsize: int = 4096,
        timer: Callable[[], float] = time.monotonic,
    ):
        self._entries: TTLCache = TTLCache(maxsize=maxsize, ttl=ttl, timer=timer)
        self._lock = threading.Lock()
        #: Bumped by :meth:`clear`, so a lookup that raced a publish does not store the
        #: version it read before the publish committed.
        self._generation = 0

    def get(
        self, key: str, org_path: str, load: Callable[[], PublishedVersion | None]
    ) -> PublishedVersion | None:
        """The cached version, or what ``load()`` returns (kept when not None)."""
        with self._lock:
            found = self._entries.get((key, org_path))
            generation = self._generation
        if found is not None:
            return found
        found = load()
        if found is not None:
            with self._lock:
                if generation == self._generation:
                    self._entries[(key, org_path)] = found
        return found

    def clear(self) -> None:
        """Forget every version (a form was published)."""
        with self._lock:
            self._entries.clear()
            self._generation += 1
