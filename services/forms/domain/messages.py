"""The bilingual (zh_CN, en) message catalogue of the forms domain.

Every user-facing text about form definitions and submissions comes from the two
catalogues below, keyed by rule. A template's ``{placeholders}`` are filled from the
error's parameters; ``{label}`` is the field's label in the reader's language and
``{expected}`` is a JSON type name, translated through ``TYPE_NAMES``.
"""

from __future__ import annotations

from typing import Any

LOCALES = ("zh_CN", "en")

#: JSON Schema type names as readers see them.
TYPE_NAMES = {
    "string": {"zh_CN": "文本", "en": "text"},
    "integer": {"zh_CN": "整数", "en": "a whole number"},
    "number": {"zh_CN": "数字", "en": "a number"},
    "boolean": {"zh_CN": "“是”或“否”", "en": "yes or no"},
    "array": {"zh_CN": "列表", "en": "a list"},
    "object": {"zh_CN": "对象", "en": "an object"},
}

#: Rules a submission can break; each message names the field by its label.
SUBMISSION_MESSAGES = {
    "required": {"zh_CN": "{label}：必须填写。", "en": "{label}: this answer is required."},
    "unknown_field": {
        "zh_CN": "{label}：表单中没有这一项。",
        "en": "{label}: this form has no such field.",
    },
    "type": {"zh_CN": "{label}：必须是{expected}。", "en": "{label}: must be {expected}."},
    "max_length": {
        "zh_CN": "{label}：不能超过 {limit} 个字。",
        "en": "{label}: must be at most {limit} characters long.",
    },
    "min": {"zh_CN": "{label}：不能小于 {limit}。", "en": "{label}: must be at least {limit}."},
    "max": {"zh_CN": "{label}：不能大于 {limit}。", "en": "{label}: must be at most {limit}."},
    "phone": {
        "zh_CN": "{label}：请填写手机号码（如 13812345678）"
        "或带区号的固定电话（如 0571-87654321）。",
        "en": "{label}: must be a mainland China mobile number (such as 13812345678) "
        "or a landline number with its area code (such as 0571-87654321).",
    },
    "format_date": {
        "zh_CN": "{label}：必须是有效日期，格式为 YYYY-MM-DD。",
        "en": "{label}: must be a valid date written as YYYY-MM-DD.",
    },
    "format_email": {
        "zh_CN": "{label}：必须是有效的电子邮箱地址。",
        "en": "{label}: must be a valid e-mail address.",
    },
    "choice": {
        "zh_CN": "{label}：“{value}”不是可选项。",
        "en": "{label}: “{value}” is not one of the choices.",
    },
    "min_items": {
        "zh_CN": "{label}：至少选择 {limit} 项。",
        "en": "{label}: choose at least {limit}.",
    },
    "max_items": {
        "zh_CN": "{label}：最多选择 {limit} 项。",
        "en": "{label}: choose at most {limit}.",
    },
    "unique": {
        "zh_CN": "{label}：同一选项只能选择一次。",
        "en": "{label}: each choice may be chosen only once.",
    },
    "invalid": {"zh_CN": "{label}：填写的内容无效。", "en": "{label}: this answer is not valid."},
    "pattern": {
        "zh_CN": "{label}：格式不符合要求。",
        "en": "{label}: does not have the required form.",
    },
    "pattern_message": {"zh_CN": "{label}：{message}", "en": "{label}: {message}"},
    "credit_code": {
        "zh_CN": "{label}：不是有效的统一社会信用代码（18 位，含校验位）。",
        "en": "{label}: must be a valid unified social credit code (18 characters "
        "with its check character).",
    },
    "region": {
        "zh_CN": "{label}：请选择行政区划。",
        "en": "{label}: choose a division from the list.",
    },
    "format_datetime": {
        "zh_CN": "{label}：必须是有效的日期和时间。",
        "en": "{label}: must be a valid date and time.",
    },
    "min_rows": {
        "zh_CN": "{label}：至少填写 {limit} 行。",
        "en": "{label}: fill in at least {limit} rows.",
    },
    "max_rows": {
        "zh_CN": "{label}：最多填写 {limit} 行。",
        "en": "{label}: fill in at most {limit} rows.",
    },
    "upload": {
        "zh_CN": "{label}：找不到您为这一项上传的这个文件，或它已随其他申请提交，请重新上传。",
        "en": "{label}: this is not a file you uploaded for this field, or it was already "
        "filed with another submission; please upload it again.",
    },
    "max_size": {
        "zh_CN": "{label}：文件不能超过 {limit} MB。",
        "en": "{label}: the file must be at most {limit} MB.",
    },
    "accept": {
        "zh_CN": "{label}：只接受以下类型的文件：{accepted}。",
        "en": "{label}: only these kinds of file are accepted: {accepted}.",
    },
}

#: How a message names a field in a row of a repeating group.
ROW_LABEL = {"zh_CN": "{group} 第 {row} 行 {label}", "en": "{group}, row {row}, {label}"}

