"""Check a submission's answers against the form version it is filed against.

Valid answers, the common case, cost one call into jsonschema-rs. Only invalid answers
are walked error by error and turned into ``FieldError``s of a small vocabulary
(``SUBMISSION_MESSAGES``), which render as text naming the field by its label.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import jsonschema_rs

from services.forms.domain import regions
from services.forms.domain.compiler import compile_json_schema
from services.forms.domain.errors import FieldError, InvalidSubmission, field_message
from services.forms.domain.layout import GROUP, answered, is_repeating, walk
from services.forms.domain.logic import FormLogic
from shared.credit_code import CreditCodeError, validate_credit_code

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
FORMAT_RULES = {"date": "format_date", "email": "format_email", "date-time": "format_datetime"}
#: The rule a broken ``pattern`` stands for, by field type (text fields: their own pattern).
PATTERN_RULES = {"phone": "phone", "credit_code": "credit_code", "region": "region"}
#: Rows of repeating groups break ``minItems``/``maxItems`` as rows, not as choices.
ROW_RULES = {"min_items": "min_rows", "max_items": "max_rows"}
UPLOADS = ("file", "image")
#: An answer to a datetime field without an offset is Beijing time.
CHINA_OFFSET = "+08:00"
DATETIME_TEXT = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})?"
)
#: A wrong choice longer than this is shortened in messages.
SHOWN_VALUE_LENGTH = 40


class SubmissionValidator:
    """Checks answers against one valid form definition, compiled once."""

    def __init__(self, definition: dict):
        self.definition = definition
        fields = definition["fields"]
        self.by_name = {field["name"]: field for field, _ in walk(fields)}
        self.labels = {"": definition["title"]} | {
            name: field["label"] for name, field in self.by_name.items()
        }
        self.schema = compile_json_schema(definition)
        self.logic = FormLogic(definition)
        self._validator = jsonschema_rs.Draft202012Validator(
            self.schema, validate_formats=True, email_options=EMAIL_OPTIONS
        )
        self._positions = {name: position for position, name in enumerate(self.by_name)}
        self._checked = [
            field for field in self.by_name.values() if field["type"] in ("credit_code", "region")
        ]

    def validate(self, answers: Any) -> dict:
        """Return the normalised answers, or raise ``InvalidSubmission`` listing every
        broken rule (with the labels to render them)."""
        cleaned, errors = self._check(answers)
        if errors:
            raise InvalidSubmission(errors, self.labels)
        return cleaned

    def errors(self, answers: Any) -> list[FieldError]:
        """The rules the answers break, in the order of the form's fields."""
        return self._check(answers)[1]

    def normalise(self, answers: Any) -> Any:
        """The answers as they will be checked and stored (see ``normalise_answers``),
        with computed values set and hidden fields dropped."""
        if not isinstance(answers, dict):
            return answers
        cleaned = normalise_answers(answers, self.definition["fields"])
        return cleaned if self.logic.is_plain else self.logic.apply(cleaned).answers

    def messages(self, errors: list[FieldError], locale: str) -> list[str]:
        """One message per error in ``locale``, naming each field by its label."""
        return [field_message(error, self.labels, locale) for error in errors]

    def _check(self, answers: Any) -> tuple[Any, list[FieldError]]:
        if not isinstance(answers, dict):
            return answers, self._errors_of(answers, [])
        cleaned = normalise_answers(answers, self.definition["fields"])
        plain = self.logic.is_plain
        if plain and not self._checked and self._validator.is_valid(cleaned):
            return cleaned, []  # the common case: one call into jsonschema-rs
        applied = self.logic.apply(cleaned)
        return applied.answers, self._errors_of(applied.answers, applied.missing)

    def _errors_of(self, answers: Any, missing: list[FieldError]) -> list[FieldError]:
        errors = []
        if not self._validator.is_valid(answers):
            for error in self._validator.iter_errors(answers):
                errors.extend(self._field_errors(error))
        errors = _without_repeats(missing, errors)
        if isinstance(answers, dict) and self._checked:
            errors.extend(self._domain_errors(answers, errors))
        return sorted(errors, key=self._position)

    def _position(self, error: FieldError) -> tuple:
        # In the order of the form's fields, rows in order; unknown fields and the
        # answer object as a whole come last.
        parts = error.field.split(".")
        return tuple(
            int(part) if part.isdigit() else self._positions.get(part, len(self._positions))
            for part in parts
        )

    def _field_errors(self, error: jsonschema_rs.ValidationError) -> list[FieldError]:
        kind, details = error.kind.name, error.kind.as_dict()
        steps = [str(step) for step in error.instance_path]
        prefix = self._field_path(steps)
        if kind == "required":
            path = self._field_path([*steps, details["property"]])
            return [FieldError(".".join(path), "required")]
        if kind == "additionalProperties":
            return [
                FieldError(".".join([*prefix, name]), "unknown_field")
                for name in details["unexpected"]
            ]
        if kind in ("if", "then", "else", "not", "allOf", "anyOf"):
            return []  # the conditions' own errors (required, …) are reported by the logic
        path = ".".join(prefix)
        field = self.by_name.get(_field_name(prefix), {})
        rule = rule_of(kind, details, field)
        return [FieldError(path, rule, params_of(kind, details, error, field))]

    def _field_path(self, steps: list[str]) -> list[str]:
        """The path of the field an error is in: row numbers of repeating groups kept, an
        item of a multiselect (or of an upload's keys) left out."""
        path: list[str] = []
        for step in steps:
            if step.isdigit() and not (path and is_repeating(self.by_name.get(path[-1], {}))):
                break
            path.append(step)
            if not step.isdigit() and self.by_name.get(step, {}).get("type") in UPLOADS:
                break
        return path

    def _domain_errors(self, answers: dict, found: list[FieldError]) -> list[FieldError]:
        """Checks a JSON Schema cannot make: check characters and known divisions."""
        reported = {error.field for error in found}
        errors = []
        for path, field, value in located_answers(answers, self.definition["fields"]):
            if path in reported or not isinstance(value, str):
                continue
            if field["type"] == "credit_code" and not is_credit_code(value):
                errors.append(FieldError(path, "credit_code"))
            elif field["type"] == "region" and not regions.is_division(
                value, field.get("level", "county")
            ):
                errors.append(FieldError(path, "region"))
        return errors


