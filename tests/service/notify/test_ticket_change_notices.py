"""A ticket's later changes reach the right inboxes: the new holder of a hand-over, invited
departments, the holder of an urged or supervised ticket, the enterprise's users when it
must answer or its matter is resolved, the holder and the contact leader of an overdue
ticket, the administrators of the unit it is escalated to; once per event, with the
ticket's title (from its opening), in the reader's language, and by mail."""

import pytest

from services.notify.adapters import orm
from shared.auth import Principal
from shared.messaging.envelope import InvalidMessage, new_envelope
from tests.service.notify.conftest import COUNTY, staff

OPENED = "workflow.ticket.opened"


@pytest.fixture
def change(people):
    def change(**overrides) -> dict:
        data = {
            "ticket_id": "t-1",
            "number": "330102-20261127-0001",
            "county_id": "330102",
            "org_path": COUNTY,
            "actor_id": people.other.id,
            "at": "2026-12-01T10:00:00+08:00",
            "action": "transfer",
            "from_status": "accepted",
            "to_status": "assigned",
            "enterprise_id": "ent-1",
            "holder_person_id": people.liaison.id,
            "holder_org_unit_id": None,
            "due_at": "2026-12-04T23:59:59+08:00",
        }
        return {**data, **overrides}

    return change


@pytest.fixture
def opened(feed, ticket_opened):
    feed(OPENED, ticket_opened())


def inbox(client, sign_in, principal, lang="zh_CN") -> list[dict]:
    sign_in(client, principal)
    response = client.get(f"/notify/api/inbox?lang={lang}")
    assert response.status_code == 200
    return response.get_json()


def kinds(items: list[dict]) -> list[str]:
    return [item["kind"] for item in items]


def test_a_handed_over_ticket_reaches_its_new_holder_with_its_title(
    client, sign_in, feed, change, people, opened
):
    feed("workflow.ticket.handed_over", change(holder_person_id=people.liaison.id))

    [handed_over, _opened] = inbox(client, sign_in, people.liaison)
    english = inbox(client, sign_in, people.liaison, lang="en")[0]
    assert handed_over["kind"] == "ticket_handed_over"
    assert handed_over["title"] == "转交工单 330102-20261127-0001：排污许可证延续咨询"
    assert english["title"] == "Ticket handed over to you 330102-20261127-0001: 排污许可证延续咨询"
    assert handed_over["link"] == "/workflow/tickets/t-1"


def test_a_ticket_handed_over_to_a_department_reaches_each_of_its_members(
    client, sign_in, feed, change, people, opened
):
    data = change(holder_person_id=None, holder_org_unit_id=people.department_id)

    feed("workflow.ticket.handed_over", data)

    for member in (people.staff_a, people.staff_b):
        assert kinds(inbox(client, sign_in, member)) == ["ticket_handed_over_to_department"]


def test_invited_departments_hear_of_a_co_handling_invitation(
    client, sign_in, feed, change, people, opened
):
    data = change(action="cohandle", mode="all", org_unit_ids=[people.department_id])

    feed("workflow.ticket.cohandle_invited", data)

    assert kinds(inbox(client, sign_in, people.staff_a)) == ["ticket_cohandle_invited"]


@pytest.mark.parametrize(
    ("verb", "extra", "kind"),
    [
        ("urged", {}, "ticket_urged"),
        ("supervised", {"supervising_org_unit_id": "3301"}, "ticket_supervised"),
        ("deadline_near", {"actor_id": "system"}, "ticket_deadline_near"),
    ],
)
def test_the_holder_hears_of_urging_supervision_and_a_near_deadline(
    client, sign_in, feed, change, people, opened, verb, extra, kind
):
    feed(f"workflow.ticket.{verb}", change(**extra))

    assert kinds(inbox(client, sign_in, people.liaison))[0] == kind


