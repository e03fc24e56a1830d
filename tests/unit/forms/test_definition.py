import copy
import json
import string

import pytest

from services.forms.domain.definition import (
    ENTERPRISE_REQUEST_DEFINITION,
    FIELD_TYPES,
    load_definition,
)
from services.forms.domain.errors import InvalidDefinition
from services.forms.domain.messages import DEFINITION_MESSAGES, SUBMISSION_MESSAGES

REQUIRED = ["Missing data for required key."]
UNKNOWN = ["Unknown key."]
NO_TEXT = ["Give the text in Chinese or in English (the other may be left empty)."]
LABEL = {"zh_CN": "名称", "en": "Name"}


def errors_of(definition) -> dict:
    with pytest.raises(InvalidDefinition) as caught:
        load_definition(definition)
    return caught.value.errors


def field_errors(definition, index: int):
    return errors_of(definition)["fields"][index]


def options(*values: str) -> list[dict]:
    return [{"value": value, "label": LABEL} for value in values]


def with_field(definition: dict, **field) -> dict:
    definition["fields"].append({"name": "extra", "label": LABEL, **field})
    return definition


# Valid definitions


def test_enterprise_request_definition_is_valid():
    loaded = load_definition(ENTERPRISE_REQUEST_DEFINITION)

    assert [field["name"] for field in loaded["fields"]] == [
        "subject",
        "category",
        "details",
        "contact_person",
        "contact_phone",
        "needs_visit",
    ]


def test_enterprise_request_categories_include_the_programme_matters():
    category = ENTERPRISE_REQUEST_DEFINITION["fields"][1]

    values = [option["value"] for option in category["options"]]

    assert values == ["eia_approval", "permit", "monitoring", "policy", "other"]


def test_a_definition_with_every_first_field_type_loads_unchanged_apart_from_defaults(definition):
    expected = copy.deepcopy(definition)
    for field in expected["fields"]:
        field.setdefault("required", False)

    loaded = load_definition(definition)

    assert {field["type"] for field in loaded["fields"]} < set(FIELD_TYPES)
    assert loaded == expected


def test_loading_fills_in_required_and_max_length_defaults():
    definition = {
        "key": "tiny",
        "title": LABEL,
        "fields": [
            {"name": "line", "type": "text", "label": LABEL},
            {"name": "notes", "type": "textarea", "label": LABEL},
        ],
    }

    loaded = load_definition(definition)

    assert [field["required"] for field in loaded["fields"]] == [False, False]
    assert [field["max_length"] for field in loaded["fields"]] == [200, 5000]


def test_loading_leaves_the_given_definition_unchanged(definition):
    before = copy.deepcopy(definition)

    load_definition(definition)

    assert definition == before


def test_equal_min_and_max_are_accepted(definition):
    definition["fields"][5].update(min=10, max=10)

    assert load_definition(definition)["fields"][5]["max"] == 10


def test_number_bounds_may_be_fractions(definition):
    definition["fields"][6].update(min=0.5, max=99.5)

    assert load_definition(definition)["fields"][6]["min"] == 0.5


# The definition as a whole


def test_a_definition_that_is_not_an_object_is_refused():
    assert errors_of(["fields"]) == {"_schema": ["Must be an object."]}


@pytest.mark.parametrize("key", ["fields", "title", "key"])
def test_missing_top_level_keys_are_required(definition, key):
    del definition[key]

    assert errors_of(definition) == {key: REQUIRED}


def test_unknown_top_level_key_is_refused(definition):
    definition["version"] = 2

    assert errors_of(definition) == {"version": UNKNOWN}


@pytest.mark.parametrize(
    "key", ["Enterprise-request", "enterprise request", "enterprise_request", "1-form", "form-", ""]
)
def test_key_must_be_a_lowercase_slug(definition, key):
    definition["key"] = key

    assert errors_of(definition) == {
        "key": ["Must be a lowercase slug such as 'enterprise-request'."]
    }


def test_key_is_at_most_64_characters(definition):
    definition["key"] = "a" * 65

    assert errors_of(definition) == {"key": ["Must be at most 64 characters long."]}


