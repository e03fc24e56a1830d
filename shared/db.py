"""Database engine, sessions, the unit of work base and migrations.

Every service owns its tables. On PostgreSQL each service lives in a schema named after it
(set as the connection's ``search_path``); on SQLite each service has its own file. Table
definitions therefore carry no schema, and the same migrations run on both.
"""

from __future__ import annotations

import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, exc, text
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import Executable

from shared.config import Settings


def make_engine(settings: Settings, service: str) -> Engine:
    """Create the engine of one service's own storage.

    :param settings: where the databases are.
    :param service: the service name, which is also its PostgreSQL schema.
    :returns: an engine whose connections see only that service's tables.
    """
    url = settings.database_url_for(service)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        # SQLite's own transaction handling is replaced by explicit BEGIN so that
        # "BEGIN IMMEDIATE" style locking works with SQLAlchemy (see SQLAlchemy's SQLite docs).
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        return engine
    engine = create_engine(url, connect_args={"options": f"-csearch_path={service}"})
    ping_when_idle(engine)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{service}"'))
    return engine


#: Seconds a pooled connection may have been idle and still be handed out without a ping.
PING_AFTER_IDLE = 0.5


def ping_when_idle(engine: Engine, after: float = PING_AFTER_IDLE) -> None:
    """Check a pooled connection with a round trip only when it has been idle ``after``
    seconds or longer, as HikariCP's ``aliveBypassWindowMs`` does.

    SQLAlchemy's ``pool_pre_ping`` pings on every checkout: under load that is one more
    round trip per transaction for a connection used a millisecond ago. A connection that
    fails its ping is replaced, and so is every connection opened before it (the server
    restarted), as ``pool_pre_ping`` does.
    """

    def touch(_dbapi_connection, record, *_args) -> None:
        record.info["idle_since"] = time.monotonic()

    def check(dbapi_connection, record, _proxy) -> None:
        if time.monotonic() - record.info.get("idle_since", 0.0) < after:
            return
        if not engine.dialect._do_ping_w_event(dbapi_connection):
            raise exc.InvalidatePoolError()

    event.listen(engine, "connect", touch)
    event.listen(engine, "checkin", touch)
    event.listen(engine, "checkout", check)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


class PsycopgStatement:
    """A Core statement compiled once for PostgreSQL and run on psycopg's own cursor in a
    session's transaction, for a hot path where SQLAlchemy's per-execution work (cache
    key, parameter processing, result set-up: most of a small INSERT's Python CPU, see
    docs/performance.md) is the cost. Only for sessions on the psycopg driver.

    Parameters go to psycopg as they are: no SQLAlchemy type processing, so pass what
    psycopg adapts (str, int, datetime, lists for arrays) and serialise JSON yourself; the
    compiled SQL casts each parameter to its column's type. Expanding ``IN`` parameters
    cannot be used (write ``= ANY(:param)`` with an ARRAY type instead).
    """

    def __init__(self, statement: Executable):
        compiled = statement.compile(dialect=PGDialect_psycopg())
        if compiled.literal_execute_params or compiled.post_compile_params:
            raise ValueError("a statement run on psycopg's cursor cannot expand parameters")
        self.sql = compiled.string

    def rowcount(self, session: Session, params: dict) -> int:
        """Execute in ``session``'s transaction (begun if need be); the rows it affected."""
        driver_connection = session.connection().connection.driver_connection
        with driver_connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            return cursor.rowcount


def migrate(
    engine: Engine, migrations_dir: Path, revision: str = "head", downgrade: bool = False
) -> None:
    """Bring one service's tables to ``revision`` with its own alembic scripts.

    :param engine: the service's engine (its schema is the connection's search path).
    :param migrations_dir: the service's ``migrations`` folder.
    :param downgrade: go down to ``revision`` instead of up.
    """
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if downgrade else command.upgrade)(config, revision)


def run_migrations_online(context, target_metadata) -> None:
    """The body of every service's ``migrations/env.py``.

    The connection comes from :func:`migrate`; the version table lives beside the
    service's tables, in its schema or its file.
    """
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def in_subtree(column, path: str):
    """SQL condition: ``column`` (an org path) is ``path`` or lies below it; the SQL form
    of :func:`shared.org_paths.is_within`."""
    return (column == path) | column.startswith(path + "/", autoescape=True)


def make_migration(engine: Engine, migrations_dir: Path, message: str) -> None:
    """Autogenerate a new revision from the difference between the tables and the metadata.

    Run against an empty SQLite database brought to head, it writes what the models add.
    """
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        command.revision(config, message=message, autogenerate=True)
