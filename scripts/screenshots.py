"""Take the README screenshots: the thin slice in Chinese, at 1280x800, in Chromium.

Starts the embedded run on fresh SQLite files in a temporary directory, walks the slice
as the demo people (an enterprise files a request, the liaison opens the ticket, the
county administrator looks at the report and the form editor) and saves one PNG per
page in ``docs/screenshots/``. It stops with an error if a page is an error page.

Run it from the repository root::

    .venv/bin/python -m scripts.screenshots [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, Page, expect, sync_playwright

from shared.testing.embedded_server import EmbeddedServer
from tests.browser.flows import (
    add_designer_field,
    designer_card,
    fill_enterprise_request,
    fill_login_form,
    inbox_item,
    launch_browser,
    open_page,
    open_until_found,
    publish_through_api,
    sign_in,
    submit_intake_form,
)

OUT_DIR = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
SUBJECT = "扩建项目排污许可证变更咨询"


class ScreenshotFailed(RuntimeError):
    """Raised when a page to photograph is an error page."""


def shoot(page: Page, out_dir: Path, name: str) -> None:
    """Save the viewport of ``page`` as ``out_dir/name.png``, refusing error pages."""
    if page.locator(".error-page").count():
        raise ScreenshotFailed(f"{name}: {page.url} is an error page")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=out_dir / f"{name}.png")
    print(f"saved {out_dir / name}.png")


def enterprise_files_a_request(browser: Browser, base_url: str, out_dir: Path) -> None:
    """login.png, intake-form.png and receipt.png, as the paired enterprise's user."""
    page = open_page(browser, base_url)
    fill_login_form(page, "qingyuan")
    shoot(page, out_dir, "login")
    sign_in(page, "qingyuan")
    page.goto("/forms/fill/enterprise-request")
    fill_enterprise_request(page, SUBJECT)
    shoot(page, out_dir, "intake-form")
    submit_intake_form(page)
    shoot(page, out_dir, "receipt")
    page.context.close()


def liaison_opens_the_ticket(browser: Browser, base_url: str, out_dir: Path) -> None:
    """inbox.png and ticket.png, as the enterprise's liaison."""
    page = open_page(browser, base_url)
    sign_in(page, "liaison")
    item = open_until_found(page, "/notify/inbox", lambda p: inbox_item(p, SUBJECT))
    shoot(page, out_dir, "inbox")
    item.get_by_test_id("inbox-item-link").click()
    page.get_by_test_id("ticket-title").wait_for()
    shoot(page, out_dir, "ticket")
    page.context.close()


def county_admin_looks_around(browser: Browser, base_url: str, out_dir: Path) -> None:
    """reports.png and form-editor.png (the designer), as the county administrator."""
    page = open_page(browser, base_url)
    sign_in(page, "shangcheng")
    page.goto("/reports/")
    shoot(page, out_dir, "reports")
    page.goto("/forms/new")
    page.locator("#prop-key").fill("discharge-register")
    page.locator("#prop-title-zh_CN").fill("排污情况登记")
    page.locator("#prop-title-en").fill("Discharge register")
    add_designer_field(page, "text", "subject", "诉求标题", "Subject")
    add_designer_field(page, "select", "kind", "类别", "Kind")
    add_designer_field(page, "repeat", "outlets", "排口", "Outlets")
    add_designer_field(page, "number", "flow", "流量", "Flow")
    designer_card(page, "kind").get_by_test_id("card-label").click()
    expect(page.get_by_test_id("preview")).to_contain_text("流量")
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, out_dir, "form-editor")
    page.context.close()


#: A form with two sections and a repeating group (the one the browser tests fill).
OUTLET_REPORT = json.loads(
    (Path(__file__).parents[1] / "tests" / "data" / "forms" / "outlet-report.json").read_text(
        encoding="utf-8"
    )
)


def forms_in_depth(browser: Browser, base_url: str, out_dir: Path) -> None:
    """intake-sections.png, versions.png and submissions.png: a form of two sections
    filled page by page, the diff of two versions, and a form's submissions."""
    admin = open_page(browser, base_url)
    sign_in(admin, "province")
    form_id = publish_through_api(admin, OUTLET_REPORT)
    token = admin.locator('meta[name="csrf-token"]').get_attribute("content")
    headers = {"X-CSRFToken": token, "Accept": "application/json"}
    second = json.loads(json.dumps(OUTLET_REPORT))
    second["fields"][1]["label"] = {"zh_CN": "企业全称", "en": "Full company name"}
    draft = admin.request.put(
        f"/forms/api/forms/{form_id}/draft", data={"definition": second}, headers=headers
    )
    assert draft.ok, draft.text()
    published = admin.request.post(f"/forms/api/forms/{form_id}/publish", headers=headers)
    assert published.ok, published.text()
    page = open_page(browser, base_url)
    sign_in(page, "qingyuan")
    page.goto(f"/forms/fill/{OUTLET_REPORT['key']}")
    shoot(page, out_dir, "intake-sections")
    page.context.close()
    admin.goto(f"/forms/{form_id}/versions?from=1&to=2")
    shoot(admin, out_dir, "versions")
    request_form = next(
        f for f in admin.request.get("/forms/api/forms").json() if f["key"] == "enterprise-request"
    )
    admin.goto(f"/forms/{request_form['id']}/submissions")
    shoot(admin, out_dir, "submissions")
    admin.context.close()


#: In order: the liaison's inbox needs the enterprise's request, the report its ticket.
WALKS = (
    enterprise_files_a_request,
    liaison_opens_the_ticket,
    county_admin_looks_around,
    forms_in_depth,
)


def take_screenshots(chromium_path: str, out_dir: Path) -> None:
    """Run the embedded system in a temporary directory and photograph the slice."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="qinqing-screenshots-") as work_dir,
        EmbeddedServer(Path(work_dir)) as server,
        sync_playwright() as playwright,
    ):
        browser = launch_browser(playwright, chromium_path)
        try:
            for walk in WALKS:
                walk(browser, server.base_url, out_dir)
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="where to save the PNGs")
    args = parser.parse_args(argv)
    chromium_path = shutil.which("chromium")
    if not chromium_path:
        print("chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    take_screenshots(chromium_path, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
