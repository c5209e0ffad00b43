"""What a browser test does on the screens, said once: register, log in, open a
screen, wait for the service worker, take a screenshot, run axe-core."""

import json
import uuid
from pathlib import Path

from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screens"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "quiet-harbour-lantern-42"


def unique_email(who="patient"):
    return f"{who}-{uuid.uuid4().hex[:10]}@example.test"


def register(page, *, email=None, clinician=False):
    """Create an account through the screens, as a new user would; returns the email."""
    email = email or unique_email("clinician" if clinician else "patient")
    page.goto("/#/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    if clinician:
        page.get_by_label("I am a clinician").check()
    page.get_by_role("button", name="Create account").click()
    home = "Patients" if clinician else "Log"
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name=home, exact=True)).to_be_visible()
    return email


def log_in(page, email, password=PASSWORD):
    page.goto("/#/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


def go(page, screen):
    """Open a screen from the address bar's hash and wait until it has replaced the last one."""
    if page.url.endswith(f"#/{screen}"):
        page.reload()  # the same hash again would fire no hashchange, so nothing would re-render
    else:
        page.evaluate("document.querySelectorAll('main > *').forEach((el) => el.setAttribute('data-old-screen', ''))")
        page.goto(f"/#/{screen}")
    expect(page.locator("main > [data-old-screen]")).to_have_count(0)
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main .loading")).to_have_count(0)


def wait_in_page(page, condition, timeout_ms=10_000):
    """Until the JavaScript expression `condition` is truthy in the page; returns its value.

    Playwright's wait_for_function compiles its predicate with eval, which the
    app's CSP (rightly) refuses; the whole poll goes through page.evaluate, which
    the DevTools protocol compiles instead."""
    return page.evaluate(f"""() => new Promise((resolve, reject) => {{
      const started = performance.now();
      const poll = () => {{
        const value = ({condition});
        if (value) resolve(value);
        else if (performance.now() - started > {timeout_ms}) reject(new Error({json.dumps("timed out waiting for: " + condition)}));
        else setTimeout(poll, 50);
      }};
      poll();
    }})""")


def wait_for_service_worker(page, timeout_ms=30_000):
    """Until the service worker has installed (shell cached) and controls the page. A page
    that was loading while the new worker claimed its clients stays uncontrolled until it
    is opened again (as the patient's next visit would): then it is reloaded once."""
    page.evaluate(f"""() => Promise.race([navigator.serviceWorker.ready,
      new Promise((resolve, reject) => setTimeout(() => reject(new Error("no active service worker")), {timeout_ms}))])""")
    if not page.evaluate("navigator.serviceWorker.controller !== null"):
        page.reload()
    wait_in_page(page, "navigator.serviceWorker.controller !== null", timeout_ms=timeout_ms)


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def axe_violations(page):
    """axe-core's serious and critical findings on the page as it is now.

    axe's source is evaluated through the DevTools protocol rather than added
    as a <script>: an inline script would be refused by the app's own CSP."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    results = page.evaluate(
        """axe.run(document, {resultTypes: ["violations"],
              runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}})"""
    )
    return [v for v in results["violations"] if v["impact"] in ("serious", "critical")]


def describe_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            reasons = [line.strip() for line in node["failureSummary"].splitlines()[1:]]
            lines.append(f"    at {' '.join(node['target'])}: {'; '.join(reasons)}")
    return "\n".join(lines)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", "not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


# The buttons of the Log screen whose words do not fit inside them (cut off or spilling).
CUT_WORDS = """[...document.querySelectorAll('.log button')].filter((b) => b.offsetParent)
  .filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => b.textContent)"""
