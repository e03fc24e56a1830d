"""Builds notify's runtime: storage, unit of work, the events it consumes, its actor."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from services.notify import handlers
from services.notify.adapters import orm
from services.notify.adapters.repository import SqlNotifyRepository
from services.notify.domain.addressing import CHANGE_NOTICES
from services.notify.entrypoints import tasks
from shared.config import Settings
from shared.messaging.uow import UnitOfWork
from shared.runtime import ServiceRuntime

NAME = "notify"

log = logging.getLogger(__name__)

#: Enqueues the e-mail job of one delivery id.
Enqueue = Callable[[str], object]


class NotifyUnitOfWork(UnitOfWork):
    """Notify's transaction, which enqueues its deliveries' jobs once it has committed.

    dramatiq is not transactional: a job enqueued before the commit could run before its
    delivery row exists, or for a row that was rolled back.
    """

    def __init__(self, *args, enqueue_delivery: Enqueue, **kwargs):
        super().__init__(*args, **kwargs)
        self.enqueue_delivery = enqueue_delivery

    def _start(self) -> None:
        self.notify = SqlNotifyRepository(self.session)

    def send_after_commit(self, delivery_id: str) -> None:
        """Enqueue the delivery's job once this transaction has committed."""
        self.on_commit(partial(self._enqueue, delivery_id))

    def _enqueue(self, delivery_id: str) -> None:
        # The delivery is committed: if the broker fails now, the sweep enqueues it later,
        # so the failure must not undo or repeat the work already done.
        try:
            self.enqueue_delivery(delivery_id)
        except Exception:
            log.exception("enqueueing e-mail delivery %s failed; the sweep retries", delivery_id)


def bootstrap(settings: Settings, enqueue_delivery: Enqueue | None = None) -> ServiceRuntime:
    """Build notify's runtime and hand it to its actor.

    :param enqueue_delivery: how a delivery's job is enqueued; the ``deliver_email`` actor
        by default (tests pass a recorder).
    """
    enqueue = _send if enqueue_delivery is None else enqueue_delivery
    runtime = ServiceRuntime.for_service(
        NAME,
        settings,
        orm,
        # ServiceRuntime builds each unit of work with the base class's arguments.
        uow_class=partial(NotifyUnitOfWork, enqueue_delivery=enqueue),
        handlers={
            "directory.person.created": handlers.remember_recipient,
            "workflow.ticket.opened": handlers.notify_assignee_of_opened_ticket,
            **dict.fromkeys(CHANGE_NOTICES, handlers.notify_of_ticket_change),
        },
        background=[tasks.run_sweeper],
    )
    tasks.configure(runtime)
    return runtime


def _send(delivery_id: str) -> None:
    tasks.deliver_email.send(delivery_id)
