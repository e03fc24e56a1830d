"""marshmallow fields and validators for form definitions, whose errors are Problems.

Every message a definition can earn is a ``Problem`` (see ``messages``), so the whole
error tree can be rendered in zh_CN as well as in en. The fields are also stricter than
marshmallow's own: a definition is JSON, so ``"5"`` is not a number and ``1`` is not ``true``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields
from marshmallow.error_store import merge_errors

from services.forms.domain.messages import Problem

COMMON_MESSAGES = {
    "required": Problem("required"),
    "null": Problem("null"),
    "validator_failed": Problem("invalid"),
}


class StrictSchema(Schema):
    """A schema that rejects unknown keys, and input that is not an object."""

    error_messages = {"unknown": Problem("unknown_key"), "type": Problem("type", expected="object")}


class Text(fields.String):
    """A JSON string."""

    default_error_messages = {
        **COMMON_MESSAGES,
        "invalid": Problem("type", expected="string"),
        "invalid_utf8": Problem("type", expected="string"),
    }


class Whole(fields.Integer):
    """A JSON integer; floats, strings and booleans are refused."""

    default_error_messages = {**COMMON_MESSAGES, "invalid": Problem("type", expected="integer")}

    def __init__(self, **kwargs: Any):
        super().__init__(strict=True, **kwargs)


class Real(fields.Field):
    """A finite JSON number, kept as the int or float it was given as."""

    default_error_messages = {
        **COMMON_MESSAGES,
        "invalid": Problem("type", expected="number"),
        "special": Problem("not_finite"),
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> int | float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid")
        if not math.isfinite(value):
            raise self.make_error("special")
        return value


class Flag(fields.Boolean):
    """A JSON boolean: ``true`` or ``false`` and nothing that looks like one."""

    default_error_messages = {**COMMON_MESSAGES, "invalid": Problem("type", expected="boolean")}

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> bool:
        if value is True or value is False:
            return value
        raise self.make_error("invalid")


class Object(fields.Nested):
    """A JSON object loaded with a nested schema."""

    default_error_messages = {**COMMON_MESSAGES, "type": Problem("type", expected="object")}


class UniqueItems(fields.List):
    """A JSON array of objects whose ``unique_key`` values must differ.

    A repeated value is reported at the later item, under ``unique_key``, with the rule
    ``duplicate_rule`` and the value as the parameter named ``unique_key``. Duplicates are
    found on the raw items, so they are reported with the right index even when other
    items are invalid.
    """

    default_error_messages = {**COMMON_MESSAGES, "invalid": Problem("type", expected="array")}

    def __init__(self, inner: fields.Field, *, unique_key: str, duplicate_rule: str, **kwargs):
        super().__init__(inner, **kwargs)
        self.unique_key = unique_key
        self.duplicate_rule = duplicate_rule

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> list:
        duplicates = self._duplicates(value) if isinstance(value, list) else {}
        try:
            items = super()._deserialize(value, attr, data, **kwargs)
        except ValidationError as error:
            messages = merge_errors(error.messages, duplicates)
            raise ValidationError(messages, valid_data=error.valid_data) from error
        if duplicates:
            raise ValidationError(duplicates, valid_data=items)
        return items

    def _duplicates(self, items: list) -> dict[int, dict]:
        seen: set[str] = set()
        errors = {}
        for index, item in enumerate(items):
            key = item.get(self.unique_key) if isinstance(item, dict) else None
            if not isinstance(key, str):
                continue
            if key in seen:
                problem = Problem(self.duplicate_rule, **{self.unique_key: key})
                errors[index] = {self.unique_key: [problem]}
            seen.add(key)
        return errors


class Strings(fields.List):
    """A JSON array of strings, each checked by the inner field, without repeats."""

    default_error_messages = {**COMMON_MESSAGES, "invalid": Problem("type", expected="array")}

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> list:
        repeated = {}
        if isinstance(value, list):
            repeated = {
                index: [Problem("duplicate_item", value=item)]
                for index, item in enumerate(value)
                if isinstance(item, str) and item in value[:index]
            }
        try:
            items = super()._deserialize(value, attr, data, **kwargs)
        except ValidationError as error:
            messages = merge_errors(error.messages, repeated)
            raise ValidationError(messages, valid_data=error.valid_data) from error
        if repeated:
            raise ValidationError(repeated, valid_data=items)
        return items


class ByType(fields.Field):
    """A JSON object loaded with the schema its ``type`` names.

    An object of no known type, or of a type ``misplaced`` here (a section inside a
    group), is loaded with ``fallback`` (ignoring keys it does not know), which reports
    the bad type along with any other error of the common keys.
    """

    default_error_messages = {**COMMON_MESSAGES, "invalid": Problem("type", expected="object")}

    def __init__(
        self,
        schemas: dict[str, type[Schema]],
        fallback: type[Schema],
        misplaced: tuple[str, ...] = (),
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.schemas = schemas
        self.fallback = fallback
        self.misplaced = misplaced

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> dict:
        if not isinstance(value, dict):
            raise self.make_error("invalid")
        kind = value.get("type")
        if kind in self.misplaced:
            return self._refuse_misplaced(value, kind)
        schema = self.schemas.get(kind) if isinstance(kind, str) else None
        if schema is None:
            return self.fallback(unknown=EXCLUDE).load(value)
        return schema().load(value)

    def _refuse_misplaced(self, value: dict, kind: str) -> dict:
        try:
            self.fallback(unknown=EXCLUDE).load({**value, "type": "text"})
        except ValidationError as error:
            messages = merge_errors(error.messages, {"type": [Problem("not_in_group", value=kind)]})
            raise ValidationError(messages) from error
        raise ValidationError({"type": [Problem("not_in_group", value=kind)]})


def not_blank(value: str) -> None:
    """Refuse a string of only whitespace."""
    if not value.strip():
        raise ValidationError(Problem("blank"))


def max_chars(limit: int) -> Callable[[str], None]:
    """A validator refusing strings longer than ``limit`` characters."""

    def check(value: str) -> None:
        if len(value) > limit:
            raise ValidationError(Problem("too_long", limit=limit))

    return check


def matches(pattern: re.Pattern, rule: str) -> Callable[[str], None]:
    """A validator refusing strings that ``pattern`` does not match in full."""

    def check(value: str) -> None:
        if not pattern.fullmatch(value):
            raise ValidationError(Problem(rule))

    return check


def one_of(choices: Iterable[str], rule: str = "unknown_type") -> Callable[[str], None]:
    """A validator refusing values other than ``choices`` (field types unless ``rule``
    says otherwise)."""
    allowed = tuple(choices)

    def check(value: str) -> None:
        if value not in allowed:
            raise ValidationError(Problem(rule, value=value, choices=", ".join(allowed)))

    return check


def between(low: int, high: int) -> Callable[[int | float], None]:
    """A validator refusing numbers outside ``low``..``high``."""

    def check(value: int | float) -> None:
        if value < low:
            raise ValidationError(Problem("at_least", limit=low))
        if value > high:
            raise ValidationError(Problem("at_most", limit=high))

    return check


def item_count(limit: int) -> Callable[[list], None]:
    """A validator refusing empty lists and lists longer than ``limit``."""

    def check(value: list) -> None:
        if not value:
            raise ValidationError(Problem("empty"))
        if len(value) > limit:
            raise ValidationError(Problem("too_many", limit=limit))

    return check
