"""The workflow worker's periodic work: the deadline sweep (reminders, escalations,
auto-confirmation, resumption on the set date; see ``services/workflow/sweep.py``).

Each workflow worker process (and the embedded run) sweeps in a background thread beside
its consumer. Several may sweep at once: each ticket is claimed by one of them, and each
alert is recorded once per deadline.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from services.workflow import sweep
from services.workflow.domain.deadlines import DeadlinePolicy

log = logging.getLogger(__name__)

#: Seconds between two sweeps: deadlines end a working day, reminders come a day before,
#: so five minutes late is no matter, and a sweep with nothing owed is a few small queries.
SWEEP_INTERVAL = 300.0


def run_deadline_sweeper(
    uow_factory: Callable,
    policy: DeadlinePolicy,
    stop: threading.Event,
    interval: float = SWEEP_INTERVAL,
) -> None:
    """Sweep at once, then every ``interval`` seconds until ``stop`` is set."""
    while not stop.is_set():
        try:
            done = sweep.sweep(uow_factory, policy)
            if done:
                log.info("deadline sweep: %s", dict(done))
        except Exception:
            log.exception("deadline sweep failed")
        stop.wait(interval)
