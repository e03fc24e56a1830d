"""Routing rules kept as data, and the choice of an assignee for a new ticket.

A county's own rules are tried first, then its city's, then the province's (a rule's
``tier``); within a tier, in priority order (lowest number first, then by id). The first
active rule whose form key and conditions match, and whose target can be resolved, decides.
Without one, the built-in fallback assigns the paired liaison if the enterprise is paired,
else the county's default department, with five working days.

A lower unit overrides a rule set above it by setting a rule with the same id: in its
subtree the override hides the inherited rule, whether the override is active or not (so
an inactive override switches the inherited rule off there; deleting the override brings
it back). See :func:`effective_rules`.

A condition tests an answer of the submission, or, when its field starts with
``enterprise.``, an attribute of the enterprise (``enterprise.scale``, ``enterprise.types``).

A unit chosen as assignee in which nobody can act is replaced by the unit the caller's
``reroute`` names (see :mod:`services.workflow.domain.staffing`); the assignment remembers
the unit it was ``redirected_from``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from services.workflow.domain.errors import InvalidRoutingRule, NoRouteFound

if TYPE_CHECKING:
    from services.workflow.domain.model import Pairing

PAIRED_LIAISON = "paired_liaison"
COUNTY_DEFAULT_DEPARTMENT = "county_default_department"
#: "department:eia" targets the department "eia" of the ticket's county: "<county_id>-eia".
DEPARTMENT_PREFIX = "department:"
#: "org_unit:330102-eia" targets that org unit, whatever the county.
ORG_UNIT_PREFIX = "org_unit:"
FALLBACK_DEADLINE_WORKING_DAYS = 5
DEFAULT_PRIORITY = 100
#: A condition on "enterprise.<attribute>" tests the enterprise, not an answer.
ENTERPRISE_PREFIX = "enterprise."
ENTERPRISE_SCALES = ("large", "medium", "small", "micro")
ENTERPRISE_TYPES = (
    "traditional",
    "strategic_emerging",
    "key_pollutant_discharge",
    "third_party_governance",
)
#: The enterprise attributes a condition may test, and the values each may take.
ENTERPRISE_ATTRIBUTES = {"scale": ENTERPRISE_SCALES, "types": ENTERPRISE_TYPES}

#: What a condition sees for a question nobody answered.
MISSING = object()


def _same(answer: Any, value: Any) -> bool:
    # JSON's true is not the number 1, though Python's True == 1.
    if isinstance(answer, bool) or isinstance(value, bool):
        return answer is value
    return answer == value


def _eq(answer: Any, value: Any) -> bool:
    return answer is not MISSING and _same(answer, value)


def _ne(answer: Any, value: Any) -> bool:
    return not _eq(answer, value)


def _in(answer: Any, value: list) -> bool:
    # A multiple-choice answer matches when any chosen item is among the values.
    items = answer if isinstance(answer, list) else [answer]
    return any(_same(item, option) for item in items for option in value)


def _contains(answer: Any, value: Any) -> bool:
    if isinstance(answer, str):
        return isinstance(value, str) and value in answer
    if isinstance(answer, list):
        return any(_same(item, value) for item in answer)
    return False


def _exists(answer: Any, value: Any) -> bool:
    # An empty text or an empty choice is as good as no answer.
    return answer is not MISSING and answer is not None and answer not in ("", [], {})


OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": _eq,
    "ne": _ne,
    "in": _in,
    "contains": _contains,
    "exists": _exists,
}
OPS = tuple(OPERATORS)


def enterprise_attributes(enterprise: Any) -> dict[str, Any]:
    """The attributes of a known enterprise that conditions may test ({} for None)."""
    if enterprise is None:
        return {}
    return {"scale": enterprise.scale, "types": list(enterprise.types or [])}


@dataclass
class Condition:
    """A test on one answer, or on one attribute of the enterprise when ``field`` is
    ``enterprise.<attribute>``: ``op`` is eq, ne, in, contains or exists."""

    field: str
    op: str
    value: Any = None

    def tested_value(
        self, answers: Mapping[str, Any], enterprise: Mapping[str, Any] | None = None
    ) -> Any:
        """The answer (or enterprise attribute) this condition tests; MISSING if none."""
        if self.field.startswith(ENTERPRISE_PREFIX):
            return (enterprise or {}).get(self.field.removeprefix(ENTERPRISE_PREFIX), MISSING)
        return answers.get(self.field, MISSING)

    def matches(
        self, answers: Mapping[str, Any], enterprise: Mapping[str, Any] | None = None
    ) -> bool:
        """Whether the tested value passes ``op`` against ``value``."""
        return OPERATORS[self.op](self.tested_value(answers, enterprise), self.value)


@dataclass
class RoutingRule:
    """Where matters of a form (or of any form) go, when all conditions hold, and how fast."""

    id: str
    priority: int
    form_key: str | None
    conditions: list[Condition]
    target: str
    deadline_working_days: int
    is_active: bool = True
    #: How many levels above the ticket's county the rule was set: 0 for the county's own
    #: rules, 1 for its city's, 2 for the province's. Lower tiers are tried first.
    tier: int = 0
    #: The org unit that set the rule (None when not known).
    org_unit_id: str | None = None

    def is_for(self, form_key: str | None) -> bool:
        """Whether the rule routes submissions of ``form_key`` (None: of no form in
        particular, which only a rule for any form routes)."""
        return self.form_key is None or self.form_key == form_key

    def failing_condition(
        self, answers: Mapping[str, Any], enterprise: Mapping[str, Any] | None = None
    ) -> int | None:
        """The index of the first condition that does not hold; None when all hold."""
        for index, condition in enumerate(self.conditions):
            if not condition.matches(answers, enterprise):
                return index
        return None

    def applies_to(
        self,
        form_key: str | None,
        answers: Mapping[str, Any],
        enterprise: Mapping[str, Any] | None = None,
    ) -> bool:
        """Whether this rule is active, is for ``form_key`` and all its conditions hold."""
        return (
            self.is_active
            and self.is_for(form_key)
            and all(condition.matches(answers, enterprise) for condition in self.conditions)
        )


def rule_order(rule: RoutingRule) -> tuple[int, int, str]:
    """The order rules are tried in: tier, then priority, then id."""
    return rule.tier, rule.priority, rule.id


def effective_rules(rules: Iterable[RoutingRule]) -> list[RoutingRule]:
    """The rules that count in one county, in the order they are tried.

    A rule is left out when a rule of a lower tier (set nearer the county) has the same
    id: that override hides it, whether the override is active or not.
    """
    rules = list(rules)
    nearest: dict[str, int] = {}
    for rule in rules:
        nearest[rule.id] = min(rule.tier, nearest.get(rule.id, rule.tier))
    return sorted((rule for rule in rules if rule.tier == nearest[rule.id]), key=rule_order)


@dataclass(frozen=True)
class Assignment:
    """Who gets a new ticket (a person or an org unit), how many working days they have,
    and which rule decided (None for the built-in fallback)."""

    person_id: str | None
    org_unit_id: str | None
    deadline_working_days: int
    rule_id: str | None = None
    #: The unit routing chose first, when nobody there can act and the ticket went to the
    #: nearest unit above it with an administrator instead.
    redirected_from: str | None = None


#: Given the org unit routing chose, the unit to assign instead (None: keep it).
Reroute = Callable[[str], str | None]


def department_org_unit_id(county_id: str, code: str) -> str:
    """The org unit id of the department ``code`` of a county: "330102" and "eia" give
    "330102-eia"."""
    return f"{county_id}-{code}"


@dataclass(frozen=True)
class Targets:
    """What a rule's target names in one county, for one enterprise."""

    pairing: Pairing | None
    county_id: str
    default_department_id: str | None

    def resolve(self, target: str) -> tuple[str | None, str | None] | None:
        """(person id, org unit id) for ``target``, or None when it names no one here."""
        if target == PAIRED_LIAISON:
            return self._liaison()
        if target == COUNTY_DEFAULT_DEPARTMENT:
            return (None, self.default_department_id) if self.default_department_id else None
        if target.startswith(DEPARTMENT_PREFIX):
            code = target.removeprefix(DEPARTMENT_PREFIX)
            return None, department_org_unit_id(self.county_id, code)
        if target.startswith(ORG_UNIT_PREFIX):
            return None, target.removeprefix(ORG_UNIT_PREFIX)
        raise InvalidRoutingRule("target", "unknown_target", target)

    def _liaison(self) -> tuple[str, None] | None:
        if self.pairing is None or not self.pairing.is_active:
            return None
        return self.pairing.liaison_person_id, None


