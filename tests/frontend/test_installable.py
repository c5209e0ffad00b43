"""The app can be installed: a manifest Chromium accepts, icons that are what
they claim, and a service worker that controls the page."""

import pytest
from playwright.sync_api import expect

from tests.frontend.browser import png_size

pytestmark = pytest.mark.browser


def test_the_manifest_describes_an_installable_app_with_real_icons_and_a_log_shortcut(page):
    page.goto("/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    manifest = page.request.get("/manifest.webmanifest").json()

    assert manifest["name"] and manifest["short_name"] and len(manifest["short_name"]) <= 12
    assert (manifest["id"], manifest["scope"], manifest["display"]) == ("/", "/", "standalone")
    assert manifest["start_url"].startswith("/")
    assert manifest["theme_color"].startswith("#") and manifest["background_color"].startswith("#")
    theme = page.locator("meta[name=theme-color]").get_attribute("content")
    assert theme == manifest["theme_color"]

    sizes = {}
    for icon in manifest["icons"]:
        response = page.request.get(icon["src"])
        assert response.ok and response.headers["content-type"] == icon["type"] == "image/png", icon["src"]
        width, height = png_size(response.body())
        assert icon["sizes"] == f"{width}x{height}", f"{icon['src']} is {width}x{height}, not {icon['sizes']}"
        for purpose in icon.get("purpose", "any").split():
            sizes.setdefault(purpose, set()).add(width)
    assert {192, 512} <= sizes["any"]
    assert sizes["maskable"], "no maskable icon"

    [shortcut] = [s for s in manifest["shortcuts"] if s["name"] == "Log headache"]
    assert shortcut["url"].startswith(manifest["scope"]) and shortcut["url"].endswith("#/log")
    for icon in shortcut.get("icons", []):
        assert page.request.get(icon["src"]).ok

    # What Chromium itself makes of the manifest.
    cdp = page.context.new_cdp_session(page)
    parsed = cdp.send("Page.getAppManifest")
    assert parsed["errors"] == [], parsed["errors"]
    assert parsed["url"].endswith("/manifest.webmanifest")


def test_the_service_worker_controls_the_page_after_a_reload_and_chromium_finds_the_app_installable(page, app_url):
    page.goto("/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()

    controller = page.evaluate("navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL")
    assert controller == f"{app_url}/sw.js"
    scope = page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.scope)")
    assert scope == f"{app_url}/"

    cdp = page.context.new_cdp_session(page)
    # Playwright's contexts are incognito profiles, where Chromium never offers to install.
    errors = [
        e for e in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] if e["errorId"] != "in-incognito"
    ]
    assert errors == [], errors
