"""Builds forms' runtime: storage, unit of work, relay, the sweep of orphan uploads."""

from functools import partial

from services.forms import handlers
from services.forms.adapters import orm
from services.forms.adapters.cache import PublishedVersionCache
from services.forms.adapters.repository import (
    SqlFormRepository,
    SqlKnownRepository,
    SqlOptionListRepository,
    SqlReaderRepository,
)
from services.forms.adapters.uploads import UploadDirectory
from services.forms.domain.readers import HANDLER_FIELDS
from services.forms.entrypoints.sweeper import run_upload_sweeper
from shared.config import Settings
from shared.messaging.uow import UnitOfWork
from shared.runtime import ServiceRuntime

NAME = "forms"

#: The events forms consumes: names of units and people for its pages, and who handles
#: a submission's ticket (they may read the submission).
EVENT_HANDLERS = {
    "directory.org_unit.created": handlers.record_org_unit,
    "directory.person.created": handlers.record_person,
    "directory.enterprise.registered": handlers.record_enterprise,
    **dict.fromkeys(HANDLER_FIELDS, handlers.let_ticket_handlers_read),
}


class FormsUnitOfWork(UnitOfWork):
    """Forms' transaction, with the upload directory beside its tables."""

    def __init__(self, *args, published: PublishedVersionCache, files: UploadDirectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.published = published
        self.files = files

    def _start(self) -> None:
        self.forms = SqlFormRepository(self.session, self.published)
        self.option_lists = SqlOptionListRepository(self.session)
        self.known = SqlKnownRepository(self.session)
        self.readers = SqlReaderRepository(self.session)


def bootstrap(settings: Settings) -> ServiceRuntime:
    runtime = ServiceRuntime.for_service(
        NAME,
        settings,
        orm,
        # One cache of published versions per runtime, shared by its units of work.
        uow_class=partial(
            FormsUnitOfWork,
            published=PublishedVersionCache(),
            files=UploadDirectory(settings.upload_dir),
        ),
        handlers=dict(EVENT_HANDLERS),
    )
    runtime.background.append(partial(run_upload_sweeper, runtime.uow))
    return runtime