def test_title_in_one_language_is_enough(definition):
    definition["title"] = {"zh_CN": "企业诉求"}

    assert load_definition(definition)["title"] == {"zh_CN": "企业诉求"}


def test_title_may_leave_the_second_language_blank(definition):
    definition["title"]["en"] = ""

    assert load_definition(definition)["title"]["en"] == ""


def test_title_needs_text_in_one_language_at_least(definition):
    definition["title"] = {"zh_CN": "   ", "en": ""}

    assert errors_of(definition) == {"title": {"zh_CN": NO_TEXT}}


def test_title_in_a_third_language_is_refused(definition):
    definition["title"]["fr"] = "Demande"

    assert errors_of(definition) == {"title": {"fr": UNKNOWN}}


def test_title_is_at_most_200_characters(definition):
    definition["title"]["en"] = "x" * 201

    assert errors_of(definition) == {"title": {"en": ["Must be at most 200 characters long."]}}


def test_title_must_be_an_object_of_texts(definition):
    definition["title"] = "企业诉求"

    assert errors_of(definition) == {"title": {"_schema": ["Must be an object."]}}


def test_description_in_one_language_is_enough(definition):
    definition["description"] = {"en": "Only English"}

    assert load_definition(definition)["description"] == {"en": "Only English"}


def test_fields_may_not_be_empty(definition):
    definition["fields"] = []

    assert errors_of(definition) == {"fields": ["Must have at least one item."]}


def test_fields_must_be_a_list(definition):
    definition["fields"] = {"subject": {}}

    assert errors_of(definition) == {"fields": ["Must be a list."]}


def test_a_form_has_at_most_200_fields(definition):
    definition["fields"] = [
        {"name": f"field_{index}", "type": "boolean", "label": LABEL} for index in range(201)
    ]

    assert errors_of(definition) == {"fields": ["Must have at most 200 items."]}


# Common keys of every field


def test_duplicate_field_name_is_reported_at_the_later_field(definition):
    definition["fields"][2]["name"] = "subject"

    assert errors_of(definition) == {"fields": {2: {"name": ["Duplicate field name 'subject'."]}}}


def test_duplicate_field_name_keeps_its_index_when_an_earlier_field_is_invalid(definition):
    definition["fields"][0]["label"] = {"zh_CN": "诉求标题", "en": 5}
    definition["fields"][3]["name"] = "category"

    assert errors_of(definition) == {
        "fields": {
            0: {"label": {"en": ["Must be text."]}},
            3: {"name": ["Duplicate field name 'category'."]},
        }
    }


@pytest.mark.parametrize(
    "name", ["Subject", "contact-phone", "1st_contact", "_subject", "subject_", "a__b", "联系人"]
)
def test_field_name_must_be_a_lowercase_snake_identifier(definition, name):
    definition["fields"][0]["name"] = name

    assert field_errors(definition, 0) == {
        "name": ["Must be a lowercase snake_case identifier such as 'contact_phone'."]
    }


def test_field_name_is_required(definition):
    del definition["fields"][0]["name"]

    assert field_errors(definition, 0) == {"name": REQUIRED}


def test_field_type_is_required(definition):
    del definition["fields"][0]["type"]

    assert field_errors(definition, 0) == {"type": REQUIRED}


def test_unknown_field_type_lists_the_known_ones_and_still_checks_the_common_keys(definition):
    definition["fields"][0].update(type="dropdown", label={"en": ""})

    assert field_errors(definition, 0) == {
        "type": [
            "Unknown field type 'dropdown'; use one of: text, textarea, integer, number, "
            "boolean, date, datetime, email, phone, credit_code, region, rating, select, "
            "multiselect, file, image, group, section."
        ],
        "label": {"zh_CN": NO_TEXT},
    }


def test_field_type_must_be_text(definition):
    definition["fields"][0]["type"] = ["text"]

    assert field_errors(definition, 0) == {"type": ["Must be text."]}


def test_a_field_must_be_an_object(definition):
    definition["fields"][1] = "category"

    assert field_errors(definition, 1) == ["Must be an object."]


