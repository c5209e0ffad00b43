from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "diary"
    verbose_name = "Diary"

    def ready(self):
        from diary.services.entries import diary_change_listeners
        from diary.tasks.screening import request_screening

        if request_screening not in diary_change_listeners:
            diary_change_listeners.append(request_screening)
