"""The rules inside the actions: where a hand-over may go, how co-handling parts hold a
resolution back, what a rating, a suspension and a closure need; each refusal names its
field in zh-CN and en and leaves no trace."""

from datetime import date, timedelta

import pytest

from services.workflow.domain import errors
from services.workflow.domain.handover import Target
from services.workflow.domain.known import Person
from tests.unit.workflow.test_ticket_machine import AT, CHART, UNITS, ids, target, ticket_in


def held_at_county(status: str = "accepted"):
    """A ticket held by Shangcheng's EIA section, never handed over."""
    ticket = ticket_in(status)
    ticket.history = ticket.history[:1]
    ticket.assignee_org_unit_id, ticket.holder_path = "330102-eia", UNITS["330102-eia"].path
    return ticket


def refused(ticket, act, error_type):
    """Run ``act`` expecting ``error_type``; check it left no trace; return the error."""
    before = (list(ticket.history), ticket.status, ticket.version, list(ticket.events))
    with pytest.raises(error_type) as raised:
        act(ticket)
    assert (ticket.history, ticket.status, ticket.version, ticket.events) == before
    return raised.value


# Hand-overs -------------------------------------------------------------------------------


def test_transfer_hands_the_ticket_to_a_department_of_the_same_bureau():
    ticket = held_at_county()

    ticket.transfer("p", AT, Target("330102", UNITS["330102"]), CHART, " Bureau's call ")

    assert (ticket.status, ticket.assignee_org_unit_id, ticket.holder_path) == (
        "assigned",
        "330102",
        "33/3301/330102",
    )
    entry = ticket.history[-1]
    assert entry.internal and entry.details["note"] == "Bureau's call"
    assert ticket.events[-1].extra == {"from_person_id": None, "from_org_unit_id": "330102-eia"}


def test_transfer_outside_the_bureau_is_refused_naming_the_unit():
    error = refused(
        held_at_county(),
        lambda t: t.transfer("p", AT, target("3301-eia"), CHART, "x"),
        errors.TargetOutsideBureau,
    )
    assert error.field_errors("en") == {
        "org_unit_id": [
            "org_unit_id: a transfer stays within the holder's bureau: choose the bureau "
            "itself or one of its departments."
        ]
    }
    assert error.message("zh_CN").startswith("org_unit_id：转办只能在承办人所在的局内进行")


def test_transfer_to_the_holder_itself_is_refused():
    refused(
        held_at_county(),
        lambda t: t.transfer("p", AT, target("330102-eia"), CHART, "x"),
        errors.SameHolder,
    )


@pytest.mark.parametrize("note", [None, "", "  ", 7])
def test_hand_over_without_a_note_is_refused_in_both_languages(note):
    error = refused(
        held_at_county(),
        lambda t: t.transfer("p", AT, target("330102"), CHART, note),
        errors.NoteRequired,
    )
    assert error.message("en") == "note: a note is required to transfer a ticket."
    assert error.message("zh_CN") == "note：转办工单须填写说明。"


def test_unknown_target_unit_is_refused_naming_it():
    error = refused(
        held_at_county(),
        lambda t: t.transfer("p", AT, Target("nowhere", None), CHART, "x"),
        errors.UnknownTarget,
    )
    assert error.field_errors("en") == {
        "org_unit_id": ["org_unit_id: there is no org unit “nowhere”."]
    }


def test_person_must_be_on_the_staff_of_the_target_unit():
    outsider = Person("p-x", "x", "X", ["department_staff"], "33/3301/3301-eia", "3301-eia")
    bad = Target("330102", UNITS["330102"], "p-x", outsider)

    error = refused(
        held_at_county(), lambda t: t.transfer("p", AT, bad, CHART, "x"), errors.NotStaffOfUnit
    )

    assert error.field == "person_id"


def test_escalation_goes_to_the_bureau_one_level_up_or_its_department():
    ticket = held_at_county()

    ticket.escalate("p", AT, target("3301-eia"), CHART, "Needs the city")

    assert (ticket.assignee_org_unit_id, ticket.holder_path) == ("3301-eia", "33/3301/3301-eia")


@pytest.mark.parametrize("unit_id", ["33-general", "330102", "33"])
def test_escalation_elsewhere_is_refused(unit_id):
    refused(
        held_at_county(),
        lambda t: t.escalate("p", AT, target(unit_id), CHART, "x"),
        errors.TargetNotOneLevelUp,
    )


def test_a_county_holder_cannot_assign_down():
    refused(
        held_at_county(),
        lambda t: t.assign_down("p", AT, target("330102"), CHART, "x"),
        errors.NoLevelBelow,
    )


