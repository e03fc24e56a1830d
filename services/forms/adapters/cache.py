"""Which version of a form an enterprise files, remembered between requests.

Every submission needs the latest published version of the nearest form of its key for
the enterprise's org path. Versions are published rarely and never change once published,
so each forms process keeps the answer instead of asking the database on every request.

A remembered version may be stale: another process may have published since. The
submission's INSERT therefore stores the row only if no newer version exists at that
moment (:meth:`SqlFormRepository.add_submission`); when it does, the submission forgets
this cache and is checked again against the new version. So every process files against a
new version as soon as its publish has committed, and the cache only saves the lookup. A
publish in this process also forgets the cache (after its commit), which saves that retry
here; entries expire after ``ttl`` seconds anyway.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import NamedTuple

from cachetools import TTLCache

#: Seconds a remembered version is kept.
PUBLISHED_VERSION_TTL = 300.0


class PublishedVersion(NamedTuple):
    """The identity of a published version, without its definition."""

    id: str
    form_id: str
    version: int
    #: The org path of the unit owning the form (a county's own form or the province's).
    owner_path: str


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
