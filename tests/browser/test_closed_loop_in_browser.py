"""The closed loop clicked through in a real browser (收集 → 交办 → 跟踪 → 销号).

The enterprise (in Chinese) files an EIA approval request, which the demo rule routes to
Shangcheng's EIA section; its staff (in English) find it in their inbox and transfer it
to the county's office, which invites Hangzhou's EIA section to co-handle it (会签), asks
the enterprise for more, resolves it, has the result refused, resolves it again and sees
the enterprise confirm it with five stars. Each person sees only the buttons that are
theirs at that moment, the status in their language, and the timeline grow step by step.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.flows import (
    file_enterprise_request,
    inbox_item,
    open_ticket,
    open_until_found,
    sign_in,
    take_action,
    timeline,
    unique,
)

pytestmark = pytest.mark.browser

SHANGCHENG_OFFICE = "330102-office"
HANGZHOU_EIA = "3301-eia"
#: The rows of the timeline staff keep to themselves.
INTERNAL = {"transfer", "cohandle", "accept-part", "finish-part"}


def status_of(page: Page):
    """The ticket's status badge (not those of its timeline)."""
    return page.locator(".facts").get_by_test_id("status-badge")


def expect_status(page: Page, status: str, text: str) -> None:
    expect(status_of(page)).to_have_attribute("data-status", status)
    expect(status_of(page)).to_have_text(text)


def expect_timeline(page: Page, actions: list[str]) -> None:
    expect(page.get_by_test_id("history-row")).to_have_count(len(actions))
    assert timeline(page) == actions


def expect_buttons(page: Page, present: set[str], absent: set[str]) -> None:
    """The page offers each action of ``present`` and none of ``absent``."""
    for action in present:
        expect(page.get_by_test_id(f"do-{action}")).to_have_count(1)
    for action in absent:
        expect(page.get_by_test_id(f"action-{action}")).to_have_count(0)