def test_a_city_holder_assigns_down_to_the_enterprises_county_only():
    ticket = ticket_in("accepted")

    refused(
        ticket,
        lambda t: t.assign_down("p", AT, target("3301-eia"), CHART, "x"),
        errors.TargetNotBelow,
    )
    ticket.assign_down("p", AT, target("330102"), CHART, "Yours")
    assert ticket.holder_path == "33/3301/330102"


def test_returns_walk_back_the_hand_overs_and_stop_at_the_first_holder():
    ticket = held_at_county()
    ticket.escalate("p", AT, target("3301-eia"), CHART, "Up")
    ticket.transfer("q", AT, target("3301-office"), CHART, "Office")

    ticket.return_to_previous("r", AT, "Not ours")
    assert ticket.assignee_org_unit_id == "3301-eia"
    ticket.return_to_previous("q", AT, "Not ours either")
    assert (ticket.assignee_org_unit_id, ticket.holder_path) == (
        "330102-eia",
        UNITS["330102-eia"].path,
    )
    refused(ticket, lambda t: t.return_to_previous("p", AT, "?"), errors.NoPreviousHolder)


# Co-handling ------------------------------------------------------------------------------


def test_cohandling_invites_one_part_per_unit_in_one_group():
    ticket = held_at_county()

    ticket.cohandle("p", AT, ["3301-eia", "330102"], UNITS, "any", "Please check", ids())

    assert [(p.org_unit_id, p.mode, p.status) for p in ticket.parts] == [
        ("3301-eia", "any", "invited"),
        ("330102", "any", "invited"),
    ]
    assert len({p.group_id for p in ticket.parts}) == 1
    assert ticket.events[-1].extra["org_unit_ids"] == ["3301-eia", "330102"]


@pytest.mark.parametrize(
    ("unit_ids", "mode", "rule"),
    [
        ([], "all", "empty_list"),
        ("3301-eia", "all", "empty_list"),
        (["3301-eia", "3301-eia"], "all", "duplicate_unit"),
        (["330102-eia"], "all", "part_is_holder"),
        (["3301-eia"], "most", "unknown_mode"),
    ],
)
def test_bad_invitations_are_refused_by_rule(unit_ids, mode, rule):
    error = refused(
        held_at_county(),
        lambda t: t.cohandle("p", AT, unit_ids, UNITS, mode, "x", ids()),
        errors.InvalidCohandling,
    )
    assert error.rule == rule
    assert error.message("zh_CN") and error.message("en")


def test_a_unit_with_an_open_part_is_not_invited_again():
    ticket = held_at_county()
    ticket.cohandle("p", AT, ["3301-eia"], UNITS, "all", "x", ids())

    error = refused(
        ticket,
        lambda t: t.add_signer("p", AT, target("3301-eia"), "again", ids()),
        errors.InvalidCohandling,
    )
    assert error.rule == "part_already_open"


def test_countersign_holds_resolution_until_every_part_is_done():
    ticket = held_at_county()
    ticket.cohandle("p", AT, ["3301-eia", "330102"], UNITS, "all", "x", ids())
    ticket.finish_part("q", AT, ticket.parts[0], "ok")

    refused(ticket, lambda t: t.resolve("p", AT, "Done"), errors.OpenRequiredParts)
    ticket.finish_part("r", AT, ticket.parts[1], "ok")
    ticket.resolve("p", AT, "Done")
    assert ticket.status == "resolved"


def test_any_one_sign_needs_one_done_part():
    ticket = held_at_county()
    ticket.cohandle("p", AT, ["3301-eia", "330102"], UNITS, "any", "x", ids())
    ticket.accept_part("q", AT, ticket.parts[1])
    ticket.finish_part("q", AT, ticket.parts[1], "ok")

    ticket.resolve("p", AT, "Done")

    assert ticket.status == "resolved"


def test_a_done_part_is_neither_accepted_nor_finished_again():
    ticket = held_at_county()
    ticket.add_signer("p", AT, target("3301-eia"), "x", ids())
    ticket.finish_part("q", AT, ticket.parts[0], "ok")

    refused(ticket, lambda t: t.accept_part("q", AT, t.parts[0]), errors.NoOpenPart)
    refused(ticket, lambda t: t.finish_part("q", AT, t.parts[0], "again"), errors.NoOpenPart)


# The enterprise's answer ------------------------------------------------------------------


def test_resolving_gives_the_enterprise_working_days_to_confirm():
    ticket = held_at_county()

    ticket.resolve("p", AT, "Done", confirm_working_days=5)  # a Tuesday

    assert ticket.confirm_due_at.date() == date(2026, 12, 8)
    assert ticket.events[-1].extra == {"confirm_due_at": ticket.confirm_due_at}


def test_a_good_rating_closes_the_ticket():
    ticket = held_at_county("resolved")

    ticket.confirm("u", AT, 4, "Fine")

    assert (ticket.status, ticket.rating, ticket.closed_at, ticket.auto_confirmed) == (
        "closed",
        4,
        AT,
        False,
    )


