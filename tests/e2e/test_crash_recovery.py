"""A crash anywhere, or a broker outage, loses no request and duplicates no ticket.

The database is the source of truth: a submission is stored (and its event written to the
outbox) in one transaction, whatever happens to the workers or the broker; the relay
publishes it once RabbitMQ is back, and workflow opens exactly one ticket for it.
"""

from __future__ import annotations

import pika
import pytest

from shared.messaging.rabbit import RabbitBus
from tests.e2e.api_client import (
    PROVINCE_FORM,
    ApiClient,
    file_request,
    poll,
    province_answers,
    stays_falsy,
    tickets_of,
    unique,
)

pytestmark = pytest.mark.e2e

#: Seconds to watch that nothing happens while a part is down.
QUIET_PERIOD = 3
#: Seconds a restarted worker, or a reconnecting one, may take to catch up.
RECOVERY_DEADLINE = 60


def file_paired_request(enterprise: ApiClient, subject: str) -> dict:
    """The paired enterprise files the province's form; the submission is stored."""
    submission = file_request(enterprise, PROVINCE_FORM, province_answers(unique(subject)))
    assert enterprise.json(f"/forms/api/submissions/{submission['id']}")["id"] == submission["id"]
    return submission


def the_one_ticket(liaison: ApiClient, submission: dict) -> dict:
    """Wait for the submission's ticket, and check it stays the only one."""
    tickets = poll(lambda: tickets_of(liaison, submission), deadline=RECOVERY_DEADLINE)
    assert len(tickets) == 1
    assert stays_falsy(lambda: len(tickets_of(liaison, submission)) > 1, seconds=1)
    return tickets[0]


def queue_depth(amqp_url: str, service: str) -> int:
    """Messages ready in ``service``'s event queue on the broker of ``amqp_url``."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        queue = RabbitBus(amqp_url).queue_name(service)
        return connection.channel().queue_declare(queue, passive=True).method.message_count
    finally:
        connection.close()


def test_request_filed_while_workflow_worker_is_dead_opens_one_ticket_after_restart(
    crashable, people
):
    # Given the workflow worker was killed
    worker = crashable.worker("workflow")
    worker.kill()
    # When the paired enterprise files a request
    submission = file_paired_request(people["qingyuan"], "Filed while workflow was down")
    # Then it is stored, but no ticket opens until the worker is back
    assert stays_falsy(lambda: tickets_of(people["liaison"], submission), QUIET_PERIOD)
    worker.start()
    ticket = the_one_ticket(people["liaison"], submission)
    assert ticket["acceptance_number"] == submission["acceptance_number"]


def test_relay_killed_right_after_a_request_publishes_it_once_after_restart(crashable, people):
    # Given a stored request whose event may or may not have left the outbox
    submission = file_paired_request(people["qingyuan"], "Filed as the relay died")
    relay = crashable.worker("forms")
    relay.kill()
    # When the forms worker (the relay) starts again
    relay.start()
    # Then the request has exactly one ticket
    assert the_one_ticket(people["liaison"], submission)["submission_id"] == submission["id"]


def test_request_filed_while_rabbitmq_is_down_opens_one_ticket_once_it_is_back(
    broker_outage_layout, rabbit, outage_people
):
    liaison, enterprise = outage_people["liaison"], outage_people["qingyuan"]
    # Given RabbitMQ is stopped
    rabbit.stop()
    # When the paired enterprise files a request
    submission = file_paired_request(enterprise, "Filed while RabbitMQ was down")
    # Then it is stored, and no ticket opens until RabbitMQ is back
    assert stays_falsy(lambda: tickets_of(liaison, submission), QUIET_PERIOD)
    rabbit.start()
    # and the relay and the consumer reconnect by themselves
    the_one_ticket(liaison, submission)
    assert broker_outage_layout.worker("forms").running
    assert broker_outage_layout.worker("workflow").running


def test_event_queued_when_rabbitmq_crashes_still_opens_one_ticket(
    broker_outage_layout, rabbit, outage_people
):
    liaison, enterprise = outage_people["liaison"], outage_people["qingyuan"]
    consumer = broker_outage_layout.worker("workflow")
    # Given a request whose event the broker confirmed and holds in workflow's queue
    consumer.stop()
    submission = file_paired_request(enterprise, "Queued when RabbitMQ crashed")
    assert poll(lambda: queue_depth(rabbit.amqp_url, "workflow") == 1)
    # When RabbitMQ is killed with -9 and started again, and workflow's worker with it
    rabbit.kill()
    rabbit.start()
    consumer.start()
    # Then the request has exactly one ticket
    the_one_ticket(liaison, submission)