#: Rules a form definition can break; the error tree's path says where.
DEFINITION_MESSAGES = {
    "required": {"zh_CN": "缺少必填项。", "en": "Missing data for required key."},
    "null": {"zh_CN": "不能为 null。", "en": "Must not be null."},
    "unknown_key": {"zh_CN": "不支持的键。", "en": "Unknown key."},
    "type": {"zh_CN": "必须是{expected}。", "en": "Must be {expected}."},
    "blank": {"zh_CN": "不能为空白。", "en": "Must not be blank."},
    "too_long": {
        "zh_CN": "不能超过 {limit} 个字符。",
        "en": "Must be at most {limit} characters long.",
    },
    "key_format": {
        "zh_CN": "必须是小写字母开头、以连字符分隔的标识，如 enterprise-request。",
        "en": "Must be a lowercase slug such as 'enterprise-request'.",
    },
    "name_format": {
        "zh_CN": "必须是小写字母开头、以下划线分隔的标识，如 contact_phone。",
        "en": "Must be a lowercase snake_case identifier such as 'contact_phone'.",
    },
    "value_format": {
        "zh_CN": "只能包含小写字母、数字、下划线和连字符，如 eia_approval。",
        "en": "Must hold only lowercase letters, digits, '_' and '-', such as 'eia_approval'.",
    },
    "unknown_type": {
        "zh_CN": "未知的字段类型“{value}”，可用类型：{choices}。",
        "en": "Unknown field type '{value}'; use one of: {choices}.",
    },
    "duplicate_name": {"zh_CN": "字段名“{name}”重复。", "en": "Duplicate field name '{name}'."},
    "duplicate_value": {
        "zh_CN": "选项值“{value}”重复。",
        "en": "Duplicate option value '{value}'.",
    },
    "range_order": {
        "zh_CN": "不能大于 {other}（{limit}）。",
        "en": "Must not be greater than {other} ({limit}).",
    },
    "at_least": {"zh_CN": "不能小于 {limit}。", "en": "Must be at least {limit}."},
    "at_most": {"zh_CN": "不能大于 {limit}。", "en": "Must be at most {limit}."},
    "empty": {"zh_CN": "至少需要一项。", "en": "Must have at least one item."},
    "too_many": {"zh_CN": "最多 {limit} 项。", "en": "Must have at most {limit} items."},
    "not_finite": {"zh_CN": "必须是有限的数字。", "en": "Must be a finite number."},
    "invalid": {"zh_CN": "值无效。", "en": "Invalid value."},
    "no_text": {
        "zh_CN": "请至少填写中文或英文中的一种。",
        "en": "Give the text in Chinese or in English (the other may be left empty).",
    },
    "not_in_group": {
        "zh_CN": "分组内不能放置“{value}”类型的字段。",
        "en": "A field of type '{value}' cannot be placed inside a group.",
    },
    "one_of": {
        "zh_CN": "“{value}”不是可选值，可选：{choices}。",
        "en": "'{value}' is not allowed; use one of: {choices}.",
    },
    "duplicate_item": {"zh_CN": "“{value}”重复。", "en": "'{value}' is listed twice."},
    "requires_key": {
        "zh_CN": "只能与 {other} 一起使用。",
        "en": "Only allowed together with {other}.",
    },
    "self_reference": {
        "zh_CN": "条件不能引用字段自身（{name}）。",
        "en": "A condition cannot name its own field ({name}).",
    },
    "not_computable": {
        "zh_CN": "“{value}”类型的字段不能自动计算。",
        "en": "A field of type '{value}' cannot be computed.",
    },
    "conflicting_keys": {
        "zh_CN": "不能与 {other} 同时使用。",
        "en": "Cannot be used together with {other}.",
    },
    "no_default": {
        "zh_CN": "“{value}”类型的字段不能有默认值。",
        "en": "A field of type '{value}' cannot have a default.",
    },
    "default_invalid": {
        "zh_CN": "默认值不符合该字段的规则。",
        "en": "The default is not a valid answer to this field.",
    },
    "reserved_name": {
        "zh_CN": "“{name}”是表达式的保留字，不能用作字段名。",
        "en": "'{name}' is a word of the expression language and cannot name a field.",
    },
    "unknown_option_list": {
        "zh_CN": "没有可用于本表单的选项列表“{value}”。",
        "en": "There is no option list '{value}' this form may use.",
    },
    "pattern_invalid": {
        "zh_CN": "不是有效的正则表达式：{reason}",
        "en": "Not a valid regular expression: {reason}",
    },
}


#: Kinds of expression values as readers see them.
KIND_NAMES = {
    "string": {"zh_CN": "文本", "en": "text"},
    "number": {"zh_CN": "数字", "en": "number"},
    "boolean": {"zh_CN": "是否", "en": "yes-or-no"},
    "date": {"zh_CN": "日期", "en": "date"},
    "datetime": {"zh_CN": "日期时间", "en": "date and time"},
    "list": {"zh_CN": "列表", "en": "list"},
    "object": {"zh_CN": "分组", "en": "group"},
}

