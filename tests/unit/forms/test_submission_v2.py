"""Answers to the richer field types, groups and repeating groups."""

import pytest

from services.forms.domain.definition import load_definition
from services.forms.domain.errors import FieldError, InvalidSubmission
from services.forms.domain.submission import SubmissionValidator
from shared.credit_code import generate_credit_code


def label(zh_cn: str, en: str) -> dict:
    return {"zh_CN": zh_cn, "en": en}


def field(name: str, kind: str, zh_cn: str, en: str, **keys) -> dict:
    return {"name": name, "type": kind, "label": label(zh_cn, en), **keys}


RICH = load_definition(
    {
        "key": "discharge-report",
        "title": label("排污情况报告", "Discharge report"),
        "fields": [
            field("basics", "section", "基本信息", "Basics"),
            field("visit_at", "datetime", "走访时间", "Visit time"),
            field("credit", "credit_code", "信用代码", "Credit code"),
            field("county", "region", "所在区县", "County"),
            field("city", "region", "所在城市", "City", level="city"),
            field("score", "rating", "评分", "Rating"),
            field(
                "permit_no",
                "text",
                "许可证号",
                "Permit number",
                pattern="[A-Z]{2}[0-9]{4}",
                pattern_message=label("如 ZJ1234", "like ZJ1234"),
            ),
            field("code", "text", "编码", "Code", pattern="[0-9]+"),
            field("scan", "file", "扫描件", "Scan", max_size_mb=1),
            field("outlets_page", "section", "排口", "Outlets"),
            field(
                "site",
                "group",
                "厂址",
                "Site",
                fields=[field("address", "text", "地址", "Address", required=True)],
            ),
            field(
                "outlets",
                "group",
                "排口",
                "Outlets",
                repeat=True,
                min_rows=1,
                max_rows=2,
                fields=[
                    field("outlet_name", "text", "名称", "Name", required=True),
                    field("flow", "number", "流量", "Flow", min=0),
                ],
            ),
        ],
    }
)
SHA = "ab" * 32
UPLOAD = {"id": "u1", "name": "许可证.pdf", "size": 1000, "type": "application/pdf", "sha256": SHA}


@pytest.fixture
def validator() -> SubmissionValidator:
    return SubmissionValidator(RICH)


def good(**changes) -> dict:
    answers = {
        "visit_at": "2026-12-02T14:30",
        "credit": generate_credit_code("330106", 3).lower(),
        "county": "330106",
        "city": "3301",
        "score": "4",
        "permit_no": "ZJ1234",
        "scan": UPLOAD,
        "site": {"address": " 西湖区文三路 "},
        "outlets": [{"outlet_name": "1号排口", "flow": "2.5"}, {"outlet_name": "", "flow": ""}],
    }
    return {**answers, **changes}


def test_valid_answers_are_normalised_for_their_types(validator):
    cleaned = validator.validate(good())

    assert cleaned["visit_at"] == "2026-12-02T14:30:00+08:00"
    assert cleaned["credit"] == generate_credit_code("330106", 3)
    assert cleaned["score"] == 4
    assert cleaned["site"] == {"address": "西湖区文三路"}
    assert cleaned["outlets"] == [{"outlet_name": "1号排口", "flow": 2.5}]


def test_a_datetime_with_its_own_offset_keeps_it(validator):
    cleaned = validator.validate(good(visit_at="2026-12-02T06:30:00Z"))

    assert cleaned["visit_at"] == "2026-12-02T06:30:00+00:00"


@pytest.mark.parametrize("value", ["2026-12-02", "2026-02-30T10:00", "tomorrow"])
def test_a_bad_datetime_is_refused(validator, value):
    assert validator.errors(good(visit_at=value)) == [FieldError("visit_at", "format_datetime")]


def test_a_credit_code_with_a_wrong_check_character_is_refused(validator):
    code = generate_credit_code("330106", 3)
    wrong = code[:17] + ("0" if code[17] != "0" else "1")

    [error] = validator.errors(good(credit=wrong))

    assert error == FieldError("credit", "credit_code")
    assert validator.messages([error], "zh_CN") == [
        "信用代码：不是有效的统一社会信用代码（18 位，含校验位）。"
    ]