def route(
    form_key: str | None,
    answers: Mapping[str, Any],
    rules: Iterable[RoutingRule],
    pairing: Pairing | None,
    county_id: str,
    default_department_id: str | None,
    *,
    enterprise: Mapping[str, Any] | None = None,
    reroute: Reroute | None = None,
) -> Assignment:
    """Choose the assignee and deadline of a new ticket for a submission of ``form_key``.

    ``rules`` are those set in the county and above it (each with its tier); overridden
    ones are left out (:func:`effective_rules`). ``enterprise`` holds the attributes
    ``enterprise.*`` conditions test (:func:`enterprise_attributes`). A matching rule whose
    target names no one here (``paired_liaison`` for an unpaired enterprise,
    ``county_default_department`` for a county without one) is passed over. When the
    chosen org unit has nobody who can act, ``reroute`` names the unit to assign instead.
    Raises NoRouteFound when nothing, not even the fallback, names anyone.
    """
    targets = Targets(pairing, county_id, default_department_id)
    for rule in effective_rules(rules):
        if rule.applies_to(form_key, answers, enterprise):
            assignee = targets.resolve(rule.target)
            if assignee is not None:
                assignment = Assignment(*assignee, rule.deadline_working_days, rule.id)
                return rerouted(assignment, reroute)
    return rerouted(fallback(targets, form_key), reroute)


