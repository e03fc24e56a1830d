"""Rules of a definition that span fields: names unique at every level, defaults and
patterns that work, and expressions that name real fields of fitting types.

Each field's own keys are checked by the schemas of ``definition``; these rules run once
they pass, over the whole list of fields, and report each problem at its field's path
(``{3: {"visible_if": [...]}}``, or ``{4: {"fields": {1: {...}}}}`` inside a group).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jsonschema_rs

from services.forms.domain import expressions
from services.forms.domain.compiler import compile_field
from services.forms.domain.expressions import ExpressionError, FieldType
from services.forms.domain.layout import CONTAINERS, GROUP, is_repeating
from services.forms.domain.messages import Problem
from shared.credit_code import CreditCodeError, validate_credit_code

#: What an expression sees of each field type.
KINDS = {
    "text": "string",
    "textarea": "string",
    "email": "string",
    "phone": "string",
    "credit_code": "string",
    "region": "string",
    "select": "string",
    "multiselect": "list",
    "integer": "number",
    "number": "number",
    "rating": "number",
    "boolean": "boolean",
    "date": "date",
    "datetime": "datetime",
    "file": "object",
    "image": "object",
}
#: The types a ``computed`` value may have, and the kind its expression must give.
COMPUTABLE = {
    "text": "string",
    "integer": "number",
    "number": "number",
    "boolean": "boolean",
    "date": "date",
}
NO_DEFAULT = ("file", "image")

Path = tuple


def check_whole_form(fields: list[dict]) -> dict:
    """The problems of ``fields`` that no single field shows, as a marshmallow error tree
    keyed by index (empty when there are none)."""
    errors: dict = {}
    located = list(indexed(fields))
    _check_names(located, errors)
    for path, field, group in located:
        _check_field(path, field, scope_types(fields, group), errors)
    _check_computed_cycles(located, errors)
    return errors


def indexed(fields: list[dict], prefix: Path = ()) -> Iterator[tuple[Path, dict, dict | None]]:
    """Every field with its path of indexes (``(4, "fields", 1)``) and its group."""
    for index, field in enumerate(fields):
        yield (*prefix, index), field, None
        if field["type"] == GROUP:
            for path, child, _ in indexed(field["fields"], (*prefix, index, "fields")):
                yield path, child, field


def field_type(field: dict) -> FieldType:
    """What an expression sees of ``field``: its kind and, for choices, the option values."""
    if field["type"] == GROUP:
        return FieldType("list" if is_repeating(field) else "object")
    options = field.get("options")
    values = tuple(option["value"] for option in options) if options else None
    return FieldType(KINDS[field["type"]], values)


def scope_types(fields: list[dict], group: dict | None) -> dict[str, FieldType]:
    """The fields an expression of a field in ``group`` (None: outside any repeating
    group) may name: every field outside repeating groups, and the children of its own
    repeating group."""
    types = {}
    for field in fields:
        if field["type"] == "section":
            continue
        types[field["name"]] = field_type(field)
        if field["type"] == GROUP and (not is_repeating(field) or field is group):
            types.update((child["name"], field_type(child)) for child in field["fields"])
    return types


def _add(errors: dict, path: Path, key: str, problem: Problem) -> None:
    node = errors
    for step in path:
        node = node.setdefault(step, {})
    node.setdefault(key, []).append(problem)


def _check_names(located: list, errors: dict) -> None:
    # Names repeated within one list are reported by the list itself; here, across levels.
    seen: dict[str, Path] = {}
    for path, field, _group in located:
        first = seen.setdefault(field["name"], path)
        if first is not path and first[:-1] != path[:-1]:
            _add(errors, path, "name", Problem("duplicate_name", name=field["name"]))


def _check_field(path: Path, field: dict, types: dict[str, FieldType], errors: dict) -> None:
    for key in ("visible_if", "required_if"):
        if key in field:
            problem = _condition_problem(field, field[key], types)
            if problem:
                _add(errors, path, key, problem)
    if field["type"] in CONTAINERS:
        return
    for key, problem in _value_problems(field, types):
        _add(errors, path, key, problem)


def _condition_problem(field: dict, text: str, types: dict) -> Problem | None:
    try:
        tree = expressions.check_condition(text, types)
    except ExpressionError as error:
        return error.problem()
    if field["name"] in expressions.references(tree):
        return Problem("self_reference", name=field["name"])
    return None


def _value_problems(field: dict, types: dict) -> Iterator[tuple[str, Problem]]:
    if "computed" in field:
        yield from _computed_problems(field, types)
    if "default" in field:
        problem = _default_problem(field)
        if problem:
            yield "default", problem
    if "pattern" in field:
        problem = _pattern_problem(field["pattern"])
        if problem:
            yield "pattern", problem


def _computed_problems(field: dict, types: dict) -> Iterator[tuple[str, Problem]]:
    expected = COMPUTABLE.get(field["type"])
    if expected is None:
        yield "computed", Problem("not_computable", value=field["type"])
        return
    if "default" in field:
        yield "default", Problem("conflicting_keys", other="computed")
    try:
        expressions.check_computed(field["computed"], types, expected)
    except ExpressionError as error:
        yield "computed", error.problem()


def _default_problem(field: dict) -> Problem | None:
    if field["type"] in NO_DEFAULT:
        return Problem("no_default", value=field["type"])
    default = field["default"]
    schema = compile_field(field)
    if not jsonschema_rs.validator_for(schema, validate_formats=True).is_valid(default):
        return Problem("default_invalid")
    if field["type"] == "credit_code":
        try:
            validate_credit_code(default)
        except CreditCodeError:
            return Problem("default_invalid")
    return None


def _pattern_problem(pattern: str) -> Problem | None:
    # The pattern runs in Python, in jsonschema-rs (ECMAScript syntax) and in browsers,
    # so it must compile in both engines here.
    try:
        re.compile(pattern)
        jsonschema_rs.validator_for({"type": "string", "pattern": pattern})
    except (re.error, ValueError, jsonschema_rs.ValidationError) as error:
        return Problem("pattern_invalid", reason=_first_line(error))
    return None


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0][:200] if str(error) else type(error).__name__


def _check_computed_cycles(located: list, errors: dict) -> None:
    computed = {field["name"]: (path, field) for path, field, _ in located if "computed" in field}
    depends: dict[str, set[str]] = {}
    for name, (_path, field) in computed.items():
        try:
            tree = expressions.parse(field["computed"])
        except ExpressionError:
            continue  # reported at the field already
        depends[name] = expressions.references(tree) & computed.keys()
    try:
        expressions.computed_order(depends)
    except ExpressionError as error:
        first = _first_in_cycle(error, computed)
        _add(errors, computed[first][0], "computed", error.problem())


def _first_in_cycle(error: ExpressionError, computed: dict[str, Any]) -> str:
    names = str(error.params.get("names", "")).split(" → ")
    return next((name for name in names if name in computed), next(iter(computed)))
