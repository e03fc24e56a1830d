"""Hand-overs over HTTP: transfer within a bureau, escalate one level up, assign down, and
return to the previous holder; each bad request is refused in the caller's language and
changes nothing."""

import pytest

from tests.service.workflow.acting import act, ok, read, refused


def test_transfer_hands_the_ticket_to_another_department_of_the_bureau(world, accepted_ticket):
    body = ok(world, "staff", accepted_ticket, "transfer", org_unit_id="330102-eia", note="EIA's")

    assert (body["status"], body["assignee_org_unit_id"]) == ("assigned", "330102-eia")
    assert body["holder_path"] == "33/3301/330102/330102-eia"
    assert body["actions"] == ["comment"]
    assert ok(world, "eia-staff", accepted_ticket, "accept")["status"] == "accepted"


def test_transfer_is_announced_with_where_the_ticket_came_from_and_no_note(world, accepted_ticket):
    ok(world, "staff", accepted_ticket, "transfer", org_unit_id="330102-eia", note="Secret")

    [event] = world.published("workflow.ticket.handed_over")
    assert (event["action"], event["from_org_unit_id"], event["holder_org_unit_id"]) == (
        "transfer",
        "330102-office",
        "330102-eia",
    )
    assert event["note_length"] == len("Secret") and "Secret" not in str(event)


def test_transfer_to_a_named_person_of_the_unit(world, accepted_ticket):
    body = ok(
        world,
        "staff",
        accepted_ticket,
        "transfer",
        org_unit_id="330102-eia",
        person_id="p-eia-staff",
        note="For you",
    )

    assert (body["assignee_person_id"], body["assignee_org_unit_id"]) == (
        "p-eia-staff",
        "330102-eia",
    )


def test_who_handed_the_ticket_over_still_reads_it_but_may_only_comment(world, accepted_ticket):
    ok(world, "staff", accepted_ticket, "transfer", org_unit_id="330102-eia", note="EIA's")

    assert read(world, "staff", accepted_ticket)["actions"] == ["comment"]
    listed = world.client("staff").get("/workflow/api/tickets").get_json()
    assert accepted_ticket in {ticket["id"] for ticket in listed}


def test_escalation_goes_to_the_city_and_the_city_may_assign_it_down(world, accepted_ticket):
    up = ok(world, "staff", accepted_ticket, "escalate", org_unit_id="3301-eia", note="City's")
    assert (up["assignee_org_unit_id"], up["holder_path"]) == ("3301-eia", "33/3301/3301-eia")
    assert "assign-down" in read(world, "city-eia", accepted_ticket)["actions"]

    down = ok(world, "city-eia", accepted_ticket, "assign-down", org_unit_id="330102", note="Yours")

    assert (down["assignee_org_unit_id"], down["holder_path"]) == ("330102", "33/3301/330102")
    assert ok(world, "shangcheng", accepted_ticket, "accept")["status"] == "accepted"


def test_return_walks_back_to_the_previous_holder(world, accepted_ticket):
    ok(world, "staff", accepted_ticket, "escalate", org_unit_id="3301-eia", note="City's")

    back = ok(world, "city-eia", accepted_ticket, "return", note="A county matter")

    assert (back["status"], back["assignee_org_unit_id"]) == ("assigned", "330102-office")
    assert [h["action"] for h in back["history"]][-2:] == ["escalate", "return"]


@pytest.mark.parametrize(
    ("lang", "detail"),
    [
        (
            "en",
            "This ticket has not been handed over, so there is no previous holder to return it to.",
        ),
        ("zh-CN", "该工单尚未被转交过，没有可以退回的上一承办人。"),
    ],
)
def test_return_without_a_previous_holder_is_refused(world, accepted_ticket, lang, detail):
    problem = refused(world, "staff", accepted_ticket, "return", 409, lang, note="Not ours")

    assert problem["detail"] == detail


