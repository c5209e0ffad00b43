"""Push texts in the patient's own language (issue 25): a reminder is written, pushed and
listed in the language of the account that receives it, whatever language the process
that sends it runs in."""

import datetime as dt

import pytest
from django.utils import translation

from diary.reminders.tips import TIPS_BY_CODE
from diary.services.reminders import push_subscription_upsert
from tests.reminders.conftest import run_pass, set_reminders, utc

SAVED = utc(2026, 11, 20, 12, 0)
DUE = utc(2026, 11, 21, 7, 0)  # 08:00 in Europe/Oslo


@pytest.mark.parametrize("language", ["de", "fr", "it", "es", ""])
def test_a_reminder_arrives_in_the_patients_language(push_endpoint, patient, language):
    patient.language = language
    patient.save(update_fields=["language"])
    sub = push_endpoint.subscribe()
    push_subscription_upsert(user=patient, endpoint=sub.endpoint, p256dh=sub.p256dh, auth=sub.auth)
    set_reminders(patient, now=SAVED)
    with translation.override("es" if language != "es" else "de"):  # the sender's own language does not count
        run_pass(DUE + dt.timedelta(seconds=5))
    [payload] = push_endpoint.payloads_for(sub)
    tip = next(tip for tip in TIPS_BY_CODE.values() if tip.code == payload["tip"])
    with translation.override(language or "en"):
        assert (payload["title"], payload["body"]) == (str(tip.title), str(tip.body))
    if language:
        with translation.override("en"):
            assert payload["body"] != str(tip.body), "the English text was sent"
