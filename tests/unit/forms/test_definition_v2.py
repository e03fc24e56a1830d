"""The definition's richer parts: new field types, groups, sections and per-field keys."""

import pytest

from services.forms.domain.definition import load_definition
from services.forms.domain.errors import InvalidDefinition
from shared.credit_code import generate_credit_code

LABEL = {"zh_CN": "名称", "en": "Name"}


def form(*fields) -> dict:
    return {"key": "rich-form", "title": {"zh_CN": "表单", "en": "Form"}, "fields": list(fields)}


def field(name: str, kind: str, **keys) -> dict:
    return {"name": name, "type": kind, "label": LABEL, **keys}


def errors_of(definition) -> dict:
    with pytest.raises(InvalidDefinition) as caught:
        load_definition(definition)
    return caught.value.errors


def english(definition) -> dict:
    with pytest.raises(InvalidDefinition) as caught:
        load_definition(definition)
    return caught.value.messages("en")


def chinese(definition) -> dict:
    with pytest.raises(InvalidDefinition) as caught:
        load_definition(definition)
    return caught.value.messages("zh_CN")


OUTLETS = field(
    "outlets",
    "group",
    repeat=True,
    min_rows=1,
    max_rows=5,
    fields=[field("outlet_name", "text", required=True), field("flow", "number", min=0)],
)


def test_every_new_field_type_loads_with_its_defaults():
    loaded = load_definition(
        form(
            field("page_one", "section"),
            field("visit_at", "datetime"),
            field("credit", "credit_code"),
            field("county", "region"),
            field("score", "rating"),
            field("licence", "file"),
            field("photo", "image"),
            OUTLETS,
        )
    )

    by_name = {f["name"]: f for f in loaded["fields"]}
    assert by_name["county"]["level"] == "county"
    assert by_name["licence"]["accept"] == ["application/pdf", "image/png", "image/jpeg"]
    assert by_name["photo"]["accept"] == ["image/png", "image/jpeg"]
    assert by_name["photo"]["max_size_mb"] == 10
    assert by_name["outlets"]["fields"][1]["required"] is False
    assert "required" not in by_name["page_one"]


def test_a_non_repeating_group_answers_an_object_and_needs_no_rows():
    loaded = load_definition(form(field("site", "group", fields=[field("address", "text")])))

    assert loaded["fields"][0]["repeat"] is False


def test_a_group_needs_fields():
    assert errors_of(form(field("site", "group"))) == {
        "fields": {0: {"fields": ["Missing data for required key."]}}
    }


def test_a_section_cannot_sit_inside_a_group():
    definition = form(field("site", "group", fields=[field("page", "section")]))

    assert english(definition) == {
        "fields": {
            0: {
                "fields": {
                    0: {"type": ["A field of type 'section' cannot be placed inside a group."]}
                }
            }
        }
    }


def test_a_group_cannot_sit_inside_a_group():
    inner = field("inner", "group", fields=[field("a", "text")])

    assert chinese(form(field("outer", "group", fields=[inner]))) == {
        "fields": {0: {"fields": {0: {"type": ["分组内不能放置“group”类型的字段。"]}}}}
    }


def test_field_names_are_unique_across_groups():
    definition = form(field("flow", "number"), OUTLETS)

    assert english(definition) == {
        "fields": {1: {"fields": {1: {"name": ["Duplicate field name 'flow'."]}}}}
    }


def test_rows_limits_need_repeat():
    definition = form(field("site", "group", min_rows=1, fields=[field("a", "text")]))

    assert english(definition) == {
        "fields": {0: {"min_rows": ["Only allowed together with repeat."]}}
    }


def test_min_rows_above_max_rows_is_refused():
    definition = form({**OUTLETS, "min_rows": 6, "max_rows": 2})

    assert english(definition) == {
        "fields": {0: {"min_rows": ["Must not be greater than max_rows (2)."]}}
    }


def test_a_region_level_must_be_city_or_county():
    assert english(form(field("where", "region", level="town"))) == {
        "fields": {0: {"level": ["'town' is not allowed; use one of: city, county."]}}
    }


