"""Fixtures of the end-to-end tests: the distributed layout as separate processes.

``distributed`` runs every service on the machine's PostgreSQL and RabbitMQ (a database
and a virtual host of its own) once per session. ``broker_outage_layout`` runs the
services a submission needs to become a ticket on a private RabbitMQ node, which the
tests may stop. When a test fails, its report carries the end of every process's log.
"""

from __future__ import annotations

import shutil

import pytest

from shared.testing.layout import Layout, database, running_layout, virtual_host
from shared.testing.plugin import missing
from shared.testing.rabbit_node import RabbitNode, rabbitmq_installed
from shared.testing.smtp import smtp_listener
from tests.e2e.api_client import ApiClient, signed_in

#: What a submission needs to become a ticket: people and enterprises, the form, routing.
TICKET_SERVICES = ("directory", "forms", "workflow")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Add the end of the logs of every layout and node the failed test used."""
    report = yield
    if report.failed:
        used = {id(value): value for value in getattr(item, "funcargs", {}).values()}
        for value in used.values():
            if isinstance(value, Layout):
                report.sections.append(("process logs", value.log_tails()))
            elif isinstance(value, RabbitNode):
                report.sections.append(("private RabbitMQ node", value.process.tail()))
    return report


@pytest.fixture(scope="session")
def rabbitmqctl_path() -> str:
    path = shutil.which("rabbitmqctl")
    if not path:
        missing("rabbitmqctl (to make a virtual host on the machine's RabbitMQ)")
    return path


@pytest.fixture(scope="session")
def distributed(postgres_server_url, amqp_url, rabbitmqctl_path, tmp_path_factory) -> Layout:
    """Every service's web app and worker, migrated and seeded, for the whole session."""
    logs = tmp_path_factory.mktemp("e2e-logs")
    with (
        smtp_listener() as (smtp_port, mailbox),
        database(postgres_server_url) as database_url,
        virtual_host(amqp_url) as vhost_url,
        running_layout(
            logs,
            database_url,
            vhost_url,
            extra_env={"QINQING_SMTP_HOST": "127.0.0.1", "QINQING_SMTP_PORT": str(smtp_port)},
        ) as layout,
    ):
        layout.mailbox = mailbox
        yield layout


@pytest.fixture
def crashable(distributed) -> Layout:
    """The session's layout, for a test that kills its processes: whatever the test left
    dead is started again afterwards."""
    yield distributed
    distributed.revive()


class People(dict):
    """Signed-in clients by username, each signed in once, on first use."""

    def __init__(self, layout: Layout):
        super().__init__()
        self.layout = layout

    def __missing__(self, username: str) -> ApiClient:
        client = self[username] = signed_in(self.layout.urls, username)
        return client


@pytest.fixture(scope="session")
def people(distributed) -> People:
    """``people["liaison"]``: the demo person signed in to the session's layout."""
    return People(distributed)


@pytest.fixture(scope="module")
def private_rabbit(tmp_path_factory) -> RabbitNode:
    """A RabbitMQ node of this module's own, which its tests may stop and start."""
    if not rabbitmq_installed():
        missing("rabbitmq-server, run as root")
    node = RabbitNode(log_dir=tmp_path_factory.mktemp("private-rabbit"))
    try:
        yield node.start()
    finally:
        node.stop()
        node.remove()


@pytest.fixture
def rabbit(private_rabbit) -> RabbitNode:
    """The private node, for a test that stops it: started again afterwards if need be."""
    yield private_rabbit
    if not private_rabbit.running:
        private_rabbit.start()


@pytest.fixture(scope="module")
def broker_outage_layout(postgres_server_url, private_rabbit, tmp_path_factory) -> Layout:
    """Directory, forms and workflow on ``private_rabbit``, seeded."""
    logs = tmp_path_factory.mktemp("e2e-outage-logs")
    with (
        database(postgres_server_url) as database_url,
        running_layout(logs, database_url, private_rabbit.amqp_url, TICKET_SERVICES) as layout,
    ):
        yield layout


@pytest.fixture(scope="module")
def outage_people(broker_outage_layout) -> People:
    """``outage_people["liaison"]``: the demo person signed in to the outage layout."""
    return People(broker_outage_layout)
