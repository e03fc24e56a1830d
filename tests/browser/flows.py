"""What people do in the browser, as small steps on a Playwright page.

The browser tests and ``scripts/screenshots.py`` walk the thin slice with these steps.
Pages are addressed by element ids and ``data-testid`` attributes, never by their
wording, so the steps work in either language.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from urllib.parse import urlencode

from playwright.sync_api import Browser, Locator, Page, Playwright

from services.directory.seed import DEMO_PASSWORD

#: Chromium from Debian, headless, without the background traffic a test does not want.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
)
VIEWPORT = {"width": 1280, "height": 800}
#: Milliseconds a step may wait for an element or a navigation.
STEP_TIMEOUT_MS = 10_000
#: Seconds an event may take to flow from a submission to a ticket and an inbox item.
EVENT_TIMEOUT = 20.0

#: Valid answers to the seeded enterprise request form, without its subject and category.
ENTERPRISE_REQUEST_ANSWERS = {
    "#f-details": "企业扩建后需要变更排污许可证，希望了解所需材料和办理时限。",
    "#f-contact_person": "张伟",
    "#f-contact_phone": "13800138000",
}


def launch_browser(playwright: Playwright, chromium_path: str) -> Browser:
    """Launch Debian's Chromium headless."""
    return playwright.chromium.launch(executable_path=chromium_path, args=list(CHROMIUM_ARGS))


def open_page(browser: Browser, base_url: str, locale: str = "zh-CN") -> Page:
    """A page in a new context: its own cookies, ``locale`` as the browser's language."""
    context = browser.new_context(base_url=base_url, locale=locale, viewport=VIEWPORT)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    return context.new_page()


