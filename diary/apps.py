from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "diary"
    verbose_name = "Diary"

    def ready(self):
        from diary.services.entries import diary_change_listeners  # noqa: PLC0415 - needs the app registry
        from diary.services.reminders import reminders_diary_changed  # noqa: PLC0415

        # The adaptive reminder time follows the patient's episodes.
        diary_change_listeners.append(reminders_diary_changed)
