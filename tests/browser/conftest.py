"""Fixtures of the browser tests: the embedded run as a subprocess, Debian's Chromium,
and a fresh browser context (its own cookies) for every page a test opens.

The embedded run starts once per session on a free port and seeds the demo province;
tests make their own data with unique names, so they do not depend on each other's.
When a test fails, its report carries the end of the embedded run's output.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from shared.testing.embedded_server import EmbeddedServer, EmbeddedServerFailed
from tests.browser.flows import launch_browser, open_page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    server = getattr(item, "funcargs", {}).get("embedded_server")
    if report.failed and isinstance(server, EmbeddedServer):
        report.sections.append(("qinqing run output", server.output()))
    return report


@pytest.fixture(scope="session")
def embedded_server(chromium_path, tmp_path_factory):
    """``qinqing run`` with the demo data, healthy, for the whole session."""
    server = EmbeddedServer(tmp_path_factory.mktemp("embedded"))
    try:
        server.start()
    except EmbeddedServerFailed as error:
        pytest.fail(str(error), pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium_path):
    with sync_playwright() as playwright:
        browser = launch_browser(playwright, chromium_path)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, embedded_server):
    """A factory of pages, each in a new context; every context is closed after the test."""
    pages = []

    def make(locale: str = "zh-CN"):
        page = open_page(browser, embedded_server.base_url, locale)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.context.close()


@pytest.fixture
def page(new_page):
    """A page in a new zh-CN context, signed in as nobody."""
    return new_page()
