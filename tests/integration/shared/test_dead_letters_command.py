"""`qinqing dead-letters NAME [--replay]`: what an operator sees of the events a consumer
gave up on, and putting them back once the cause is mended."""

import threading
import time

import pika
import pytest
from click.testing import CliRunner

from qinqing.cli import main
from shared.messaging.envelope import new_envelope
from shared.messaging.rabbit import RabbitBus
from shared.testing.layout import virtual_host

pytestmark = pytest.mark.rabbitmq

EVENT = new_envelope(
    "directory.person.created",
    {
        "id": "p-1",
        "username": "liaison1",
        "name": "王芳",
        "roles": ["liaison"],
        "org_path": "33/3301/330106",
    },
    tenant="33/3301/330106",
)


@pytest.fixture
def vhost_url(amqp_url):
    with virtual_host(amqp_url, prefix="qinqing-test") as url:
        yield url


def cli(url, *args):
    env = {"QINQING_AMQP_URL": url, "QINQING_SECRET_KEY": "k" * 64}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def dead_letter_one_event(url) -> None:
    """Workflow's consumer, as the worker names it, gives up on one event."""
    bus = RabbitBus(url, max_attempts=1)

    def handler(_message):
        raise ConnectionError("enterprise 91330102MA2B3C4D5E not known yet")

    bus.subscribe("workflow", ["directory.#"], handler)
    bus.publish_batch([EVENT])
    stop = threading.Event()
    consumer = threading.Thread(target=bus.consume, args=(stop,))
    consumer.start()
    deadline = time.monotonic() + 15
    try:
        while not bus.dead_letters("workflow", 1):
            assert time.monotonic() < deadline, "the event was not dead-lettered"
            time.sleep(0.05)
    finally:
        stop.set()
        consumer.join(10)
        bus.close()


def queued(url, queue) -> int:
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        return connection.channel().queue_declare(queue, passive=True).method.message_count
    finally:
        connection.close()


def test_the_command_lists_each_dead_letter_with_its_reason(vhost_url):
    dead_letter_one_event(vhost_url)
    result = cli(vhost_url, "dead-letters", "workflow")
    assert result.exit_code == 0
    assert EVENT["id"] in result.output
    assert "directory.person.created" in result.output
    assert "not known yet" in result.output
    assert "workflow: 1 dead letters" in result.output
    assert queued(vhost_url, "qinqing.workflow.dead") == 1


def test_replay_puts_the_dead_letters_back_in_the_service_queue(vhost_url):
    dead_letter_one_event(vhost_url)
    result = cli(vhost_url, "dead-letters", "workflow", "--replay")
    assert result.exit_code == 0
    assert "workflow: 1 moved back to qinqing.workflow" in result.output
    assert queued(vhost_url, "qinqing.workflow") == 1
    assert queued(vhost_url, "qinqing.workflow.dead") == 0


def test_a_service_without_a_queue_is_named_in_a_clear_error(vhost_url):
    result = CliRunner().invoke(
        main,
        ["dead-letters", "directory"],
        env={"QINQING_AMQP_URL": vhost_url, "QINQING_SECRET_KEY": "k" * 64},
    )
    assert result.exit_code == 1
    assert "directory has no queue qinqing.directory.dead" in result.output
