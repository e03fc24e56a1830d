"""The closed loop clicked through in Chromium: an unpaired enterprise's request reaches
the county's office, whose staff accept it and transfer it to the EIA section; the EIA
section finds it in its to-do, accepts and resolves it; the enterprise confirms the
result with a rating. The inbox and the ticket page fit a 375 px wide phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.flows import (
    file_enterprise_request,
    open_until_found,
    sign_in,
    ticket_row,
    unique,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
EIA_SECTION = "330102-eia"


def open_ticket(page: Page, path: str, subject: str) -> None:
    """Find the ticket titled ``subject`` on the list at ``path`` and open it."""
    row = open_until_found(page, path, lambda p: ticket_row(p, subject))
    row.get_by_test_id("ticket-link").click()
    expect(page.get_by_test_id("ticket-title")).to_have_text(subject)


def status_of(page: Page):
    return page.locator(".facts").get_by_test_id("status-badge")


def act(page: Page, action: str) -> None:
    """Open the action's form (unless it is a bare button) and submit it."""
    opener = page.get_by_test_id(f"open-{action}")
    if opener.count():
        opener.click()
    page.get_by_test_id(f"do-{action}").click()
    page.wait_for_load_state()


def test_staff_transfer_a_request_to_the_eia_section_and_the_enterprise_rates_it(new_page):
    # Given the unpaired enterprise's request, routed to Shangcheng's office
    enterprise, subject = new_page(), unique("印染废水排放许可咨询")
    sign_in(enterprise, "qiantang")
    file_enterprise_request(enterprise, subject)
    # When the office's staff accept it and transfer it to the EIA section with a note
    staff = new_page()
    sign_in(staff, "staff")
    open_ticket(staff, "/workflow/tickets", subject)
    act(staff, "accept")
    expect(status_of(staff)).to_have_attribute("data-status", "accepted")
    staff.get_by_test_id("open-transfer").click()
    staff.get_by_test_id("transfer-unit").select_option(EIA_SECTION)
    staff.locator("#transfer-note").fill("涉及环评审批，请环评科办理。")
    staff.get_by_test_id("do-transfer").click()
    staff.wait_for_load_state()
    expect(status_of(staff)).to_have_attribute("data-status", "assigned")
    expect(staff.get_by_test_id("holder-unit")).not_to_have_text("")
    # Then the EIA section finds it in its to-do, accepts and resolves it
    eia = new_page()
    sign_in(eia, "eia")
    open_ticket(eia, "/workflow/tickets?queue=todo", subject)
    act(eia, "accept")
    eia.get_by_test_id("open-resolve").click()
    eia.locator("#resolve-note").fill("已告知所需材料并完成预审。")
    eia.get_by_test_id("do-resolve").click()
    eia.wait_for_load_state()
    expect(status_of(eia)).to_have_attribute("data-status", "resolved")
    # And the enterprise confirms the result with four stars and a comment
    open_ticket(enterprise, "/workflow/my", subject)
    expect(enterprise.locator('[data-action="transfer"]')).to_have_count(0)
    enterprise.get_by_test_id("open-confirm").click()
    enterprise.locator('[data-testid=rating] label:has(input[value="4"])').click()
    enterprise.locator("#confirm-comment").fill("办理及时，谢谢。")
    enterprise.get_by_test_id("do-confirm").click()
    enterprise.wait_for_load_state()
    expect(status_of(enterprise)).to_have_attribute("data-status", "closed")
    expect(enterprise.get_by_test_id("ticket-rating")).to_have_attribute("data-rating", "4")
    # And every step is in the timeline the staff see
    actions = staff.get_by_test_id("history-row")
    staff.reload()
    expect(actions).to_have_count(6)


def overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0 when nothing sticks out)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )


def test_the_inbox_and_a_ticket_fit_a_375_px_phone(new_page):
    # Given a ticket in the office staff's to-do
    enterprise, subject = new_page(), unique("手机上查看的事项")
    sign_in(enterprise, "qiantang")
    file_enterprise_request(enterprise, subject)
    staff = new_page()
    staff.set_viewport_size(PHONE)
    sign_in(staff, "staff")
    # When they open the inbox and the ticket on a phone
    row = open_until_found(staff, "/workflow/tickets", lambda p: ticket_row(p, subject))
    # Then neither page is wider than the screen, and the rows are cards
    expect(row).to_be_visible()
    assert overflow(staff) <= 0
    assert staff.locator("table.tickets thead").is_hidden()
    row.get_by_test_id("ticket-link").click()
    expect(staff.get_by_test_id("ticket-title")).to_have_text(subject)
    staff.get_by_test_id("open-transfer").click()
    assert overflow(staff) <= 0
    staff.goto("/workflow/tickets?queue=all&sort=deadline")
    assert overflow(staff) <= 0
