"""Builds forms' runtime: storage, unit of work, relay."""

from functools import partial

from services.forms.adapters import orm
from services.forms.adapters.cache import PublishedVersionCache
from services.forms.adapters.repository import SqlFormRepository, SqlOptionListRepository
from shared.config import Settings
from shared.messaging.uow import UnitOfWork
from shared.runtime import ServiceRuntime

NAME = "forms"


class FormsUnitOfWork(UnitOfWork):
    def __init__(self, *args, published: PublishedVersionCache, **kwargs):
        super().__init__(*args, **kwargs)
        self.published = published

    def _start(self) -> None:
        self.forms = SqlFormRepository(self.session, self.published)
        self.option_lists = SqlOptionListRepository(self.session)


def bootstrap(settings: Settings) -> ServiceRuntime:
    return ServiceRuntime.for_service(
        NAME,
        settings,
        orm,
        # One cache of published versions per runtime, shared by its units of work.
        uow_class=partial(FormsUnitOfWork, published=PublishedVersionCache()),
    )
