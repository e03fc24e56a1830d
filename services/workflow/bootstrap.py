"""Builds workflow's runtime: storage, unit of work, consumer, relay."""

from services.workflow import handlers
from services.workflow.adapters import orm
from services.workflow.adapters.repository import SqlKnownRepository, SqlWorkflowRepository
from shared.config import Settings
from shared.messaging.uow import UnitOfWork
from shared.runtime import ServiceRuntime

NAME = "workflow"

#: The events workflow consumes, and what it does with each.
EVENT_HANDLERS = {
    "directory.org_unit.created": handlers.record_org_unit,
    "directory.person.created": handlers.record_person,
    "directory.enterprise.registered": handlers.open_service_account,
    "forms.submission.received": handlers.open_ticket_for_submission,
}


class WorkflowUnitOfWork(UnitOfWork):
    def _start(self) -> None:
        self.known = SqlKnownRepository(self.session)
        self.workflow = SqlWorkflowRepository(self.session)


def bootstrap(settings: Settings) -> ServiceRuntime:
    return ServiceRuntime.for_service(
        NAME,
        settings,
        orm,
        uow_class=WorkflowUnitOfWork,
        handlers=dict(EVENT_HANDLERS),
    )
