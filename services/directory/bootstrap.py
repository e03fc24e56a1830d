"""Builds directory's runtime: storage, unit of work, consumer, relay."""

from pathlib import Path

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
    orm.start_mappers()
    return ServiceRuntime(
        name=NAME,
        settings=settings,
        metadata=orm.metadata,
        tables=orm.messaging_tables,
        migrations_dir=Path(__file__).parent / "migrations",
        uow_class=DirectoryUnitOfWork,
    )
