"""Issue 22: the patient's app keeps every warning in front of them.

Findings 1 (advice gone after a reload), 2 (offline advice never upgraded), 3 (the save
bar over "More detail") and 9 (200% text and 320 px), each as the patient would notice
it, with the real service worker; axe on the Log screen in each state."""

import json

import pytest
from playwright.sync_api import expect

from diary.models import Entry
from tests.frontend.browser import (
    axe_violations,
    describe_violations,
    go,
    log_in,
    register,
    screenshot,
    wait_for_service_worker,
)
from tests.workers import wait_for

pytestmark = pytest.mark.browser

EMERGENCY = "Get medical help now"


def advice_box(page, heading):
    return page.get_by_role("alert").filter(has=page.get_by_role("heading", name=heading))


def log_flagged_headache(page, *flags):
    page.get_by_role("button", name="Both", exact=True).click()
    page.get_by_role("button", name="9", exact=True).click()
    page.get_by_text("More detail").click()
    for flag in flags:
        page.locator(f"[data-field=red_flags] input[value={flag}]").check()
    page.get_by_role("button", name="Save", exact=True).click()


def assert_axe_clean(page, name):
    screenshot(page, name)
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def test_emergency_advice_comes_first_after_a_reload_and_on_another_device_until_read(page, open_page):
    email = register(page)
    log_flagged_headache(page, "thunderclap", "worst_ever")
    expect(advice_box(page, EMERGENCY)).to_be_focused()
    wait_for(lambda: Entry.objects.filter(patient__email=email).count() == 1, seconds=10)

    page.reload()  # what a phone does to a backgrounded app
    expect(advice_box(page, EMERGENCY)).to_be_focused()
    expect(advice_box(page, EMERGENCY)).to_contain_text("emergency")
    assert_axe_clean(page, "advice-after-reload")

    other = open_page()
    log_in(other, email)
    go(other, "log")
    expect(advice_box(other, EMERGENCY)).to_be_visible()

    advice_box(page, EMERGENCY).get_by_role("button", name="I have read this").click()
    expect(advice_box(page, EMERGENCY)).to_have_count(0)
    expect(page.get_by_role("heading", name="Log a headache")).to_be_focused()
    page.reload()
    expect(page.get_by_role("heading", name="Log a headache")).to_be_visible()
    expect(page.locator(".advice")).to_have_count(0)
    go(other, "history")
    go(other, "log")
    expect(other.locator(".advice")).to_have_count(0)


def test_offline_advice_is_replaced_by_the_servers_after_the_sync_and_announced(page, context):
    email = register(page)
    wait_for_service_worker(page)
    context.set_offline(True)
    log_flagged_headache(page, "neuro_deficit")
    expect(advice_box(page, "A warning sign")).to_be_focused()
    page.reload()  # still offline: the phone's own advice stays until the server's comes
    expect(advice_box(page, "A warning sign")).to_be_visible()
    screenshot(page, "advice-offline")

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(advice_box(page, EMERGENCY)).to_be_visible()
    expect(advice_box(page, "A warning sign")).to_have_count(0)
    expect(page.locator("#announcer")).to_contain_text(EMERGENCY)
    assert Entry.objects.get(patient__email=email).red_flags == ["neuro_deficit"]
    assert_axe_clean(page, "advice-upgraded")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("text_size", ["100%", "200%"])
@pytest.mark.parametrize("width,height", [(390, 844), (320, 640)])
def test_every_log_control_stays_reachable_at_any_size_after_an_offline_save(
    page, context, scheme, text_size, width, height
):
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": height})
    register(page)
    wait_for_service_worker(page)
    page.evaluate(f"document.documentElement.style.fontSize = {json.dumps(text_size)}")
    context.set_offline(True)
    page.get_by_role("button", name="Left", exact=True).click()
    page.get_by_role("button", name="4", exact=True).click()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("main").get_by_text("Saved on this phone")).to_be_visible()

    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # No word broken inside a button: each button's words fit on their own.
    broken = page.evaluate(
        """() => [...document.querySelectorAll("main button")].filter((b) => b.checkVisibility())
             .filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => b.textContent)"""
    )
    assert not broken, f"text out of its button: {broken}"
    split = page.evaluate(
        """() => [...document.querySelectorAll("main .choices button")].filter((b) => b.checkVisibility())
             .filter((b) => {
               const longest = Math.max(...b.textContent.split(/\\s+/).map((w) => {
                 const probe = document.createElement("span");
                 probe.style.whiteSpace = "nowrap";
                 probe.textContent = w;
                 b.append(probe);
                 const width = probe.getBoundingClientRect().width;
                 probe.remove();
                 return width;
               }));
               const style = getComputedStyle(b);
               return longest > b.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) + 1;
             }).map((b) => b.textContent)"""
    )
    assert not split, f"words broken mid-word: {split}"

    # "More detail" (warning signs, medicine, date) can be tapped, not the save bar over it.
    summary = page.get_by_text("More detail")
    summary.scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    summary.click(trial=True)  # Playwright refuses if another element would receive the tap
    summary.click()
    # Opened, still no part of the form wider than the screen (the date, time and number fields and the
    # warning signs' long words included), nor the save bar: a word wider than its line once widened the
    # whole page, and the fixed save bar with it, to 376 px on a 320 px phone.
    wider = page.evaluate(
        f"""() => [...document.querySelectorAll("main *")]
             .filter((el) => el.getBoundingClientRect().right > {width} + 1)
             .map((el) => el.tagName + "." + el.className + " " + (el.textContent || "").slice(0, 30))"""
    )
    assert not wider, f"wider than the screen: {wider[:5]}"
    assert page.evaluate("[window.innerWidth, document.documentElement.scrollWidth]") == [width, width]
    last_sign = page.locator("[data-field=red_flags] label.check").last
    last_sign.scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    last_sign.click(trial=True)
    name = f"log-{width}-{text_size.rstrip('%')}-{scheme}"
    if text_size == "100%":
        assert_axe_clean(page, name)
    else:
        screenshot(page, name)


def saved_body(page):
    """Tap Save; the body of the entry PUT it sends."""
    with page.expect_request(lambda r: r.method == "PUT" and "/api/v1/entries/" in r.url) as request:
        page.get_by_role("button", name="Save", exact=True).click()
    return request.value.post_data_json


def test_symptoms_are_not_sent_until_more_detail_is_opened(page):
    register(page)
    page.get_by_role("button", name="Right", exact=True).click()
    page.get_by_role("button", name="5", exact=True).click()
    first = saved_body(page)
    expect(page.locator("main").get_by_text("Saved. Take care.")).to_be_visible()
    page.get_by_role("button", name="Right", exact=True).click()
    page.get_by_role("button", name="6", exact=True).click()
    page.get_by_text("More detail").click()
    second = saved_body(page)
    assert "symptoms" not in first  # not asked: the server's null
    assert second["symptoms"] == []  # asked, none ticked


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_emergency_flags_hold_the_exercises_back_and_say_what_to_do_first(page, scheme):
    page.emulate_media(color_scheme=scheme)
    register(page)
    log_flagged_headache(page, "thunderclap", "fever_stiff_neck")
    expect(advice_box(page, EMERGENCY)).to_be_visible()
    go(page, "exercises")
    doctor_first = page.get_by_role("alert").filter(
        has=page.get_by_role("heading", name="Please see a doctor before exercising")
    )
    expect(doctor_first).to_be_visible()
    expect(doctor_first).to_contain_text("record it on the Insights screen")
    expect(page.get_by_role("button", name="Start the general programme")).to_have_count(0)
    assert_axe_clean(page, f"exercises-doctor-first-{scheme}")
