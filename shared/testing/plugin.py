"""pytest plugin: real PostgreSQL, RabbitMQ and Chromium when present.

A test that needs a server skips when it is missing, and fails instead when
``REQUIRE_SERVICES=1`` (as in CI), so a green CI run has really used them.
"""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from urllib.parse import urlparse

import pytest

POSTGRES_ADMIN_URL = os.environ.get(
    "QINQING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
AMQP_URL = os.environ.get("QINQING_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES") == "1"


def missing(what: str) -> None:
    """Skip the test, or fail it when real services are required."""
    if services_required():
        pytest.fail(f"{what} is required (REQUIRE_SERVICES=1) but not available")
    pytest.skip(f"{what} not available")


def port_open(url: str, default_port: int) -> bool:
    parsed = urlparse(url.replace("postgresql+psycopg", "postgresql"))
    try:
        with socket.create_connection((parsed.hostname, parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    if not port_open(POSTGRES_ADMIN_URL, 5432):
        missing("PostgreSQL")
    return POSTGRES_ADMIN_URL


@pytest.fixture
def postgres_url(postgres_server_url):
    """A fresh, empty database for one test, dropped afterwards."""
    from sqlalchemy import create_engine, text

    name = f"qinqing_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = postgres_server_url.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def amqp_url() -> str:
    if not port_open(AMQP_URL, 5672):
        missing("RabbitMQ")
    return AMQP_URL


@pytest.fixture
def exchange_name() -> str:
    """A topic exchange name of one's own, so tests never see each other's messages."""
    return f"qinqing-test-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if not path:
        missing("Chromium (Debian package chromium)")
    return path


def embedded_settings(var_dir):
    from shared.config import Settings

    return Settings(
        database_url=f"sqlite:///{var_dir}",
        upload_dir=str(var_dir / "uploads"),
        secret_key="test-secret",
        testing=True,
    )


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory):
    """One seeded embedded system's SQLite files, made once per test session."""
    from qinqing.embedded import EmbeddedSystem

    var_dir = tmp_path_factory.mktemp("seeded") / "var"
    system = EmbeddedSystem(embedded_settings(var_dir))
    system.migrate()
    system.seed()
    system.stop()
    for runtime in system.runtimes.values():
        runtime.engine.dispose()
    return var_dir


@pytest.fixture
def embedded(tmp_path):
    """An embedded system on empty, migrated SQLite files; call ``drain()`` to deliver."""
    from qinqing.embedded import EmbeddedSystem

    system = EmbeddedSystem(embedded_settings(tmp_path / "var"))
    system.migrate()
    yield system
    system.stop()


@pytest.fixture
def seeded(seeded_template, tmp_path):
    """An embedded system with the demo province, forms and pairings, fresh per test."""
    from qinqing.embedded import EmbeddedSystem

    var_dir = tmp_path / "var"
    shutil.copytree(seeded_template, var_dir)
    system = EmbeddedSystem(embedded_settings(var_dir))
    yield system
    system.stop()


@pytest.fixture
def web(seeded):
    """A factory of signed-in browser-like clients of the seeded system."""
    from shared.testing.client import WebClient

    def make(username: str | None = None, language: str = "en") -> WebClient:
        client = WebClient(seeded.wsgi, language=language)
        if username:
            response = client.login(username)
            assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return make
