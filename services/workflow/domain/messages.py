"""User-facing messages of the workflow domain in zh-CN and en, keyed by rule code."""

from __future__ import annotations

ZH_CN = "zh-CN"
EN = "en"

#: Message templates by rule code; ``{field}`` and ``{value}`` are filled in by the error.
MESSAGES: dict[str, dict[str, str]] = {
    "required": {
        ZH_CN: "{field}：必填。",
        EN: "{field}: this field is required.",
    },
    "blank": {
        ZH_CN: "{field}：不能为空白。",
        EN: "{field}: must not be blank.",
    },
    "not_object": {
        ZH_CN: "{field}：应为对象（键值对）。",
        EN: "{field}: must be an object of keys and values.",
    },
    "not_string": {
        ZH_CN: "{field}：应为文本。",
        EN: "{field}: must be text.",
    },
    "not_integer": {
        ZH_CN: "{field}：应为整数。",
        EN: "{field}: must be a whole number.",
    },
    "not_boolean": {
        ZH_CN: "{field}：应为是或否（true / false）。",
        EN: "{field}: must be true or false.",
    },
    "not_list": {
        ZH_CN: "{field}：应为列表。",
        EN: "{field}: must be a list.",
    },
    "not_scalar": {
        ZH_CN: "{field}：应为文本、数字或是否，不能是列表或对象。",
        EN: "{field}: must be text, a number or true/false, not a list or an object.",
    },
    "empty_list": {
        ZH_CN: "{field}：列表至少要有一项。",
        EN: "{field}: the list needs at least one item.",
    },
    "unknown_field": {
        ZH_CN: "{field}：不认识的字段。",
        EN: "{field}: unknown field.",
    },
    "unknown_op": {
        ZH_CN: "{field}：不认识的运算“{value}”，可用 eq、ne、in、contains、exists。",
        EN: "{field}: unknown operator “{value}”; use eq, ne, in, contains or exists.",
    },
    "unknown_target": {
        ZH_CN: (
            "{field}：不认识的分派对象“{value}”，可用 paired_liaison、"
            "county_default_department、department:<部门代码> 或 org_unit:<组织编号>。"
        ),
        EN: (
            "{field}: unknown target “{value}”; use paired_liaison, "
            "county_default_department, department:<code> or org_unit:<id>."
        ),
    },
    "value_not_allowed": {
        ZH_CN: "{field}：exists 条件不带取值；要判断“未填写”，请换一种条件。",
        EN: "{field}: an exists condition takes no value; to test for “not answered”, "
        "use another condition.",
    },
    "deadline_range": {
        ZH_CN: "{field}：办理时限应为 1 到 365 个工作日。",
        EN: "{field}: the deadline must be between 1 and 365 working days.",
    },
    "priority_range": {
        ZH_CN: "{field}：优先级应为 0 到 9999 之间的整数。",
        EN: "{field}: the priority must be between 0 and 9999.",
    },
    "too_long": {
        ZH_CN: "{field}：太长了，最多 {value} 个字符。",
        EN: "{field}: too long; at most {value} characters.",
    },
    "year_range": {
        ZH_CN: "{field}：结对年度应为 2000 到 2099 之间的年份。",
        EN: "{field}: the pairing year must be between 2000 and 2099.",
    },
    "unknown_enterprise": {
        ZH_CN: "{field}：在您的辖区内找不到企业“{value}”。",
        EN: "{field}: there is no enterprise “{value}” in your area.",
    },
    "unknown_person": {
        ZH_CN: "{field}：找不到人员“{value}”。",
        EN: "{field}: there is no person “{value}”.",
    },
    "not_liaison": {
        ZH_CN: "{field}：该人员没有联络员角色。",
        EN: "{field}: this person does not have the liaison role.",
    },
    "not_contact_leader": {
        ZH_CN: "{field}：该人员没有联系领导角色。",
        EN: "{field}: this person does not have the contact leader role.",
    },
    "outside_county": {
        ZH_CN: "{field}：该人员不属于企业所在区县。",
        EN: "{field}: this person does not belong to the enterprise's county.",
    },
    "already_paired": {
        ZH_CN: "{field}：该企业 {year} 年度已有结对，一家企业每年只能有一个结对。",
        EN: "{field}: this enterprise is already paired for {year}; "
        "an enterprise has one pairing a year.",
    },
    "rule_exists": {
        ZH_CN: "{field}：本单位已有编号为“{value}”的分派规则。",
        EN: "{field}: your org unit already has a routing rule “{value}”.",
    },
    "unknown_org_unit": {
        ZH_CN: "{field}：在您的辖区内找不到组织机构“{value}”。",
        EN: "{field}: there is no org unit “{value}” in your area.",
    },
    "unknown_department": {
        ZH_CN: "{field}：您的辖区内没有代码为“{value}”的部门。",
        EN: "{field}: no department in your area has the code “{value}”.",
    },
    "not_date": {
        ZH_CN: "{field}：“{value}”不是有效的日期，请写成 2027-02-10 这样的格式。",
        EN: "{field}: “{value}” is not a date; write it like 2027-02-10.",
    },
    "day_range": {
        ZH_CN: "{field}：“{value}”的年份应在 2000 到 2099 之间。",
        EN: "{field}: the year of “{value}” must be between 2000 and 2099.",
    },
    "unknown_kind": {
        ZH_CN: "{field}：只能是放假（holiday）或上班（workday），不能是“{value}”。",
        EN: "{field}: must be a day off (holiday) or a working day (workday), not “{value}”.",
    },
    "override_exists": {
        ZH_CN: "{field}：{value} 已有一条调整；要改，请先删除它。",
        EN: "{field}: {value} already has an override; remove it first to change it.",
    },
    "override_not_found": {
        ZH_CN: "{field}：{value} 没有调整。",
        EN: "{field}: {value} has no override.",
    },
    "calendar_province_only": {
        ZH_CN: "只有省级管理员可以修改工作日历。",
        EN: "Only the province administrator may change the working-day calendar.",
    },
    "ticket_not_found": {
        ZH_CN: "未找到该工单。",
        EN: "Ticket not found.",
    },
    "not_assignee": {
        ZH_CN: "只有承办人或本辖区管理员可以办理该工单。",
        EN: "Only the assignee or an administrator of this area can act on this ticket.",
    },
    "illegal_transition": {
        ZH_CN: "{status}的工单不能{action}。",
        EN: "A ticket that is {status} cannot be {action}.",
    },
    "note_required": {
        ZH_CN: "办结工单须填写办理情况说明。",
        EN: "Resolving a ticket needs a note saying what was done.",
    },
    "no_route": {
        ZH_CN: "表单“{form_key}”的事项无处分派：企业未结对，{county_id} 也未设默认部门。",
        EN: "Nowhere to assign a “{form_key}” matter: the enterprise is not paired and "
        "county {county_id} has no default department.",
    },
}