def fallback(targets: Targets, form_key: str | None) -> Assignment:
    """The built-in assignment when no rule decides: the paired liaison, else the
    county's default department, in five working days. Raises NoRouteFound without both."""
    assignee = targets.resolve(PAIRED_LIAISON) or targets.resolve(COUNTY_DEFAULT_DEPARTMENT)
    if assignee is None:
        raise NoRouteFound(form_key or "", targets.county_id)
    return Assignment(*assignee, FALLBACK_DEADLINE_WORKING_DAYS)


def rerouted(assignment: Assignment, reroute: Reroute | None) -> Assignment:
    """``assignment`` sent on to the unit ``reroute`` names for its org unit, if any."""
    unit = assignment.org_unit_id
    instead = reroute(unit) if reroute is not None and unit is not None else None
    if instead is None or instead == unit:
        return assignment
    return replace(assignment, org_unit_id=instead, redirected_from=unit)


_RULE_KEYS = frozenset(
    {"id", "priority", "form_key", "conditions", "target", "deadline_working_days", "is_active"}
)
_CONDITION_KEYS = frozenset({"field", "op", "value"})
_DEPARTMENT_CODE = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
_ORG_UNIT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_SCALARS = (str, int, float, bool)
#: The longest id and form key a rule may have, in characters (their columns' widths).
MAX_LENGTHS = {"id": 64, "form_key": 100}


def validate_rule(data: Any) -> RoutingRule:
    """Build a routing rule from untrusted input (an administrator's form or the API).

    ``priority`` defaults to 100, ``conditions`` to none, ``is_active`` to true.
    Raises InvalidRoutingRule naming the first field that breaks a rule, and the rule.
    """
    _check_object(data, "rule", _RULE_KEYS, "")
    return RoutingRule(
        id=_bounded(_required_string(data.get("id"), "id"), "id"),
        priority=_priority(data.get("priority", DEFAULT_PRIORITY)),
        form_key=_bounded(_optional_string(data.get("form_key"), "form_key"), "form_key"),
        conditions=_conditions(data.get("conditions", [])),
        target=_target(data.get("target")),
        deadline_working_days=_deadline(data.get("deadline_working_days")),
        is_active=_boolean(data.get("is_active", True), "is_active"),
    )


def _check_object(data: Any, name: str, keys: frozenset[str], prefix: str) -> None:
    if not isinstance(data, Mapping):
        raise InvalidRoutingRule(name, "not_object")
    unknown = sorted(str(key) for key in data if key not in keys)
    if unknown:
        raise InvalidRoutingRule(prefix + unknown[0], "unknown_field")


def _required_string(value: Any, field: str) -> str:
    if value is None:
        raise InvalidRoutingRule(field, "required")
    if not isinstance(value, str):
        raise InvalidRoutingRule(field, "not_string")
    if not value.strip():
        raise InvalidRoutingRule(field, "required")
    return value