def test_a_credit_code_of_the_wrong_shape_is_refused_once(validator):
    assert validator.errors(good(credit="12345")) == [FieldError("credit", "credit_code")]


@pytest.mark.parametrize(
    ("name", "code"), [("county", "339999"), ("county", "3301"), ("city", "330106")]
)
def test_a_region_must_be_a_known_division_at_its_level(validator, name, code):
    assert validator.errors(good(**{name: code})) == [FieldError(name, "region")]


@pytest.mark.parametrize("score", [0, 6, "5.5"])
def test_a_rating_is_a_whole_number_from_1_to_5(validator, score):
    assert [error.field for error in validator.errors(good(score=score))] == ["score"]


def test_a_pattern_message_is_shown_in_the_readers_language(validator):
    [error] = validator.errors(good(permit_no="zj12"))

    assert validator.messages([error], "en") == ["Permit number: like ZJ1234"]
    assert validator.messages([error], "zh_CN") == ["许可证号：如 ZJ1234"]


def test_a_pattern_must_match_the_whole_answer(validator):
    [error] = validator.errors(good(code="12a"))

    assert validator.messages([error], "en") == ["Code: does not have the required form."]


def test_an_upload_larger_than_the_field_allows_is_refused(validator):
    errors = validator.errors(good(scan={**UPLOAD, "size": 2 * 1024 * 1024}))

    assert errors == [FieldError("scan", "max", {"limit": 1024 * 1024})]


def test_an_upload_answer_needs_its_stored_details(validator):
    errors = validator.errors(good(scan={"id": "u1"}))

    assert {error.field for error in errors} == {"scan"}


def test_a_required_field_in_a_group_is_reported_with_its_path(validator):
    errors = validator.errors(good(site={"address": " "}))

    assert errors == [FieldError("site.address", "required")]
    assert validator.messages(errors, "en") == ["Address: this answer is required."]


def test_a_required_field_in_a_row_names_the_group_and_the_row(validator):
    rows = [{"outlet_name": "1号", "flow": 1}, {"outlet_name": "", "flow": 3}]

    [error] = validator.errors(good(outlets=rows))

    assert error == FieldError("outlets.1.outlet_name", "required")
    assert validator.messages([error], "zh_CN") == ["排口 第 2 行 名称：必须填写。"]
    assert validator.messages([error], "en") == ["Outlets, row 2, Name: this answer is required."]


def test_a_bad_value_in_a_row_is_reported_at_its_row(validator):
    errors = validator.errors(good(outlets=[{"outlet_name": "a", "flow": -1}]))

    assert errors == [FieldError("outlets.0.flow", "min", {"limit": 0})]


def test_too_many_rows_are_refused_naming_the_group(validator):
    rows = [{"outlet_name": str(n)} for n in range(3)]

    [error] = validator.errors(good(outlets=rows))

    assert error == FieldError("outlets", "max_rows", {"limit": 2})
    assert validator.messages([error], "en") == ["Outlets: fill in at most 2 rows."]


def test_fewer_rows_than_the_minimum_are_refused(validator):
    rows = [{"outlet_name": "", "flow": ""}]

    assert validator.errors(good(outlets=rows)) == [FieldError("outlets", "min_rows", {"limit": 1})]


def test_an_unknown_key_inside_a_row_is_reported_at_its_path(validator):
    errors = validator.errors(good(outlets=[{"outlet_name": "a", "colour": "red"}]))

    assert errors == [FieldError("outlets.0.colour", "unknown_field")]


def test_errors_come_in_the_order_of_the_form_rows_in_order(validator):
    answers = good(score=9, outlets=[{"flow": 1}, {"flow": -1}], visit_at="x")

    errors = validator.errors(answers)

    assert [error.field for error in errors] == [
        "visit_at",
        "score",
        "outlets.0.outlet_name",
        "outlets.1.outlet_name",
        "outlets.1.flow",
    ]


def test_invalid_answers_raise_with_messages_naming_rows(validator):
    with pytest.raises(InvalidSubmission) as caught:
        validator.validate(good(outlets=[{"flow": 1}]))

    assert caught.value.field_errors("en") == {
        "outlets.0.outlet_name": ["Outlets, row 1, Name: this answer is required."]
    }
