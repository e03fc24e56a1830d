"""Co-handling over HTTP: the holder invites units (会签 all, 或签 any) or adds a signer;
each invited unit accepts and finishes its own part; the ticket cannot be resolved while a
required part is open."""

import pytest

from tests.service.workflow.acting import ok, read, refused


@pytest.fixture
def countersigned(world, accepted_ticket) -> str:
    """The office's ticket with Hangzhou's EIA section and Shangcheng's EIA section invited
    to countersign (all)."""
    ok(
        world,
        "staff",
        accepted_ticket,
        "cohandle",
        org_unit_ids=["3301-eia", "330102-eia"],
        mode="all",
        note="Please check the permit",
    )
    return accepted_ticket


def test_invited_units_get_one_part_each_and_see_the_ticket(world, countersigned):
    body = read(world, "city-eia", countersigned)

    assert sorted((p["org_unit_id"], p["mode"], p["status"]) for p in body["parts"]) == [
        ("3301-eia", "all", "invited"),
        ("330102-eia", "all", "invited"),
    ]
    assert body["actions"] == ["accept-part", "finish-part", "comment"]
    [event] = world.published("workflow.ticket.cohandle_invited")
    assert event["org_unit_ids"] == ["3301-eia", "330102-eia"]


def test_a_countersigned_ticket_is_resolved_once_every_part_is_done(world, countersigned):
    problem = refused(world, "staff", countersigned, "resolve", 409, "zh-CN", note="Done")
    assert problem["detail"].startswith("会签尚未完成") or problem["detail"].startswith(
        "会办尚未完成"
    )

    ok(world, "city-eia", countersigned, "accept-part")
    ok(world, "city-eia", countersigned, "finish-part", note="Permit is in order")
    assert "resolve" not in read(world, "staff", countersigned)["actions"]
    ok(world, "eia-staff", countersigned, "finish-part", note="Site checked")

    assert ok(world, "staff", countersigned, "resolve", note="Done")["status"] == "resolved"


def test_an_any_one_sign_needs_one_done_part(world, accepted_ticket):
    ids = ["3301-eia", "330102-eia"]
    ok(world, "staff", accepted_ticket, "cohandle", org_unit_ids=ids, mode="any", note="x")

    ok(world, "eia-staff", accepted_ticket, "finish-part", note="Checked")

    assert ok(world, "staff", accepted_ticket, "resolve", note="Done")["status"] == "resolved"


def test_added_signer_is_a_person_of_a_unit_with_their_own_part(world, accepted_ticket):
    body = ok(
        world,
        "staff",
        accepted_ticket,
        "add-signer",
        org_unit_id="3301-eia",
        person_id="p-city-eia",
        note="Sign too",
    )

    [part] = body["parts"]
    assert (part["person_id"], part["mode"]) == ("p-city-eia", "all")


def test_finishing_a_part_needs_a_note(world, countersigned):
    problem = refused(world, "city-eia", countersigned, "finish-part", 422, "zh-CN")

    assert problem["errors"] == {"note": ["note：完成会办工单须填写说明。"]}


def test_a_part_is_finished_once(world, countersigned):
    ok(world, "city-eia", countersigned, "finish-part", note="Done")

    problem = refused(world, "city-eia", countersigned, "finish-part", 409, note="Again")

    assert problem["detail"] == (
        "You have no open co-handling part of this ticket: a part is accepted and finished once."
    )


def test_only_invited_units_work_on_parts(world, countersigned):
    problem = refused(world, "user-b", countersigned, "accept-part", 403)

    assert (
        problem["detail"]
        == "Only a unit invited to co-handle it can accept a co-handling part of this ticket."
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"org_unit_ids": ["nowhere"], "mode": "all", "note": "x"}, "org_unit_ids"),
        ({"org_unit_ids": ["330102-office"], "mode": "all", "note": "x"}, "org_unit_ids"),
        ({"org_unit_ids": [], "mode": "all", "note": "x"}, "org_unit_ids"),
        ({"org_unit_ids": ["3301-eia"], "mode": "some", "note": "x"}, "mode"),
        ({"org_unit_ids": ["3301-eia"], "mode": "all"}, "note"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_bad_invitations_are_refused_naming_the_field(world, accepted_ticket, body, field, lang):
    problem = refused(world, "staff", accepted_ticket, "cohandle", 422, lang, **body)

    assert list(problem["errors"]) == [field]


def test_invitations_wait_until_the_ticket_is_accepted(world, office_ticket):
    body = {"org_unit_ids": ["3301-eia"], "mode": "all", "note": "x"}

    problem = refused(world, "staff", office_ticket, "cohandle", 409, **body)

    assert problem["detail"] == "A ticket that is assigned cannot be sent for co-handling."
