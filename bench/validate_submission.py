"""Validate one 30-field submission: jsonschema-rs on the compiled schema vs marshmallow.

Run with ``python -m bench.validate_submission``. The marshmallow schema is built from the
same definition, so both check the same rules on the same answers.
"""

from __future__ import annotations

import statistics
import timeit
from collections.abc import Callable

import jsonschema_rs
from marshmallow import Schema, ValidationError, fields, validate

from services.forms.domain.compiler import PHONE_PATTERN, compile_json_schema
from services.forms.domain.definition import load_definition
from services.forms.domain.submission import EMAIL_OPTIONS, SubmissionValidator

REPEAT = 7
OPTIONS = ["air", "water", "soil", "solid_waste", "noise"]
#: Per field type: the extra keys of its definition and a valid answer.
FIELD_SAMPLES = {
    "text": ({"max_length": 100}, "排污许可证延续"),
    "textarea": ({"max_length": 2000}, "许可证将于下月到期，请协助办理延续手续。" * 5),
    "integer": ({"min": 0, "max": 1000000}, 120),
    "number": ({"min": 0}, 3500.5),
    "boolean": ({}, True),
    "date": ({}, "2025-03-18"),
    "email": ({}, "liaison@example.com"),
    "phone": ({}, "0571-87654321"),
    "select": ({"options": OPTIONS}, "water"),
    "multiselect": ({"options": OPTIONS, "min_items": 1, "max_items": 3}, ["air", "soil"]),
}


def thirty_fields() -> tuple[dict, dict]:
    """A definition with three required fields of each type, and valid answers to it."""
    definition = {"key": "bench", "title": {"zh_CN": "基准", "en": "Bench"}, "fields": []}
    answers = {}
    for kind, (extra, answer) in FIELD_SAMPLES.items():
        for index in range(3):
            name = f"{kind}_{index}"
            definition["fields"].append(_field(name, kind, extra))
            answers[name] = answer
    return load_definition(definition), answers


def _field(name: str, kind: str, extra: dict) -> dict:
    label = {"zh_CN": name, "en": name}
    options = [{"value": value, "label": label} for value in extra.get("options", [])]
    field = {"name": name, "type": kind, "label": label, "required": True, **extra}
    return field | ({"options": options} if options else {})


def marshmallow_schema(definition: dict) -> Schema:
    """A marshmallow schema checking the same rules as the compiled JSON Schema."""
    declared = {field["name"]: marshmallow_field(field) for field in definition["fields"]}
    return Schema.from_dict(declared)()


def marshmallow_field(field: dict) -> fields.Field:
    """The marshmallow field for one form field."""
    required, kind = field["required"], field["type"]
    values = [option["value"] for option in field.get("options", [])]
    makers: dict[str, Callable[[], fields.Field]] = {
        "text": lambda: fields.String(validate=validate.Length(max=field["max_length"])),
        "textarea": lambda: fields.String(validate=validate.Length(max=field["max_length"])),
        "integer": lambda: fields.Integer(strict=True, validate=_range(field)),
        "number": lambda: fields.Float(validate=_range(field)),
        "boolean": lambda: fields.Boolean(),
        "date": lambda: fields.Date(),
        "email": lambda: fields.Email(validate=validate.Length(max=254)),
        "phone": lambda: fields.String(validate=validate.Regexp(PHONE_PATTERN)),
        "select": lambda: fields.String(validate=validate.OneOf(values)),
        "multiselect": lambda: fields.List(
            fields.String(validate=validate.OneOf(values)), validate=_items(field)
        ),
    }
    made = makers[kind]()
    made.required = required
    return made


def _range(field: dict) -> validate.Range:
    return validate.Range(min=field.get("min"), max=field.get("max"))


def _items(field: dict) -> list:
    def unique(items: list) -> bool:
        return len(set(items)) == len(items)

    length = validate.Length(min=field.get("min_items"), max=field.get("max_items"))
    return [length, unique]


def median_us(call: Callable[[], object]) -> float:
    """The median time of one call in µs, over ``REPEAT`` timed batches."""
    timer = timeit.Timer(call)
    number, _ = timer.autorange()
    return statistics.median(timer.repeat(REPEAT, number)) / number * 1e6


def check_equivalent(rs: jsonschema_rs.Validator, schema: Schema, answers: dict) -> None:
    """Refuse to time validators that do not agree on a valid and an invalid answer."""
    invalid = {**answers, "phone_0": "12345"}
    try:
        schema.load(answers)
    except ValidationError as error:
        raise SystemExit(f"marshmallow refuses the valid answers: {error.messages}") from error
    if not rs.is_valid(answers) or rs.is_valid(invalid):
        raise SystemExit("jsonschema-rs does not judge the answers as expected")
    try:
        schema.load(invalid)
    except ValidationError:
        return
    raise SystemExit("marshmallow accepts an invalid phone number")


def main() -> None:
    """Print the medians and the ratio of marshmallow to jsonschema-rs."""
    definition, answers = thirty_fields()
    rs = jsonschema_rs.Draft202012Validator(
        compile_json_schema(definition), validate_formats=True, email_options=EMAIL_OPTIONS
    )
    schema = marshmallow_schema(definition)
    check_equivalent(rs, schema, answers)
    submission = SubmissionValidator(definition)
    rs_us = median_us(lambda: rs.is_valid(answers))
    full_us = median_us(lambda: submission.validate(answers))
    marshmallow_us = median_us(lambda: schema.load(answers))
    print(f"Validating one {len(answers)}-field submission, median µs per call:")
    print(f"  jsonschema-rs is_valid (compiled schema)        {rs_us:8.1f}")
    print(f"  SubmissionValidator.validate (normalise, check) {full_us:8.1f}")
    print(f"  marshmallow Schema.load (equivalent schema)     {marshmallow_us:8.1f}")
    print(f"  marshmallow / jsonschema-rs: {marshmallow_us / rs_us:.0f}x")
    print(f"  marshmallow / SubmissionValidator: {marshmallow_us / full_us:.1f}x")


if __name__ == "__main__":
    main()
