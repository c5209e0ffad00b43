"""Issue 22, finding 8 and the main navigation: everything findable, nothing lost.

The nav stays one line however long its words get (other languages are coming), so the
Log screen still fits a phone; Treatments and the post-block diary are in it, the block's
question is one line on Log (not a second 0-10 scale pushing the headache form off the
screen); History works offline with the entries waiting to sync, editable there."""

import pytest
from playwright.sync_api import expect

from diary.models import Entry, PostBlockRating
from tests.frontend.browser import go, register, screenshot, wait_for_service_worker, wait_in_page
from tests.frontend.test_advice import assert_axe_clean
from tests.treatments.test_browser import block_for
from tests.workers import wait_for

pytestmark = pytest.mark.browser

# The bottom of the last quick question and the top of the fixed save bar: the Log card fits when the first is above the second.
LOG_FITS = """() => {
  const last = [...document.querySelectorAll("main .quick fieldset")].filter((f) => f.checkVisibility()).at(-1);
  return last.getBoundingClientRect().bottom <= document.querySelector(".savebar").getBoundingClientRect().top;
}"""


def nav(page):
    return page.get_by_role("navigation", name="Main")


def test_the_log_screen_fits_a_phone_with_nav_words_a_third_longer_and_every_screen_is_in_the_nav(page):
    register(page)
    expect(page.locator("main .quick fieldset").first).to_be_visible()  # the Log screen, rendered
    assert page.evaluate(LOG_FITS)
    one_line = page.evaluate("document.getElementById('nav').getBoundingClientRect().height")
    # German is about 30% longer than English: every word of the nav 40% longer, the same screen still fits.
    page.evaluate(
        """document.querySelectorAll("#nav a, #nav summary").forEach((el) => {
             const text = el.firstChild; text.textContent += "x".repeat(Math.ceil(text.textContent.length * 0.4)); })"""
    )
    # The nav refits on its next frame: what does not fit goes into "More", and it stays one line.
    wait_in_page(page, f"document.getElementById('nav').getBoundingClientRect().height === {one_line}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate(LOG_FITS)
    page.reload()

    for name, heading in [
        ("Treatments", "Treatments"),
        ("Exercises", "Exercises"),
        ("Reminders", "Reminders"),
        ("Sharing & account", "Sharing & account"),
    ]:
        nav(page).get_by_text("More").click()
        nav(page).get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(nav(page).get_by_role("link", name=name)).to_be_hidden()  # the panel closes with the move
    nav(page).get_by_text("More").click()
    expect(nav(page).get_by_role("link", name="Treatments")).to_be_visible()
    screenshot(page, "nav-more-open")
    page.keyboard.press("Escape")
    expect(nav(page).get_by_role("link", name="Treatments")).to_be_hidden()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_more_panel_stays_on_a_small_phone_at_200_percent_text(page, scheme):
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": 320, "height": 640})
    register(page)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    nav(page).get_by_text("More").click()
    for link in nav(page).get_by_role("link").all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, link.text_content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    nav(page).get_by_role("link", name="Treatments").click()
    expect(page.get_by_role("heading", name="Treatments", exact=True)).to_be_visible()
    assert_axe_clean(page, f"treatments-320-200-{scheme}")


def test_the_block_question_is_one_line_on_log_and_answered_on_treatments(page):
    email = register(page)
    block = block_for(email, minutes_ago=70)
    go(page, "log")
    link = page.get_by_role("link", name="Block diary: a question is waiting (1 hour after your block)")
    expect(link).to_be_visible()
    expect(page.get_by_role("group", name="How bad, 0 to 10?")).to_have_count(1)  # one 0-10 scale, the headache's
    assert page.evaluate(LOG_FITS)
    assert_axe_clean(page, "log-with-block-link")

    link.click()
    card = page.get_by_role("region", name="Block diary: 1 hour after your block")
    card.get_by_role("button", name="3", exact=True).click()
    card.get_by_role("button", name="No", exact=True).click()
    rating = wait_for(
        lambda: PostBlockRating.objects.filter(procedure=block, slot="1h", movement_provokes=False).first()
    )
    assert rating.pain == 3
    assert_axe_clean(page, "treatments-block-question")


def test_right_after_the_baseline_the_block_says_what_comes_next_not_0_of_0(page):
    email = register(page)
    block = block_for(email, minutes_ago=1)
    go(page, f"treatments?block={block.pk}&slot=baseline")
    page.get_by_role("region", name="Block diary: just before your block").get_by_role(
        "button", name="7", exact=True
    ).click()
    wait_for(lambda: PostBlockRating.objects.filter(procedure=block, slot="baseline").exists())
    go(page, "treatments")
    expect(page.locator("main")).not_to_contain_text("0 of 0")
    expect(page.get_by_text("The questions after the block have not come yet")).to_be_visible()


def test_history_offline_shows_the_entries_waiting_and_they_can_be_changed(page, context):
    email = register(page)
    wait_for_service_worker(page)
    context.set_offline(True)
    page.get_by_role("button", name="Left", exact=True).click()
    page.get_by_role("button", name="5", exact=True).click()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("main").get_by_text("Saved on this phone")).to_be_visible()

    nav(page).get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    expect(page.get_by_text("You are offline. The entries on this phone are shown")).to_be_visible()
    row = page.get_by_role("listitem").filter(has_text="left side, 5/10")
    expect(row).to_contain_text("waiting to sync")
    assert_axe_clean(page, "history-offline")
    row.get_by_role("link", name="Edit the headache of").click()
    expect(page.get_by_role("heading", name="Edit entry")).to_be_visible()
    page.get_by_role("button", name="7", exact=True).click()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", name="History")).to_be_visible()  # an edit goes back where it came from
    expect(page.get_by_role("listitem").filter(has_text="left side, 7/10")).to_contain_text("waiting to sync")

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    [entry] = wait_for(lambda: list(Entry.objects.filter(patient__email=email)), seconds=10)
    assert (entry.side, entry.severity) == ("left", 7)  # one entry, as changed offline
