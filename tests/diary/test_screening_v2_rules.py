"""The rules new in screening.md version 2, each at its boundary (exactly met,
just missed): missing answers, the one rate, caps, differentials, the exam on
the headache side, blocks, red flags by combination and age, and reviews."""

import datetime as dt

import pytest

from diary.screening import BlockData, ExamData, Profile, ReviewData
from tests.diary.screening_diaries import TODAY, checkin, day, episode, migraine_episode, neck_episode, run, spread


def cap(report, code):
    return report.cap(code)


def differential(report, code):
    return report.differential(code)


# --- Step 7: missing answers are not reassurance ---------------------------------------


def quick(count=20):
    """Quick logs: side and severity alone."""
    return [episode() for _ in range(count)]


def test_quick_logs_only_are_insufficient_with_the_neck_questions_unanswered():
    report = run(spread(quick(), logged_days=60))
    assert (report.level, report.reasons) == ("insufficient_data", ("neck_questions_unanswered",))
    assert report.signal("side_locked").met
    trigger, onset = report.signal("mechanical_trigger"), report.signal("neck_onset")
    assert (trigger.n, trigger.unanswered, onset.n, onset.unanswered) == (0, 20, 0, 20)


@pytest.mark.parametrize(("answered", "level"), [(5, "none"), (4, "insufficient_data")])
def test_step_7_needs_half_the_episodes_to_answer_the_trigger(answered, level):
    # 10 episodes, all with a non-neck onset; `answered` of them say "nothing I noticed".
    entries = [episode(onset_region="forehead", neck_trigger="none" if i < answered else None) for i in range(10)]
    assert run(spread(entries)).level == level


@pytest.mark.parametrize(("answered", "level"), [(5, "none"), (4, "insufficient_data")])
def test_step_7_needs_half_the_episodes_to_answer_where_it_started(answered, level):
    entries = [episode(neck_trigger="none", onset_region="forehead" if i < answered else None) for i in range(10)]
    assert run(spread(entries)).level == level


def test_not_sure_is_not_an_answer_for_step_7():
    entries = [episode(onset_region="forehead", neck_trigger="unsure") for _ in range(10)]
    assert run(spread(entries)).reasons == ("neck_questions_unanswered",)


def test_step_7_does_not_apply_beside_a_cluster_like_cap():
    tac = [episode(onset_region="eye", duration_minutes=60, severity=9, symptoms={"tearing_red_eye"}) for _ in range(6)]
    report = run(spread(tac))
    assert cap(report, "cluster_like").applied and report.level == "none"


def test_too_few_days_and_too_few_episodes_are_both_given():
    report = run(spread([neck_episode() for _ in range(3)], logged_days=10))
    assert (report.level, report.reasons) == ("insufficient_data", ("too_few_days", "too_few_episodes"))


# --- The one rate ------------------------------------------------------------------------


def test_a_diary_begun_30_days_ago_with_16_headache_days_has_16_per_30():
    entries = spread([neck_episode() for _ in range(16)], logged_days=30)
    report = run(entries)
    assert (report.window.observed_days, report.window.headache_days_per_30) == (30, 16.0)


def test_observed_days_start_at_the_first_logged_day_ever_not_in_the_window():
    entries = spread([neck_episode() for _ in range(10)], logged_days=30)
    assert run(entries).window.observed_days == 30
    # A first entry 200 days ago (before the window): the whole window is observed.
    report = run(entries, first_logged=day(200))
    assert report.window.observed_days == 90 and report.window.headache_days_per_30 == pytest.approx(10 / 3)


# --- Mixed pattern -------------------------------------------------------------------------


def test_a_mixed_possible_carries_the_signals_it_rests_on():
    neck = [neck_episode() for _ in range(6)]
    migraines = [migraine_episode(side=side) for side in ["left", "right"] * 5]
    report = run(spread(neck + migraines))
    assert (report.level, report.mixed) == ("possible", True)
    mixed = {s.code: s for s in report.mixed_signals}
    assert mixed["side_locked"].met and mixed["neck_onset"].met
    assert set(mixed["side_locked"].evidence) == {e.id for e in neck}
    assert report.to_dict()["mixed_signals"][0]["evidence"]