def test_a_low_rating_reopens_the_ticket_and_needs_a_comment():
    ticket = held_at_county("resolved")

    error = refused(ticket, lambda t: t.confirm("u", AT, 2), errors.TextRequired)
    assert error.field == "comment" and error.rule == "rating_comment_required"
    ticket.confirm("u", AT, 2, "Still noisy at night")
    assert (ticket.status, ticket.rating, ticket.rating_comment) == (
        "reopened",
        2,
        "Still noisy at night",
    )


@pytest.mark.parametrize("rating", [0, 6, None, "5", 4.5, True])
def test_rating_outside_one_to_five_is_refused(rating):
    error = refused(
        held_at_county("resolved"), lambda t: t.confirm("u", AT, rating), errors.RatingOutOfRange
    )
    assert error.message("en") == "rating: the rating is a whole number from 1 to 5."
    assert error.message("zh_CN") == "rating：评分应为 1 到 5 之间的整数。"


def test_refusing_needs_a_reason():
    refused(held_at_county("resolved"), lambda t: t.refuse("u", AT, " "), errors.TextRequired)


def test_closing_before_the_time_to_confirm_has_passed_is_refused():
    ticket = held_at_county("resolved")
    ticket.confirm_due_at = AT + timedelta(hours=1)

    error = refused(ticket, lambda t: t.close("a", AT), errors.NotDueYet)
    assert "2026-12-01 11:00" in error.message("en")


def test_the_sweep_closes_a_ticket_past_its_time_to_confirm_as_auto_confirmed():
    ticket = held_at_county("resolved")

    ticket.auto_confirm(AT)

    assert (ticket.status, ticket.auto_confirmed, ticket.history[-1].actor) == (
        "closed",
        True,
        "system",
    )


def test_the_enterprise_cancels_only_before_acceptance():
    refused(
        held_at_county("accepted"),
        lambda t: t.cancel("u", AT, by_enterprise=True),
        errors.IllegalTransition,
    )
    ticket = held_at_county("assigned")
    ticket.cancel("u", AT, by_enterprise=True)
    assert ticket.status == "cancelled"


def test_an_administrator_cancels_with_a_note():
    refused(held_at_county("accepted"), lambda t: t.cancel("a", AT, ""), errors.NoteRequired)


# Remarks ----------------------------------------------------------------------------------


def test_an_enterprise_cannot_write_an_internal_comment():
    refused(
        held_at_county(),
        lambda t: t.comment("u", AT, "Hi", True, by_enterprise=True),
        errors.InternalCommentByEnterprise,
    )


def test_a_comment_attaches_only_files_the_ticket_carries():
    ticket = held_at_county()
    ticket.answers = [{"name": "scan", "files": [{"upload_id": "up-1"}]}]

    refused(
        ticket,
        lambda t: t.comment("p", AT, "See", attachments=["up-9"], known_uploads=t.known_uploads()),
        errors.UnknownUpload,
    )
    ticket.comment("p", AT, "See", True, ["up-1"], known_uploads=ticket.known_uploads())
    assert (ticket.history[-1].internal, ticket.events[-1].extra) == (
        True,
        {"internal": True, "attachment_count": 1},
    )


def test_a_unit_supervises_a_ticket_once():
    ticket = held_at_county()
    ticket.supervise("a", AT, "3301", "Watch")

    refused(ticket, lambda t: t.supervise("b", AT, "3301", "Again"), errors.AlreadySupervised)
    assert ticket.supervised_by_org_unit_id == "3301"


# The clock --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("resume_on", "rule"),
    [
        (None, "resume_on_required"),
        (date(2026, 12, 1), "resume_on_past"),
        (date(2025, 1, 1), "resume_on_past"),
        (date(2027, 12, 2), "resume_on_too_far"),
    ],
)
def test_suspension_needs_a_date_after_today_within_a_year(resume_on, rule):
    error = refused(
        held_at_county(), lambda t: t.suspend("p", AT, "Wait", resume_on), errors.InvalidResumeDate
    )
    assert (error.field, error.rule) == ("resume_on", rule)


def test_resuming_moves_the_deadline_by_the_working_days_lost():
    ticket = held_at_county("accepted")
    due = ticket.due_at
    ticket.suspend("p", AT, "Waiting for lab results", date(2026, 12, 8))  # Tuesday

    ticket.resume("system", AT + timedelta(days=7))  # the next Tuesday

    assert ticket.status == "accepted"
    assert ticket.history[-1].details == {"working_days_lost": 5}
    assert ticket.due_at.date() == (due + timedelta(days=7)).date()
    assert (ticket.suspended_at, ticket.resume_on, ticket.suspended_from) == (None, None, None)
