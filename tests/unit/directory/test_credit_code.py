"""The unified social credit code of GB 32100-2015: what passes, what is refused and why."""

import pytest

from services.directory.domain.credit_code import (
    InvalidCreditCode,
    credit_code_check_character,
    generate_credit_code,
    organisation_code_check_character,
    validate_credit_code,
)
from services.directory.domain.messages import CREDIT_CODE_MESSAGES

#: Codes published by the companies themselves or by their public registration records.
ALIBABA = "91330100716105852F"  # 阿里巴巴（中国）网络技术有限公司, Hangzhou
TENCENT = "91440300708461136T"  # 腾讯科技（深圳）有限公司, Shenzhen
HUAWEI = "914403001922038216"  # 华为技术有限公司, Shenzhen
PUBLISHED_CODES = (ALIBABA, TENCENT, HUAWEI)

RULES = ("length", "charset", "registration_authority", "entity_type", "division")


def refusal(code: str) -> InvalidCreditCode:
    with pytest.raises(InvalidCreditCode) as caught:
        validate_credit_code(code)
    return caught.value


@pytest.mark.parametrize("code", PUBLISHED_CODES)
def test_published_codes_of_real_companies_are_valid(code):
    assert validate_credit_code(code) == code


def test_validation_strips_white_space_and_upper_cases_letters():
    assert validate_credit_code(" 91330100716105852f\n") == ALIBABA


def test_full_width_characters_from_a_chinese_input_method_are_folded_to_ascii():
    assert validate_credit_code("９１３３０１００７１６１０５８５２Ｆ") == ALIBABA


@pytest.mark.parametrize(
    "altered",
    [
        "91330100716105852G",  # check character changed
        "91330100716105853F",  # organisation code's last digit changed
        "91330100761105852F",  # two adjacent characters swapped
        "91330200716105852F",  # division changed
        "914403001922038217",  # Huawei's check character changed
        "91440300708461163T",  # Tencent with two adjacent digits swapped
    ],
)
def test_altered_published_codes_are_refused_for_their_check_character(altered):
    error = refusal(altered)

    assert (error.rule, error.position) == ("check_character", 18)


@pytest.mark.parametrize("code", ["", "9133010071610585", ALIBABA[:17], ALIBABA + "0"])
def test_codes_not_18_characters_long_break_the_length_rule(code):
    error = refusal(code)

    assert (error.rule, error.position) == ("length", None)


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V", "-", " ", "中"])
def test_characters_outside_the_charset_are_refused_at_their_position(letter):
    code = ALIBABA[:11] + letter + ALIBABA[12:]

    error = refusal(code)

    assert (error.rule, error.position) == ("charset", 12)


@pytest.mark.parametrize("authority", ["0", "B", "M", "X"])
def test_unknown_registration_authority_is_refused(authority):
    error = refusal(authority + ALIBABA[1:])

    assert (error.rule, error.position) == ("registration_authority", 1)


@pytest.mark.parametrize("prefix", ["94", "99", "54", "Y2", "A2", "N4", "24", "10"])
def test_entity_type_that_its_registration_authority_does_not_have_is_refused(prefix):
    error = refusal(prefix + ALIBABA[2:])

    assert (error.rule, error.position) == ("entity_type", 2)


@pytest.mark.parametrize(
    "prefix",
    ["11", "12", "13", "19", "21", "29", "31", "35", "39", "41", "49", "51", "52", "53", "59"]
    + ["61", "62", "69", "71", "72", "79", "81", "89", "91", "92", "93", "A1", "A9"]
    + ["N1", "N2", "N3", "N9", "Y1"],
)
def test_every_entity_type_of_the_standard_table_is_accepted(prefix):
    code = generate_credit_code(
        "330102", 7, registration_authority=prefix[0], entity_type=prefix[1]
    )

    assert validate_credit_code(code) == code


