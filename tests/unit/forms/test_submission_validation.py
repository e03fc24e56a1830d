import copy
from types import SimpleNamespace

import pytest

from services.forms.domain.errors import FieldError, InvalidSubmission
from services.forms.domain.messages import SUBMISSION_MESSAGES
from services.forms.domain.submission import SubmissionValidator, params_of, rule_of, shown


@pytest.fixture
def validator(definition) -> SubmissionValidator:
    return SubmissionValidator(definition)


def errors_with(validator, answers, **changes) -> list[FieldError]:
    return validator.errors({**answers, **changes})


# Valid answers


def test_valid_answers_are_returned_as_given(validator, answers):
    assert validator.validate(answers) == answers


def test_optional_fields_may_be_left_out(validator, answers):
    required = {name: answers[name] for name in validator.schema["required"]}

    assert validator.validate(required) == required


def test_validating_leaves_the_given_answers_unchanged(validator, answers):
    answers["subject"] = "  排污许可证延续  "
    before = copy.deepcopy(answers)

    validator.validate(answers)

    assert answers == before


# Normalisation


def test_text_loses_surrounding_whitespace(validator, answers):
    cleaned = validator.validate({**answers, "subject": "  排污许可证延续\n"})

    assert cleaned["subject"] == "排污许可证延续"


def test_phone_number_loses_all_whitespace(validator, answers):
    cleaned = validator.validate({**answers, "contact_phone": " 138 1234 5678 "})

    assert cleaned["contact_phone"] == "13812345678"


@pytest.mark.parametrize(
    ("name", "given", "cleaned"),
    [("employees", "120", 120), ("employees", 120.0, 120), ("annual_output", "3500.5", 3500.5),
     ("annual_output", " 42 ", 42)],
)  # fmt: skip
def test_numbers_sent_as_text_or_whole_floats_are_read_as_numbers(
    validator, answers, name, given, cleaned
):
    assert validator.validate({**answers, name: given})[name] == cleaned


@pytest.mark.parametrize("blank", ["", "   ", None, []])
def test_blank_optional_answers_are_left_out(validator, answers, blank):
    cleaned = validator.validate({**answers, "email": blank, "topics": blank})

    assert "email" not in cleaned and "topics" not in cleaned


def test_multiselect_choices_lose_surrounding_whitespace(validator, answers):
    assert validator.validate({**answers, "topics": [" air", "soil "]})["topics"] == ["air", "soil"]


# Required and unknown fields


@pytest.mark.parametrize("blank", ["", "  \t", None])
def test_blank_required_answer_is_reported_as_required(validator, answers, blank):
    assert errors_with(validator, answers, subject=blank) == [FieldError("subject", "required")]


def test_missing_required_answer_is_reported_as_required(validator, answers):
    del answers["category"]

    assert validator.errors(answers) == [FieldError("category", "required")]


def test_required_multiselect_with_no_choice_is_reported_as_required(definition, answers):
    definition["fields"][9]["required"] = True

    errors = SubmissionValidator(definition).errors({**answers, "topics": []})

    assert errors == [FieldError("topics", "required")]


def test_answer_to_a_field_the_form_does_not_have_is_reported(validator, answers):
    errors = errors_with(validator, answers, budget=10, remark="x")

    assert errors == [FieldError("budget", "unknown_field"), FieldError("remark", "unknown_field")]


def test_answers_that_are_not_an_object_are_reported_against_the_form(validator):
    errors = validator.errors(["subject"])

    assert errors == [FieldError("", "type", {"expected": "object"})]
    assert validator.messages(errors, "en") == ["On-site service request: must be an object."]


# Each field type's bad input


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [("subject", 5, "string"), ("details", ["a"], "string"), ("employees", 1.5, "integer"),
     ("employees", "many", "integer"), ("employees", True, "integer"),
     ("annual_output", "3,500", "number"), ("needs_visit", "yes", "boolean"),
     ("needs_visit", 1, "boolean"), ("visit_date", 20250318, "string"),
     ("email", {"address": "a@example.com"}, "string"), ("contact_phone", 13812345678, "string"),
     ("topics", "air", "array")],
)  # fmt: skip
def test_answer_of_the_wrong_type_is_reported_with_the_expected_type(
    validator, answers, name, value, expected
):
    assert errors_with(validator, answers, **{name: value}) == [
        FieldError(name, "type", {"expected": expected})
    ]


