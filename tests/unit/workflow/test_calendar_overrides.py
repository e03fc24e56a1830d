"""A calendar override request is untrusted: each refusal names the field, in words of
zh-CN and en, and the rule it breaks."""

from datetime import date

import pytest

from services.workflow.domain.calendar import (
    NOTE_MAX_LENGTH,
    OverrideInput,
    may_edit_calendar,
    validate_override_input,
)
from services.workflow.domain.errors import InvalidCalendarOverride
from services.workflow.domain.messages import EN, ZH_CN

GOOD = {"day": "2027-02-08", "kind": "holiday", "note": "国办发明电〔2026〕号：春节"}


def refusal(**changes) -> InvalidCalendarOverride:
    data = {key: value for key, value in {**GOOD, **changes}.items() if value is not ...}
    with pytest.raises(InvalidCalendarOverride) as caught:
        validate_override_input(data)
    return caught.value


def test_good_request_reads_the_day_and_trims_the_note():
    found = validate_override_input({**GOOD, "day": " 2027-02-08 ", "note": "  New Year  "})

    assert found == OverrideInput(date(2027, 2, 8), "holiday", "New Year")


@pytest.mark.parametrize(
    "day", ["2026-02-30", "tomorrow", "2026/02/10", "20260210", "2026-2-1", 20260210, ["x"]]
)
def test_day_that_is_not_a_date_is_refused(day):
    error = refusal(day=day)

    assert (error.field, error.rule) == ("day", "not_date")


def test_day_message_names_the_field_in_both_languages():
    error = refusal(day="2026-02-30")

    assert error.message(EN) == "Date: “2026-02-30” is not a date; write it like 2027-02-10."
    assert error.message(ZH_CN).startswith("日期：“2026-02-30”不是有效的日期")


@pytest.mark.parametrize(("day", "rule"), [(..., "required"), ("", "required")])
def test_missing_day_is_refused(day, rule):
    assert (refusal(day=day).field, refusal(day=day).rule) == ("day", rule)


def test_day_outside_2000_to_2099_is_refused():
    assert refusal(day="1999-12-31").rule == "day_range"


@pytest.mark.parametrize("kind", ["weekend", "HOLIDAY", 1])
def test_kind_not_in_the_list_is_refused(kind):
    error = refusal(kind=kind)

    assert (error.field, error.rule) == ("kind", "unknown_kind")
    assert error.message(EN).startswith("Kind: must be a day off (holiday) or a working day")
    assert error.message(ZH_CN).startswith("类型：只能是放假（holiday）或上班（workday）")


def test_missing_kind_is_refused():
    assert (refusal(kind=...).field, refusal(kind=...).rule) == ("kind", "required")


def test_note_too_long_is_refused_with_the_limit():
    error = refusal(note="长" * (NOTE_MAX_LENGTH + 1))

    assert (error.field, error.rule) == ("note", "too_long")
    assert error.message(ZH_CN) == f"说明：太长了，最多 {NOTE_MAX_LENGTH} 个字符。"
    assert error.message(EN) == f"Note: too long; at most {NOTE_MAX_LENGTH} characters."


@pytest.mark.parametrize(
    ("note", "rule"), [(..., "required"), ("  ", "required"), (5, "not_string")]
)
def test_missing_or_blank_note_is_refused(note, rule):
    assert (refusal(note=note).field, refusal(note=note).rule) == ("note", rule)


def test_unknown_field_is_refused():
    assert (refusal(colour="red").field, refusal(colour="red").rule) == ("colour", "unknown_field")


def test_body_that_is_not_an_object_is_refused():
    with pytest.raises(InvalidCalendarOverride) as caught:
        validate_override_input(["2027-02-08"])

    assert caught.value.message(EN) == "Override: must be an object of keys and values."


def test_only_the_province_administrator_may_edit_the_calendar():
    assert may_edit_calendar(("province_admin",))
    assert not may_edit_calendar(("city_admin", "county_admin"))
