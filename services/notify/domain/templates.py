"""Notification templates in zh-CN and en, keyed by kind.

A template is a subject and a body with ``str.format`` placeholders. Values are substituted
once, so braces inside a ticket's title are kept as they are. Every language of a kind uses
the same placeholders (a unit test checks it). ``deadline`` is given as an aware datetime
(or None) and shown in China Standard Time in the words of each language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from services.notify.domain.errors import MissingPlaceholder, UnknownKind

DEFAULT_LOCALE = "zh_CN"
LOCALES = ("zh_CN", "en")
#: Where the programme runs; deadlines are shown in its local time.
CHINA_TIME = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Template:
    subject: str
    body: str


@dataclass(frozen=True)
class Rendered:
    """A notification in one language: the mail subject (also the inbox title) and body."""

    subject: str
    body: str


_ZH_FOOTER = "{open_it}\n\n（此邮件由系统自动发送，请勿回复。）\n"
_EN_FOOTER = "{open_it}\n\n(This message was sent automatically; please do not reply.)\n"
#: How the reader gets to the matter: by the address of its page when the service's public
#: address is known (``QINQING_PUBLIC_URL``), else through the inbox.
OPEN_IT = {
    "zh_CN": ("请登录亲清平台，在“消息”中打开该工单办理。", "打开该工单办理：{url}"),
    "en": (
        "Please sign in to Qinqing and open the ticket from your inbox.",
        "Open the ticket: {url}",
    ),
}

TEMPLATES: dict[str, dict[str, Template]] = {
    "ticket_assigned": {
        "zh_CN": Template(
            subject="新工单 {number}：{title}",
            body=(
                "您好！\n\n{enterprise}的一项事项已分派给您办理。\n\n"
                "工单编号：{number}\n事项：{title}\n办理期限：{deadline}\n\n" + _ZH_FOOTER
            ),
        ),
        "en": Template(
            subject="New ticket {number}: {title}",
            body=(
                "Hello,\n\nA matter of {enterprise} has been assigned to you.\n\n"
                "Ticket: {number}\nMatter: {title}\nDeadline: {deadline}\n\n" + _EN_FOOTER
            ),
        ),
    },
    "ticket_assigned_to_department": {
        "zh_CN": Template(
            subject="部门新工单 {number}：{title}",
            body=(
                "您好！\n\n{enterprise}的一项事项已分派给您所在的部门办理。\n\n"
                "工单编号：{number}\n事项：{title}\n办理期限：{deadline}\n\n" + _ZH_FOOTER
            ),
        ),
        "en": Template(
            subject="New ticket for your department {number}: {title}",
            body=(
                "Hello,\n\nA matter of {enterprise} has been assigned to your department.\n\n"
                "Ticket: {number}\nMatter: {title}\nDeadline: {deadline}\n\n" + _EN_FOOTER
            ),
        ),
    },
}


def _ticket_notice(zh_subject: str, zh_lead: str, en_subject: str, en_lead: str):
    """A notice of a ticket change in both languages: a subject, a sentence saying what
    happened, and the ticket's facts."""
    return {
        "zh_CN": Template(
            subject=zh_subject + " {number}：{title}",
            body=(
                "您好！\n\n" + zh_lead + "\n\n工单编号：{number}\n事项：{title}\n"
                "企业：{enterprise}\n办理期限：{deadline}\n\n" + _ZH_FOOTER
            ),
        ),
        "en": Template(
            subject=en_subject + " {number}: {title}",
            body=(
                "Hello,\n\n" + en_lead + "\n\nTicket: {number}\nMatter: {title}\n"
                "Enterprise: {enterprise}\nDeadline: {deadline}\n\n" + _EN_FOOTER
            ),
        ),
    }


