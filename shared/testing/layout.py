"""The distributed layout as separate OS processes: one database, one virtual host, and
for each service a gunicorn web app and a worker, started through the command line.

Every layout gets a fresh PostgreSQL database and its own RabbitMQ virtual host, so its
queues and rows never mix with another run's; both are removed afterwards.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlparse

from sqlalchemy import create_engine, text

from shared.config import SERVICES
from shared.testing.processes import Process, Supervisor, free_port

QINQING = str(Path(sys.executable).with_name("qinqing"))
#: Seconds ``qinqing seed`` may wait for each service's read models to catch up.
SEED_WAIT = 120
#: Seconds a web app may take to answer its health check.
START_TIMEOUT = 60
#: gunicorn processes and threads of each web app (``bench`` serves its baselines alike).
WEB_WORKERS = 1
WEB_THREADS = 4


class LayoutFailed(RuntimeError):
    """Raised when the layout cannot be brought up; carries every process's log tail."""


@dataclass
class Layout:
    """A running distributed layout.

    :param urls: service name -> base URL of its web app (``http://127.0.0.1:PORT``).
    :param supervisor: the processes, named ``<service>-web`` and ``<service>-worker``.
    """

    urls: dict[str, str]
    supervisor: Supervisor
    #: The SMTP listener's mailbox (shared.testing.smtp.Mailbox), when the layout has one.
    mailbox: object | None = None

    def web(self, name: str) -> Process:
        return self.supervisor[f"{name}-web"]

    def worker(self, name: str) -> Process:
        return self.supervisor[f"{name}-worker"]

    def log_tails(self) -> str:
        return self.supervisor.log_tails()

    def revive(self) -> None:
        """Start again every web app and worker that is not running (after a crash test)."""
        for name in self.urls:
            for process in (self.web(name), self.worker(name)):
                if not process.running:
                    process.start()


@contextlib.contextmanager
def database(server_url: str, prefix: str = "qinqing_e2e") -> Iterator[str]:
    """A fresh PostgreSQL database on ``server_url``'s server, dropped afterwards.

    :param prefix: the start of its name, which ends in a random suffix.
    """
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{server_url.rsplit('/', 1)[0]}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def rabbitmqctl(*args: str, node: str | None = None) -> None:
    """Run ``rabbitmqctl`` against the machine's node (or ``node``); raise on failure."""
    command = ["rabbitmqctl", *(["-n", node] if node else []), *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr or done.stdout}")


@contextlib.contextmanager
def virtual_host(
    amqp_url: str, node: str | None = None, prefix: str = "qinqing-e2e"
) -> Iterator[str]:
    """A RabbitMQ virtual host of one's own on the broker of ``amqp_url``, deleted afterwards.

    :param prefix: the start of its name, which ends in a random suffix.
    :returns: ``amqp_url`` pointing at the new virtual host.
    """
    name = f"{prefix}-{uuid.uuid4().hex[:10]}"
    user = urlparse(amqp_url).username or "guest"
    rabbitmqctl("add_vhost", name, node=node)
    try:
        rabbitmqctl("set_permissions", "-p", name, user, ".*", ".*", ".*", node=node)
        yield amqp_url.rsplit("/", 1)[0] + "/" + quote(name, safe="")
    finally:
        rabbitmqctl("delete_vhost", name, node=node)


def layout_env(database_url: str, amqp_url: str, urls: dict[str, str]) -> dict[str, str]:
    """The ``QINQING_*`` environment every process of one layout shares."""
    env = {
        "QINQING_DATABASE_URL": database_url,
        "QINQING_AMQP_URL": amqp_url,
        "QINQING_SECRET_KEY": secrets.token_hex(32),
        "QINQING_DEFAULT_LOCALE": "en",
        "PYTHONUNBUFFERED": "1",
    }
    env.update({f"QINQING_{name.upper()}_URL": url for name, url in urls.items()})
    return env


def base_env() -> dict[str, str]:
    """This process's environment without any ``QINQING_*`` setting of its own."""
    return {key: value for key, value in os.environ.items() if not key.startswith("QINQING_")}


def run_command(supervisor: Supervisor, name: str, args: Sequence[str], timeout: float) -> None:
    """Run ``qinqing ARGS`` to completion as process ``name``.

    :raises LayoutFailed: when it exits with an error or takes longer than ``timeout``.
    """
    process = supervisor.start(name, [QINQING, *args])
    try:
        status = process.popen.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        raise LayoutFailed(f"qinqing {' '.join(args)} took longer than {timeout}s") from None
    if status != 0:
        raise LayoutFailed(f"qinqing {' '.join(args)} exited with {status}")


def start_services(supervisor: Supervisor, urls: dict[str, str]) -> None:
    """Start every service's web app (``WEB_WORKERS`` gunicorn workers of ``WEB_THREADS``
    threads) and worker, then wait for the web apps' health checks."""
    for name, url in urls.items():
        port = urlparse(url).port
        serve = ["serve", name, "--port", str(port), *_server_options()]
        supervisor.start(f"{name}-web", [QINQING, *serve])
        supervisor.start(f"{name}-worker", [QINQING, "worker", name])
    for name, url in urls.items():
        supervisor[f"{name}-web"].wait_for_http(f"{url}/{name}/healthz", timeout=START_TIMEOUT)


@contextlib.contextmanager
def running_layout(
    log_dir: Path,
    database_url: str,
    amqp_url: str,
    services: Sequence[str] = SERVICES,
    extra_env: dict[str, str] | None = None,
) -> Iterator[Layout]:
    """Migrate, start ``services`` (directory first), seed, and stop everything afterwards.

    :raises LayoutFailed: when a step fails, with the tail of every process's log.
    """
    urls = {name: f"http://127.0.0.1:{free_port()}" for name in services}
    env = {**base_env(), **layout_env(database_url, amqp_url, urls), **(extra_env or {})}
    supervisor = Supervisor(log_dir, env)
    try:
        try:
            run_command(supervisor, "migrate", ["migrate", *_service_options(services)], 120)
            start_services(supervisor, urls)
            run_command(supervisor, "seed", ["seed", "--wait", str(SEED_WAIT)], SEED_WAIT + 60)
        except Exception as error:
            raise LayoutFailed(f"{error}\n{supervisor.log_tails()}") from error
        yield Layout(urls, supervisor)
    finally:
        supervisor.stop_all()


def _server_options() -> list[str]:
    return ["--workers", str(WEB_WORKERS), "--threads", str(WEB_THREADS)]


def _service_options(services: Sequence[str]) -> list[str]:
    return [option for name in services for option in ("--service", name)]
