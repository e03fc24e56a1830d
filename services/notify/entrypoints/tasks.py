"""Notify's dramatiq actor, and the sweep that re-enqueues deliveries whose message was lost.

dramatiq is not transactional: a delivery row is committed first and its message enqueued
after the commit, so a crash in between leaves a pending delivery without a message. The
worker therefore calls :func:`sweep_pending_deliveries` periodically; the simplest way is a
thread running :func:`run_sweeper` beside the dramatiq worker::

    threading.Thread(target=tasks.run_sweeper, args=(stop,), daemon=True).start()

Several workers may sweep at once: each stale delivery is claimed by one of them.

The actor needs this process's notify runtime: :func:`configure` gives it (notify's
``bootstrap`` calls it).
"""

from __future__ import annotations

import logging
import smtplib
import threading
from datetime import UTC, datetime, timedelta

import dramatiq

import shared.messaging.jobs  # noqa: F401  (sets a stub broker before the actor is declared)
from services.notify import handlers
from services.notify.adapters.mailer import SmtpMailer
from services.notify.domain.commands import RequeueStaleDeliveries
from services.notify.domain.model import MAX_EMAIL_ATTEMPTS

log = logging.getLogger(__name__)

QUEUE = "notify"
#: A pending delivery untouched this long has lost its message. It must exceed the longest
#: retry backoff plus the SMTP timeout, or deliveries still being retried would be doubled.
STALE_AFTER = timedelta(minutes=1)
#: Seconds between two sweeps in :func:`run_sweeper`.
SWEEP_INTERVAL = 30.0
#: Retry backoffs in milliseconds: short, since delayed messages sit unacknowledged in the
#: worker (see PITFALLS: never near RabbitMQ's 30-minute consumer timeout).
MIN_BACKOFF = 5_000
MAX_BACKOFF = 30_000
NOT_CONFIGURED = "mail is not configured (smtp_port 0)"

_runtime = None


def configure(runtime) -> None:
    """Give the actor this process's notify runtime (its storage and settings)."""
    global _runtime
    _runtime = runtime


def _configured():
    if _runtime is None:
        raise RuntimeError("call services.notify.entrypoints.tasks.configure(runtime) first")
    return _runtime


@dramatiq.actor(
    queue_name=QUEUE,
    max_retries=MAX_EMAIL_ATTEMPTS - 1,
    min_backoff=MIN_BACKOFF,
    max_backoff=MAX_BACKOFF,
)
def deliver_email(delivery_id: str) -> None:
    """Send one e-mail delivery, at most once after it succeeded.

    A delivery already finished is skipped. Each failed attempt is recorded and retried by
    dramatiq; the last one marks the delivery failed in the database, which outlives
    dramatiq's dead-letter queue.
    """
    runtime = _configured()
    mail = runtime.execute(handlers.prepare_email, delivery_id, runtime.settings.public_url)
    if mail is None:
        return
    mailer = SmtpMailer.from_settings(runtime.settings)
    if not mailer.is_configured:
        runtime.execute(handlers.record_email_skipped, delivery_id, NOT_CONFIGURED)
        return
    try:
        mailer.send(mail)
    except (smtplib.SMTPException, OSError) as error:
        _record_failure(runtime, delivery_id, error)
        return
    runtime.execute(handlers.record_email_sent, delivery_id)


def _record_failure(runtime, delivery_id: str, error: Exception) -> None:
    if runtime.execute(handlers.record_email_failure, delivery_id, repr(error)):
        log.error("e-mail delivery %s failed for good: %r", delivery_id, error)
        return
    raise dramatiq.Retry(f"e-mail delivery {delivery_id} failed: {error!r}") from error


def sweep_pending_deliveries(
    older_than: timedelta = STALE_AFTER, at: datetime | None = None
) -> int:
    """Enqueue again the pending deliveries untouched for ``older_than``.

    :param at: the moment to sweep at; now when omitted.
    :returns: how many deliveries were enqueued.
    """
    command = RequeueStaleDeliveries(older_than, at or datetime.now(UTC))
    return _configured().execute(handlers.requeue_stale_deliveries, command)


def run_sweeper(stop: threading.Event, interval: float = SWEEP_INTERVAL) -> None:
    """Sweep at once, then every ``interval`` seconds until ``stop`` is set."""
    while not stop.is_set():
        try:
            sweep_pending_deliveries()
        except Exception:
            log.exception("sweep of pending e-mail deliveries failed")
        stop.wait(interval)