def _bounded(value: str | None, field: str) -> str | None:
    if value is not None and len(value) > MAX_LENGTHS[field]:
        raise InvalidRoutingRule(field, "too_long", MAX_LENGTHS[field])
    return value


def _optional_string(value: Any, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidRoutingRule(field, "not_string")
    if not value.strip():
        raise InvalidRoutingRule(field, "blank")
    return value


def _integer(value: Any, field: str, low: int, high: int, range_rule: str) -> int:
    if value is None:
        raise InvalidRoutingRule(field, "required")
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRoutingRule(field, "not_integer")
    if not low <= value <= high:
        raise InvalidRoutingRule(field, range_rule, value)
    return value


def _priority(value: Any) -> int:
    return _integer(value, "priority", 0, 9999, "priority_range")


def _deadline(value: Any) -> int:
    return _integer(value, "deadline_working_days", 1, 365, "deadline_range")


def _boolean(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidRoutingRule(field, "not_boolean")
    return value


def _target(value: Any) -> str:
    target = _required_string(value, "target")
    if target in (PAIRED_LIAISON, COUNTY_DEFAULT_DEPARTMENT):
        return target
    if target.startswith(DEPARTMENT_PREFIX):
        if _DEPARTMENT_CODE.fullmatch(target.removeprefix(DEPARTMENT_PREFIX)):
            return target
    elif target.startswith(ORG_UNIT_PREFIX):
        if _ORG_UNIT_ID.fullmatch(target.removeprefix(ORG_UNIT_PREFIX)):
            return target
    raise InvalidRoutingRule("target", "unknown_target", target)


def _conditions(value: Any) -> list[Condition]:
    if not isinstance(value, list):
        raise InvalidRoutingRule("conditions", "not_list")
    return [_condition(item, f"conditions[{index}]") for index, item in enumerate(value)]


def _condition(data: Any, path: str) -> Condition:
    _check_object(data, path, _CONDITION_KEYS, f"{path}.")
    field = _required_string(data.get("field"), f"{path}.field")
    op = data.get("op")
    if op is None:
        raise InvalidRoutingRule(f"{path}.op", "required")
    if op not in OPERATORS:
        raise InvalidRoutingRule(f"{path}.op", "unknown_op", op)
    value = _VALUE_CHECKS[op](data.get("value"), f"{path}.value")
    if field.startswith(ENTERPRISE_PREFIX):
        _check_enterprise_condition(field, value, path)
    return Condition(field, op, value)


def _check_enterprise_condition(field: str, value: Any, path: str) -> None:
    attribute = field.removeprefix(ENTERPRISE_PREFIX)
    allowed = ENTERPRISE_ATTRIBUTES.get(attribute)
    if allowed is None:
        raise InvalidRoutingRule(f"{path}.field", "unknown_enterprise_attribute", field)
    items = value if isinstance(value, list) else [] if value is None else [value]
    for index, item in enumerate(items):
        if not isinstance(item, str) or item not in allowed:
            where = f"{path}.value[{index}]" if isinstance(value, list) else f"{path}.value"
            raise InvalidRoutingRule(where, f"unknown_{attribute}", item)


def _scalar_value(value: Any, field: str) -> Any:
    if value is None:
        raise InvalidRoutingRule(field, "required")
    if not isinstance(value, _SCALARS):
        raise InvalidRoutingRule(field, "not_scalar")
    return value


def _list_value(value: Any, field: str) -> list:
    if value is None:
        raise InvalidRoutingRule(field, "required")
    if not isinstance(value, list):
        raise InvalidRoutingRule(field, "not_list")
    if not value:
        raise InvalidRoutingRule(field, "empty_list")
    return [_scalar_value(item, f"{field}[{index}]") for index, item in enumerate(value)]


def _no_value(value: Any, field: str) -> None:
    if value is not None:
        raise InvalidRoutingRule(field, "value_not_allowed")


_VALUE_CHECKS: dict[str, Callable[[Any, str], Any]] = {
    "eq": _scalar_value,
    "ne": _scalar_value,
    "in": _list_value,
    "contains": _scalar_value,
    "exists": _no_value,
}