BAD_TRANSFERS = [
    (
        {"org_unit_id": "nowhere", "note": "x"},
        "org_unit_id",
        "org_unit_id: there is no org unit “nowhere”.",
        "org_unit_id：找不到组织机构“nowhere”。",
    ),
    (
        {"org_unit_id": "3301-eia", "note": "x"},
        "org_unit_id",
        "org_unit_id: a transfer stays within the holder's bureau: choose the bureau itself "
        "or one of its departments.",
        "org_unit_id：转办只能在承办人所在的局内进行，请选择本局或本局的部门。",
    ),
    (
        {"org_unit_id": "330102-eia"},
        "note",
        "note: a note is required to transfer a ticket.",
        "note：转办工单须填写说明。",
    ),
    (
        {"org_unit_id": "330102-eia", "note": "x", "person_id": "p-staff"},
        "person_id",
        "person_id: this person is not on the staff of the chosen org unit.",
        "person_id：该人员不是所选单位的工作人员。",
    ),
    (
        {"note": "x"},
        "org_unit_id",
        "org_unit_id: this field is required.",
        "org_unit_id：必填。",
    ),
]


@pytest.mark.parametrize(("body", "field", "en", "zh"), BAD_TRANSFERS)
def test_bad_transfer_is_refused_naming_the_field_in_both_languages(
    world, accepted_ticket, body, field, en, zh
):
    english = refused(world, "staff", accepted_ticket, "transfer", 422, "en", **body)
    chinese = refused(world, "staff", accepted_ticket, "transfer", 422, "zh-CN", **body)

    assert english["errors"] == {field: [en]}
    assert chinese["errors"] == {field: [zh]}


@pytest.mark.parametrize(
    ("body", "en"),
    [
        (
            {"org_unit_id": "33-general", "note": "x"},
            "org_unit_id: escalate to the bureau one level up over this enterprise's area, "
            "or to one of its departments.",
        ),
        (
            {"org_unit_id": "330106", "note": "x"},
            "org_unit_id: escalate to the bureau one level up over this enterprise's area, "
            "or to one of its departments.",
        ),
    ],
)
def test_escalation_past_the_next_level_is_refused(world, accepted_ticket, body, en):
    problem = refused(world, "staff", accepted_ticket, "escalate", 422, **body)

    assert problem["errors"] == {"org_unit_id": [en]}


def test_assigning_down_from_a_county_is_refused_as_a_conflict(world, accepted_ticket):
    problem = refused(
        world, "staff", accepted_ticket, "assign-down", 409, "zh-CN", org_unit_id="330102", note="x"
    )

    assert problem["detail"] == "工单在区县办理，没有可以下派的下一级。"


def test_assigning_down_off_the_enterprises_chain_is_refused(world, accepted_ticket):
    ok(world, "staff", accepted_ticket, "escalate", org_unit_id="3301-eia", note="City's")

    problem = refused(
        world, "city-eia", accepted_ticket, "assign-down", 422, org_unit_id="330106", note="x"
    )

    assert list(problem["errors"]) == ["org_unit_id"]


@pytest.mark.parametrize(
    ("username", "status", "detail"),
    [
        (
            "user-b",
            403,
            "Only its current holder (or an administrator over them) can transfer this ticket.",
        ),
        ("eia-staff", 404, "Ticket not found."),
        ("xihu", 404, "Ticket not found."),
    ],
)
def test_transfer_by_someone_else_is_refused(world, accepted_ticket, username, status, detail):
    body = {"org_unit_id": "330102-eia", "note": "x"}

    problem = refused(world, username, accepted_ticket, "transfer", status, **body)

    assert problem["detail"] == detail


def test_transfer_refusal_by_role_is_explained_in_chinese(world, accepted_ticket):
    body = {"org_unit_id": "330102-eia", "note": "x"}

    problem = refused(world, "user-b", accepted_ticket, "transfer", 403, "zh-CN", **body)

    assert problem["detail"] == "只有当前承办人或其上级管理员可以转办该工单。"


def test_transfer_of_a_resolved_ticket_is_refused_as_its_state(world, accepted_ticket):
    ok(world, "staff", accepted_ticket, "resolve", note="Done")

    problem = refused(
        world, "staff", accepted_ticket, "transfer", 409, org_unit_id="330102-eia", note="x"
    )

    assert problem["detail"] == "A ticket that is resolved cannot be transferred."


def test_unknown_action_is_not_found(world, accepted_ticket):
    assert act(world, "staff", accepted_ticket, "delete").status_code == 404


def test_unknown_body_field_is_refused_naming_it(world, accepted_ticket):
    problem = refused(world, "staff", accepted_ticket, "accept", 422, "zh-CN", colour="red")

    assert list(problem["errors"]) == ["colour"]