@pytest.mark.parametrize("position", [3, 5, 8])
def test_letter_in_the_division_code_is_refused_at_its_position(position):
    code = ALIBABA[: position - 1] + "A" + ALIBABA[position:]

    error = refusal(code)

    assert (error.rule, error.position) == ("division", position)


def test_the_first_broken_rule_is_the_one_reported():
    error = refusal("0I33")

    assert error.rule == "length"


def test_check_character_of_published_codes_is_their_last_character():
    assert [credit_code_check_character(code[:17]) for code in PUBLISHED_CODES] == ["F", "T", "6"]


def test_check_character_is_zero_when_the_weighted_sum_is_a_multiple_of_31():
    assert credit_code_check_character("0" * 17) == "0"


@pytest.mark.parametrize(
    "first17", ["9133010071610585", ALIBABA, "91330100716105I52", "9" * 17 + "o"]
)
def test_check_character_needs_17_characters_of_the_charset(first17):
    with pytest.raises(ValueError):
        credit_code_check_character(first17)


@pytest.mark.parametrize(
    ("body", "expected"),
    [("71610585", "2"), ("70846113", "6"), ("19220382", "1"), ("MA1H8R7C", "4")]
    + [("12345677", "X"), ("12345671", "0")],
)
def test_organisation_code_check_character_follows_gb_11714(body, expected):
    assert organisation_code_check_character(body) == expected


@pytest.mark.parametrize("body", ["7161058", "716105852", "7161058a", "7161-585"])
def test_organisation_code_check_character_needs_8_digits_or_capital_letters(body):
    with pytest.raises(ValueError):
        organisation_code_check_character(body)


def test_generated_code_is_valid_and_the_same_for_the_same_arguments():
    code = generate_credit_code(division="330102", serial=1)

    assert validate_credit_code(code) == code == generate_credit_code("330102", 1)


def test_generated_code_is_an_enterprise_of_its_division_with_a_valid_organisation_code():
    code = generate_credit_code(division="330127", serial=42)

    assert code[:8] == "91330127"
    assert code[8:16] == "QQ000042"
    assert organisation_code_check_character(code[8:16]) == code[16]


def test_generated_codes_of_different_serials_differ():
    codes = {generate_credit_code("330102", serial) for serial in range(200)}

    assert len(codes) == 200


@pytest.mark.parametrize("serial", [-1, 1_000_000])
def test_generating_with_a_serial_outside_six_digits_is_refused(serial):
    with pytest.raises(ValueError):
        generate_credit_code("330102", serial)


@pytest.mark.parametrize(
    ("division", "registration_authority", "entity_type", "rule"),
    [
        ("33010", "9", "1", "length"),
        ("3301A2", "9", "1", "division"),
        ("330102", "B", "1", "registration_authority"),
        ("330102", "9", "4", "entity_type"),
    ],
)
def test_generating_with_a_bad_part_names_the_broken_rule(
    division, registration_authority, entity_type, rule
):
    with pytest.raises(InvalidCreditCode) as caught:
        generate_credit_code(division, 1, registration_authority, entity_type)

    assert caught.value.rule == rule


@pytest.mark.parametrize("rule", [*RULES, "check_character"])
def test_every_rule_has_a_message_in_both_languages_naming_the_field(rule):
    messages = CREDIT_CODE_MESSAGES[rule]

    assert "统一社会信用代码" in messages["zh_CN"]
    assert "unified social credit code" in messages["en"]


def test_refusal_names_the_field_the_rule_and_the_position_in_the_users_language():
    error = refusal(ALIBABA[:11] + "O" + ALIBABA[12:])

    assert error.field == "credit_code"
    assert error.status == 422
    assert "第 12 位" in error.message("zh_CN")
    assert "第 12 位" in error.message("zh-CN")
    assert "position 12" in error.message("en") == str(error)


def test_refusal_in_an_unknown_language_falls_back_to_english():
    error = refusal("91")

    assert error.message("fr") == CREDIT_CODE_MESSAGES["length"]["en"]
