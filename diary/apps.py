from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "diary"
    verbose_name = "Diary"

    def ready(self):
        # The .po files compiled to .mo (and the PWA's catalogues) where stale: a fresh clone,
        # or a translation just edited, runs in every language without a build step.
        from config.translations import compile_at_startup  # noqa: PLC0415

        compile_at_startup()

        # Imported here: they need the app registry.
        from diary.services.entries import adaptive_reminder_listeners, diary_change_listeners  # noqa: PLC0415
        from diary.services.reminders import reminders_diary_changed  # noqa: PLC0415
        from diary.tasks.screening import request_screening  # noqa: PLC0415

        # A changed diary is re-screened (coalesced), and the adaptive reminder
        # time follows the patient's episodes (only for patients who turned it on:
        # the save's own statement tells, so for everyone else it costs nothing).
        if request_screening not in diary_change_listeners:
            diary_change_listeners.append(request_screening)
        if reminders_diary_changed not in adaptive_reminder_listeners:
            adaptive_reminder_listeners.append(reminders_diary_changed)

        # The questionnaire instruments, the deployment's own included, are read and checked
        # now: a faulty file stops start-up naming the file and the fault, instead of every
        # questionnaire endpoint answering 500 later (issue 24, docs/questionnaires.md).
        from django.core.exceptions import ImproperlyConfigured  # noqa: PLC0415

        from diary.questionnaires.instruments import InstrumentError, instruments  # noqa: PLC0415

        try:
            instruments()
        except InstrumentError as error:
            raise ImproperlyConfigured(f"NECKLINE_EXTRA_INSTRUMENTS_DIR: {error}") from None