@pytest.mark.parametrize(("mechanical", "mixed"), [(5, True), (4, False)])
def test_the_mixed_pattern_needs_five_mechanical_episodes(mechanical, mixed):
    neck = [neck_episode() for _ in range(mechanical)]
    # Six migraines, not twelve: a diary two thirds migraine-like is migraine_predominant (v3), level none.
    migraines = [migraine_episode(side=side) for side in ["left", "right"] * 3]
    report = run(spread(neck + migraines))
    assert report.mixed is mixed and bool(report.mixed_signals) is mixed


# --- Caps ----------------------------------------------------------------------------------


def test_medication_overuse_at_risk_caps_probable_to_possible():
    entries = spread([neck_episode(medications=(("nsaid", "partial"),)) for _ in range(20)], logged_days=40)
    report = run(entries)
    assert differential(report, "medication_overuse").status == "at_risk"
    assert cap(report, "medication_overuse").applied and report.level == "possible"


def shooting(**fields):
    return neck_episode(quality="shooting", onset_region="occiput", **fields)


@pytest.mark.parametrize(("count", "applied"), [(3, True), (2, False)])
def test_neuralgic_episodes_cap_at_possible_from_three(count, applied):
    report = run(spread([neck_episode() for _ in range(10)] + [shooting() for _ in range(count)]))
    assert cap(report, "neuralgic").applied is applied
    assert (differential(report, "occipital_neuralgia") is not None) is applied
    assert report.level == ("possible" if applied else "probable")


def test_neuralgic_episodes_do_not_count_towards_the_trigger_or_the_onset():
    report = run(spread([neck_episode() for _ in range(2)] + [shooting() for _ in range(8)]))
    assert report.signal("mechanical_trigger").count == 2 and not report.signal("mechanical_trigger").met
    assert report.signal("neck_onset").n == 2


# --- Differentials ---------------------------------------------------------------------


@pytest.mark.parametrize(("jaw", "met"), [(3, True), (2, False)])
def test_temporomandibular_from_three_jaw_triggered_episodes(jaw, met):
    entries = [episode(onset_region="temple", neck_trigger="jaw_movement") for _ in range(jaw)]
    entries += [episode(onset_region="temple", neck_trigger="none") for _ in range(jaw)]
    # Under 50: at 50 or over (or an unknown age) jaw pain is giant cell arteritis's first (v3).
    report = run(
        spread(entries + [episode(onset_region="temple") for _ in range(4)]), profile=Profile(birth_year=1990)
    )  # trigger unanswered
    assert (differential(report, "temporomandibular") is not None) is met


def test_temporomandibular_needs_half_of_the_answered_triggers():
    entries = [episode(neck_trigger="jaw_movement") for _ in range(3)] + [
        episode(neck_trigger="none") for _ in range(4)
    ]
    assert differential(run(spread(entries)), "temporomandibular") is None


def test_jaw_triggered_is_not_mechanical():
    report = run(spread([neck_episode(neck_trigger="jaw_movement") for _ in range(10)]))
    assert report.signal("mechanical_trigger").count == 0 and report.signal("mechanical_trigger").n == 10


@pytest.mark.parametrize(("injury", "band"), [(dt.date(2026, 8, 21), "acute"), (dt.date(2026, 8, 20), "persistent")])
def test_post_traumatic_band_turns_persistent_after_three_months(injury, band):
    profile = Profile(injury_date=injury, headaches_began_after_injury=True)
    report = run(spread([neck_episode() for _ in range(10)]), profile=profile)
    found = differential(report, "post_traumatic")
    assert (found.status, found.band) == ("met", band) and found.evidence


