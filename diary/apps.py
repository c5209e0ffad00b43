from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "diary"
    verbose_name = "Diary"

    def ready(self):
        # Imported here: they need the app registry.
        from diary.services.entries import diary_change_listeners  # noqa: PLC0415
        from diary.services.reminders import reminders_diary_changed  # noqa: PLC0415
        from diary.tasks.screening import request_screening  # noqa: PLC0415

        # A changed diary is re-screened (coalesced), and the adaptive reminder
        # time follows the patient's episodes.
        for listener in (request_screening, reminders_diary_changed):
            if listener not in diary_change_listeners:
                diary_change_listeners.append(listener)
