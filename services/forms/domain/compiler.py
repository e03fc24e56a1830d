"""Compile a form definition to the JSON Schema (Draft 2020-12) of its answers."""

from __future__ import annotations

from collections.abc import Callable

from services.forms.domain import expressions
from services.forms.domain.layout import GROUP, answered, is_repeating, section_of

DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: A mainland China mobile number, or a landline number with its area code (an optional
#: hyphen after it) and an optional extension. ``[0-9]`` rather than ``\d``, which some
#: regex engines let match any Unicode digit.
PHONE_PATTERN = r"^(?:1[3-9][0-9]{9}|0[1-9][0-9]{1,2}-?[0-9]{7,8}(?:-[0-9]{1,6})?)$"
#: The longest e-mail address SMTP can carry (RFC 5321 path limit less the brackets).
EMAIL_MAX_LENGTH = 254
#: The shape of a unified social credit code (GB 32100: digits and capitals but I, O, Z,
#: S, V; a division code in positions 3-8); its check character is checked in Python.
CREDIT_CODE_PATTERN = r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"
#: GB/T 2260 codes: a city has 4 digits, a county 6.
REGION_PATTERNS = {"city": r"^[0-9]{4}$", "county": r"^[0-9]{6}$"}
RATING_RANGE = (1, 5)
DEFAULT_MAX_LENGTH = {"text": 200, "textarea": 5000}
#: What an answer to a file or image field holds once its upload is attached.
UPLOAD_KEYS = ("id", "name", "size", "type", "sha256")
DEFAULT_ACCEPT = {
    "image": ("image/png", "image/jpeg"),
    "file": ("application/pdf", "image/png", "image/jpeg"),
}
DEFAULT_MAX_SIZE_MB = 10


def compile_json_schema(definition: dict) -> dict:
    """Return the JSON Schema that a submission's answers to ``definition`` must meet.

    Conditions (``visible_if``, ``required_if``, and a section's ``visible_if``) compile
    to ``if``/``then`` where JSON Schema can express them; the server evaluates every
    condition anyway (see ``submission``), so the others are enforced there.

    :param definition: a valid definition (see ``load_definition``); defaults may be
        left out, they compile the same as when they are filled in.
    :returns: a new Draft 2020-12 schema; the same definition always gives an equal
        schema with the same key order, so its JSON text is stable too.
    """
    fields = definition["fields"]
    sections = section_of(fields)
    outer = {name: [s["visible_if"]] for name, s in sections.items() if "visible_if" in s}
    return {"$schema": DIALECT, **compile_object(fields, outer)}


def compile_object(fields: list[dict], outer_conditions: dict[str, list[str]]) -> dict:
    """The schema of an object answering ``fields`` (the form, a group or a row).

    :param outer_conditions: per field name, the ``visible_if`` of what contains it
        (its section), which hides it too.
    """
    members = answered(fields)
    conditions = []
    for field in members:
        conditions.extend(_conditional(field, outer_conditions.get(field["name"], []), members))
    schema = {
        "type": "object",
        "properties": {field["name"]: compile_field(field) for field in members},
        "required": [
            field["name"]
            for field in members
            if _always_required(field, outer_conditions.get(field["name"], []))
        ],
        "additionalProperties": False,
    }
    if conditions:
        schema["allOf"] = conditions
    return schema


def _always_required(field: dict, outer: list[str]) -> bool:
    """Required whatever the other answers are: not hidden by a condition, not computed.
    A group is when it is marked so, when its rows have a minimum, or (not repeating)
    when one of its fields always is."""
    if outer or "visible_if" in field or "computed" in field:
        return False
    if field["type"] != GROUP:
        return field.get("required", False)
    if is_repeating(field):
        return field.get("required", False) or field.get("min_rows", 0) > 0
    children = field["fields"]
    return field.get("required", False) or any(_always_required(c, []) for c in children)


def _conditional(field: dict, outer: list[str], members: list[dict]) -> list[dict]:
    """``if``/``then`` clauses of one field's visibility and requiredness."""
    local = {member["name"] for member in members}
    visible = outer + ([field["visible_if"]] if "visible_if" in field else [])
    clauses = []
    shown = _schema_of_all(visible, local)
    if visible and shown is not None:
        clauses.append({"if": {"not": shown}, "then": {"not": {"required": [field["name"]]}}})
    if "computed" in field:
        return clauses
    when = visible + ([field["required_if"]] if "required_if" in field else [])
    conditional = "required_if" in field or (field.get("required", False) and visible)
    required_when = _schema_of_all(when, local) if conditional else None
    if required_when is not None:
        clauses.append({"if": required_when, "then": {"required": [field["name"]]}})
    return clauses


def _schema_of_all(texts: list[str], local: set[str]) -> dict | None:
    """The JSON Schema of all ``texts`` holding, or None when one is not expressible."""
    if not texts:
        return None
    tree = expressions.parse(texts[0])
    for text in texts[1:]:
        tree = ["and", tree, expressions.parse(text)]
    return expressions.to_json_schema(tree, local)


def compile_field(field: dict) -> dict:
    """The schema of one field's answer."""
    return COMPILERS[field["type"]](field)


def _text(field: dict) -> dict:
    schema = {
        "type": "string",
        "maxLength": field.get("max_length", DEFAULT_MAX_LENGTH[field["type"]]),
    }
    if "pattern" in field:
        # The whole answer must match, as people expect of a pattern.
        schema["pattern"] = f"^(?:{field['pattern']})$"
    return schema


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


def _datetime(field: dict) -> dict:
    return {"type": "string", "format": "date-time"}


def _credit_code(field: dict) -> dict:
    return {"type": "string", "pattern": CREDIT_CODE_PATTERN}


def _region(field: dict) -> dict:
    return {"type": "string", "pattern": REGION_PATTERNS[field.get("level", "county")]}


def _rating(field: dict) -> dict:
    low, high = RATING_RANGE
    return {"type": "integer", "minimum": low, "maximum": high}


def _upload(field: dict) -> dict:
    accept = field.get("accept") or DEFAULT_ACCEPT[field["type"]]
    size_limit = field.get("max_size_mb", DEFAULT_MAX_SIZE_MB) * 1024 * 1024
    return {
        "type": "object",
        "properties": {
            "id": {"type": "string", "minLength": 1},
            "name": {"type": "string"},
            "size": {"type": "integer", "minimum": 1, "maximum": size_limit},
            "type": {"enum": list(accept)},
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        },
        "required": list(UPLOAD_KEYS),
        "additionalProperties": False,
    }


def _group(field: dict) -> dict:
    row = compile_object(field["fields"], {})
    if not is_repeating(field):
        return row
    schema = {"type": "array", "items": row}
    limits = {"minItems": field.get("min_rows"), "maxItems": field.get("max_rows")}
    return schema | {keyword: limit for keyword, limit in limits.items() if limit is not None}


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
    "datetime": _datetime,
    "email": _email,
    "phone": _phone,
    "credit_code": _credit_code,
    "region": _region,
    "rating": _rating,
    "select": _select,
    "multiselect": _multiselect,
    "file": _upload,
    "image": _upload,
    GROUP: _group,
}