def test_post_traumatic_needs_the_profile_to_say_so():
    profile = Profile(injury_date=dt.date(2026, 10, 1), headaches_began_after_injury=False)
    assert differential(run(spread([neck_episode() for _ in range(10)]), profile=profile), "post_traumatic") is None


def test_no_tension_type_beside_a_side_locked_pattern():
    tth = [episode(quality="pressing", severity=3, onset_region="forehead", neck_trigger="none") for _ in range(10)]
    assert differential(run(spread(tth)), "tension_type") is None  # all right-sided: side-locked
    both = [
        episode(side="both", quality="pressing", severity=3, onset_region="forehead", neck_trigger="none")
        for _ in range(10)
    ]
    assert differential(run(spread(both)), "tension_type").band == "frequent"


@pytest.mark.parametrize(("logged", "status"), [(90, "met"), (89, "at_risk")])
def test_chronic_migraine_is_met_from_90_logged_days(logged, status):
    migraines = [migraine_episode() for _ in range(60)]
    report = run(spread(migraines, logged_days=logged), pattern_change_min_logged_before=100)
    assert differential(report, "chronic_migraine").status == status


def overuse_diary(kinds_by_day):
    return spread(
        [neck_episode(medications=tuple((kind, "partial") for kind in kinds)) for kinds in kinds_by_day], logged_days=30
    )


def test_two_classes_together_on_ten_days_per_30_are_overuse():
    # 15 headache days; a triptan on 5 and an NSAID on 5: no class reaches its own limit.
    report = run(overuse_diary([("triptan",)] * 5 + [("nsaid",)] * 5 + [()] * 5))
    assert differential(report, "medication_overuse").status == "at_risk"


def test_one_class_on_ten_days_is_not_the_two_class_rule():
    report = run(overuse_diary([("nsaid",)] * 10 + [()] * 5))
    assert differential(report, "medication_overuse") is None


def test_two_classes_on_nine_days_are_not_overuse():
    report = run(overuse_diary([("triptan",)] * 4 + [("nsaid",)] * 5 + [()] * 6))
    assert differential(report, "medication_overuse") is None


# --- The exam on the headache side, and blocks ------------------------------------------


def bare_locked():
    """Right side-locked and mechanical, no neck onset nor arm pain: probable needs the exam."""
    return spread([neck_episode(onset_region="forehead", symptoms=set()) for _ in range(10)])


@pytest.mark.parametrize(
    ("right", "left", "positive"),
    [
        (31, 44, True),  # below 32 on the headache side
        (32, 40, False),  # 32 and a difference of 8: neither
        (34, 44, True),  # 10 degrees smaller on the headache side
        (35, 44, False),  # 9 degrees smaller
        (44, 25, False),  # the other side is restricted, not the headache side
    ],
)
def test_the_flexion_rotation_test_counts_on_the_headache_side(right, left, positive):
    exam = ExamData(id="x1", date=TODAY, frt_right_deg=right, frt_left_deg=left)
    report = run(bare_locked(), exams=[exam])
    signal = report.signal("clinical_exam")
    assert signal.met is positive and (signal.source == "frt") is positive
    assert report.level == ("probable" if positive else "possible")


def test_either_side_counts_when_there_is_no_headache_side():
    alternating = [neck_episode(side=side) for side in ["left", "right"] * 5]
    exam = ExamData(id="x1", date=TODAY, frt_right_deg=44, frt_left_deg=25)
    assert run(spread(alternating), exams=[exam]).signal("clinical_exam").met


@pytest.mark.parametrize(("relief", "met"), [(80, True), (79, False)])
def test_a_single_block_counts_from_80_percent(relief, met):
    block = BlockData(
        id="b1",
        date=day(3),
        relief_percent=relief,
        anaesthetic="lidocaine",
        duration_hours=2,
        source="post_block_diary",
    )
    signal = run(bare_locked(), blocks=[block]).signal("clinical_exam")
    assert signal.met is met and signal.source == ("single_block" if met else None)
    assert signal.evidence == (("b1",) if met else ())


