"""The forms worker's periodic work: deleting uploads no submission was filed with, and
Idempotency-Keys past their 24 hours.

Each worker process (and the embedded run) sweeps in a background thread beside its
consumer; several may sweep at once, since each upload is deleted by one of them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from services.forms import handlers

log = logging.getLogger(__name__)

#: Seconds between two sweeps: orphans live a day, so an hour more or less is no matter.
SWEEP_INTERVAL = 3600.0


def run_upload_sweeper(
    uow_factory: Callable, stop: threading.Event, interval: float = SWEEP_INTERVAL
) -> None:
    """Sweep at once, then every ``interval`` seconds until ``stop`` is set."""
    while not stop.is_set():
        try:
            with uow_factory() as uow:
                removed = handlers.sweep_orphan_uploads(uow)
                forgotten = handlers.forget_expired_keys(uow)
            if removed:
                log.info("removed %d uploads no submission was filed with", removed)
            if forgotten:
                log.info("forgot %d expired Idempotency-Keys", forgotten)
        except Exception:
            log.exception("sweep of orphan uploads failed")
        stop.wait(interval)