def test_a_request_goes_round_the_loop_and_is_closed_with_five_stars(new_page):
    subject = unique("新建印染线环评审批咨询")
    enterprise, eia, office, city = (
        new_page("zh-CN"),
        new_page("en"),
        new_page("en"),
        new_page("en"),
    )
    for page, username in (
        (enterprise, "qingyuan"),
        (eia, "eia"),
        (office, "staff"),
        (city, "city-eia"),
    ):
        sign_in(page, username)
    story = ["open"]

    # The enterprise files an EIA approval request; it follows it among its matters.
    receipt = file_enterprise_request(enterprise, subject, "eia_approval")
    assert receipt
    ticket_id = open_ticket(enterprise, "/workflow/my", subject)
    expect_status(enterprise, "assigned", "已交办")
    expect_buttons(enterprise, set(), {"accept", "respond", "confirm", "refuse"})

    # The EIA section is told in its inbox, and accepts the ticket.
    item = open_until_found(eia, "/notify/inbox", lambda p: inbox_item(p, subject))
    with eia.expect_navigation():
        item.get_by_test_id("inbox-item-link").click()
    expect(eia.get_by_test_id("ticket-title")).to_have_text(subject)
    expect_status(eia, "assigned", "Assigned")
    expect(eia.get_by_test_id("holder-unit")).to_have_text("EIA and Discharge Permit Section")
    expect_timeline(eia, story)
    expect_buttons(eia, {"accept"}, {"resolve", "cohandle"})
    take_action(eia, "accept")
    story.append("accept")
    expect_status(eia, "accepted", "In progress")
    expect_timeline(eia, story)

    # It transfers the ticket (转办) to the county's office, and has no button left.
    take_action(eia, "transfer", {"org_unit_id": SHANGCHENG_OFFICE, "note": "Office leads."})
    story.append("transfer")
    expect_status(eia, "assigned", "Assigned")
    expect(eia.get_by_test_id("holder-unit")).to_have_text("General Office")
    expect_timeline(eia, story)
    expect_buttons(eia, set(), {"accept", "transfer", "resolve", "cohandle"})

    # The office is told, finds it to do, accepts it and invites the city's EIA section.
    told = open_until_found(office, "/notify/inbox", lambda p: inbox_item(p, subject))
    expect(told).to_have_attribute("data-kind", "ticket_handed_over_to_department")
    assert open_ticket(office, "/workflow/tickets?queue=todo", subject) == ticket_id
    expect_timeline(office, story)
    take_action(office, "accept")
    story.append("accept")
    take_action(
        office,
        "cohandle",
        {"mode": "all", "org_unit_ids": HANGZHOU_EIA, "note": "Check the city's permit."},
    )
    story.append("cohandle")
    part = office.get_by_test_id("part")
    expect(part).to_have_attribute("data-unit", HANGZHOU_EIA)
    expect(part).to_have_attribute("data-status", "invited")
    expect_timeline(office, story)
    # While the city's part is open, the office cannot resolve the ticket.
    expect_buttons(office, {"request-info"}, {"resolve", "accept-part"})

    # The city's section is told, finds it in its co-handling queue and does its part.
    told = open_until_found(city, "/notify/inbox", lambda p: inbox_item(p, subject))
    expect(told).to_have_attribute("data-kind", "ticket_cohandle_invited")
    assert open_ticket(city, "/workflow/tickets?queue=cohandling", subject) == ticket_id
    expect_buttons(city, {"accept-part", "finish-part"}, {"resolve", "transfer"})
    take_action(city, "accept-part")
    story.append("accept-part")
    take_action(city, "finish-part", {"note": "The city's permit record is in order."})
    story.append("finish-part")
    expect(city.get_by_test_id("part")).to_have_attribute("data-status", "done")
    expect_timeline(city, story)
    expect_buttons(city, set(), {"accept-part", "finish-part", "resolve"})

    # The office asks the enterprise for more; the enterprise answers.
    office.reload()
    expect_buttons(office, {"resolve", "request-info"}, set())
    take_action(office, "request-info", {"note": "Please send the line's capacity."})
    story.append("request-info")
    expect_status(office, "returned", "With the enterprise for more information")
    expect_buttons(office, set(), {"resolve", "request-info"})
    enterprise.reload()
    expect_status(enterprise, "returned", "待企业补充材料")
    expect_timeline(enterprise, [a for a in story if a not in INTERNAL])
    expect(enterprise.locator("[data-internal]")).to_have_count(0)
    take_action(enterprise, "respond", {"body": "年产能 12000 吨。"})
    story.append("respond")
    expect_status(enterprise, "accepted", "办理中")
    expect_buttons(enterprise, set(), {"respond", "confirm"})

    # The office resolves it; the enterprise refuses the result.
    office.reload()
    expect_status(office, "accepted", "In progress")
    take_action(office, "resolve", {"note": "Approval procedure explained."})
    story.append("resolve")
    expect_status(office, "resolved", "Resolved, awaiting confirmation")
    expect_buttons(office, set(), {"resolve", "confirm", "refuse"})
    enterprise.reload()
    expect_status(enterprise, "resolved", "已办结，待企业确认")
    expect_buttons(enterprise, {"confirm", "refuse"}, set())
    take_action(enterprise, "refuse", {"reason": "仍缺少环评所需的表格。"})
    story.append("refuse")
    expect_status(enterprise, "reopened", "已重新办理")
    expect_buttons(enterprise, set(), {"confirm", "refuse"})

    # Back with the office, resolved again; the enterprise confirms with five stars.
    office.reload()
    expect_status(office, "reopened", "Reopened")
    take_action(office, "resolve", {"note": "Form sent again, with the city's stamp."})
    story.append("resolve")
    enterprise.reload()
    take_action(enterprise, "confirm", {"rating": "5", "comment": "办理迅速，说明清楚。"})
    story.append("confirm")

    expect_status(enterprise, "closed", "已销号")
    rating = enterprise.get_by_test_id("ticket-rating")
    expect(rating).to_have_attribute("data-rating", "5")
    expect(rating).to_contain_text("★★★★★")
    expect(rating).to_contain_text("办理迅速，说明清楚。")
    expect_timeline(enterprise, [a for a in story if a not in INTERNAL])
    # A closed ticket may still be refused (it reopens), never confirmed twice.
    expect_buttons(enterprise, {"refuse"}, {"confirm", "respond"})
    office.reload()
    expect_status(office, "closed", "Closed")
    expect(office.get_by_test_id("ticket-rating")).to_have_attribute("data-rating", "5")
    expect_timeline(office, story)
    expect(office.get_by_test_id("internal-badge")).to_have_count(len(INTERNAL))
    expect_buttons(office, set(), {"resolve", "request-info", "transfer"})