def test_the_post_block_diary_replaces_the_typed_figure():
    typed = ExamData(id="x1", date=day(5), block_relief_percent=90)
    diary = BlockData(id="b1", date=day(5), relief_percent=60, source="post_block_diary", replaces="x1")
    assert not run(bare_locked(), exams=[typed], blocks=[diary]).signal("clinical_exam").met
    assert run(bare_locked(), exams=[typed]).signal("clinical_exam").source == "single_block"


def test_a_discordant_block_does_not_count():
    block = BlockData(
        id="b1", date=day(3), relief_percent=85, anaesthetic="bupivacaine", duration_hours=0.3, concordant=False
    )
    assert not run(bare_locked(), blocks=[block]).signal("clinical_exam").met


@pytest.mark.parametrize(("longer_hours", "source"), [(5.0, "comparative_blocks"), (1.0, "single_block")])
def test_comparative_blocks_need_the_longer_acting_one_to_relieve_longer(longer_hours, source):
    first = BlockData(id="b1", date=day(20), relief_percent=90, anaesthetic="lidocaine", duration_hours=1.5)
    second = BlockData(
        id="b2",
        date=day(6),
        relief_percent=85,
        anaesthetic="bupivacaine",
        duration_hours=longer_hours,
        comparative_with="b1",
    )
    signal = run(bare_locked(), blocks=[first, second]).signal("clinical_exam")
    assert signal.met and signal.source == source and set(signal.evidence) == {"b1", "b2"}


def test_blocks_can_be_passed_as_plain_dicts():
    block = BlockData.from_mapping(
        {
            "date": day(3),
            "relief_percent": 95,
            "anaesthetic": "lidocaine",
            "duration_hours": 1,
            "comparative_with": None,
            "source": "post_block_diary",
        }
    )
    assert run(bare_locked(), blocks=[block]).level == "probable"


# --- Red flags ----------------------------------------------------------------------------


def flag(report, code):
    return next(f for f in report.red_flags if f.code == code)


@pytest.mark.parametrize(
    ("symptoms", "other_flags", "urgency"),
    [
        ((), (), "urgent"),
        (("dizziness",), (), "emergency"),
        (("eyelid_droop_swelling",), (), "emergency"),
        ((), ("neuro_deficit",), "emergency"),
        (("nausea",), (), "urgent"),
    ],
)
def test_after_injury_or_manipulation_is_an_emergency_with_signs_of_an_artery_injury(symptoms, other_flags, urgency):
    entry = neck_episode(0, symptoms=set(symptoms), red_flags=("after_injury_or_manipulation", *other_flags))
    assert flag(run([entry]), "after_injury_or_manipulation").urgency == urgency


@pytest.mark.parametrize(
    ("flags", "urgency"), [(("worst_ever",), "urgent"), (("worst_ever", "thunderclap"), "emergency")]
)
def test_worst_ever_is_urgent_alone_and_an_emergency_with_thunderclap(flags, urgency):
    assert flag(run([neck_episode(0, red_flags=flags)]), "worst_ever").urgency == urgency


# v3: urgent at any age (a doctor today), an emergency when sight is at risk on the same entry.
@pytest.mark.parametrize(
    ("flags", "urgency"),
    [
        (("giant_cell_arteritis_signs",), "urgent"),
        (("giant_cell_arteritis_signs", "neuro_deficit"), "emergency"),
        (("giant_cell_arteritis_signs", "painful_red_eye_vision"), "emergency"),
    ],
)
@pytest.mark.parametrize("born", [1940, 1990, None])
def test_giant_cell_arteritis_signs_are_an_emergency_when_sight_is_at_risk(flags, urgency, born):
    report = run([neck_episode(0, red_flags=flags)], profile=Profile(birth_year=born))
    assert flag(report, "giant_cell_arteritis_signs").urgency == urgency


@pytest.mark.parametrize(("days_ago", "past"), [(0, False), (1, False), (2, True)])
def test_a_flag_older_than_yesterday_is_past(days_ago, past):
    assert run([neck_episode(days_ago, red_flags=("cough_exertion_triggered",))]).red_flags[0].past is past


