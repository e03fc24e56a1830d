"""The submissions page of a form at phone width: filter, read, export."""

import csv
import io

import pytest
from playwright.sync_api import expect

from tests.browser.flows import file_enterprise_request, sign_in, unique

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def test_an_administrator_filters_the_submissions_at_phone_width_and_exports_them(new_page):
    # Given an enterprise has filed a request
    enterprise, subject = new_page(), unique("噪声扰民")
    sign_in(enterprise, "qingyuan")
    file_enterprise_request(enterprise, subject)
    number = enterprise.get_by_test_id("acceptance-number").inner_text()
    # When the province administrator opens the form's submissions on a phone and filters
    admin = new_page()
    admin.set_viewport_size(PHONE)
    sign_in(admin, "province")
    admin.goto("/forms/")
    admin.get_by_test_id("submissions-of-enterprise-request").click()
    admin.get_by_test_id("filters-toggle").click()
    admin.locator("#f\\.subject").fill(subject)
    admin.get_by_test_id("submission-filters").locator("button[type=submit]").click()
    # Then only that request is listed, and the page itself does not scroll sideways
    rows = admin.get_by_test_id("submission-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(number)
    assert admin.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # And the CSV export holds the same request, in Chinese, with its BOM
    with admin.expect_download() as download:
        admin.get_by_test_id("export-csv").click()
    body = download.value.path().read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert lines[0][0] == "受理编号" and [line[0] for line in lines[1:]] == [number]