#: Rules an expression (``visible_if``, ``required_if``, ``computed``) can break. Kinds
#: arrive as ``KIND_NAMES`` entries, so each language picks its own word.
EXPRESSION_MESSAGES = {
    "expression_syntax": {
        "zh_CN": "表达式第 {position} 个字符处（“{near}”附近）无法识别。",
        "en": "Cannot read the expression at character {position} (near “{near}”).",
    },
    "expression_too_long": {
        "zh_CN": "表达式有 {length} 个字符，不能超过 {limit} 个。",
        "en": "The expression is {length} characters long; at most {limit} are allowed.",
    },
    "expression_too_deep": {
        "zh_CN": "表达式嵌套超过 {limit} 层。",
        "en": "The expression is nested more than {limit} levels deep.",
    },
    "unknown_reference": {
        "zh_CN": "表达式引用的字段“{name}”不存在（或在此处不可用）。",
        "en": "The expression names the field “{name}”, which does not exist here.",
    },
    "incompatible_types": {
        "zh_CN": "“{op}”不能用于{left}和{right}之间。",
        "en": "“{op}” cannot be used between {left} and {right}.",
    },
    "not_an_option": {
        "zh_CN": "“{value}”不是字段“{name}”的可选项。",
        "en": "“{value}” is not one of the options of the field “{name}”.",
    },
    "not_boolean": {
        "zh_CN": "“{expression}”的类型是{kind}，而“且”“或”“非”只能连接是否条件。",
        "en": "“{expression}” is of kind {kind}, but “and”, “or” and “not” need yes-or-no "
        "conditions.",
    },
    "not_number": {
        "zh_CN": "“{expression}”的类型是{kind}，只有数字可以参与运算。",
        "en": "“{expression}” is of kind {kind}, but arithmetic needs numbers.",
    },
    "not_condition": {
        "zh_CN": "条件必须得出“是”或“否”，这个表达式得出的类型是{kind}。",
        "en": "A condition must give yes or no; this expression gives a value of kind {kind}.",
    },
    "computed_type": {
        "zh_CN": "计算结果的类型是{kind}，但该字段需要{wanted}类型。",
        "en": "The computed value is of kind {kind}, but the field holds {wanted}.",
    },
    "computed_cycle": {
        "zh_CN": "计算字段相互依赖，形成循环：{names}。",
        "en": "Computed fields depend on each other in a cycle: {names}.",
    },
}
DEFINITION_MESSAGES.update(EXPRESSION_MESSAGES)


def render(catalogue: dict, rule: str, params: dict[str, Any], locale: str) -> str:
    """Render ``rule`` from ``catalogue`` in ``locale``.

    :param catalogue: ``SUBMISSION_MESSAGES`` or ``DEFINITION_MESSAGES``.
    :param params: the template's values; ``expected`` is translated as a type name.
    :param locale: one of ``LOCALES``.
    :raises ValueError: if ``locale`` is not supported.
    """
    if locale not in LOCALES:
        raise ValueError(f"Unsupported locale {locale!r}; use one of {LOCALES}.")
    values = {
        key: text_of(value, locale) if is_texts(value) else value for key, value in params.items()
    }
    if "expected" in values:
        values["expected"] = TYPE_NAMES[values["expected"]][locale]
    return catalogue[rule][locale].format(**values)


def is_texts(value: Any) -> bool:
    """Whether ``value`` is a text in several languages (``{"zh_CN": ..., "en": ...}``)."""
    return isinstance(value, dict) and bool(value) and set(value) <= set(LOCALES)


def text_of(texts: dict | None, locale: str) -> str:
    """A bilingual text in ``locale``, or in the other language when that one is blank."""
    texts = texts or {}
    return texts.get(locale) or next((text for text in texts.values() if text), "")


class Problem(str):
    """A definition error message: English text that keeps its rule and parameters.

    marshmallow stores error messages as strings, so a ``Problem`` travels through its
    error tree unchanged and can be rendered again in another language by ``localise``.
    """

    rule: str
    params: dict[str, Any]

    def __new__(cls, rule: str, **params: Any) -> Problem:
        problem = super().__new__(cls, render(DEFINITION_MESSAGES, rule, params, "en"))
        problem.rule = rule
        problem.params = params
        return problem

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, Any]]:
        # Lets copy and pickle rebuild a problem from its rule rather than its text.
        return (self.rule,), self.params

    def format(self, *args: Any, **kwargs: Any) -> Problem:
        """Return the problem itself: marshmallow formats field messages with the bad
        input, which a problem does not show."""
        return self

    def render(self, locale: str) -> str:
        """The message in ``locale``."""
        return render(DEFINITION_MESSAGES, self.rule, self.params, locale)


def localise(tree: Any, locale: str) -> Any:
    """Render every ``Problem`` in a marshmallow error tree in ``locale``; keep the shape."""
    if isinstance(tree, dict):
        return {key: localise(value, locale) for key, value in tree.items()}
    if isinstance(tree, list):
        return [localise(item, locale) for item in tree]
    if isinstance(tree, Problem):
        return tree.render(locale)
    return tree
