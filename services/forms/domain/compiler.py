"""Compile a form definition to the JSON Schema (Draft 2020-12) of its answers."""

from __future__ import annotations

from collections.abc import Callable

from services.forms.domain.definition import DEFAULT_MAX_LENGTH

DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: A mainland China mobile number, or a landline number with its area code (an optional
#: hyphen after it) and an optional extension. ``[0-9]`` rather than ``\d``, which some
#: regex engines let match any Unicode digit.
PHONE_PATTERN = r"^(?:1[3-9][0-9]{9}|0[1-9][0-9]{1,2}-?[0-9]{7,8}(?:-[0-9]{1,6})?)$"
#: The longest e-mail address SMTP can carry (RFC 5321 path limit less the brackets).
EMAIL_MAX_LENGTH = 254


def compile_json_schema(definition: dict) -> dict:
    """Return the JSON Schema that a submission's answers to ``definition`` must meet.

    :param definition: a valid definition (see ``load_definition``); defaults may be
        left out, they compile the same as when they are filled in.
    :returns: a new Draft 2020-12 schema; the same definition always gives an equal
        schema with the same key order, so its JSON text is stable too.
    """
    fields = definition["fields"]
    return {
        "$schema": DIALECT,
        "type": "object",
        "properties": {field["name"]: compile_field(field) for field in fields},
        "required": [field["name"] for field in fields if field.get("required", False)],
        "additionalProperties": False,
    }


def compile_field(field: dict) -> dict:
    """The schema of one field's answer."""
    return COMPILERS[field["type"]](field)


def _text(field: dict) -> dict:
    return {
        "type": "string",
        "maxLength": field.get("max_length", DEFAULT_MAX_LENGTH[field["type"]]),
    }


def _integer(field: dict) -> dict:
    return {"type": "integer", **_bounds(field)}


def _number(field: dict) -> dict:
    return {"type": "number", **_bounds(field)}


def _bounds(field: dict) -> dict:
    keywords = {"minimum": field.get("min"), "maximum": field.get("max")}
    return {keyword: limit for keyword, limit in keywords.items() if limit is not None}


def _boolean(field: dict) -> dict:
    return {"type": "boolean"}


def _date(field: dict) -> dict:
    return {"type": "string", "format": "date"}


def _email(field: dict) -> dict:
    return {"type": "string", "format": "email", "maxLength": EMAIL_MAX_LENGTH}


def _phone(field: dict) -> dict:
    return {"type": "string", "pattern": PHONE_PATTERN}


def _select(field: dict) -> dict:
    # The option values are strings, so "enum" alone also refuses every other type,
    # and a bad answer earns one error ("choice") instead of two.
    return {"enum": _values(field)}


def _multiselect(field: dict) -> dict:
    schema = {"type": "array", "items": {"enum": _values(field)}, "uniqueItems": True}
    limits = {"minItems": field.get("min_items"), "maxItems": field.get("max_items")}
    return schema | {keyword: limit for keyword, limit in limits.items() if limit is not None}


def _values(field: dict) -> list[str]:
    return [option["value"] for option in field["options"]]


COMPILERS: dict[str, Callable[[dict], dict]] = {
    "text": _text,
    "textarea": _text,
    "integer": _integer,
    "number": _number,
    "boolean": _boolean,
    "date": _date,
    "email": _email,
    "phone": _phone,
    "select": _select,
    "multiselect": _multiselect,
}
