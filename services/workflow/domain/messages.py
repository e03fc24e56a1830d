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
    "not_json": {
        ZH_CN: '{field}：不是有效的 JSON，例如 {{"category": "permit"}}。',
        EN: '{field}: this is not valid JSON, such as {{"category": "permit"}}.',
    },
    "unknown_enterprise_attribute": {
        ZH_CN: "{field}：不认识的企业属性“{value}”，可用 enterprise.scale（规模）或 "
        "enterprise.types（类型）。",
        EN: "{field}: unknown enterprise attribute “{value}”; use enterprise.scale or "
        "enterprise.types.",
    },
    "unknown_scale": {
        ZH_CN: "{field}：不认识的企业规模“{value}”，可用 large（大型）、medium（中型）、"
        "small（小型）、micro（微型）。",
        EN: "{field}: unknown enterprise scale “{value}”; use large, medium, small or micro.",
    },
    "unknown_types": {
        ZH_CN: "{field}：不认识的企业类型“{value}”，可用 traditional（传统产业）、"
        "strategic_emerging（战略性新兴产业）、key_pollutant_discharge（重点排污单位）、"
        "third_party_governance（第三方治理企业）。",
        EN: "{field}: unknown enterprise type “{value}”; use traditional, "
        "strategic_emerging, key_pollutant_discharge or third_party_governance.",
    },
    "rule_not_found": {
        ZH_CN: "{field}：本单位没有编号为“{value}”的分派规则。",
        EN: "{field}: your org unit has no routing rule “{value}”.",
    },
    "id_mismatch": {
        ZH_CN: "{field}：规则编号不能修改（地址中为“{value}”）。",
        EN: "{field}: a rule's id cannot change (the address names “{value}”).",
    },
    "unknown_direction": {
        ZH_CN: "{field}：只能上移（up）或下移（down）。",
        EN: "{field}: use up or down.",
    },
    "unknown_ticket": {
        ZH_CN: "{field}：在您的辖区内找不到工单“{value}”。",
        EN: "{field}: there is no ticket “{value}” in your area.",
    },
    "not_replayable": {
        ZH_CN: "{field}：该工单开立时尚未记录分派所用的信息，无法重放。",
        EN: "{field}: this ticket was opened before workflow kept what routing saw; "
        "it cannot be replayed.",
    },
    "replay_alone": {
        ZH_CN: "{field}：重放工单时不要再填写表单、答案或企业，二者只能选其一。",
        EN: "{field}: replay a ticket or give a form, answers and an enterprise, not both.",
    },
    "pairing_not_found": {
        ZH_CN: "未找到该结对。",
        EN: "Pairing not found.",
    },
    "pairing_ended": {
        ZH_CN: "该结对已于此前解除。",
        EN: "This pairing has already been ended.",
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
    "note_required_to": {
        ZH_CN: "{field}：{action}工单须填写说明。",
        EN: "{field}: a note is required to {action} a ticket.",
    },
    "reason_required": {
        ZH_CN: "{field}：不认可办理结果须说明理由。",
        EN: "{field}: say why you do not accept the result.",
    },
    "answer_required": {
        ZH_CN: "{field}：请填写补充的信息。",
        EN: "{field}: write the information you were asked for.",
    },
    "comment_body_required": {
        ZH_CN: "{field}：评论内容不能为空。",
        EN: "{field}: the comment is empty.",
    },
    "rating_comment_required": {
        ZH_CN: "{field}：评分为 1 或 2 时须填写意见，说明仍存在的问题。",
        EN: "{field}: a rating of 1 or 2 needs a comment saying what is still wrong.",
    },
    "rating_range": {
        ZH_CN: "{field}：评分应为 1 到 5 之间的整数。",
        EN: "{field}: the rating is a whole number from 1 to 5.",
    },
    "resume_on_required": {
        ZH_CN: "{field}：请填写恢复办理的日期（YYYY-MM-DD）。",
        EN: "{field}: give the date to resume on (YYYY-MM-DD).",
    },
    "resume_on_past": {
        ZH_CN: "{field}：恢复办理的日期须晚于今天。",
        EN: "{field}: the date to resume on must be after today.",
    },
    "resume_on_too_far": {
        ZH_CN: "{field}：恢复办理的日期须在 365 天以内。",
        EN: "{field}: the date to resume on must be within 365 days.",
    },
    "unknown_target_unit": {
        ZH_CN: "{field}：找不到组织机构“{value}”。",
        EN: "{field}: there is no org unit “{value}”.",
    },
    "not_staff_of_unit": {
        ZH_CN: "{field}：该人员不是所选单位的工作人员。",
        EN: "{field}: this person is not on the staff of the chosen org unit.",
    },
    "outside_bureau": {
        ZH_CN: "{field}：转办只能在承办人所在的局内进行，请选择本局或本局的部门。",
        EN: "{field}: a transfer stays within the holder's bureau: choose the bureau itself "
        "or one of its departments.",
    },
    "not_one_level_up": {
        ZH_CN: "{field}：只能上报给上一级局或其部门，且须是该企业所在地的上级局。",
        EN: "{field}: escalate to the bureau one level up over this enterprise's area, or to "
        "one of its departments.",
    },
    "not_below": {
        ZH_CN: "{field}：只能下派给本局以下、该企业所在地的局或其部门。",
        EN: "{field}: assign down to a bureau below the holder's over this enterprise's area, "
        "or to one of its departments.",
    },
    "same_holder": {
        ZH_CN: "{field}：工单已在该承办人手中。",
        EN: "{field}: the ticket is already with this holder.",
    },
    "held_at_top": {
        ZH_CN: "工单已在省厅办理，没有可以上报的上一级。",
        EN: "The ticket is held at the provincial department: there is no level above to "
        "escalate to.",
    },
    "held_at_county": {
        ZH_CN: "工单在区县办理，没有可以下派的下一级。",
        EN: "The ticket is held at a county: there is no level below to assign it down to.",
    },
    "no_previous_holder": {
        ZH_CN: "该工单尚未被转交过，没有可以退回的上一承办人。",
        EN: "This ticket has not been handed over, so there is no previous holder to return it to.",
    },
    "unknown_mode": {
        ZH_CN: "{field}：请选择 all（会签：各单位都须完成）或 any（或签：一个单位完成即可）。",
        EN: "{field}: choose all (countersign: every unit finishes) or any (one unit is enough).",
    },
    "duplicate_unit": {
        ZH_CN: "{field}：单位“{value}”重复了。",
        EN: "{field}: the unit “{value}” is listed twice.",
    },
    "part_unit_kind": {
        ZH_CN: "{field}：“{value}”不是本省的局或部门。",
        EN: "{field}: “{value}” is not a bureau or department of this province.",
    },
    "part_is_holder": {
        ZH_CN: "{field}：“{value}”是工单的承办单位，不能邀请自己会办。",
        EN: "{field}: “{value}” holds the ticket; it cannot be invited to co-handle it.",
    },
    "part_already_open": {
        ZH_CN: "{field}：“{value}”已有一项未完成的会办。",
        EN: "{field}: “{value}” already has an open co-handling part of this ticket.",
    },
    "open_parts": {
        ZH_CN: "会办尚未完成，暂不能办结：会签须各单位都完成，或签须至少一个单位完成。",
        EN: "Co-handling is not finished: every part of a countersign (all) and one part of "
        "an any-one sign must be done before the ticket is resolved.",
    },
    "unknown_part": {
        ZH_CN: "{field}：您在该工单上没有编号为“{value}”的会办。",
        EN: "{field}: you have no co-handling part “{value}” on this ticket.",
    },
    "no_open_part": {
        ZH_CN: "您在该工单上没有可以{action}的会办（已完成的会办不能再受理或完成）。",
        EN: "You have no open co-handling part of this ticket: a part is accepted and "
        "finished once.",
    },
    "already_supervised": {
        ZH_CN: "您的单位已在督办该工单。",
        EN: "Your unit already supervises this ticket.",
    },
    "internal_by_enterprise": {
        ZH_CN: "{field}：企业不能发表内部评论。",
        EN: "{field}: an enterprise cannot write internal comments.",
    },
    "unknown_upload": {
        ZH_CN: "{field}：找不到附件“{value}”，只能引用该工单已有的附件。",
        EN: "{field}: there is no attachment “{value}” on this ticket.",
    },
    "not_due_yet": {
        ZH_CN: "企业确认期限（{due}）未到，暂不能代为销号。",
        EN: "The enterprise has until {due} to confirm: the ticket can be closed without it "
        "only after that.",
    },
    "ticket_changed": {
        ZH_CN: "工单已被他人更新，请刷新后重试。",
        EN: "The ticket changed while you were looking at it: reload it and try again.",
    },
    "version_invalid": {
        ZH_CN: "{field}：版本号应为正整数。",
        EN: "{field}: the version is a positive whole number.",
    },
    "not_yours": {
        ZH_CN: "只有{who}可以{action}该工单。",
        EN: "Only {who} can {action} this ticket.",
    },
    "no_route": {
        ZH_CN: "表单“{form_key}”的事项无处分派：企业未结对，{county_id} 也未设默认部门。",
        EN: "Nowhere to assign a “{form_key}” matter: the enterprise is not paired and "
        "county {county_id} has no default department.",
    },
    # What a dry run says about each rule, and about the result.
    "trace_matched": {ZH_CN: "命中。", EN: "matched."},
    "trace_shadowed": {
        ZH_CN: "被“{unit}”的同编号规则覆盖，在此不适用。",
        EN: "overridden by the rule of the same id set by {unit}; it does not apply here.",
    },
    "trace_inactive": {ZH_CN: "已停用。", EN: "inactive."},
    "trace_form_differs": {
        ZH_CN: "表单不同：该规则只适用于“{form}”。",
        EN: "form differs: the rule is for “{form}”.",
    },
    "trace_condition_failed": {
        ZH_CN: "条件 {index}（{condition}）不成立（答案为 {answer}）。",
        EN: "condition {index} ({condition}) failed (the answer was {answer}).",
    },
    "trace_condition_unanswered": {
        ZH_CN: "条件 {index}（{condition}）不成立（未填写）。",
        EN: "condition {index} ({condition}) failed (not answered).",
    },
    "trace_no_target": {
        ZH_CN: "条件符合，但分派对象“{target}”在此不指向任何人，跳过。",
        EN: "matched, but its target “{target}” names no one here; passed over.",
    },
    "trace_not_reached": {
        ZH_CN: "未轮到：前面的规则已决定。",
        EN: "not reached: an earlier rule decided.",
    },
    "trace_redirect": {
        ZH_CN: "目标单位“{unit}”没有可办理的人员：转给“{to}”。",
        EN: "target unit “{unit}” has nobody who can act: goes to {to}.",
    },
    "field_group_enterprise": {ZH_CN: "企业属性", EN: "Enterprise"},
    "trace_unanswered": {ZH_CN: "未填写", EN: "not answered"},
    "trace_by_rule": {ZH_CN: "由规则“{rule_id}”决定", EN: "decided by rule “{rule_id}”"},
    "trace_fallback": {
        ZH_CN: "没有规则命中，按内置规则（结对联络员，否则区县默认部门）",
        EN: "no rule decided: the built-in fallback (the paired liaison, else the county's "
        "default department)",
    },
    "trace_result": {
        ZH_CN: "将分派给“{assignee}”，{days} 个工作日内办理；{why}。",
        EN: "would go to {assignee}, within {days} working days; {why}.",
    },
    "trace_warning_unit": {
        ZH_CN: "“{unit}”没有可办理的人员，工单会转给“{to}”。",
        EN: "Nobody in {unit} can act on a ticket: it would go to {to}.",
    },
    "trace_warning_nowhere": {
        ZH_CN: "“{unit}”没有可办理的人员，上级单位也没有管理员。",
        EN: "Nobody in {unit} can act on a ticket, and no unit above it has an administrator.",
    },
}

