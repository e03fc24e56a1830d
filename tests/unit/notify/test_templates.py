"""Notification templates render in zh-CN and en with every placeholder filled, and refuse
kinds and values they do not know."""

from datetime import UTC, datetime
from string import Formatter

import pytest

from services.notify.domain.errors import MissingPlaceholder, UnknownKind
from services.notify.domain.templates import LOCALES, TEMPLATES, format_deadline, render

DUE_UTC = datetime(2026, 12, 4, 15, 59, tzinfo=UTC)  # 23:59 in Beijing
VALUES = {
    "number": "330102-20261127-0001",
    "title": "排污许可证延续咨询",
    "enterprise": "杭州钱塘印染有限公司",
    "deadline": DUE_UTC,
}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def test_ticket_assigned_renders_every_placeholder_in_chinese():
    rendered = render("ticket_assigned", "zh_CN", VALUES)

    assert rendered.subject == "新工单 330102-20261127-0001：排污许可证延续咨询"
    for shown in ("杭州钱塘印染有限公司", "330102-20261127-0001", "2026年12月4日 23:59"):
        assert shown in rendered.body
    assert "{" not in rendered.subject + rendered.body


def test_ticket_assigned_renders_every_placeholder_in_english():
    rendered = render("ticket_assigned", "en", VALUES)

    assert rendered.subject == "New ticket 330102-20261127-0001: 排污许可证延续咨询"
    assert "A matter of 杭州钱塘印染有限公司 has been assigned to you." in rendered.body
    assert "Deadline: 2026-12-04 23:59 (China Standard Time)" in rendered.body
    assert "{" not in rendered.subject + rendered.body


def test_department_ticket_says_it_was_assigned_to_the_department_in_both_languages():
    chinese = render("ticket_assigned_to_department", "zh_CN", VALUES)
    english = render("ticket_assigned_to_department", "en", VALUES)

    assert "已分派给您所在的部门" in chinese.body
    assert "assigned to your department" in english.body


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_every_kind_has_both_languages_with_the_same_placeholders(kind):
    by_locale = TEMPLATES[kind]

    assert set(by_locale) == set(LOCALES)
    expected = placeholders(by_locale["zh_CN"].subject + by_locale["zh_CN"].body)
    for template in by_locale.values():
        assert placeholders(template.subject + template.body) == expected


def test_unknown_language_falls_back_to_chinese():
    assert render("ticket_assigned", "fr", VALUES) == render("ticket_assigned", "zh_CN", VALUES)


def test_missing_placeholder_is_refused_naming_it():
    values = {key: value for key, value in VALUES.items() if key != "enterprise"}

    with pytest.raises(MissingPlaceholder) as raised:
        render("ticket_assigned", "en", values)

    assert raised.value.field == "enterprise"
    assert "enterprise" in raised.value.message("en")


def test_unknown_kind_is_refused_in_both_languages():
    with pytest.raises(UnknownKind) as raised:
        render("ticket_exploded", "en", VALUES)

    assert raised.value.field == "kind"
    assert "ticket_exploded" in raised.value.message("zh_CN")


def test_braces_in_a_title_are_shown_as_they_are():
    rendered = render("ticket_assigned", "en", {**VALUES, "title": "Fix {number} and {0}"})

    assert rendered.subject == "New ticket 330102-20261127-0001: Fix {number} and {0}"


def test_ticket_without_deadline_says_so_in_each_language():
    no_deadline = {**VALUES, "deadline": None}

    assert "办理期限：无期限" in render("ticket_assigned", "zh_CN", no_deadline).body
    assert "Deadline: no deadline" in render("ticket_assigned", "en", no_deadline).body


def test_deadline_crossing_midnight_in_beijing_shows_the_beijing_date():
    just_after_midnight = datetime(2026, 12, 4, 16, 30, tzinfo=UTC)

    assert format_deadline(just_after_midnight, "zh_CN") == "2026年12月5日 00:30（北京时间）"
    assert format_deadline(just_after_midnight, "en") == "2026-12-05 00:30 (China Standard Time)"


@pytest.mark.parametrize(
    ("kind", "chinese", "english"),
    [
        ("ticket_deadline_near", "即将到期", "is due soon"),
        ("ticket_overdue_for_contact_leader", "您作为联系领导", "you are contact leader for"),
        ("ticket_escalated", "已上报贵单位并列入督办", "escalated to your unit"),
        ("ticket_info_requested", "需要贵单位补充信息", "needs more information"),
    ],
)
def test_ticket_change_notices_say_what_happened_in_both_languages(kind, chinese, english):
    zh, en = render(kind, "zh_CN", VALUES), render(kind, "en", VALUES)

    assert chinese in zh.body and english in en.body
    assert zh.subject.endswith("330102-20261127-0001：排污许可证延续咨询")
    assert "Deadline: 2026-12-04 23:59 (China Standard Time)" in en.body
    assert "{" not in zh.body + en.body
