"""An item for a person with an address, or for each member with one of an addressed
department, gets a pending e-mail delivery in the same transaction, whose job is enqueued
only after the commit; a sweep enqueues again what was lost."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, select, update

from services.notify import handlers
from services.notify.adapters import orm
from services.notify.entrypoints import tasks

OPENED = "workflow.ticket.opened"
LATER = timedelta(minutes=2)


def test_ticket_for_a_person_with_an_address_creates_a_pending_email_delivery(
    feed, ticket_opened, add_people, people, table_rows, enqueued
):
    add_people(people.liaison)

    feed(OPENED, ticket_opened())

    (delivery,) = table_rows(orm.deliveries)
    assert (delivery.channel, delivery.status, delivery.attempts) == ("email", "pending", 0)
    assert (delivery.person_id, delivery.address) == (
        people.liaison.id,
        "liaison@hz.gov.example.cn",
    )
    assert enqueued == [delivery.id]


def test_the_job_is_enqueued_only_once_the_delivery_is_committed(
    tmp_path, feed, ticket_opened, add_people, people, enqueued
):
    # Given an enqueue that looks at the database from another connection
    seen = []
    other = create_engine(f"sqlite:///{tmp_path}/notify.db")

    def enqueue(delivery_id):
        with other.connect() as conn:
            query = select(orm.deliveries.c.status).where(orm.deliveries.c.id == delivery_id)
            seen.append(conn.execute(query).scalar())

    add_people(people.liaison)
    enqueued.before = enqueue

    # When a ticket opens
    feed(OPENED, ticket_opened())

    # Then the job saw its committed delivery
    assert seen == ["pending"]
    other.dispose()


def test_a_person_without_an_address_gets_the_item_but_no_mail(
    feed, ticket_opened, add_people, people, table_rows, enqueued
):
    add_people(people.liaison, with_email=False)

    feed(OPENED, ticket_opened())

    assert len(table_rows(orm.inbox_items)) == 1
    assert (table_rows(orm.deliveries), enqueued) == ([], [])


def test_a_person_notify_has_not_heard_of_gets_the_item_but_no_mail(
    feed, ticket_opened, table_rows, enqueued
):
    feed(OPENED, ticket_opened(assignee_person_id="p-unknown"))

    assert len(table_rows(orm.inbox_items)) == 1
    assert (table_rows(orm.deliveries), enqueued) == ([], [])


def test_a_department_ticket_mails_each_staff_member_with_an_address(
    feed, ticket_opened, add_people, people, table_rows, enqueued
):
    add_people(people.staff_a, people.liaison)  # the liaison is not in the department
    add_people(people.staff_b, with_email=False)

    feed(OPENED, ticket_opened(assignee_person_id=None, assignee_org_unit_id=people.department_id))

    mailed = table_rows(orm.deliveries)
    assert [d.person_id for d in mailed] == [people.staff_a.id]
    assert enqueued == [mailed[0].id]


def test_a_person_announced_again_is_refreshed_not_duplicated(feed, add_people, people, table_rows):
    add_people(people.liaison)

    add_people(people.liaison, with_email=False)

    (recipient,) = table_rows(orm.recipients)
    assert (recipient.person_id, recipient.email, recipient.locale) == (
        people.liaison.id,
        None,
        "zh_CN",
    )


def test_mail_is_written_in_the_recipients_language(
    runtime, feed, ticket_opened, add_people, people, enqueued
):
    add_people(people.liaison)
    with runtime.engine.begin() as conn:
        conn.execute(update(orm.recipients).values(locale="en"))

    feed(OPENED, ticket_opened())
    mail = runtime.execute(handlers.prepare_email, enqueued[0], "")

    assert mail.subject == "New ticket 330102-20261127-0001: 排污许可证延续咨询"
    assert "Deadline: 2026-12-04 23:59 (China Standard Time)" in mail.body
    assert "open the ticket from your inbox" in mail.body
    assert mail.to == "liaison@hz.gov.example.cn"


def test_mail_links_to_the_ticket_under_the_public_address(
    runtime, feed, ticket_opened, add_people, people, enqueued
):
    add_people(people.liaison)
    feed(OPENED, ticket_opened())

    mail = runtime.execute(handlers.prepare_email, enqueued[0], "https://qinqing.example.cn/")

    ticket_id = ticket_opened()["ticket_id"]
    assert f"打开该工单办理：https://qinqing.example.cn/workflow/tickets/{ticket_id}" in mail.body
    assert "在“消息”中打开" not in mail.body


def test_the_actor_skips_mail_when_smtp_is_not_configured(
    runtime, feed, ticket_opened, add_people, people, table_rows, enqueued
):
    add_people(people.liaison)
    feed(OPENED, ticket_opened())

    tasks.deliver_email(enqueued[0])

    (delivery,) = table_rows(orm.deliveries)
    assert (delivery.status, delivery.attempts, delivery.sent_at) == ("skipped", 0, None)
    assert runtime.settings.smtp_port == 0


def test_a_finished_delivery_is_never_prepared_again(
    runtime, feed, ticket_opened, add_people, people, enqueued
):
    add_people(people.liaison)
    feed(OPENED, ticket_opened())
    runtime.execute(handlers.record_email_sent, enqueued[0])

    assert runtime.execute(handlers.prepare_email, enqueued[0], "") is None
    assert runtime.execute(handlers.prepare_email, "no-such-delivery", "") is None


def test_a_failed_enqueue_keeps_the_item_and_the_delivery_for_the_sweep(
    feed, ticket_opened, add_people, people, table_rows, enqueued
):
    def broker_down(delivery_id):
        raise ConnectionError("broker down")

    add_people(people.liaison)
    enqueued.before = broker_down

    feed(OPENED, ticket_opened())

    assert len(table_rows(orm.inbox_items)) == 1
    assert [d.status for d in table_rows(orm.deliveries)] == ["pending"]


def test_a_rolled_back_transaction_enqueues_nothing(runtime, enqueued):
    with runtime.uow() as uow:
        uow.send_after_commit("delivery-1")
        uow.rollback()
        uow.commit()

    assert enqueued == []


def test_the_sweep_enqueues_a_pending_delivery_untouched_for_a_minute_once(
    feed, ticket_opened, add_people, people, enqueued
):
    add_people(people.liaison)
    feed(OPENED, ticket_opened())
    enqueued.clear()
    later = datetime.now(UTC) + LATER

    first = tasks.sweep_pending_deliveries(at=later)
    second = tasks.sweep_pending_deliveries(at=later)

    assert (first, second, len(enqueued)) == (1, 0, 1)


def test_the_sweep_leaves_recent_and_finished_deliveries_alone(
    runtime, feed, ticket_opened, add_people, people, enqueued
):
    add_people(people.liaison, people.other)
    feed(OPENED, ticket_opened(ticket_id="t-1"))
    feed(OPENED, ticket_opened(ticket_id="t-2", assignee_person_id=people.other.id))
    runtime.execute(handlers.record_email_sent, enqueued[0])
    enqueued.clear()

    recent = tasks.sweep_pending_deliveries()
    finished_one_left = tasks.sweep_pending_deliveries(at=datetime.now(UTC) + LATER)

    assert (recent, finished_one_left) == (0, 1)