def unique(prefix: str) -> str:
    """``prefix`` with a random suffix, so data made by one test never matches another's."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def fill_login_form(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Open the sign-in page and type the username and password (without submitting)."""
    page.goto("/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)


def submit_login_form(page: Page) -> None:
    """Click the sign-in button and wait for the page it leads to."""
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def sign_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form and wait for the signed-in page."""
    fill_login_form(page, username, password)
    submit_login_form(page)
    page.get_by_test_id("who").wait_for()


def submit_intake_form(page: Page) -> None:
    """Click the intake form's submit button and wait for the page it leads to."""
    # The form's other submit button is "Save draft".
    page.get_by_test_id("intake-form").locator(
        "button[type=submit]:not([value=save_draft])"
    ).click()
    page.wait_for_load_state()


def fill_enterprise_request(page: Page, subject: str, category: str = "permit") -> None:
    """On the enterprise request form, answer every required field with valid values.

    The default category has no routing rule of its own (the demo county sends EIA
    approvals to its EIA department), so the ticket goes to the paired liaison.
    """
    page.locator("#f-subject").fill(subject)
    page.locator("#f-category").select_option(category)
    for selector, value in ENTERPRISE_REQUEST_ANSWERS.items():
        page.locator(selector).fill(value)
    page.locator("input[name=needs_visit][value=true]").check()


def file_enterprise_request(page: Page, subject: str, category: str = "permit") -> str:
    """Open the enterprise request form, fill it in validly and submit it; returns the
    acceptance number the enterprise is given."""
    page.goto("/forms/fill/enterprise-request")
    fill_enterprise_request(page, subject, category)
    submit_intake_form(page)
    return page.get_by_test_id("acceptance-number").inner_text()


def visit_booking_definition(key: str) -> dict:
    """A small valid form definition of a county's own: a matter and a preferred date."""
    return {
        "key": key,
        "title": {"zh_CN": "上门服务预约", "en": "On-site visit booking"},
        "fields": [
            {
                "name": "matter",
                "type": "text",
                "label": {"zh_CN": "预约事项", "en": "Matter"},
                "required": True,
            },
            {
                "name": "preferred_date",
                "type": "date",
                "label": {"zh_CN": "希望上门日期", "en": "Preferred date"},
                "required": True,
            },
        ],
    }


def save_definition(page: Page, definition_json: str) -> None:
    """In the form editor's JSON view ("Advanced", folded while the designer runs),
    replace the definition with ``definition_json`` and save it."""
    advanced = page.get_by_test_id("advanced")
    if advanced.get_attribute("open") is None:
        advanced.locator("summary").click()
    page.locator("#definition").fill(definition_json)
    page.locator("main form:has(#definition) button[type=submit]").click()
    page.wait_for_load_state()


def publish(page: Page) -> None:
    """On a form's edit page, publish its draft: with the designer's button when the
    designer runs (waiting for its "published" status), else with the page's form."""
    designer = page.locator("#designer")
    if designer.is_visible():
        designer.evaluate("element => delete element.dataset.published")
        page.get_by_test_id("designer-publish").click()
        page.locator("#designer[data-published]").wait_for(state="attached")
    else:
        page.get_by_test_id("publish").click()
        page.wait_for_load_state()


def open_until_found(
    page: Page, path: str, find: Callable[[Page], Locator], timeout: float = EVENT_TIMEOUT
) -> Locator:
    """Open ``path`` and reload it until ``find(page)`` matches an element.

    Events flow in the background, so a ticket or an inbox item appears a moment after
    the submission that causes it.

    :returns: the matching locator.
    :raises AssertionError: when nothing matches within ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        page.goto(path)
        found = find(page)
        if found.count():
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"nothing matched on {path} within {timeout:.0f} s")
        time.sleep(0.25)


def ticket_row(page: Page, title: str) -> Locator:
    """The ticket table's row of the ticket titled ``title``."""
    return page.get_by_test_id("ticket-row").filter(has_text=title)


def open_ticket(page: Page, list_path: str, title: str) -> str:
    """Open the ticket list at ``list_path`` (a queue of the inbox, or the enterprise's
    own matters), reloading until the ticket titled ``title`` is listed, and open it from
    its row; returns the ticket's id."""
    separator = "&" if "?" in list_path else "?"
    path = f"{list_path}{separator}{urlencode({'q': title})}"
    row = open_until_found(page, path, lambda p: ticket_row(p, title))
    ticket_id = row.get_attribute("data-ticket-id")
    with page.expect_navigation():
        row.get_by_test_id("ticket-link").click()
    return ticket_id


def take_action(page: Page, action: str, fields: dict[str, str] | None = None) -> None:
    """On a ticket page, take ``action`` as a person does: open its form (unless its
    button is all there is), fill in ``fields`` (form field name -> value: text is typed,
    a list's option, a radio button or a checkbox of that value is chosen), press its
    button, and wait for the page the ticket shows next.

    :raises AssertionError: when the page refuses the action (a message at its top or by
        a field).
    """
    action_box = page.get_by_test_id(f"action-{action}")
    opener = action_box.get_by_test_id(f"open-{action}")
    if opener.count():
        opener.click()
    for name, value in (fields or {}).items():
        _fill_field(action_box, name, value)
    with page.expect_navigation():
        action_box.get_by_test_id(f"do-{action}").click()
    refusals = page.locator("[data-testid=problem], p.field-error")
    if refusals.count():
        raise AssertionError(f"{action} refused: {refusals.all_inner_texts()}")


def _fill_field(form: Locator, name: str, value: str) -> None:
    field = form.locator(f'[name="{name}"]')
    first = field.first
    tag = first.evaluate("element => element.tagName.toLowerCase()")
    kind = first.get_attribute("type")
    if tag == "select":
        first.select_option(value)
    elif kind in ("radio", "checkbox"):
        choice = form.locator(f'[name="{name}"][value="{value}"]')
        # Click its label, as a person does (a star of a rating hides its radio button).
        choice.locator("xpath=ancestor::label[1]").click()
        if not choice.is_checked():
            raise AssertionError(f"{name}={value} is not chosen")
    else:
        first.fill(value)


def timeline(page: Page) -> list[str]:
    """The actions of the ticket page's timeline, oldest first."""
    rows = page.get_by_test_id("history-row")
    return rows.evaluate_all("rows => rows.map(row => row.dataset.action)")


def inbox_item(page: Page, text: str) -> Locator:
    """The inbox row whose message contains ``text``."""
    return page.get_by_test_id("inbox-item").filter(has_text=text)


def publish_through_api(page: Page, definition: dict) -> str:
    """As the administrator signed in on ``page``, save ``definition`` as a new form
    through the forms API and publish it; returns the form's id."""
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    headers = {"X-CSRFToken": token, "Accept": "application/json"}
    created = page.request.post(
        "/forms/api/forms", data={"definition": definition}, headers=headers
    )
    assert created.status == 201, created.text()
    form_id = created.json()["id"]
    published = page.request.post(f"/forms/api/forms/{form_id}/publish", headers=headers)
    assert published.status == 201, published.text()
    return form_id


def field_label(definition: dict, name: str, locale: str) -> str:
    """The label of the field ``name`` (at any depth) of ``definition`` in ``locale``."""
    fields = list(definition["fields"])
    while fields:
        field = fields.pop(0)
        if field["name"] == name:
            return field["label"][locale]
        fields.extend(field.get("fields", ()))
    raise KeyError(name)


def designer_card(page: Page, name: str) -> Locator:
    """The designer canvas's card of the field named ``name`` (at any level)."""
    return page.locator(f'[data-testid=field-card][data-name="{name}"]')


def designer_order(page: Page, group: str | None = None) -> list[str]:
    """The names of the fields on the designer's canvas, top level or in ``group``."""
    selector = "[data-testid=canvas] > ol > li"
    if group:
        selector = f'[data-testid=field-card][data-name="{group}"] > ol > li'
    return page.locator(selector).evaluate_all("cards => cards.map(card => card.dataset.name)")


def add_designer_field(page: Page, kind: str, name: str, zh_cn: str, en: str) -> None:
    """In the designer, click a palette entry and give the new field its labels and name
    (it lands after the selected field, or inside the selected group)."""
    page.get_by_test_id(f"palette-{kind}").click()
    page.locator("#prop-label-zh_CN").fill(zh_cn)
    page.locator("#prop-label-en").fill(en)
    page.locator("#prop-name").fill(name)


def drag_card_below(page: Page, name: str, target: str) -> None:
    """Drag the card of field ``name`` by its label towards the lower edge of the card of
    ``target`` until the canvas shows it just below that card; then drop it."""
    start = designer_card(page, name).get_by_test_id("card-label").first.bounding_box()

    def aim() -> tuple[float, float]:
        box = designer_card(page, target).bounding_box()
        return start["x"] + 10, box["y"] + box["height"] - 4

    def below() -> bool:
        order = designer_order(page)
        return order.index(name) == order.index(target) + 1

    _drag(page, (start["x"] + 10, start["y"] + start["height"] / 2), aim, below)


def drag_palette_entry_into(page: Page, kind: str, group: str) -> None:
    """Drag a palette entry towards the field list of the group ``group`` until the
    canvas shows it inside; then drop it."""
    start = page.get_by_test_id(f"palette-{kind}").bounding_box()
    inside = page.locator(
        f'[data-testid=field-card][data-name="{group}"] > ol > li[data-kind="{kind}"]'
    )

    def aim() -> tuple[float, float]:
        box = designer_card(page, group).locator("> ol").bounding_box()
        return box["x"] + box["width"] / 2, box["y"] + box["height"] - 10

    _drag(
        page, (start["x"] + 20, start["y"] + start["height"] / 2), aim, lambda: inside.count() > 0
    )


def _drag(page: Page, start: tuple[float, float], aim, arrived, stride: float = 5) -> None:
    """Press the mouse at ``start`` and move it at most ``stride`` pixels at a time
    towards ``aim()`` (asked again at every step, as what is dragged pushes the others
    aside) until ``arrived()``; then drop.

    SortableJS starts a drag once the pointer moves and animates what it moves aside, so
    the hand pauses a moment after pressing and before letting go, as a person's does,
    and keeps moving a little until the item is in place.
    """
    x, y = start
    page.mouse.move(x, y)
    page.mouse.down()
    page.wait_for_timeout(50)
    for count in range(400):
        if arrived():
            break
        to_x, to_y = aim()
        x += max(-stride, min(stride, to_x - x))
        y += max(-stride, min(stride, to_y - y))
        # At the aim, keep the pointer moving a pixel: Sortable ignores the pointer while
        # it animates, and needs a later move to act on where the pointer is.
        page.mouse.move(x, y + count % 2)
        page.wait_for_timeout(15)
    else:
        page.mouse.up()
        raise AssertionError("the dragged item never reached its place")
    page.wait_for_timeout(200)
    page.mouse.up()
