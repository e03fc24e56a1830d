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
