"""Routing rules kept as data, and the choice of an assignee for a new ticket.

A county's own rules are tried first, then its city's, then the province's (a rule's
``tier``); within a tier, in priority order (lowest number first, then by id). The first
active rule whose form key and conditions match, and whose target can be resolved, decides. Without
one, the built-in fallback assigns the paired liaison if the enterprise is paired, else the
county's default department, with five working days.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
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

_MISSING = object()


def _same(answer: Any, value: Any) -> bool:
    # JSON's true is not the number 1, though Python's True == 1.
    if isinstance(answer, bool) or isinstance(value, bool):
        return answer is value
    return answer == value


def _eq(answer: Any, value: Any) -> bool:
    return answer is not _MISSING and _same(answer, value)


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
    return answer is not _MISSING and answer is not None and answer not in ("", [], {})


OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": _eq,
    "ne": _ne,
    "in": _in,
    "contains": _contains,
    "exists": _exists,
}
OPS = tuple(OPERATORS)


@dataclass
class Condition:
    """A test on one answer: ``op`` is eq, ne, in, contains or exists."""

    field: str
    op: str
    value: Any = None

    def matches(self, answers: Mapping[str, Any]) -> bool:
        """Whether the answer to ``field`` passes ``op`` against ``value``."""
        return OPERATORS[self.op](answers.get(self.field, _MISSING), self.value)


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

    def applies_to(self, form_key: str, answers: Mapping[str, Any]) -> bool:
        """Whether this rule is active, is for ``form_key`` and all its conditions hold."""
        return (
            self.is_active
            and self.form_key in (None, form_key)
            and all(condition.matches(answers) for condition in self.conditions)
        )


@dataclass(frozen=True)
class Assignment:
    """Who gets a new ticket (a person or an org unit), how many working days they have,
    and which rule decided (None for the built-in fallback)."""

    person_id: str | None
    org_unit_id: str | None
    deadline_working_days: int
    rule_id: str | None = None


def department_org_unit_id(county_id: str, code: str) -> str:
    """The org unit id of the department ``code`` of a county: "330102" and "eia" give
    "330102-eia"."""
    return f"{county_id}-{code}"


@dataclass(frozen=True)
class _Targets:
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
    form_key: str,
    answers: Mapping[str, Any],
    rules: Iterable[RoutingRule],
    pairing: Pairing | None,
    county_id: str,
    default_department_id: str | None,
) -> Assignment:
    """Choose the assignee and deadline of a new ticket for a submission of ``form_key``.

    A matching rule whose target names no one here (``paired_liaison`` for an unpaired
    enterprise, ``county_default_department`` for a county without one) is passed over.
    Raises NoRouteFound when nothing, not even the fallback, names anyone.
    """
    targets = _Targets(pairing, county_id, default_department_id)
    for rule in sorted(rules, key=lambda rule: (rule.tier, rule.priority, rule.id)):
        assignee = targets.resolve(rule.target) if rule.applies_to(form_key, answers) else None
        if assignee is not None:
            return Assignment(*assignee, rule.deadline_working_days, rule.id)
    return _fallback(targets, form_key)


def _fallback(targets: _Targets, form_key: str) -> Assignment:
    assignee = targets.resolve(PAIRED_LIAISON) or targets.resolve(COUNTY_DEFAULT_DEPARTMENT)
    if assignee is None:
        raise NoRouteFound(form_key, targets.county_id)
    return Assignment(*assignee, FALLBACK_DEADLINE_WORKING_DAYS)


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
    return Condition(field, op, value)


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
