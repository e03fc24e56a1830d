"""The dry run of routing, in words: which rule a submission would hit in its enterprise's
county, and why each rule did or did not, with names in place of codes (see
:mod:`services.workflow.domain.dry_run` for the walk itself)."""

from __future__ import annotations

from services.workflow.domain import messages
from services.workflow.domain.access import Viewer
from services.workflow.domain.calendar import local_date
from services.workflow.domain.dry_run import (
    CONDITION_FAILED,
    FORM_DIFFERS,
    MATCHED,
    NO_TARGET,
    SHADOWED,
    DryRunInput,
    RuleCheck,
    Trace,
    explain,
    is_answered,
    validate_dry_run,
)
from services.workflow.domain.errors import InvalidRoutingRule
from services.workflow.domain.routing import Assignment, enterprise_attributes
from services.workflow.handlers import now, rerouter
from services.workflow.naming import Names
from shared.org_paths import is_within

#: How many recent tickets the dry run offers to replay.
REPLAYABLE = 20


def replayable(uow, viewer: Viewer) -> list[dict]:
    """The newest tickets of the viewer's area that a dry run can replay."""
    tickets = uow.workflow.replayable_tickets(viewer.org_path, REPLAYABLE)
    enterprises = uow.known.names_of_enterprises(t.enterprise_id for t in tickets)
    return [{"ticket": t, "enterprise_name": enterprises.get(t.enterprise_id, "")} for t in tickets]


def dry_run(uow, viewer: Viewer, data, lang: str) -> dict:
    """Route a submission (given, or replayed from a ticket of the viewer's area) as
    routing would now, without storing anything; every rule's check and the decision,
    with reasons in ``lang``. Raises InvalidRoutingRule naming the field at fault."""
    request = validate_dry_run(data)
    if request.ticket_id is not None:
        request = _replayed(uow, viewer, request.ticket_id)
    enterprise = uow.known.enterprise(request.enterprise_id)
    if enterprise is None or not is_within(enterprise.org_path, viewer.org_path):
        raise InvalidRoutingRule("enterprise_id", "unknown_enterprise", request.enterprise_id)
    default_department = uow.known.default_department_of(enterprise.county_id)
    trace = explain(
        request.form_key,
        request.answers,
        uow.workflow.routing_rules_above(enterprise.org_path),
        uow.workflow.active_pairing(enterprise.id, local_date(now()).year),
        enterprise.county_id,
        default_department.id if default_department else None,
        enterprise=enterprise_attributes(enterprise),
        reroute=rerouter(enterprise.org_path, uow),
    )
    names = Names(uow, lang, viewer.org_path)
    return {
        "ticket_id": request.ticket_id,
        "form_key": request.form_key,
        "form_title": names.form(request.form_key) or None,
        "answers": request.answers,
        "enterprise_id": enterprise.id,
        "enterprise_name": enterprise.name,
        "county_id": enterprise.county_id,
        "county_name": names.unit(enterprise.county_id),
        "steps": [_step(check, names) for check in trace.checks],
        "result": _result(trace, names, uow),
        "no_route": trace.no_route.message(lang) if trace.no_route else None,
    }


def _replayed(uow, viewer: Viewer, ticket_id: str):
    ticket = uow.workflow.ticket(ticket_id)
    if ticket is None or not is_within(ticket.org_path, viewer.org_path):
        raise InvalidRoutingRule("ticket_id", "unknown_ticket", ticket_id)
    seen = uow.workflow.routing_input(ticket.submission_id) if ticket.submission_id else None
    if seen is None:
        raise InvalidRoutingRule("ticket_id", "not_replayable")
    return DryRunInput(ticket_id, seen["form_key"], dict(seen["answers"]), seen["enterprise_id"])


def _step(check: RuleCheck, names: Names) -> dict:
    rule = check.rule
    condition = (
        rule.conditions[check.condition_index] if check.condition_index is not None else None
    )
    return {
        "rule_id": rule.id,
        "org_unit_id": rule.org_unit_id,
        "org_unit_name": names.unit(rule.org_unit_id),
        "tier": rule.tier,
        "priority": rule.priority,
        "form_key": rule.form_key,
        "form_title": names.form(rule.form_key) or None,
        "target": rule.target,
        "target_name": names.target(rule.target),
        "outcome": check.outcome,
        "reason": _reason(check, names),
        "condition_index": check.condition_index,
        "condition": (
            {"field": condition.field, "op": condition.op, "value": condition.value}
            if condition
            else None
        ),
        "answer": _answer(check),
    }


def _answer(check: RuleCheck):
    """The value a failed condition tested, or None when it was not answered."""
    if check.outcome != CONDITION_FAILED or not is_answered(check.tested_value):
        return None
    return check.tested_value


def _reason(check: RuleCheck, names: Names) -> str:
    lang, rule = names.lang, check.rule
    if check.outcome == SHADOWED and check.shadowed_by is not None:
        unit = names.unit(check.shadowed_by.org_unit_id)
        return messages.message("trace_shadowed", lang, unit=unit)
    if check.outcome == FORM_DIFFERS:
        return messages.message("trace_form_differs", lang, form=names.form(rule.form_key))
    if check.outcome == CONDITION_FAILED:
        condition = rule.conditions[check.condition_index]
        answered = is_answered(check.tested_value) and check.tested_value is not None
        return messages.message(
            "trace_condition_failed" if answered else "trace_condition_unanswered",
            lang,
            index=check.condition_index + 1,
            condition=names.condition(condition),
            answer=names.value(condition.field, check.tested_value),
        )
    if check.outcome == NO_TARGET:
        return messages.message("trace_no_target", lang, target=names.target(rule.target))
    if check.outcome == MATCHED:
        return _matched_reason(check.assignment, names)
    return messages.message(f"trace_{check.outcome}", lang)


def _matched_reason(assignment: Assignment, names: Names) -> str:
    matched = messages.message("trace_matched", names.lang)
    if assignment.redirected_from is None:
        return matched
    redirect = messages.message(
        "trace_redirect",
        names.lang,
        unit=names.unit(assignment.redirected_from),
        to=names.unit(assignment.org_unit_id),
    )
    return f"{matched} {redirect}"


def _result(trace: Trace, names: Names, uow) -> dict | None:
    assignment = trace.assignment
    if assignment is None:
        return None
    person = uow.known.names_of_people([assignment.person_id]).get(assignment.person_id or "")
    assignee = person or names.unit(assignment.org_unit_id)
    why = (
        messages.message("trace_by_rule", names.lang, rule_id=assignment.rule_id)
        if assignment.rule_id
        else messages.message("trace_fallback", names.lang)
    )
    summary = messages.message(
        "trace_result",
        names.lang,
        assignee=assignee,
        days=assignment.deadline_working_days,
        why=why,
    )
    if assignment.redirected_from is not None:
        summary += " " + messages.message(
            "trace_redirect",
            names.lang,
            unit=names.unit(assignment.redirected_from),
            to=names.unit(assignment.org_unit_id),
        )
    return {
        "rule_id": assignment.rule_id,
        "is_fallback": assignment.rule_id is None,
        "assignee_person_id": assignment.person_id,
        "assignee_person_name": person,
        "assignee_org_unit_id": assignment.org_unit_id,
        "assignee_org_unit_name": names.unit(assignment.org_unit_id) or None,
        "redirected_from": assignment.redirected_from,
        "redirected_from_name": (
            names.unit(assignment.redirected_from) if assignment.redirected_from else None
        ),
        "deadline_working_days": assignment.deadline_working_days,
        "summary": summary,
    }