#: Notices of a ticket's later changes (see notify's ``addressing.CHANGE_NOTICES``).
TEMPLATES |= {
    "ticket_handed_over": _ticket_notice(
        "转交工单",
        "{enterprise}的一项事项已转交给您办理，请及时受理。",
        "Ticket handed over to you",
        "A matter of {enterprise} has been handed over to you; please accept it.",
    ),
    "ticket_handed_over_to_department": _ticket_notice(
        "部门转交工单",
        "{enterprise}的一项事项已转交给您所在的部门办理，请及时受理。",
        "Ticket handed over to your department",
        "A matter of {enterprise} has been handed over to your department; please accept it.",
    ),
    "ticket_cohandle_invited": _ticket_notice(
        "协同办理邀请",
        "您所在的部门受邀协同办理{enterprise}的一项事项，请受理并完成本部门承担的部分。",
        "Invitation to co-handle",
        "Your department is invited to co-handle a matter of {enterprise}; please accept "
        "your part and finish it.",
    ),
    "ticket_urged": _ticket_notice(
        "催办",
        "您办理的{enterprise}的事项已被催办，请尽快办理。",
        "Urged",
        "A matter of {enterprise} that you handle has been urged; please act on it soon.",
    ),
    "ticket_supervised": _ticket_notice(
        "督办",
        "您办理的{enterprise}的事项已列入督办，请尽快办理。",
        "Under supervision",
        "A matter of {enterprise} that you handle is now under supervision; please act on it soon.",
    ),
    "ticket_info_requested": _ticket_notice(
        "请补充信息",
        "办理部门需要贵单位补充信息，请登录查看并答复。",
        "More information needed",
        "The department handling your matter needs more information; please sign in, read "
        "the request and answer it.",
    ),
    "ticket_resolved": _ticket_notice(
        "事项已办结",
        "贵单位的事项已办结，请确认办理结果并评价；逾期未确认的，系统将自动确认。",
        "Your matter was resolved",
        "Your matter has been resolved; please confirm the result and rate the service. "
        "Without an answer in time, it is confirmed automatically.",
    ),
    "ticket_closed": _ticket_notice(
        "事项已销号",
        "贵单位的事项已办结销号。",
        "Your matter is closed",
        "Your matter has been closed.",
    ),
    "ticket_reopened": _ticket_notice(
        "事项重新办理",
        "贵单位的事项已重新打开，将继续办理。",
        "Your matter was reopened",
        "Your matter has been reopened and will be handled again.",
    ),
    "ticket_reopened_for_holder": _ticket_notice(
        "工单重新办理",
        "您办理的{enterprise}的事项已重新打开，请继续办理。",
        "Ticket reopened",
        "A matter of {enterprise} that you handle has been reopened; please handle it again.",
    ),
    "ticket_deadline_near": _ticket_notice(
        "即将超期",
        "您办理的{enterprise}的事项即将到期，请在办理期限前办结。",
        "Due soon",
        "A matter of {enterprise} that you handle is due soon; please resolve it before the "
        "deadline.",
    ),
    "ticket_overdue": _ticket_notice(
        "已超期",
        "您办理的{enterprise}的事项已超过办理期限，请尽快办结；逾期不办将上报上一级督办。",
        "Overdue",
        "A matter of {enterprise} that you handle is past its deadline; please resolve it "
        "soon, or it goes one level up for supervision.",
    ),
    "ticket_overdue_for_contact_leader": _ticket_notice(
        "联系企业事项超期",
        "您作为联系领导的企业{enterprise}有一项事项已超过办理期限，请督促办理。",
        "Overdue matter of an enterprise you lead",
        "A matter of {enterprise}, an enterprise you are contact leader for, is past its "
        "deadline; please see that it is handled.",
    ),
    "ticket_escalated": _ticket_notice(
        "超期上报督办",
        "{enterprise}的一项事项超期未办结，已上报贵单位并列入督办。",
        "Overdue ticket escalated to your unit",
        "A matter of {enterprise} is still open well past its deadline; it has been "
        "escalated to your unit and put under its supervision.",
    ),
}


def render(kind: str, locale: str, values: dict, url: str | None = None) -> Rendered:
    """Render the ``kind`` notification in ``locale`` (the default language if unknown).

    :param values: the placeholders' values; ``deadline`` an aware datetime or None.
    :param url: the full address of the matter's page, for a mail; None to point to the inbox.
    :raises UnknownKind: when ``kind`` has no template.
    :raises MissingPlaceholder: when a placeholder has no value.
    """
    by_locale = TEMPLATES.get(kind)
    if by_locale is None:
        raise UnknownKind(kind)
    locale = locale if locale in by_locale else DEFAULT_LOCALE
    template = by_locale[locale]
    inbox, page = OPEN_IT[locale]
    shown = {
        **values,
        "deadline": format_deadline(values.get("deadline"), locale),
        "open_it": page.format(url=url) if url else inbox,
    }
    try:
        return Rendered(template.subject.format_map(shown), template.body.format_map(shown))
    except KeyError as error:
        raise MissingPlaceholder(kind, error.args[0]) from None


def format_deadline(deadline: datetime | None, locale: str) -> str:
    """A deadline in China Standard Time, or the words for "no deadline"."""
    if deadline is None:
        return "无期限" if locale == "zh_CN" else "no deadline"
    local = deadline.astimezone(CHINA_TIME)
    if locale == "zh_CN":
        return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}（北京时间）"
    return f"{local:%Y-%m-%d %H:%M} (China Standard Time)"
