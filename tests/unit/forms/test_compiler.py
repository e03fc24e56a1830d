import json
import re
from pathlib import Path

import jsonschema
import pytest

from services.forms.domain.compiler import DIALECT, PHONE_PATTERN, compile_json_schema
from services.forms.domain.definition import ENTERPRISE_REQUEST_DEFINITION, load_definition

DOCS = Path(__file__).parents[3] / "docs" / "forms.md"


def compiled_field(definition: dict, name: str) -> dict:
    return compile_json_schema(definition)["properties"][name]


def json_blocks(markdown: str) -> list:
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)```", markdown, re.S)]


@pytest.mark.parametrize("loaded", [False, True])
def test_compiled_schema_is_a_valid_draft_2020_12_schema(definition, loaded):
    schema = compile_json_schema(load_definition(definition) if loaded else definition)

    jsonschema.Draft202012Validator.check_schema(schema)


def test_enterprise_request_compiles_to_a_valid_schema():
    schema = compile_json_schema(load_definition(ENTERPRISE_REQUEST_DEFINITION))

    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["required"] == [
        "subject", "category", "details", "contact_person", "contact_phone"
    ]  # fmt: skip


def test_schema_is_a_closed_object_of_the_fields_in_definition_order(definition):
    schema = compile_json_schema(definition)

    assert schema["$schema"] == DIALECT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert list(schema["properties"]) == [field["name"] for field in definition["fields"]]


def test_required_lists_only_required_fields_in_definition_order(definition):
    definition["fields"][5]["required"] = True

    schema = compile_json_schema(definition)

    assert schema["required"] == ["subject", "category", "details", "contact_phone", "employees"]


def test_text_is_a_string_with_its_max_length(definition):
    assert compiled_field(definition, "subject") == {"type": "string", "maxLength": 100}


@pytest.mark.parametrize(("kind", "default"), [("text", 200), ("textarea", 5000)])
def test_text_without_max_length_gets_the_default_limit(definition, kind, default):
    definition["fields"][2].update(type=kind)
    del definition["fields"][2]["max_length"]

    assert compiled_field(definition, "details") == {"type": "string", "maxLength": default}


def test_integer_has_its_bounds(definition):
    assert compiled_field(definition, "employees") == {
        "type": "integer",
        "minimum": 0,
        "maximum": 1000000,
    }


def test_number_without_max_has_only_its_minimum(definition):
    assert compiled_field(definition, "annual_output") == {"type": "number", "minimum": 0}


def test_integer_without_bounds_is_any_integer(definition):
    del definition["fields"][5]["min"], definition["fields"][5]["max"]

    assert compiled_field(definition, "employees") == {"type": "integer"}


def test_boolean_is_a_boolean(definition):
    assert compiled_field(definition, "needs_visit") == {"type": "boolean"}


def test_date_is_a_string_in_date_format(definition):
    assert compiled_field(definition, "visit_date") == {"type": "string", "format": "date"}


def test_email_is_a_string_in_email_format_of_at_most_254_characters(definition):
    assert compiled_field(definition, "email") == {
        "type": "string",
        "format": "email",
        "maxLength": 254,
    }


def test_phone_is_a_string_with_the_phone_pattern(definition):
    assert compiled_field(definition, "contact_phone") == {
        "type": "string",
        "pattern": PHONE_PATTERN,
    }


@pytest.mark.parametrize(
    "number",
    ["13812345678", "19912345678", "0571-87654321", "057187654321", "010-12345678",
     "0580-2345678", "0571-87654321-8001"],
)  # fmt: skip
def test_phone_pattern_accepts_mobile_and_landline_numbers(number):
    assert re.search(PHONE_PATTERN, number)


@pytest.mark.parametrize(
    "number",
    ["12812345678", "1381234567", "138123456789", "87654321", "+8613812345678",
     "0571-876543", "571-87654321", "0571-87654321-", "１３８１２３４５６７８", "138-1234-5678"],
)  # fmt: skip
def test_phone_pattern_refuses_other_numbers(number):
    assert not re.search(PHONE_PATTERN, number)


def test_select_is_an_enum_of_its_option_values(definition):
    assert compiled_field(definition, "category") == {
        "enum": ["eia_approval", "permit", "monitoring"]
    }


def test_multiselect_is_an_array_of_unique_option_values_with_its_limits(definition):
    assert compiled_field(definition, "topics") == {
        "type": "array",
        "items": {"enum": ["air", "water", "soil", "solid_waste"]},
        "uniqueItems": True,
        "minItems": 1,
        "maxItems": 3,
    }


def test_multiselect_without_limits_has_none(definition):
    del definition["fields"][9]["min_items"], definition["fields"][9]["max_items"]

    assert "minItems" not in compiled_field(definition, "topics")
    assert "maxItems" not in compiled_field(definition, "topics")


def test_same_definition_gives_the_same_schema_text(definition):
    first = json.dumps(compile_json_schema(definition), ensure_ascii=False)

    second = json.dumps(compile_json_schema(definition), ensure_ascii=False)

    assert first == second


def test_key_order_inside_the_definition_does_not_change_the_schema_text(definition):
    reordered = {**definition, "fields": [dict(reversed(f.items())) for f in definition["fields"]]}

    schema = compile_json_schema(reordered)

    assert json.dumps(schema) == json.dumps(compile_json_schema(definition))


def test_a_loaded_definition_compiles_like_the_one_given(definition):
    del definition["fields"][0]["max_length"]

    assert compile_json_schema(load_definition(definition)) == compile_json_schema(definition)


def test_compiling_leaves_the_definition_unchanged(definition):
    before = json.dumps(definition)

    compile_json_schema(definition)

    assert json.dumps(definition) == before


def test_another_validator_reads_the_schema_the_same_way(definition, answers):
    validator = jsonschema.Draft202012Validator(
        compile_json_schema(definition), format_checker=jsonschema.FormatChecker()
    )

    assert validator.is_valid(answers)
    assert not validator.is_valid({**answers, "visit_date": "2025-02-30"})
    assert not validator.is_valid({**answers, "topics": ["air", "air"]})


def test_documented_example_and_its_documented_schema_match_the_compiler(definition):
    example = DOCS.read_text(encoding="utf-8").split("## A complete example", 1)[1]
    documented_definition, documented_schema = json_blocks(example)[:2]

    assert documented_definition == definition
    assert documented_schema == compile_json_schema(definition)