#: Words put into messages in place of status and action codes: ``status.*`` and
#: ``action.*`` fit "A ticket that is {status} cannot be {action}", ``verb.*`` fits "Only
#: {who} can {verb} this ticket", ``who.*`` names who may act.
LABELS: dict[str, dict[str, str]] = {
    ZH_CN: {
        "field.day": "日期",
        "field.kind": "类型",
        "field.note": "说明",
        "field.override": "调整",
        "status.assigned": "已分派",
        "status.accepted": "办理中",
        "status.returned": "待企业补充",
        "status.suspended": "已挂起",
        "status.reopened": "已重新办理",
        "status.resolved": "已办结",
        "status.closed": "已销号",
        "status.cancelled": "已撤销",
        "action.accept": "受理",
        "action.transfer": "转办",
        "action.escalate": "上报",
        "action.assign-down": "下派",
        "action.return": "退回",
        "action.request-info": "请企业补充信息",
        "action.respond": "补充信息",
        "action.cohandle": "发起会签",
        "action.add-signer": "加签",
        "action.accept-part": "受理会办",
        "action.finish-part": "完成会办",
        "action.urge": "催办",
        "action.supervise": "督办",
        "action.comment": "评论",
        "action.resolve": "办结",
        "action.confirm": "确认",
        "action.refuse": "不认可",
        "action.reopen": "重新办理",
        "action.close": "销号",
        "action.cancel": "撤销",
        "action.suspend": "挂起",
        "action.resume": "恢复办理",
        "who.holder": "当前承办人或其上级管理员",
        "who.enterprise": "提出诉求的企业",
        "who.part_member": "受邀会办的单位",
        "who.overseer": "该工单辖区的管理员",
        "who.overseer_or_enterprise": "提出诉求的企业或该工单辖区的管理员",
        "op.eq": "等于",
        "op.ne": "不等于",
        "op.in": "属于",
        "op.contains": "包含",
        "op.exists": "已填写",
        "field.enterprise.scale": "企业规模",
        "field.enterprise.types": "企业类型",
        "scale.large": "大型",
        "scale.medium": "中型",
        "scale.small": "小型",
        "scale.micro": "微型",
        "types.traditional": "传统产业",
        "types.strategic_emerging": "战略性新兴产业",
        "types.key_pollutant_discharge": "重点排污单位",
        "types.third_party_governance": "第三方治理企业",
        "target.paired_liaison": "结对联络员",
        "target.county_default_department": "区县默认部门",
        "boolean.true": "是",
        "boolean.false": "否",
    },
    EN: {
        "field.day": "Date",
        "field.kind": "Kind",
        "field.note": "Note",
        "field.override": "Override",
        "status.assigned": "assigned",
        "status.accepted": "accepted",
        "status.returned": "back with the enterprise",
        "status.suspended": "suspended",
        "status.reopened": "reopened",
        "status.resolved": "resolved",
        "status.closed": "closed",
        "status.cancelled": "cancelled",
        "action.accept": "accepted",
        "action.transfer": "transferred",
        "action.escalate": "escalated",
        "action.assign-down": "assigned down",
        "action.return": "returned to its previous holder",
        "action.request-info": "sent to the enterprise for more information",
        "action.respond": "answered",
        "action.cohandle": "sent for co-handling",
        "action.add-signer": "given another signer",
        "action.accept-part": "worked on by a co-handling unit",
        "action.finish-part": "worked on by a co-handling unit",
        "action.urge": "urged",
        "action.supervise": "put under supervision",
        "action.comment": "commented on",
        "action.resolve": "resolved",
        "action.confirm": "confirmed",
        "action.refuse": "refused",
        "action.reopen": "reopened",
        "action.close": "closed",
        "action.cancel": "cancelled",
        "action.suspend": "suspended",
        "action.resume": "resumed",
        "verb.accept": "accept",
        "verb.transfer": "transfer",
        "verb.escalate": "escalate",
        "verb.assign-down": "assign down",
        "verb.return": "return",
        "verb.request-info": "ask for more information on",
        "verb.respond": "answer",
        "verb.cohandle": "invite co-handling on",
        "verb.add-signer": "add a signer to",
        "verb.accept-part": "accept a co-handling part of",
        "verb.finish-part": "finish a co-handling part of",
        "verb.urge": "urge",
        "verb.supervise": "supervise",
        "verb.comment": "comment on",
        "verb.resolve": "resolve",
        "verb.confirm": "confirm",
        "verb.refuse": "refuse",
        "verb.reopen": "reopen",
        "verb.close": "close",
        "verb.cancel": "cancel",
        "verb.suspend": "suspend",
        "verb.resume": "resume",
        "who.holder": "its current holder (or an administrator over them)",
        "who.enterprise": "the enterprise that asked",
        "who.part_member": "a unit invited to co-handle it",
        "who.overseer": "an administrator over the ticket",
        "who.overseer_or_enterprise": "the enterprise or an administrator over the ticket",
        "op.eq": "equals",
        "op.ne": "does not equal",
        "op.in": "is one of",
        "op.contains": "contains",
        "op.exists": "is answered",
        "field.enterprise.scale": "Enterprise scale",
        "field.enterprise.types": "Enterprise types",
        "scale.large": "large",
        "scale.medium": "medium",
        "scale.small": "small",
        "scale.micro": "micro",
        "types.traditional": "traditional industry",
        "types.strategic_emerging": "strategic emerging industry",
        "types.key_pollutant_discharge": "key pollutant discharge unit",
        "types.third_party_governance": "third-party governance enterprise",
        "target.paired_liaison": "the paired liaison",
        "target.county_default_department": "the county's default department",
        "boolean.true": "yes",
        "boolean.false": "no",
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
