from django.urls import path

from api.reminders import views

urlpatterns = [
    path("push/key/", views.PushKeyView.as_view(), name="push-key"),
    path("push/subscriptions/", views.PushSubscriptionView.as_view(), name="push-subscriptions"),
    path("reminders/settings/", views.ReminderSettingsView.as_view(), name="reminder-settings"),
    path("reminders/", views.ReminderListView.as_view(), name="reminder-list"),
    path("reminders/<id:reminder_id>/done/", views.ReminderDoneView.as_view(), name="reminder-done"),
]
