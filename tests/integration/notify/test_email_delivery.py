"""The deliver_email actor, run by a real dramatiq Worker (on a StubBroker), hands UTF-8
mail to a real SMTP listener (aiosmtpd); with the listener down it records each error,
retries, and finally records the delivery failed. Storage is real PostgreSQL."""

from __future__ import annotations

import time
from email import message_from_bytes, policy

import dramatiq
import pytest
from sqlalchemy import select

from services.notify.adapters import orm
from services.notify.bootstrap import bootstrap
from services.notify.domain.model import MAX_EMAIL_ATTEMPTS
from services.notify.entrypoints import tasks
from shared.config import Settings
from shared.messaging.envelope import new_envelope
from shared.messaging.jobs import setup_broker
from shared.testing.processes import free_port
from shared.testing.smtp import listen

SENDER = "noreply@qinqing.example.cn"
LIAISON = {
    "id": "p-liaison",
    "username": "liaison",
    "name": "联络员 周涛",
    "email": "zhou.tao@hz.gov.example.cn",
    "roles": ["liaison"],
    "org_unit_id": "330102",
    "org_path": "33/3301/330102",
    "enterprise_id": None,
}
TICKET = {
    "ticket_id": "t-1",
    "number": "330102-20261127-0001",
    "account_id": "acct-1",
    "enterprise_id": "ent-1",
    "enterprise_name": "杭州钱塘印染有限公司",
    "submission_id": None,
    "title": "排污许可证延续咨询",
    "county_id": "330102",
    "org_path": "33/3301/330102",
    "assignee_person_id": "p-liaison",
    "assignee_org_unit_id": None,
    "opened_at": "2026-11-27T09:30:00+08:00",
    "due_at": "2026-12-04T23:59:00+08:00",
}


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def broker():
    """A fresh stub broker holding notify's actor, and a real worker consuming it."""
    broker = setup_broker(Settings())
    broker.emit_after("process_boot")
    worker = dramatiq.Worker(broker, worker_timeout=100, worker_threads=1)
    worker.start()
    yield broker, worker
    worker.stop()
    broker.close()


def fast_retries(delivery_id: str, backoff_ms: int = 10) -> None:
    """Enqueue like the service does, with retry backoffs short enough for a test."""
    tasks.deliver_email.send_with_options(
        args=(delivery_id,), min_backoff=backoff_ms, max_backoff=backoff_ms * 4
    )


@pytest.fixture
def make_runtime(postgres_url):
    runtimes = []

    def make_runtime(smtp_port: int, enqueue=fast_retries):
        settings = Settings(
            database_url=postgres_url,
            secret_key="test-secret",
            smtp_host="127.0.0.1",
            smtp_port=smtp_port,
            mail_sender=SENDER,
            testing=True,
        )
        runtime = bootstrap(settings, enqueue_delivery=enqueue)
        runtime.migrate()
        runtimes.append(runtime)
        return runtime

    yield make_runtime
    for runtime in runtimes:
        runtime.engine.dispose()


def open_ticket_for_liaison(runtime) -> None:
    runtime.consumer(new_envelope("directory.person.created", LIAISON, tenant="33/3301/330102"))
    runtime.consumer(new_envelope("workflow.ticket.opened", TICKET, tenant="33/3301/330102"))


def finish(broker) -> None:
    stub, worker = broker
    stub.join(tasks.QUEUE, fail_fast=True, timeout=30_000)
    worker.join()


def the_delivery(runtime):
    with runtime.engine.connect() as conn:
        (row,) = conn.execute(select(orm.deliveries))
        return row


def test_the_actor_mails_the_assignee_in_utf8_with_the_chinese_subject(
    broker, make_runtime, smtp_port
):
    controller, mailbox = listen(smtp_port)
    runtime = make_runtime(smtp_port)
    try:
        open_ticket_for_liaison(runtime)
        finish(broker)
    finally:
        controller.stop()

    (received,) = mailbox.received
    mail = message_from_bytes(received.original_content, policy=policy.default)
    assert (received.mail_from, received.rcpt_tos) == (SENDER, ["zhou.tao@hz.gov.example.cn"])
    assert mail["Subject"] == "新工单 330102-20261127-0001：排污许可证延续咨询"
    assert (mail.get_content_type(), mail.get_content_charset()) == ("text/plain", "utf-8")
    assert "杭州钱塘印染有限公司的一项事项已分派给您办理" in mail.get_content()
    assert "办理期限：2026年12月4日 23:59（北京时间）" in mail.get_content()
    delivery = the_delivery(runtime)
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 1, None)
    assert delivery.sent_at is not None


def test_with_the_listener_down_each_attempt_is_recorded_then_the_delivery_fails(
    broker, make_runtime, smtp_port
):
    runtime = make_runtime(smtp_port)

    open_ticket_for_liaison(runtime)
    finish(broker)

    delivery = the_delivery(runtime)
    assert (delivery.status, delivery.attempts) == ("failed", MAX_EMAIL_ATTEMPTS)
    assert "ConnectionRefusedError" in delivery.last_error
    assert delivery.sent_at is None


def test_a_delivery_that_failed_once_is_sent_when_the_listener_comes_back(
    broker, make_runtime, smtp_port
):
    # Given a listener that is down while the first attempt fails
    runtime = make_runtime(smtp_port, lambda delivery_id: fast_retries(delivery_id, 2000))
    open_ticket_for_liaison(runtime)
    wait_for(lambda: the_delivery(runtime).attempts == 1)

    # When it comes back before the retry
    controller, mailbox = listen(smtp_port)
    try:
        finish(broker)
    finally:
        controller.stop()

    # Then the retry delivers the mail
    assert len(mailbox.received) == 1
    delivery = the_delivery(runtime)
    assert (delivery.status, delivery.attempts) == ("sent", 2)
    assert "ConnectionRefusedError" in delivery.last_error


def test_a_delivery_enqueued_twice_is_mailed_once(broker, make_runtime, smtp_port):
    controller, mailbox = listen(smtp_port)
    runtime = make_runtime(smtp_port)
    try:
        open_ticket_for_liaison(runtime)
        fast_retries(the_delivery(runtime).id)
        finish(broker)
    finally:
        controller.stop()

    assert len(mailbox.received) == 1
    assert the_delivery(runtime).attempts == 1


def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)
