"""A dry run of routing: which rule a submission would hit, and why each rule did or not.

:func:`explain` walks the same rules in the same order as
:func:`services.workflow.domain.routing.route` and reaches the same assignment, but
records a :class:`RuleCheck` for every rule that applies in the county, the overridden
and inactive ones included, so an administrator sees the whole decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from services.workflow.domain.errors import InvalidRoutingRule, NoRouteFound
from services.workflow.domain.routing import (
    MISSING,
    Assignment,
    Reroute,
    RoutingRule,
    Targets,
    effective_rules,
    fallback,
    rerouted,
    rule_order,
)

if TYPE_CHECKING:
    from services.workflow.domain.model import Pairing

MATCHED = "matched"
SHADOWED = "shadowed"
INACTIVE = "inactive"
FORM_DIFFERS = "form_differs"
CONDITION_FAILED = "condition_failed"
NO_TARGET = "no_target"
NOT_REACHED = "not_reached"


@dataclass(frozen=True)
class RuleCheck:
    """What became of one rule in a dry run."""

    rule: RoutingRule
    #: matched, shadowed, inactive, form_differs, condition_failed, no_target, not_reached.
    outcome: str
    #: condition_failed: the index of the first condition that failed, and the value it
    #: tested (MISSING when the question was not answered).
    condition_index: int | None = None
    tested_value: Any = None
    #: shadowed: the rule of the same id, set nearer the county, that overrides this one.
    shadowed_by: RoutingRule | None = None
    #: matched: the assignment the rule makes (after any redirect).
    assignment: Assignment | None = None


@dataclass(frozen=True)
class Trace:
    """A dry run's result: every rule's check in order, and the decision."""

    checks: list[RuleCheck]
    #: The assignment routing would make; None when nothing names anyone.
    assignment: Assignment | None
    #: Set when no rule and not even the fallback names anyone.
    no_route: NoRouteFound | None = None

    @property
    def is_fallback(self) -> bool:
        return self.assignment is not None and self.assignment.rule_id is None


def explain(
    form_key: str | None,
    answers: Mapping[str, Any],
    rules: Iterable[RoutingRule],
    pairing: Pairing | None,
    county_id: str,
    default_department_id: str | None,
    *,
    enterprise: Mapping[str, Any] | None = None,
    reroute: Reroute | None = None,
) -> Trace:
    """Route as :func:`~services.workflow.domain.routing.route` does, recording why each
    rule hit or not. Never raises NoRouteFound: the trace carries it."""
    rules = list(rules)
    targets = Targets(pairing, county_id, default_department_id)
    effective = {id(rule) for rule in effective_rules(rules)}
    checks: list[RuleCheck] = []
    decided: Assignment | None = None
    for rule in sorted(rules, key=rule_order):
        if id(rule) not in effective:
            checks.append(RuleCheck(rule, SHADOWED, shadowed_by=_override(rule, rules)))
            continue
        if decided is not None:
            checks.append(RuleCheck(rule, NOT_REACHED))
            continue
        check = _check(rule, form_key, answers, enterprise, targets, reroute)
        checks.append(check)
        decided = check.assignment
    if decided is not None:
        return Trace(checks, decided)
    try:
        return Trace(checks, rerouted(fallback(targets, form_key), reroute))
    except NoRouteFound as error:
        return Trace(checks, None, error)


def _check(rule, form_key, answers, enterprise, targets: Targets, reroute) -> RuleCheck:
    if not rule.is_active:
        return RuleCheck(rule, INACTIVE)
    if not rule.is_for(form_key):
        return RuleCheck(rule, FORM_DIFFERS)
    failing = rule.failing_condition(answers, enterprise)
    if failing is not None:
        tested = rule.conditions[failing].tested_value(answers, enterprise)
        return RuleCheck(rule, CONDITION_FAILED, failing, tested)
    assignee = targets.resolve(rule.target)
    if assignee is None:
        return RuleCheck(rule, NO_TARGET)
    assignment = Assignment(*assignee, rule.deadline_working_days, rule.id)
    return RuleCheck(rule, MATCHED, assignment=rerouted(assignment, reroute))


def _override(rule: RoutingRule, rules: list[RoutingRule]) -> RoutingRule | None:
    same = [other for other in rules if other.id == rule.id and other.tier < rule.tier]
    return min(same, key=lambda other: other.tier, default=None)


def is_answered(value: Any) -> bool:
    """Whether a tested value is an answer (not MISSING)."""
    return value is not MISSING


@dataclass(frozen=True)
class DryRunInput:
    """What to route in a dry run: a ticket to replay, or a form (None: any), answers and
    an enterprise."""

    ticket_id: str | None = None
    form_key: str | None = None
    answers: dict = field(default_factory=dict)
    enterprise_id: str | None = None


_DRY_RUN_KEYS = frozenset({"ticket_id", "form_key", "answers", "enterprise_id"})


def validate_dry_run(data: Any) -> DryRunInput:
    """Build a dry run's input from untrusted input: either ``ticket_id`` alone, or
    ``enterprise_id`` with optional ``form_key`` and ``answers`` (an object).

    Raises InvalidRoutingRule naming the field and the rule.
    """
    if not isinstance(data, Mapping):
        raise InvalidRoutingRule("dry_run", "not_object")
    unknown = sorted(str(key) for key in data if key not in _DRY_RUN_KEYS)
    if unknown:
        raise InvalidRoutingRule(unknown[0], "unknown_field")
    ticket_id = _optional_text(data.get("ticket_id"), "ticket_id")
    if ticket_id is not None:
        if any(data.get(key) not in (None, {}) for key in _DRY_RUN_KEYS - {"ticket_id"}):
            raise InvalidRoutingRule("ticket_id", "replay_alone")
        return DryRunInput(ticket_id=ticket_id)
    enterprise_id = _optional_text(data.get("enterprise_id"), "enterprise_id")
    if enterprise_id is None:
        raise InvalidRoutingRule("enterprise_id", "required")
    answers = data.get("answers", {})
    if answers is None:
        answers = {}
    if not isinstance(answers, Mapping):
        raise InvalidRoutingRule("answers", "not_object")
    form_key = _optional_text(data.get("form_key"), "form_key")
    return DryRunInput(None, form_key, dict(answers), enterprise_id)


def _optional_text(value: Any, field_name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidRoutingRule(field_name, "not_string")
    return value.strip() or None
