"""Builds reports' runtime: storage, unit of work, and the events it consumes."""

from services.reports import handlers
from services.reports.adapters import orm
from services.reports.adapters.repository import SqlReportsRepository
from shared.config import Settings
from shared.messaging.uow import UnitOfWork
from shared.runtime import ServiceRuntime

NAME = "reports"

#: Routing key -> the handler that keeps the read model up to date.
EVENT_HANDLERS = {
    "directory.org_unit.created": handlers.record_area,
    "workflow.ticket.opened": handlers.record_ticket_opened,
    "workflow.ticket.closed": handlers.record_ticket_closed,
}


class ReportsUnitOfWork(UnitOfWork):
    def _start(self) -> None:
        self.reports = SqlReportsRepository(self.session)


def bootstrap(settings: Settings) -> ServiceRuntime:
    return ServiceRuntime.for_service(
        NAME,
        settings,
        orm,
        uow_class=ReportsUnitOfWork,
        handlers=dict(EVENT_HANDLERS),
    )
