"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's
live server, at a phone's size.

Every test gets a fresh browser context (its own cookies, IndexedDB and service
worker) and a page whose uncaught errors and Content Security Policy violations
fail the test. Screenshots of each screen go to test-artifacts/screens/.
"""

import os
import urllib.request

import pytest
from playwright.sync_api import expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
# Long enough for a cold service worker install on a slow CI machine, short
# enough that a hang fails in seconds rather than minutes.
expect.set_options(timeout=10_000)


@pytest.fixture(scope="package")
def browser():
    # Playwright's sync API keeps an asyncio loop running in this thread, which
    # makes Django refuse database access from the test ("async context"). The
    # tests only read and write the database synchronously, between browser
    # calls, so it is safe here; package scope takes the flag away again before
    # any other test package runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def app_url(live_server, transactional_db, settings):
    """The live server's address, once it is known to serve the app's files."""
    settings.PUSH_ALLOW_LOCAL_ENDPOINTS = True
    for path in ("/", "/sw.js", "/manifest.webmanifest", "/static/js/app.js", "/static/app.css"):
        with urllib.request.urlopen(live_server.url + path, timeout=10) as response:
            assert response.status == 200, f"the live server does not serve {path}"
    return live_server.url


class Recorder:
    """What the page said went wrong: uncaught errors, console errors, CSP violations."""

    def __init__(self):
        self.page_errors = []
        self.console_errors = []

    def watch(self, page):
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))

    @property
    def csp_violations(self):
        return [text for text in self.console_errors if "Content Security Policy" in text]


# Records what the browser blocked under the page's CSP, as the page sees it
# (the console message alone misses some kinds of violation).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`);
});
"""


def new_context(browser, app_url, **phone):
    """A phone's browser (en-GB in Oslo unless `phone` says otherwise: locale, timezone_id,
    extra_http_headers, ...), reporting any content-security-policy violation."""
    phone = {"locale": "en-GB", "timezone_id": "Europe/Oslo", **phone}
    context = browser.new_context(
        base_url=app_url,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        service_workers="allow",
        **phone,
    )
    context.add_init_script(CSP_LISTENER)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def recorder():
    return Recorder()


@pytest.fixture
def context(browser, app_url):
    context = new_context(browser, app_url)
    yield context
    context.close()


@pytest.fixture
def page(context, recorder):
    page = context.new_page()
    recorder.watch(page)
    yield page
    assert_page_healthy(page, recorder)


def assert_page_healthy(page, recorder):
    """Checked after every test: nothing crashed and the CSP blocked nothing."""
    assert not recorder.page_errors, f"uncaught errors in the page: {recorder.page_errors}"
    assert not recorder.csp_violations, f"CSP violations: {recorder.csp_violations}"
    if not page.is_closed():
        blocked = page.evaluate("window.__cspViolations || []")
        assert not blocked, f"CSP violations: {blocked}"


@pytest.fixture
def open_page(browser, app_url, recorder):
    """A second (third...) person in their own browser: a fresh context and page each call."""
    opened = []

    def open_():
        context = new_context(browser, app_url)
        page = context.new_page()
        recorder.watch(page)
        opened.append((context, page))
        return page

    yield open_
    for context, page in opened:
        assert_page_healthy(page, recorder)
        context.close()
