"""Builds directory's runtime: storage, unit of work, consumer, relay."""

from services.directory.adapters import orm
from services.directory.adapters.repository import SqlDirectoryRepository
from shared.config import Settings
from shared.messaging.uow import UnitOfWork
from shared.runtime import ServiceRuntime

NAME = "directory"


class DirectoryUnitOfWork(UnitOfWork):
    def _start(self) -> None:
        self.directory = SqlDirectoryRepository(self.session)


def bootstrap(settings: Settings) -> ServiceRuntime:
    return ServiceRuntime.for_service(
        NAME,
        settings,
        orm,
        uow_class=DirectoryUnitOfWork,
    )