#: Words put into messages in place of status and action codes.
LABELS: dict[str, dict[str, str]] = {
    ZH_CN: {
        "field.day": "日期",
        "field.kind": "类型",
        "field.note": "说明",
        "field.override": "调整",
        "status.assigned": "已分派",
        "status.accepted": "已受理",
        "status.resolved": "已办结",
        "status.closed": "已销号",
        "action.accept": "受理",
        "action.resolve": "办结",
        "action.close": "销号",
    },
    EN: {
        "field.day": "Date",
        "field.kind": "Kind",
        "field.note": "Note",
        "field.override": "Override",
        "status.assigned": "assigned",
        "status.accepted": "accepted",
        "status.resolved": "resolved",
        "status.closed": "closed",
        "action.accept": "accepted",
        "action.resolve": "resolved",
        "action.close": "closed",
    },
}


def language(lang: str | None) -> str:
    """The supported language closest to ``lang``: zh-CN for any Chinese tag, else en."""
    tag = (lang or "").replace("_", "-").lower()
    return ZH_CN if tag.startswith("zh") else EN


def message(rule: str, lang: str | None = EN, **params: object) -> str:
    """The message for ``rule`` in ``lang``, with ``params`` filled in.

    Raises KeyError for a rule without a message, so a missing text fails loudly in tests.
    """
    return MESSAGES[rule][language(lang)].format(**params)


def label(kind: str, code: str, lang: str | None = EN) -> str:
    """The word for a status, action or field ``code`` in ``lang``; the code itself if
    unknown."""
    return LABELS[language(lang)].get(f"{kind}.{code}", code)
