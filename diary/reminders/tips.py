"""The posture and ergonomic reminders, in plain language, and how one is chosen.

Each tip is tagged with the diary codes it suits: postures (diary.choices.Posture)
and neck triggers (diary.choices.NeckTrigger). Untagged tips suit everyone.
The advice follows common physiotherapy guidance for neck-related headache
(posture breaks, deep neck flexor and scapular exercises, workstation, sleep
and driving set-up); none of it replaces a clinician's own advice.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from diary.choices import NeckTrigger as T
from diary.choices import Posture as P


@dataclass(frozen=True)
class Tip:
    code: str
    title: str  # lazy: in the language active where it is read (a delivery is written in the patient's)
    body: str
    suits: frozenset[str] = frozenset()


def _tip(code: str, title: str, body: str, *suits: str) -> Tip:
    return Tip(code=code, title=title, body=body, suits=frozenset(suits))


TIPS: tuple[Tip, ...] = (
    _tip(
        "screen_eye_level",
        _("Screen at eye level"),
        _("Raise your screen so the top of it is at or just below eye level, about an arm's length away."),
        P.DESK_SCREEN,
        P.SITTING,
        T.SUSTAINED_POSTURE,
    ),
    _tip(
        "laptop_stand",
        _("Lift the laptop"),
        _("Working on a laptop? Put it on a stand or a pile of books and use a separate keyboard and mouse."),
        P.DESK_SCREEN,
        T.SUSTAINED_POSTURE,
    ),
    _tip(
        "posture_break",
        _("Time for a posture break"),
        _(
            "You have probably held one position for a while. Stand up, walk a few steps and roll your "
            "shoulders. Aim for a short break every 30 to 45 minutes."
        ),
        P.DESK_SCREEN,
        P.SITTING,
        P.PHONE_LOOKING_DOWN,
        T.SUSTAINED_POSTURE,
    ),
    _tip(
        "chin_tucks",
        _("Chin tucks"),
        _(
            "Sit tall and gently slide your chin straight back, as if making a double chin. Hold for 5 "
            "seconds, relax, and repeat 10 times. Keep it gentle and pain-free."
        ),
        P.DESK_SCREEN,
        P.PHONE_LOOKING_DOWN,
        P.SITTING,
        T.SUSTAINED_POSTURE,
        T.MOVEMENT,
    ),
    _tip(
        "shoulder_blade_squeeze",
        _("Shoulder-blade squeezes"),
        _(
            "Draw your shoulder blades back and down, as if tucking them into your back pockets. Hold for "
            "5 seconds and repeat 10 times, without shrugging."
        ),
        P.DESK_SCREEN,
        P.SITTING,
        P.DRIVING,
        T.SUSTAINED_POSTURE,
    ),
    _tip(
        "deep_neck_flexor",
        _("Deep neck flexor exercise"),
        _(
            "Lying on your back with your head supported, gently nod as if saying 'yes' without lifting "
            "your head. Hold for 10 seconds, 10 times. Stop if it causes pain."
        ),
        T.SUSTAINED_POSTURE,
        T.MOVEMENT,
    ),
    _tip(
        "phone_eye_level",
        _("Phone up to eye level"),
        _(
            "Bring your phone up towards eye level instead of bending your neck down to it. Resting your "
            "elbow on your other arm or a table helps."
        ),
        P.PHONE_LOOKING_DOWN,
        T.SUSTAINED_POSTURE,
    ),
    _tip(
        "phone_time_out",
        _("Look up from the phone"),
        _(
            "Looking down at a phone loads the neck more the further you bend. Put the phone down for a "
            "minute, look ahead and gently turn your head side to side."
        ),
        P.PHONE_LOOKING_DOWN,
        T.SUSTAINED_POSTURE,
    ),
    _tip(
        "tablet_stand",
        _("Prop up the tablet"),
        _("Reading or watching on a tablet? Prop it up on a stand or a cushion so you look ahead, not down."),
        P.PHONE_LOOKING_DOWN,
        P.LYING_SLEEP,
    ),
    _tip(
        "driving_breaks",
        _("Breaks on long drives"),
        _("On a long drive, stop every one to two hours to get out, stretch and walk around."),
        P.DRIVING,
        T.SUSTAINED_POSTURE,
    ),
    _tip(
        "headrest_height",
        _("Headrest height"),
        _(
            "Set the car headrest so its top is level with the top of your head and it sits close behind "
            "it. Sit fairly upright, with your back against the seat."
        ),
        P.DRIVING,
    ),
    _tip(
        "mirrors_upright",
        _("Set mirrors while sitting tall"),
        _(
            "Adjust your car mirrors while sitting tall. If you later need to slump to see in them, that "
            "is your cue to sit up again."
        ),
        P.DRIVING,
        T.SUSTAINED_POSTURE,
    ),
    _tip(
        "pillow_height",
        _("Pillow height"),
        _(
            "Your pillow should keep your neck level with the rest of your spine: not tipped up or "
            "dropping down. Side sleepers usually need a higher pillow than back sleepers."
        ),
        P.LYING_SLEEP,
        T.PRESSURE,
    ),
    _tip(
        "sleeping_posture",
        _("Sleeping position"),
        _(
            "Sleeping on your stomach twists the neck for hours. Try your back or your side, with the "
            "pillow filling the gap between your ear and the mattress."
        ),
        P.LYING_SLEEP,
        T.SUSTAINED_POSTURE,
    ),
    _tip(
        "reading_in_bed",
        _("Reading in bed"),
        _(
            "Reading or scrolling in bed? Sit well supported with the book or screen raised on a cushion, "
            "rather than propping your head on a bent arm."
        ),
        P.LYING_SLEEP,
        P.PHONE_LOOKING_DOWN,
    ),
    _tip(
        "overhead_breaks",
        _("Breaks from looking up"),
        _(
            "Working overhead tilts your head back for long spells. Use a step or ladder to get closer, "
            "and bring your head back to neutral every few minutes."
        ),
        P.OVERHEAD_WORK,
        T.SUSTAINED_POSTURE,
    ),
    _tip(
        "gentle_range",
        _("Gentle neck movement"),
        _(
            "Slowly turn your head to look over each shoulder, then tilt each ear towards its shoulder. "
            "Five times each way, slowly, staying within a comfortable range."
        ),
        T.MOVEMENT,
        T.SUSTAINED_POSTURE,
    ),
    _tip(
        "no_sudden_twists",
        _("Move your body, not just your neck"),
        _(
            "When you need to look behind or to the side, turn your whole body with your feet instead of "
            "twisting only your neck."
        ),
        T.MOVEMENT,
        P.DRIVING,
        P.OVERHEAD_WORK,
    ),
    _tip(
        "bag_strap",
        _("Lighten the load on one shoulder"),
        _(
            "A heavy bag on one shoulder presses on the neck muscles. Use a backpack on both shoulders, or "
            "switch sides often."
        ),
        T.PRESSURE,
        P.STANDING,
    ),
    _tip(
        "phone_shoulder",
        _("Don't wedge the phone"),
        _(
            "Holding a phone between ear and shoulder bends the neck to one side. "
            "Use the speaker or a headset for calls."
        ),
        T.PRESSURE,
        P.DESK_SCREEN,
        P.PHONE_LOOKING_DOWN,
    ),
    _tip(
        "chair_support",
        _("Sit back in your chair"),
        _(
            "Sit right back in your chair so it supports your lower back, feet flat on the floor and "
            "elbows roughly at a right angle."
        ),
        P.DESK_SCREEN,
        P.SITTING,
    ),
    _tip(
        "document_holder",
        _("Documents at eye level"),
        _(
            "If you often read papers while typing, put them on a holder next to the screen "
            "rather than flat on the desk."
        ),
        P.DESK_SCREEN,
        T.SUSTAINED_POSTURE,
    ),
    _tip(
        "standing_tall",
        _("Stand tall"),
        _(
            "Standing for a while? Share your weight between both feet, let your arms hang relaxed and "
            "imagine a string lifting the top of your head."
        ),
        P.STANDING,
    ),
    _tip(
        "stay_active",
        _("Keep moving"),
        _(
            "Regular activity you enjoy, such as walking or swimming, helps a stiff neck more than rest "
            "alone. A 10-minute walk today counts."
        ),
    ),
    _tip(
        "relax_shoulders",
        _("Drop your shoulders"),
        _(
            "Check in with your shoulders: are they creeping up towards your ears? "
            "Breathe out slowly and let them drop."
        ),
    ),
)

TIPS_BY_CODE = {tip.code: tip for tip in TIPS}
_NEVER_SENT = dt.datetime.min.replace(tzinfo=dt.UTC)
# Suggestions are not repeated within this many days while others are left.
NO_REPEAT_DAYS = 7


def choose_tip(*, diary_codes: Counter, recent: dict[str, dt.datetime], patient_id: int) -> Tip:
    """The tip that best fits the diary among those not sent in the past week.

    diary_codes counts the posture and trigger codes of the patient's recent
    episodes; recent maps tip codes sent within NO_REPEAT_DAYS to when. A tip's
    fit is the number of episodes with a code it is tagged with. Among equally
    fitting tips the one sent longest ago wins; among tips never sent, the
    order is shifted by the patient's id so that not everyone gets the same one.
    When every tip was sent this week, the one sent longest ago comes back.
    """
    # Run once per reminder sent (issue 27): positions by enumerate, not TIPS.index(),
    # which compared whole Tip dataclasses field by field.
    indexed = [(index, tip) for index, tip in enumerate(TIPS) if tip.code not in recent] or list(enumerate(TIPS))
    offset = patient_id % len(TIPS)

    def rank(item: tuple[int, Tip]):
        index, tip = item
        fit = sum(diary_codes[code] for code in tip.suits)
        return (-fit, recent.get(tip.code, _NEVER_SENT), (index - offset) % len(TIPS))

    return min(indexed, key=rank)[1]