def test_field_label_may_be_only_chinese_or_only_english(definition):
    del definition["fields"][0]["label"]["zh_CN"]
    del definition["fields"][1]["label"]["en"]

    loaded = load_definition(definition)

    assert [loaded["fields"][0]["label"], loaded["fields"][1]["label"]] == [
        {"en": "Subject"},
        {"zh_CN": "诉求类别"},
    ]


def test_field_label_needs_some_text(definition):
    definition["fields"][0]["label"] = {}

    assert field_errors(definition, 0) == {"label": {"zh_CN": NO_TEXT}}


def test_field_label_is_required(definition):
    del definition["fields"][0]["label"]

    assert field_errors(definition, 0) == {"label": REQUIRED}


def test_field_help_may_be_in_one_language(definition):
    definition["fields"][2]["help"] = {"zh_CN": "请说明。"}

    assert load_definition(definition)["fields"][2]["help"] == {"zh_CN": "请说明。"}


@pytest.mark.parametrize("flag", ["yes", 1, None])
def test_field_required_must_be_true_or_false(definition, flag):
    definition["fields"][0]["required"] = flag
    expected = "Must not be null." if flag is None else "Must be yes or no."

    assert field_errors(definition, 0) == {"required": [expected]}


@pytest.mark.parametrize(
    ("index", "key"), [(0, "options"), (5, "max_length"), (8, "min"), (3, "max_items")]
)
def test_options_of_another_field_type_are_unknown_keys(definition, index, key):
    definition["fields"][index][key] = 3

    assert field_errors(definition, index) == {key: UNKNOWN}


# text and textarea


@pytest.mark.parametrize(("length", "message"), [(0, "at least 1"), (50001, "at most 50000")])
def test_text_max_length_must_be_within_limits(definition, length, message):
    definition["fields"][0]["max_length"] = length

    assert field_errors(definition, 0) == {"max_length": [f"Must be {message}."]}


@pytest.mark.parametrize("length", ["100", 100.0, True])
def test_textarea_max_length_must_be_an_integer(definition, length):
    definition["fields"][2]["max_length"] = length

    assert field_errors(definition, 2) == {"max_length": ["Must be a whole number."]}


# integer and number


def test_integer_min_above_max_is_refused(definition):
    definition["fields"][5].update(min=10, max=1)

    assert field_errors(definition, 5) == {"min": ["Must not be greater than max (1)."]}


def test_integer_bounds_must_be_integers(definition):
    definition["fields"][5]["min"] = 0.5

    assert field_errors(definition, 5) == {"min": ["Must be a whole number."]}


def test_integer_bounds_stay_within_exact_javascript_integers(definition):
    definition["fields"][5]["max"] = 2**53

    assert field_errors(definition, 5) == {"max": [f"Must be at most {2**53 - 1}."]}


def test_number_min_above_max_is_refused(definition):
    definition["fields"][6].update(min=2.5, max=1.5)

    assert field_errors(definition, 6) == {"min": ["Must not be greater than max (1.5)."]}


@pytest.mark.parametrize(
    ("bound", "message"),
    [
        ("1", "Must be a number."),
        (False, "Must be a number."),
        (float("nan"), "Must be a finite number."),
    ],
)
def test_number_bounds_must_be_finite_numbers(definition, bound, message):
    definition["fields"][6]["max"] = bound

    assert field_errors(definition, 6) == {"max": [message]}


# select and multiselect


def test_select_needs_options(definition):
    del definition["fields"][1]["options"]

    assert field_errors(definition, 1) == {"options": REQUIRED}


def test_select_options_may_not_be_empty(definition):
    definition["fields"][1]["options"] = []

    assert field_errors(definition, 1) == {"options": ["Must have at least one item."]}


def test_select_has_at_most_200_options(definition):
    definition["fields"][1]["options"] = options(*(f"v{index}" for index in range(201)))

    assert field_errors(definition, 1) == {"options": ["Must have at most 200 items."]}


def test_duplicate_option_value_is_refused(definition):
    definition["fields"][1]["options"] = options("permit", "eia_approval", "permit")

    assert field_errors(definition, 1) == {
        "options": {2: {"value": ["Duplicate option value 'permit'."]}}
    }


