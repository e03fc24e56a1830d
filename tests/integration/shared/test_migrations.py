"""Each service's migrations build exactly its tables, on SQLite and on PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from qinqing import system
from shared.config import SERVICES, Settings
from shared.db import migrate


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}"
    return request.getfixturevalue("postgres_url")


@pytest.mark.parametrize("name", SERVICES)
def test_migrations_create_the_tables_the_service_defines(database_url, name):
    runtime = system.bootstrap(name, Settings(database_url=database_url, secret_key="t"))
    runtime.migrate()
    with runtime.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), runtime.metadata)
    runtime.engine.dispose()
    assert differences == []


@pytest.mark.parametrize("name", SERVICES)
def test_migrations_downgrade_to_nothing(database_url, name):
    runtime = system.bootstrap(name, Settings(database_url=database_url, secret_key="t"))
    runtime.migrate()
    migrate(runtime.engine, runtime.migrations_dir, "base", downgrade=True)
    tables = set(inspect(runtime.engine).get_table_names()) - {"alembic_version"}
    runtime.engine.dispose()
    assert tables == set()