@pytest.mark.parametrize(
    ("size", "message"), [(0, "Must be at least 1."), (101, "Must be at most 100.")]
)
def test_upload_size_limit_is_between_1_and_100_megabytes(size, message):
    assert english(form(field("scan", "file", max_size_mb=size))) == {
        "fields": {0: {"max_size_mb": [message]}}
    }


def test_upload_accepts_only_known_mime_types_listed_once():
    definition = form(
        field("scan", "file", accept=["application/pdf", "application/pdf", "text/html"])
    )

    errors = english(definition)["fields"][0]["accept"]

    assert errors[1] == ["'application/pdf' is listed twice."]
    assert errors[2][0].startswith("'text/html' is not allowed; use one of: application/pdf")


def test_upload_accept_may_not_be_empty():
    assert english(form(field("scan", "image", accept=[]))) == {
        "fields": {0: {"accept": ["Must have at least one item."]}}
    }


def test_a_pattern_and_its_message_load():
    loaded = load_definition(
        form(field("permit_no", "text", pattern="[A-Z]{2}[0-9]{6}", pattern_message=LABEL))
    )

    assert loaded["fields"][0]["pattern"] == "[A-Z]{2}[0-9]{6}"


def test_an_invalid_regular_expression_is_refused_with_the_reason():
    errors = english(form(field("permit_no", "text", pattern="[A-Z")))

    assert errors["fields"][0]["pattern"][0].startswith("Not a valid regular expression: ")


def test_a_pattern_message_needs_a_pattern():
    assert english(form(field("permit_no", "text", pattern_message=LABEL))) == {
        "fields": {0: {"pattern_message": ["Only allowed together with pattern."]}}
    }


def test_pattern_is_only_for_text_fields():
    assert english(form(field("count", "integer", pattern="[0-9]+"))) == {
        "fields": {0: {"pattern": ["Unknown key."]}}
    }


@pytest.mark.parametrize(
    ("kind", "keys", "default"),
    [
        ("integer", {"min": 0, "max": 10}, 5),
        ("select", {"options": [{"value": "a", "label": LABEL}]}, "a"),
        ("date", {}, "2026-12-02"),
        ("boolean", {}, True),
        ("credit_code", {}, generate_credit_code("330106", 7)),
    ],
)
def test_a_default_must_be_a_valid_answer(kind, keys, default):
    loaded = load_definition(form(field("x", kind, default=default, **keys)))

    assert loaded["fields"][0]["default"] == default


@pytest.mark.parametrize(
    ("kind", "keys", "default"),
    [
        ("integer", {"min": 0, "max": 10}, 11),
        ("integer", {}, "5"),
        ("select", {"options": [{"value": "a", "label": LABEL}]}, "b"),
        ("date", {}, "2026-13-02"),
        ("credit_code", {}, "91330106MA2CFXXX5K"),
        ("text", {"max_length": 3}, "abcd"),
    ],
)
def test_a_default_that_is_no_valid_answer_is_refused(kind, keys, default):
    assert chinese(form(field("x", kind, default=default, **keys))) == {
        "fields": {0: {"default": ["默认值不符合该字段的规则。"]}}
    }


def test_upload_fields_have_no_default():
    assert english(form(field("scan", "file", default="x"))) == {
        "fields": {0: {"default": ["A field of type 'file' cannot have a default."]}}
    }


def test_a_placeholder_is_a_label():
    loaded = load_definition(form(field("x", "text", placeholder={"zh_CN": "如：张三"})))

    assert loaded["fields"][0]["placeholder"] == {"zh_CN": "如：张三"}


def test_sections_and_groups_take_no_answer_keys():
    definition = form(field("page", "section", required=True), field("x", "text"))

    assert english(definition) == {"fields": {0: {"required": ["Unknown key."]}}}


@pytest.mark.parametrize("name", ["and", "empty", "true"])
def test_a_field_may_not_be_named_after_a_word_of_the_expression_language(name):
    assert chinese(form(field(name, "text"))) == {
        "fields": {0: {"name": [f"“{name}”是表达式的保留字，不能用作字段名。"]}}
    }