@pytest.mark.parametrize("value", ["Permit", "eia approval", "环评", "-permit", ""])
def test_option_value_must_be_lowercase_letters_digits_and_separators(definition, value):
    definition["fields"][1]["options"][0]["value"] = value

    assert field_errors(definition, 1) == {
        "options": {
            0: {
                "value": [
                    "Must hold only lowercase letters, digits, '_' and '-', such as 'eia_approval'."
                ]
            }
        }
    }


def test_option_label_needs_text_in_one_language(definition):
    definition["fields"][1]["options"][1]["label"] = {"zh_CN": "", "en": ""}

    assert field_errors(definition, 1) == {"options": {1: {"label": {"zh_CN": NO_TEXT}}}}


def test_option_with_unknown_key_is_refused(definition):
    definition["fields"][1]["options"][0]["default"] = True

    assert field_errors(definition, 1) == {"options": {0: {"default": UNKNOWN}}}


def test_multiselect_min_items_above_max_items_is_refused(definition):
    definition["fields"][9].update(min_items=3, max_items=2)

    assert field_errors(definition, 9) == {"min_items": ["Must not be greater than max_items (2)."]}


def test_multiselect_max_items_cannot_exceed_the_options(definition):
    definition["fields"][9].update(min_items=1, max_items=5)

    assert field_errors(definition, 9) == {"max_items": ["Must be at most 4."]}


def test_multiselect_min_items_cannot_exceed_the_options(definition):
    definition["fields"][9]["min_items"] = 5
    del definition["fields"][9]["max_items"]

    assert field_errors(definition, 9) == {"min_items": ["Must be at most 4."]}


@pytest.mark.parametrize(("key", "value", "limit"), [("min_items", -1, 0), ("max_items", 0, 1)])
def test_multiselect_limits_have_lower_bounds(definition, key, value, limit):
    definition["fields"][9][key] = value

    assert field_errors(definition, 9) == {key: [f"Must be at least {limit}."]}


# Errors in both languages


def test_definition_errors_render_in_chinese(definition):
    definition["fields"][2]["name"] = "subject"
    definition["fields"][0]["label"] = {"en": " "}

    with pytest.raises(InvalidDefinition) as caught:
        load_definition(definition)

    assert caught.value.messages("zh_CN") == {
        "fields": {
            0: {"label": {"zh_CN": ["请至少填写中文或英文中的一种。"]}},
            2: {"name": ["字段名“subject”重复。"]},
        }
    }


def test_definition_errors_render_in_english(definition):
    definition["fields"][5].update(min=10, max=1)

    with pytest.raises(InvalidDefinition) as caught:
        load_definition(definition)

    assert caught.value.messages("en") == {
        "fields": {5: {"min": ["Must not be greater than max (1)."]}}
    }


def test_definition_errors_serialise_to_json_with_the_field_path(definition):
    definition["fields"][2]["name"] = "subject"

    errors = json.loads(json.dumps(errors_of(definition)))

    assert errors == {"fields": {"2": {"name": ["Duplicate field name 'subject'."]}}}


def test_definition_errors_refuse_an_unsupported_locale(definition):
    definition["key"] = "Bad"

    with pytest.raises(InvalidDefinition) as caught:
        load_definition(definition)

    with pytest.raises(ValueError, match="fr"):
        caught.value.messages("fr")


@pytest.mark.parametrize("catalogue", [DEFINITION_MESSAGES, SUBMISSION_MESSAGES])
def test_every_message_has_both_languages_with_the_same_placeholders(catalogue):
    for rule, templates in catalogue.items():
        assert set(templates) == {"zh_CN", "en"}, rule
        assert placeholders(templates["zh_CN"]) == placeholders(templates["en"]), rule


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_copied_definition_errors_still_render_in_both_languages(definition):
    definition["fields"][2]["name"] = "subject"
    with pytest.raises(InvalidDefinition) as caught:
        load_definition(definition)

    copied = InvalidDefinition(copy.deepcopy(caught.value.errors))

    assert copied.messages("zh_CN") == {"fields": {2: {"name": ["字段名“subject”重复。"]}}}
