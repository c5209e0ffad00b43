from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "diary"
    verbose_name = "Diary"

    def ready(self):
        # The .po files compiled to .mo (and the PWA's catalogues) where stale: a fresh clone,
        # or a translation just edited, runs in every language without a build step.
        from config.translations import compile_at_startup  # noqa: PLC0415

        compile_at_startup()

        # Who hears of a changed diary is declared in diary/services/changes.py; imported
        # here (it needs the app registry) for its post_save on User: a saved timezone.
        # Every threshold override is checked by `manage.py check` (and migrate, runserver):
        # an unknown name or a wrong type stops start-up naming it.
        from django.core import checks  # noqa: PLC0415

        import diary.services.changes  # noqa: F401, PLC0415
        from diary.screening.thresholds import check_thresholds  # noqa: PLC0415

        checks.register(check_thresholds)

        # The questionnaire instruments, the deployment's own included, are read and checked
        # now: a faulty file stops start-up naming the file and the fault, instead of every
        # questionnaire endpoint answering 500 later (issue 24, docs/questionnaires.md).
        from django.core.exceptions import ImproperlyConfigured  # noqa: PLC0415

        from diary.questionnaires.instruments import InstrumentError, instruments  # noqa: PLC0415

        try:
            instruments()
        except InstrumentError as error:
            raise ImproperlyConfigured(f"NECKLINE_EXTRA_INSTRUMENTS_DIR: {error}") from None