def _without_repeats(missing: list[FieldError], found: list[FieldError]) -> list[FieldError]:
    """The logic's missing answers, then the schema's errors that say something new: a
    ``required`` at or above a path the logic already reported (a group missing because
    its required child is) is the same error."""
    paths = [error.field for error in missing]
    result = list(missing)
    for error in found:
        same = error.rule == "required" and any(
            path == error.field or path.startswith(error.field + ".") for path in paths
        )
        if not same and error not in result:
            result.append(error)
    return result


def _field_name(parts: list[str]) -> str:
    """The field a path names: its last part that is not a row number."""
    return next((part for part in reversed(parts) if not part.isdigit()), "")


def located_answers(answers: dict, fields: list[dict], prefix: str = ""):
    """``(path, field, value)`` of every leaf answer, rows of repeating groups included."""
    for field in answered(fields):
        value = answers.get(field["name"])
        path = prefix + field["name"]
        if value is None:
            continue
        if field["type"] != GROUP:
            yield path, field, value
        elif is_repeating(field) and isinstance(value, list):
            for index, row in enumerate(value):
                if isinstance(row, dict):
                    yield from located_answers(row, field["fields"], f"{path}.{index}.")
        elif isinstance(value, dict):
            yield from located_answers(value, field["fields"], f"{path}.")


def is_credit_code(value: str) -> bool:
    try:
        validate_credit_code(value)
    except CreditCodeError:
        return False
    return True