def test_text_longer_than_max_length_is_reported(validator, answers):
    errors = errors_with(validator, answers, subject="诉" * 101)

    assert errors == [FieldError("subject", "max_length", {"limit": 100})]


def test_text_length_counts_chinese_characters_not_bytes(validator, answers):
    assert errors_with(validator, answers, subject="诉" * 100) == []


def test_textarea_longer_than_max_length_is_reported(validator, answers):
    errors = errors_with(validator, answers, details="x" * 2001)

    assert errors == [FieldError("details", "max_length", {"limit": 2000})]


@pytest.mark.parametrize(
    ("value", "rule", "limit"),
    [(-1, "min", 0), (1000001, "max", 1000000), (10**30, "max", 1000000)],
)
def test_integer_outside_its_bounds_is_reported(validator, answers, value, rule, limit):
    errors = errors_with(validator, answers, employees=value)

    assert errors == [FieldError("employees", rule, {"limit": limit})]


def test_number_below_its_minimum_is_reported(validator, answers):
    errors = errors_with(validator, answers, annual_output=-0.5)

    assert errors == [FieldError("annual_output", "min", {"limit": 0})]


@pytest.mark.parametrize("value", ["2025-02-30", "2025/03/18", "18-03-2025", "2025-3-18", "明天"])
def test_invalid_date_is_reported(validator, answers, value):
    assert errors_with(validator, answers, visit_date=value) == [
        FieldError("visit_date", "format_date")
    ]


@pytest.mark.parametrize(
    "value",
    ["liaison", "liaison@", "@example.com", "liaison@localhost", "a b@example.com",
     "Liaison <liaison@example.com>", "liaison@[127.0.0.1]"],
)  # fmt: skip
def test_invalid_email_is_reported(validator, answers, value):
    assert errors_with(validator, answers, email=value) == [FieldError("email", "format_email")]


def test_email_longer_than_254_characters_is_reported(validator, answers):
    address = "a" * 64 + "@" + "b" * 63 + "." + "b" * 61 + "." + "b" * 60 + ".com"

    errors = errors_with(validator, answers, email=address)

    assert errors == [FieldError("email", "max_length", {"limit": 254})]


@pytest.mark.parametrize(
    "value", ["13812345678", "0571-87654321", "057187654321", "010-12345678", "0571-87654321-8001"]
)
def test_mobile_and_landline_numbers_are_accepted(validator, answers, value):
    assert errors_with(validator, answers, contact_phone=value) == []


@pytest.mark.parametrize(
    "value", ["12812345678", "1381234567", "87654321", "+8613812345678", "１３８１２３４５６７８"]
)
def test_other_phone_numbers_are_reported(validator, answers, value):
    assert errors_with(validator, answers, contact_phone=value) == [
        FieldError("contact_phone", "phone")
    ]


@pytest.mark.parametrize(
    ("value", "shown_as"), [("tax", "tax"), (5, "5"), (["permit"], "['permit']")]
)
def test_select_answer_outside_the_options_is_reported_with_the_value(
    validator, answers, value, shown_as
):
    assert errors_with(validator, answers, category=value) == [
        FieldError("category", "choice", {"value": shown_as})
    ]


def test_multiselect_choice_outside_the_options_is_reported_per_choice(validator, answers):
    errors = errors_with(validator, answers, topics=["air", "noise", "light"])

    assert errors == [
        FieldError("topics", "choice", {"value": "noise"}),
        FieldError("topics", "choice", {"value": "light"}),
    ]


def test_multiselect_choice_chosen_twice_is_reported(validator, answers):
    assert errors_with(validator, answers, topics=["air", "air"]) == [
        FieldError("topics", "unique")
    ]


def test_multiselect_with_too_many_choices_is_reported(validator, answers):
    errors = errors_with(validator, answers, topics=["air", "water", "soil", "solid_waste"])

    assert errors == [FieldError("topics", "max_items", {"limit": 3})]


