"""Version 3 properties: a missing answer is never read as "no", so removing
an answer never creates a met signal or a named differential from nothing
(its evidence must already have shown the sign), and no report both withholds
and shows the neck suggestion."""

import dataclasses

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from diary.screening import Thresholds, screen
from diary.screening.episodes import tag
from diary.screening.summaries import is_doctor_only, patient_summary
from tests.diary.test_screening_properties import TODAY, diaries, profiles

# The answers a patient may leave open. Not the duration: an unknown one passes
# by design where a definition reads it "where known" (docs/screening.md).
REMOVABLE = ("symptoms", "quality", "worse_with_activity", "onset_region", "neck_trigger")
# The tag behind each differential that is defined by its episodes.
DIFFERENTIAL_TAGS = {
    "migraine": lambda e: e.migraine_like,
    "tension_type": lambda e: e.tth_like,
    "cluster": lambda e: e.tac_like or e.autonomic,
    "occipital_neuralgia": lambda e: e.neuralgic,
    "temporomandibular": lambda e: e.jaw_triggered,
}
NECK_SUGGESTION = "often seen when headaches start in the neck"


def report_of(entries, profile):
    return screen(entries=entries, profile=profile, today=TODAY, thresholds=Thresholds())


@settings(max_examples=60, deadline=None)
@given(entries=diaries, profile=profiles, data=st.data())
def test_removing_an_answer_never_creates_a_sign_from_nothing(entries, profile, data):
    answered = [(i, name) for i, e in enumerate(entries) if e.headache for name in REMOVABLE if getattr(e, name)]
    assume(answered)
    i, name = data.draw(st.sampled_from(answered))
    fewer = [*entries[:i], dataclasses.replace(entries[i], **{name: None}), *entries[i + 1 :]]
    before, after = report_of(entries, profile), report_of(fewer, profile)

    for signal in after.signals:
        if signal.met and signal.code != "clinical_exam":
            assert set(signal.evidence) <= set(before.signal(signal.code).evidence), signal.code
    t = Thresholds()
    tagged_before = {e.id: tag(e, t) for e in entries if e.headache}
    for differential in after.differentials:
        shows = DIFFERENTIAL_TAGS.get(differential.code)
        if shows is not None:
            assert all(shows(tagged_before[entry_id]) for entry_id in differential.evidence), differential.code


@settings(max_examples=80, deadline=None)
@given(entries=diaries, profile=profiles)
def test_no_report_both_withholds_and_shows_the_neck_suggestion(entries, profile):
    report = report_of(entries, profile)
    text = patient_summary(report)
    withheld = "makes no comment on the pattern" in text
    shown = NECK_SUGGESTION in text
    assert not (withheld and shown)
    assert withheld == (report.level == "urgent_review")
    assert shown == (report.level in ("possible", "probable"))
    if is_doctor_only(report) and report.level != "urgent_review":
        assert "physiotherapist" not in text
