"""The connection pool on PostgreSQL: a connection that died while idle is replaced
before anyone uses it, and one used moments ago is handed out without a round trip."""

import time

import pytest
from sqlalchemy import create_engine, text

from shared.config import Settings
from shared.db import PING_AFTER_IDLE, make_engine

pytestmark = pytest.mark.postgres


@pytest.fixture
def engine(postgres_url):
    engine = make_engine(Settings(database_url=postgres_url), "pooltest")
    yield engine
    engine.dispose()


def backend_pid(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT pg_backend_pid()")).scalar_one()


def test_a_connection_killed_while_idle_is_replaced_before_it_is_used(engine, postgres_url):
    pid = backend_pid(engine)
    admin = create_engine(postgres_url)
    with admin.connect() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    admin.dispose()
    time.sleep(PING_AFTER_IDLE + 0.2)
    assert backend_pid(engine) != pid


def test_a_connection_used_moments_ago_is_not_pinged(engine, monkeypatch):
    backend_pid(engine)
    pings = []
    monkeypatch.setattr(engine.dialect, "do_ping", lambda _conn: pings.append(1) or True)
    for _ in range(20):
        backend_pid(engine)
    assert pings == []
    time.sleep(PING_AFTER_IDLE + 0.2)
    backend_pid(engine)
    assert pings == [1]
