"""User-facing messages of the directory domain, in zh-CN and en.

Each message names the field and the rule it breaks. ``{position}`` is the 1-based position
of the offending character in the code.
"""

CREDIT_CODE_MESSAGES: dict[str, dict[str, str]] = {
    "length": {
        "zh_CN": "统一社会信用代码必须是 18 位字符。",
        "en": "The unified social credit code must be exactly 18 characters long.",
    },
    "charset": {
        "zh_CN": (
            "统一社会信用代码第 {position} 位字符无效：只能使用数字 0–9 和大写英文字母"
            "（不使用 I、O、Z、S、V）。"
        ),
        "en": (
            "The unified social credit code has an invalid character at position {position}: "
            "only digits 0–9 and capital letters other than I, O, Z, S and V are allowed."
        ),
    },
    "registration_authority": {
        "zh_CN": "统一社会信用代码第 1 位（登记管理部门代码）不是有效的登记管理部门代码。",
        "en": (
            "The unified social credit code's position 1 (registration authority code) "
            "is not a known registration authority."
        ),
    },
    "entity_type": {
        "zh_CN": "统一社会信用代码第 2 位（机构类别代码）不属于该登记管理部门的机构类别。",
        "en": (
            "The unified social credit code's position 2 (entity type code) is not an entity "
            "type of its registration authority."
        ),
    },
    "division": {
        "zh_CN": (
            "统一社会信用代码第 {position} 位应为数字：第 3–8 位是登记管理机关行政区划码，"
            "由 6 位数字组成。"
        ),
        "en": (
            "The unified social credit code must have a digit at position {position}: "
            "positions 3–8 are the six-digit administrative division code."
        ),
    },
    "check_character": {
        "zh_CN": "统一社会信用代码第 18 位校验码不正确，请核对代码是否输错。",
        "en": (
            "The unified social credit code's check character (position 18) does not match "
            "the first 17 characters; please check the code for typing errors."
        ),
    },
}