def test_any_entry_flags_on_a_checkin_lead_the_report():
    from dataclasses import replace

    entries = [replace(checkin(0), red_flags=("raised_pressure_signs",))]
    report = run(entries)
    assert report.level == "urgent_review" and flag(report, "raised_pressure_signs").entry == entries[0].id


@pytest.mark.parametrize(("since", "flagged"), [(dt.date(2025, 11, 1), True), (dt.date(2025, 10, 1), False)])
def test_systemic_risk_needs_headaches_begun_in_the_last_12_months(since, flagged):
    profile = Profile(headaches_since=since, immunosuppressed=True)
    report = run(spread([neck_episode() for _ in range(10)]), profile=profile)
    assert any(f.code == "systemic_risk" for f in report.red_flags) is flagged


@pytest.mark.parametrize("risk", ["cancer_history", "immunosuppressed", "pregnant_or_postpartum"])
def test_systemic_risk_for_each_risk(risk):
    profile = Profile(headaches_since=dt.date(2026, 6, 1), **{risk: True})
    assert flag(run(spread([neck_episode() for _ in range(10)]), profile=profile), "systemic_risk").entry is None


@pytest.mark.parametrize(("recent", "flagged"), [(4, True), (3, False)])
def test_pattern_change_needs_four_recent_headache_days_from_nothing(recent, flagged):
    before = [checkin(days_ago) for days_ago in range(30, 90)]
    entries = before + [neck_episode(days_ago) for days_ago in range(recent)]
    report = run(entries, pattern_change_min_logged_before=30)
    assert any(f.code == "pattern_change" for f in report.red_flags) is flagged


# --- Reviews -------------------------------------------------------------------------------


AT = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)


def test_a_reviewed_flag_stays_listed_and_no_longer_holds_the_level():
    entries = spread([neck_episode() for _ in range(10)])
    flagged = neck_episode(3, red_flags=("thunderclap",))
    review = ReviewData(
        code="thunderclap", date=flagged.date, entry=flagged.id, by="dr@example.test", at=AT, note="Seen in clinic"
    )
    report = run(entries + [flagged], reviews=[review])
    assert report.level == "probable"
    assert report.red_flags[0].reviewed == review
    assert report.to_dict()["red_flags"][0]["reviewed"] == {
        "by": "dr@example.test",
        "role": "clinician",
        "at": AT.isoformat(),
        "note": "Seen in clinic",
    }


def test_a_new_occurrence_after_the_review_is_a_new_flag():
    entries = spread([neck_episode() for _ in range(10)])
    old = neck_episode(10, red_flags=("thunderclap",))
    new = neck_episode(1, red_flags=("thunderclap",))
    review = ReviewData(code="thunderclap", date=old.date, entry=old.id, by="dr", at=AT)
    report = run(entries + [old, new], reviews=[review])
    assert report.level == "urgent_review"
    assert [(f.entry, f.reviewed is not None) for f in report.red_flags] == [(new.id, False), (old.id, True)]


def test_a_review_of_another_code_does_not_cover_the_flag():
    flagged = neck_episode(1, red_flags=("thunderclap",))
    review = ReviewData(code="worst_ever", date=flagged.date, entry=flagged.id, by="dr", at=AT)
    assert run([flagged], reviews=[review]).level == "urgent_review"


@pytest.mark.parametrize(("reviewed_days_ago", "covered"), [(29, True), (30, False)])
def test_a_pattern_change_review_covers_the_30_days_it_looked_at(reviewed_days_ago, covered):
    entries = [checkin(days_ago) for days_ago in range(30, 90)] + [neck_episode(d) for d in range(8)]
    review = ReviewData(code="pattern_change", date=day(reviewed_days_ago), entry=None, by="dr", at=AT)
    report = run(entries, reviews=[review], pattern_change_min_logged_before=30)
    assert (flag(report, "pattern_change").reviewed is not None) is covered
