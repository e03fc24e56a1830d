"""Workflow's errors are domain errors the web frame answers with a status and a message
in the user's language that names the field."""

import pytest

from services.workflow.domain.errors import (
    AlreadyPaired,
    EnterpriseNotKnownYet,
    IllegalTransition,
    InvalidPairing,
    InvalidRoutingRule,
    NotAssignee,
    ResolutionNoteRequired,
    RoutingRuleExists,
    TicketNotFound,
)
from shared.errors import DomainError


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (InvalidRoutingRule("target", "unknown_target", "x"), 422),
        (InvalidPairing("year", "year_range", 1999), 422),
        (ResolutionNoteRequired(), 422),
        (IllegalTransition("close", "assigned"), 409),
        (AlreadyPaired(2026), 409),
        (RoutingRuleExists("r-1"), 409),
        (NotAssignee(), 403),
        (TicketNotFound(), 404),
    ],
)
def test_each_refusal_has_the_http_status_of_its_kind(error, status):
    assert error.status == status


def test_field_errors_name_the_field_in_both_languages():
    error = InvalidPairing("liaison_person_id", "not_liaison")

    assert error.field_errors("en") == {
        "liaison_person_id": ["liaison_person_id: this person does not have the liaison role."]
    }
    assert error.field_errors("zh_CN") == {
        "liaison_person_id": ["liaison_person_id：该人员没有联络员角色。"]
    }


def test_refusals_without_a_field_carry_only_a_message():
    assert TicketNotFound().field_errors("en") is None
    assert TicketNotFound().message("zh_CN") == "未找到该工单。"


def test_illegal_transition_keeps_the_tickets_status_apart_from_the_http_status():
    error = IllegalTransition("accept", "closed")

    assert (error.ticket_status, error.status) == ("closed", 409)
    assert error.texts == {"zh_CN": "已销号的工单不能受理。", "en": str(error)}


def test_enterprise_not_known_yet_is_not_a_domain_error_so_the_bus_retries_it():
    error = EnterpriseNotKnownYet("ent-9")

    assert not isinstance(error, DomainError)
    assert "ent-9" in str(error)
