"""A clinician's browser keeps nothing of a diary once consent ends (issue 24): the
service worker never caches a clinician's reads, so offline after a revoke the diary
is gone, not served from the last good answer."""

import pytest
from playwright.sync_api import expect

from diary.models import User
from tests.frontend.browser import go, register, wait_for_service_worker
from tests.frontend.test_clinician import log_a_headache

pytestmark = pytest.mark.browser

CACHED_URLS = "caches.open('api-reads').then((cache) => cache.keys()).then((keys) => keys.map((k) => k.url))"


def test_a_revoked_clinician_offline_no_longer_sees_the_diary(page, open_page):
    patient_page = open_page()
    patient_email = register(patient_page)
    log_a_headache(patient_page, "Left", 7)
    go(patient_page, "account")
    patient_page.get_by_role("button", name="Create a share code").click()
    code = patient_page.locator("main .code").inner_text().strip()

    clinician_email = register(page, clinician=True)
    wait_for_service_worker(page)
    page.get_by_label("Share code").fill(code)
    page.get_by_role("button", name="Add patient").click()
    page.get_by_role("list", name="Your patients").get_by_role("link", name=patient_email).click()
    expect(page.locator("main").get_by_text("median 7, max 7")).to_be_visible()
    patient_id = User.objects.get(email=patient_email).pk
    page.goto(page.url.split("#")[0] + f"#/patients/{patient_id}/entries")
    expect(page.locator("main").get_by_text(patient_email)).to_be_visible()
    assert not [url for url in page.evaluate(CACHED_URLS) if "/api/v1/clinician/" in url]

    go(patient_page, "account")
    patient_page.get_by_role("button", name=f"Revoke {clinician_email}").click()
    patient_page.get_by_role("button", name="Yes, revoke access").click()
    expect(patient_page.get_by_text(f"{clinician_email}: access revoked.")).to_be_visible()

    page.context.set_offline(True)
    page.reload()
    page.goto(page.url.split("#")[0] + f"#/patients/{patient_id}/summary")
    expect(page.locator("main").get_by_text("median 7, max 7")).to_have_count(0)
    page.goto(page.url.split("#")[0] + f"#/patients/{patient_id}/entries")
    expect(page.locator("main").get_by_text(patient_email)).to_have_count(0)
    page.context.set_offline(False)
