"""Builds workflow's runtime: storage, unit of work, consumer, relay, deadline sweep."""

from datetime import timedelta
from functools import partial

from services.workflow import handlers
from services.workflow.adapters import orm
from services.workflow.adapters.repository import SqlKnownRepository, SqlWorkflowRepository
from services.workflow.domain.deadlines import DeadlinePolicy
from services.workflow.entrypoints.sweeper import run_deadline_sweeper
from shared.config import Settings
from shared.messaging.uow import UnitOfWork
from shared.runtime import ServiceRuntime

NAME = "workflow"

#: The events workflow consumes, and what it does with each.
EVENT_HANDLERS = {
    "directory.org_unit.created": handlers.record_org_unit,
    "directory.person.created": handlers.record_person,
    "directory.enterprise.registered": handlers.open_service_account,
    "forms.form.published": handlers.record_form,
    "forms.submission.received": handlers.open_ticket_for_submission,
}


class WorkflowUnitOfWork(UnitOfWork):
    #: Working days an enterprise has to confirm a resolution (from the settings).
    confirm_working_days = Settings.workflow_confirm_working_days

    def _start(self) -> None:
        self.known = SqlKnownRepository(self.session)
        self.workflow = SqlWorkflowRepository(self.session)


def deadline_policy(settings: Settings) -> DeadlinePolicy:
    """When the deadline sweep reminds and escalates, as configured."""
    return DeadlinePolicy(
        remind_before=timedelta(hours=settings.workflow_remind_before_hours),
        escalate_after_working_days=settings.workflow_escalate_after_working_days,
    )


def bootstrap(settings: Settings) -> ServiceRuntime:
    runtime = ServiceRuntime.for_service(
        NAME,
        settings,
        orm,
        uow_class=_unit_of_work_for(settings),
        handlers=dict(EVENT_HANDLERS),
    )
    runtime.background.append(partial(run_deadline_sweeper, runtime.uow, deadline_policy(settings)))
    return runtime


def _unit_of_work_for(settings: Settings) -> type[WorkflowUnitOfWork]:
    """The unit of work class with the settings' ticket policy."""
    days = settings.workflow_confirm_working_days
    if days < 1:
        raise ValueError(f"QINQING_WORKFLOW_CONFIRM_WORKING_DAYS must be at least 1, not {days}")
    return type(WorkflowUnitOfWork.__name__, (WorkflowUnitOfWork,), {"confirm_working_days": days})