def test_multiselect_with_too_few_choices_is_reported(definition, answers):
    definition["fields"][9]["min_items"] = 2

    errors = SubmissionValidator(definition).errors({**answers, "topics": ["air"]})

    assert errors == [FieldError("topics", "min_items", {"limit": 2})]


def test_every_broken_rule_is_reported_at_once_in_field_order(validator, answers):
    del answers["subject"]
    bad = {**answers, "extra": 1, "topics": ["air", "air"], "employees": -1, "email": "x"}

    errors = validator.errors(bad)

    assert [(error.field, error.rule) for error in errors] == [
        ("subject", "required"), ("email", "format_email"), ("employees", "min"),
        ("topics", "unique"), ("extra", "unknown_field"),
    ]  # fmt: skip


def test_validate_raises_invalid_submission_with_the_errors_and_labels(validator, answers):
    with pytest.raises(InvalidSubmission) as caught:
        validator.validate({**answers, "employees": 1000001})

    assert caught.value.field_errors_list == [FieldError("employees", "max", {"limit": 1000000})]
    assert caught.value.labels["employees"] == {"zh_CN": "职工人数", "en": "Employees"}


# Messages


def test_required_message_names_the_field_label_in_english_and_chinese(validator):
    errors = [FieldError("subject", "required")]

    assert validator.messages(errors, "en") == ["Subject: this answer is required."]
    assert validator.messages(errors, "zh_CN") == ["诉求标题：必须填写。"]


def test_max_message_names_the_field_label_and_the_limit(validator, answers):
    errors = errors_with(validator, answers, employees=1000001)

    assert validator.messages(errors, "en") == ["Employees: must be at most 1000000."]
    assert validator.messages(errors, "zh_CN") == ["职工人数：不能大于 1000000。"]


def test_type_message_names_the_expected_type_in_the_readers_language(validator, answers):
    errors = errors_with(validator, answers, needs_visit="yes")

    assert validator.messages(errors, "en") == ["Needs a visit: must be yes or no."]
    assert validator.messages(errors, "zh_CN") == ["需要上门服务：必须是“是”或“否”。"]


def test_unknown_field_is_named_by_its_key(validator, answers):
    errors = errors_with(validator, answers, budget=10)

    assert validator.messages(errors, "zh_CN") == ["budget：表单中没有这一项。"]


def test_invalid_submission_renders_its_own_messages(validator, answers):
    with pytest.raises(InvalidSubmission) as caught:
        validator.validate({**answers, "category": "tax"})

    assert caught.value.messages("en") == ["Category: “tax” is not one of the choices."]
    assert caught.value.messages("zh_CN") == ["诉求类别：“tax”不是可选项。"]


@pytest.mark.parametrize("rule", sorted(SUBMISSION_MESSAGES))
@pytest.mark.parametrize(("locale", "label"), [("en", "Employees"), ("zh_CN", "职工人数")])
def test_every_rule_renders_with_the_field_label_in_both_languages(validator, rule, locale, label):
    params = {"limit": 7, "value": "x", "expected": "integer"}
    params |= {"accepted": {"zh_CN": "PDF 文档", "en": "PDF document"}}
    error = FieldError("employees", rule, {**params, "message": {"zh_CN": "须为整数", "en": "x"}})

    [message] = validator.messages([error], locale)

    assert message.startswith(label + ("：" if locale == "zh_CN" else ": "))
    assert message != validator.messages([error], "en" if locale == "zh_CN" else "zh_CN")[0]


def test_messages_refuse_an_unsupported_locale(validator):
    with pytest.raises(ValueError, match="de"):
        validator.messages([FieldError("subject", "required")], "de")


def test_long_wrong_choice_is_shortened_in_messages():
    assert shown("x" * 100) == "x" * 39 + "…"
    assert shown("x" * 40) == "x" * 40


def test_error_kinds_the_compiler_never_emits_map_to_invalid():
    error = SimpleNamespace(instance=3)

    assert rule_of("multipleOf", {"multiple_of": 2}) == "invalid"
    assert rule_of("format", {"format": "ipv4"}) == "invalid"
    assert params_of("multipleOf", {"multiple_of": 2}, error) == {}
