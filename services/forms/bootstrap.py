"""Builds forms' runtime: storage, unit of work, relay."""

from pathlib import Path

from services.forms.adapters import orm
from services.forms.adapters.repository import SqlFormRepository
from shared.config import Settings
from shared.messaging.uow import UnitOfWork
from shared.runtime import ServiceRuntime

NAME = "forms"


class FormsUnitOfWork(UnitOfWork):
    def _start(self) -> None:
        self.forms = SqlFormRepository(self.session)


def bootstrap(settings: Settings) -> ServiceRuntime:
    orm.start_mappers()
    return ServiceRuntime(
        name=NAME,
        settings=settings,
        metadata=orm.metadata,
        tables=orm.messaging_tables,
        migrations_dir=Path(__file__).parent / "migrations",
        uow_class=FormsUnitOfWork,
    )
