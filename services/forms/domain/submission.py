"""Check a submission's answers against the form version it is filed against.

Valid answers, the common case, cost one call into jsonschema-rs. Only invalid answers
are walked error by error and turned into ``FieldError``s of a small vocabulary
(``SUBMISSION_MESSAGES``), which render as text naming the field by its label.
"""

from __future__ import annotations

import re
from typing import Any

import jsonschema_rs

from services.forms.domain.compiler import compile_json_schema
from services.forms.domain.errors import FieldError, InvalidSubmission, field_message

#: Addresses a bureau can actually write to: a domain with a top-level part, no IP
#: literal, no display name. Stricter than the bare "email" format of JSON Schema.
EMAIL_OPTIONS = jsonschema_rs.EmailOptions(
    require_tld=True, allow_domain_literal=False, allow_display_text=False
)
INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")
DECIMAL_TEXT = re.compile(r"[+-]?[0-9]+\.[0-9]+")
#: jsonschema-rs error kinds that map to one rule each.
RULES = {
    "type": "type",
    "maxLength": "max_length",
    "minimum": "min",
    "maximum": "max",
    "pattern": "phone",
    "enum": "choice",
    "minItems": "min_items",
    "maxItems": "max_items",
    "uniqueItems": "unique",
}
FORMAT_RULES = {"date": "format_date", "email": "format_email"}
#: A wrong choice longer than this is shortened in messages.
SHOWN_VALUE_LENGTH = 40


class SubmissionValidator:
    """Checks answers against one valid form definition, compiled once."""

    def __init__(self, definition: dict):
        self.definition = definition
        fields = definition["fields"]
        self.kinds = {field["name"]: field["type"] for field in fields}
        self.labels = {"": definition["title"]} | {f["name"]: f["label"] for f in fields}
        self.schema = compile_json_schema(definition)
        self._validator = jsonschema_rs.Draft202012Validator(
            self.schema, validate_formats=True, email_options=EMAIL_OPTIONS
        )
        self._positions = {name: position for position, name in enumerate(self.kinds)}

    def validate(self, answers: Any) -> dict:
        """Return the normalised answers, or raise ``InvalidSubmission`` listing every
        broken rule (with the labels to render them)."""
        cleaned = self.normalise(answers)
        errors = self._errors_of(cleaned)
        if errors:
            raise InvalidSubmission(errors, self.labels)
        return cleaned

    def errors(self, answers: Any) -> list[FieldError]:
        """The rules the answers break, in the order of the form's fields."""
        return self._errors_of(self.normalise(answers))

    def normalise(self, answers: Any) -> Any:
        """The answers as they will be checked and stored (see ``normalise_answers``)."""
        if not isinstance(answers, dict):
            return answers
        return normalise_answers(answers, self.kinds)

    def messages(self, errors: list[FieldError], locale: str) -> list[str]:
        """One message per error in ``locale``, naming each field by its label."""
        return [field_message(error, self.labels, locale) for error in errors]

    def _errors_of(self, answers: Any) -> list[FieldError]:
        if self._validator.is_valid(answers):
            return []
        errors = []
        for error in self._validator.iter_errors(answers):
            errors.extend(self._field_errors(error))
        return sorted(errors, key=self._position)

    def _position(self, error: FieldError) -> int:
        # Errors of unknown fields and of the whole answer object come last.
        return self._positions.get(error.field, len(self._positions))

    def _field_errors(self, error: jsonschema_rs.ValidationError) -> list[FieldError]:
        kind, details = error.kind.name, error.kind.as_dict()
        if kind == "required":
            return [FieldError(details["property"], "required")]
        if kind == "additionalProperties":
            return [FieldError(name, "unknown_field") for name in details["unexpected"]]
        field = str(error.instance_path[0]) if error.instance_path else ""
        return [FieldError(field, rule_of(kind, details), params_of(kind, details, error))]


def rule_of(kind: str, details: dict) -> str:
    """The rule a jsonschema-rs error kind stands for; ``invalid`` for any other kind."""
    if kind == "format":
        return FORMAT_RULES.get(details["format"], "invalid")
    return RULES.get(kind, "invalid")


def params_of(kind: str, details: dict, error: jsonschema_rs.ValidationError) -> dict:
    """The parameters its message needs: the expected type, the limit or the bad choice."""
    if kind == "type":
        return {"expected": details["types"][0]}
    if kind == "enum":
        return {"value": shown(error.instance)}
    if "limit" in details:
        return {"limit": details["limit"]}
    return {}


def shown(value: Any) -> str:
    """A bad value as a message shows it, shortened if long."""
    text = str(value)
    if len(text) <= SHOWN_VALUE_LENGTH:
        return text
    return text[: SHOWN_VALUE_LENGTH - 1] + "…"


def normalise_answers(answers: dict, kinds: dict[str, str]) -> dict:
    """Clean each answer for its field's type, and leave out blank answers.

    Text loses surrounding whitespace, a phone number all whitespace; integer and number
    fields accept digits sent as text (as HTML forms send them) and whole floats; an
    empty string, ``null`` or an empty list counts as no answer, so a required field
    left blank is reported as ``required``.
    """
    cleaned = {}
    for name, value in answers.items():
        value = clean_value(value, kinds.get(name))
        if not is_blank(value):
            cleaned[name] = value
    return cleaned


def clean_value(value: Any, kind: str | None) -> Any:
    """One answer cleaned for a field of type ``kind`` (``None`` for an unknown field)."""
    if isinstance(value, str):
        return clean_text(value.strip(), kind)
    if isinstance(value, list):
        return [item.strip() if isinstance(item, str) else item for item in value]
    if kind == "integer" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def clean_text(text: str, kind: str | None) -> Any:
    """Stripped text cleaned for a field of type ``kind``."""
    if kind == "phone":
        return "".join(text.split())
    if kind in ("integer", "number") and INTEGER_TEXT.fullmatch(text):
        return int(text)
    if kind == "number" and DECIMAL_TEXT.fullmatch(text):
        return float(text)
    return text


def is_blank(value: Any) -> bool:
    """Whether an answer counts as not given."""
    return value is None or value == "" or value == []
