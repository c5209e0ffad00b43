"""No inline script anywhere, so the strict Content Security Policy the app sends
holds: the page is checked as served, then used under that policy."""

from html.parser import HTMLParser

import pytest
from playwright.sync_api import expect

from tests.frontend.browser import go, log_in, register

pytestmark = pytest.mark.browser


class InlineCode(HTMLParser):
    """Collects <script> elements without src and on*= event handler attributes."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.found.append(f"<script> without src at line {self.getpos()[0]}")
        self.found += [f"{name}= on <{tag}>" for name in names if name.startswith("on")]


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_the_served_page_has_no_inline_script_and_a_strict_policy(page):
    response = page.request.get("/")
    parser = InlineCode()
    parser.feed(response.text())
    assert parser.found == []

    policy = directives(response.headers["content-security-policy"])
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy.get("style-src", [])


def test_the_app_works_under_its_policy_and_the_policy_is_enforced(page, open_page, recorder):
    email = register(open_page())
    response = page.goto("/")  # the same patient on another phone
    assert "script-src 'self'" in response.headers["content-security-policy"]
    log_in(page, email)
    page.get_by_role("button", name="Left", exact=True).click()
    page.get_by_role("button", name="4", exact=True).click()
    page.get_by_text("More detail").click()
    page.get_by_role("button", name="Add a medicine taken").click()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("main").get_by_text("Saved. Take care.")).to_be_visible()
    for screen in ("history", "insights", "reminders", "account", "log"):
        go(page, screen)
        handlers = page.evaluate(
            """[...document.querySelectorAll("*")].flatMap(
                 (el) => [...el.attributes].filter((a) => a.name.startsWith("on")).map((a) => `${el.tagName} ${a.name}`))"""
        )
        assert handlers == [], f"inline handlers on {screen}: {handlers}"

    assert recorder.csp_violations == [] and page.evaluate("window.__cspViolations") == []
    assert recorder.page_errors == []

    # The policy is really in force: an inline script injected now does not run.
    ran = page.evaluate(
        """() => new Promise((resolve) => {
             window.__inlineRan = false;
             document.addEventListener("securitypolicyviolation", () => resolve(window.__inlineRan), {once: true});
             const script = document.createElement("script");
             script.textContent = "window.__inlineRan = true";
             document.body.append(script);
           })"""
    )
    assert ran is False
    # That refusal was this test's own doing: clear it before the page's final check.
    page.evaluate("window.__cspViolations = []")
    recorder.console_errors.clear()
