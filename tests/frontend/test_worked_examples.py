"""The worked examples of docs/screening.md version 3 and the diaries of issue 21, each
logged through the API and read on the patient's Insights screen, as a patient would
meet them (screenshots in test-artifacts/screens/example-*.png)."""

import pytest
from playwright.sync_api import expect

from diary.models import User
from tests.diaries_v3 import (
    Diary,
    autonomic_attacks_without_durations,
    classic_pattern,
    jaw_pain_at_71,
    manipulation_then_signs,
    migraine_blamed_on_the_desk,
    pattern_change_on_a_gappy_baseline,
    quick_logs_both_sides,
    thunderclap_105_days_ago,
)
from tests.frontend.browser import go, register, screenshot

pytestmark = pytest.mark.browser


# name: (the diary, what the screen says, what it must never say)
EXAMPLES = {
    "migraine-desk": (
        migraine_blamed_on_the_desk,
        ["No clear pattern of headaches starting in the neck", "9 of 9 headaches were migraine-like"],
        # A doctor, never a physiotherapist, anywhere on the screen: the summary and the footer.
        ["physiotherapist", "Some signs that your headaches may start in the neck"],
    ),
    "autonomic": (
        autonomic_attacks_without_durations,
        ["No clear pattern of headaches starting in the neck", "14 of 14 headaches were severe, on one side"],
        ["physiotherapist"],
    ),
    "manipulation": (manipulation_then_signs, ["Get medical help now"], []),
    "jaw-71": (jaw_pain_at_71, ["A doctor should look at your diary first", "Please see a doctor today"], ["dentist"]),
    "thunderclap-105-days": (
        thunderclap_105_days_ago,
        ["A doctor should look at your diary first", "Get medical help now"],
        [],
    ),
    "pattern-change": (pattern_change_on_a_gappy_baseline, ["A doctor should look at your diary first"], []),
    "quick-logs-both": (
        quick_logs_both_sides,
        ["Not enough diary yet to see a pattern", 'please answer "Where did it start?"'],
        ["Tension-type headache", "tension-type"],
    ),
    "classic": (classic_pattern, ["Several signs that your headaches may start in the neck"], ["manipulat"]),
}


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_each_worked_example_reads_as_version_3_says_on_insights(page, name):
    make, shown, never = EXAMPLES[name]
    patient = User.objects.get(email=register(page))
    make(Diary(patient))
    go(page, "insights")
    main = page.locator("main")
    for text in shown:
        expect(main.get_by_text(text).first).to_be_visible()
    screenshot(page, f"example-{name}")
    words = main.inner_text()
    for text in never:
        assert text not in words, f"{name}: {text!r} on the screen"