@pytest.mark.parametrize(
    ("verb", "kind", "english_title"),
    [
        ("info_requested", "ticket_info_requested", "More information needed"),
        ("resolved", "ticket_resolved", "Your matter was resolved"),
        ("closed", "ticket_closed", "Your matter is closed"),
    ],
)
def test_the_enterprises_users_hear_what_concerns_them_in_their_language(
    client, sign_in, feed, change, people, opened, verb, kind, english_title
):
    extra = {"note_length": 12} if verb == "resolved" else {}

    feed(f"workflow.ticket.{verb}", change(**extra))

    [item] = inbox(client, sign_in, people.enterprise_user, lang="en")
    assert (item["kind"], item["title"].split(" 3301")[0]) == (kind, english_title)
    assert kind not in kinds(inbox(client, sign_in, people.liaison))


def test_a_user_of_another_enterprise_does_not_see_its_items(
    client, sign_in, feed, change, people, opened
):
    other = Principal("p-ent-2", "other-ent", "其他企业", ("enterprise_user",), COUNTY, "330102")
    other = Principal(**{**other.to_dict(), "enterprise_id": "ent-2"})

    feed("workflow.ticket.resolved", change(note_length=12))

    assert inbox(client, sign_in, other) == []


def test_every_user_of_the_enterprise_with_an_address_gets_mail(
    feed, change, people, add_people, table_rows, opened
):
    add_people(people.enterprise_user, people.liaison)

    feed("workflow.ticket.info_requested", change())

    [delivery] = table_rows(orm.deliveries)
    assert (delivery.person_id, delivery.address) == (
        people.enterprise_user.id,
        "qiantang@hz.gov.example.cn",
    )


def test_an_overdue_ticket_reaches_its_holder_and_the_contact_leader(
    client, sign_in, feed, change, people, opened
):
    leader = staff("p-leader", "leader", "联系领导 王强", "contact_leader", COUNTY, "330102")
    data = change(actor_id="system", action="overdue", stage=1, contact_leader_person_id=leader.id)

    feed("workflow.ticket.overdue", data)

    assert kinds(inbox(client, sign_in, people.liaison))[0] == "ticket_overdue"
    [item] = inbox(client, sign_in, leader, lang="en")
    assert item["kind"] == "ticket_overdue_for_contact_leader"
    assert item["title"].startswith("Overdue matter of an enterprise you lead 330102-")


def test_an_escalated_ticket_reaches_the_administrators_of_the_unit_above(
    client, sign_in, feed, change, people, opened
):
    city_admin = staff("p-city", "hangzhou", "杭州市局管理员", "city_admin", "33/3301", "3301")
    data = change(
        actor_id="system", action="escalate-overdue", stage=2, escalated_to_org_unit_id="3301"
    )

    feed("workflow.ticket.escalated", data)

    [item] = inbox(client, sign_in, city_admin)
    assert item["title"] == "超期上报督办 330102-20261127-0001：排污许可证延续咨询"
    assert "ticket_escalated" not in kinds(inbox(client, sign_in, people.liaison))


def test_the_person_who_made_the_change_is_not_notified_of_it(
    client, sign_in, feed, change, people, opened
):
    feed("workflow.ticket.urged", change(actor_id=people.liaison.id))

    assert kinds(inbox(client, sign_in, people.liaison)) == ["ticket_assigned"]


def test_a_change_delivered_twice_makes_one_item(runtime, feed, change, table_rows, opened):
    envelope = feed("workflow.ticket.urged", change())

    runtime.consumer(envelope)

    assert len(table_rows(orm.inbox_items)) == 2  # the opening's and the urging's


def test_a_change_of_a_ticket_notify_never_saw_opened_is_named_by_its_number(
    client, sign_in, feed, change, people
):
    feed("workflow.ticket.urged", change())

    [item] = inbox(client, sign_in, people.liaison, lang="en")
    assert item["title"] == "Urged 330102-20261127-0001: 330102-20261127-0001"


def test_a_change_that_breaks_its_contract_is_rejected_and_makes_no_item(
    runtime, change, table_rows
):
    data = change(actor_id="system", stage=2, escalated_to_org_unit_id="3301")
    envelope = new_envelope("workflow.ticket.escalated", data, tenant=COUNTY)
    envelope["data"].pop("escalated_to_org_unit_id")

    with pytest.raises(InvalidMessage, match="escalated_to_org_unit_id"):
        runtime.consumer(envelope)

    assert table_rows(orm.inbox_items) == []
    assert len(table_rows(orm.messaging_tables[2])) == 1