def rule_of(kind: str, details: dict, field: dict | None = None) -> str:
    """The rule a jsonschema-rs error kind stands for on ``field``; ``invalid`` for any
    other kind."""
    field = field or {}
    if kind == "format":
        return FORMAT_RULES.get(details["format"], "invalid")
    if kind == "pattern":
        if "pattern" in field:
            return "pattern_message" if "pattern_message" in field else "pattern"
        return PATTERN_RULES.get(field.get("type"), "phone")
    rule = RULES.get(kind, "invalid")
    if field.get("type") == GROUP:
        return ROW_RULES.get(rule, rule)
    return rule


def params_of(
    kind: str, details: dict, error: jsonschema_rs.ValidationError, field: dict | None = None
) -> dict:
    """The parameters its message needs: the expected type, the limit or the bad choice."""
    if kind == "pattern" and field and "pattern_message" in field:
        return {"message": field["pattern_message"]}
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


def normalise_answers(answers: dict, fields: list[dict]) -> dict:
    """Clean each answer for its field's type, and leave out blank answers.

    Text loses surrounding whitespace, a phone number all whitespace; integer and number
    fields accept digits sent as text (as HTML forms send them) and whole floats; an
    empty string, ``null`` or an empty list counts as no answer, so a required field
    left blank is reported as ``required``. A group's answers are cleaned the same way,
    and a row of a repeating group left wholly blank is dropped. Keys the form does not
    have are kept, to be reported.
    """
    by_name = {field["name"]: field for field in answered(fields)}
    cleaned = {}
    for name, value in answers.items():
        field = by_name.get(name)
        if field is not None and field["type"] == GROUP:
            value = clean_group(value, field)
        else:
            value = clean_value(value, field["type"] if field else None)
        if not is_blank(value):
            cleaned[name] = value
    return cleaned


def clean_group(value: Any, group: dict) -> Any:
    """A group's object, or a repeating group's rows, cleaned; blank rows left out."""
    if is_repeating(group) and isinstance(value, list):
        rows = [clean_group_row(row, group) for row in value]
        return [row for row in rows if not is_blank(row)]
    if not is_repeating(group) and isinstance(value, dict):
        return normalise_answers(value, group["fields"])
    return value


def clean_group_row(row: Any, group: dict) -> Any:
    return normalise_answers(row, group["fields"]) if isinstance(row, dict) else row


def clean_value(value: Any, kind: str | None) -> Any:
    """One answer cleaned for a field of type ``kind`` (``None`` for an unknown field)."""
    if isinstance(value, str):
        return clean_text(value.strip(), kind)
    if isinstance(value, list):
        return [item.strip() if isinstance(item, str) else item for item in value]
    if kind in ("integer", "rating") and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def clean_text(text: str, kind: str | None) -> Any:
    """Stripped text cleaned for a field of type ``kind``."""
    if kind == "phone":
        return "".join(text.split())
    if kind == "credit_code":
        return "".join(text.split()).upper()
    if kind == "datetime":
        return clean_datetime(text)
    if kind in ("integer", "number", "rating") and INTEGER_TEXT.fullmatch(text):
        return int(text)
    if kind == "number" and DECIMAL_TEXT.fullmatch(text):
        return float(text)
    return text


def clean_datetime(text: str) -> str:
    """A date and time as ``YYYY-MM-DDTHH:MM:SS+08:00``; without an offset (as a
    browser's ``datetime-local`` input sends it) it is Beijing time. Text that is not a
    date and time is left for the schema to refuse."""
    match = DATETIME_TEXT.fullmatch(text)
    if not match:
        return text
    day, minutes, seconds, _fraction, offset = match.groups()
    offset = "+00:00" if offset == "Z" else offset or CHINA_OFFSET
    cleaned = f"{day}T{minutes}{seconds or ':00'}{offset}"
    try:
        datetime.fromisoformat(cleaned)
    except ValueError:
        return text
    return cleaned


def is_blank(value: Any) -> bool:
    """Whether an answer counts as not given."""
    return value is None or value == "" or value == [] or value == {}
