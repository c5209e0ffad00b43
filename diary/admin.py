from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.template.response import TemplateResponse

from diary.models import (
    AccessLog,
    Entry,
    ExamRecord,
    Grant,
    Notice,
    ReminderDelivery,
    ReminderSettings,
    ScreeningSnapshot,
    User,
)
from diary.screening import PROFILE_FIELDS
from diary.services.changes import Change, diary_changed
from diary.services.sharing import access_log_record


class LoggedAdmin(admin.ModelAdmin):
    """Every staff read and write of a patient's data is in that patient's access log,
    as a clinician's are (issue 24): the list pages (one record per patient shown),
    the record opened, and a change with the names of the fields changed, never their
    values. The log's own page is not logged (it holds no diary)."""

    def _patients(self, objects) -> set[int]:
        ids = set()
        for obj in objects:
            if isinstance(obj, User):
                if obj.is_patient:
                    ids.add(obj.pk)
            elif getattr(obj, "patient_id", None):
                ids.add(obj.patient_id)
        return ids

    def _log(self, request, objects, action: str, fields=()) -> None:
        what = f"admin_{action}_{self.model._meta.model_name}"[:32]
        for patient in User.objects.filter(pk__in=self._patients(objects)):
            access_log_record(patient=patient, clinician=request.user, what=what, fields=fields, role="admin")

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if isinstance(response, TemplateResponse) and "cl" in (response.context_data or {}):
            self._log(request, response.context_data["cl"].result_list, "list")
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and isinstance(response, TemplateResponse):
            obj = (response.context_data or {}).get("original")
            if obj is not None:
                self._log(request, [obj], "view")
        return response

    # What a staff write of this model changes for the screening: it moves the diary
    # version as the services' writes do, so no snapshot of the old diary is read as current.
    screened: Change | None = None

    def _screened(self, objects, fields=None) -> None:
        if self.screened is None or (fields is not None and not self._screened_fields(fields)):
            return
        for patient_id in self._patients(objects):
            diary_changed(patient_id, self.screened)

    def _screened_fields(self, fields) -> bool:
        return bool(fields)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._log(request, [obj], "change" if change else "add", fields=form.changed_data)
        self._screened([obj], fields=form.changed_data)

    def delete_model(self, request, obj):
        self._log(request, [obj], "delete")
        self._screened([obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._log(request, list(queryset), "delete")
        self._screened(list(queryset))
        super().delete_queryset(request, queryset)


class ReadOnlyAdmin(LoggedAdmin):
    """For records that tell what happened: shown to staff, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(LoggedAdmin, BaseUserAdmin):
    screened = Change.PROFILE

    def _screened_fields(self, fields) -> bool:
        return bool(set(fields) & set(PROFILE_FIELDS))

    ordering = ["email"]
    list_display = ["email", "role", "timezone", "is_staff", "date_joined"]
    list_filter = ["role", "is_staff", "is_active"]
    search_fields = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["role", "timezone", "birth_year", "headaches_since"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "role", "password1", "password2"]})]


@admin.register(Entry)
class EntryAdmin(LoggedAdmin):
    screened = Change.ENTRIES
    list_display = ["date", "patient", "headache", "side", "severity", "onset_region", "neck_trigger"]
    list_filter = ["headache", "side", "neck_trigger"]
    search_fields = ["patient__email"]
    date_hierarchy = "date"
    raw_id_fields = ["patient"]


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(LoggedAdmin):
    list_display = ["patient", "enabled", "next_due_at", "zone", "adaptive_time"]
    list_filter = ["enabled", "adaptive"]
    raw_id_fields = ["patient"]


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(LoggedAdmin):
    list_display = ["patient", "kind", "slot_at", "sent_at", "failed_at", "done_at"]
    list_filter = ["kind"]
    raw_id_fields = ["patient"]
    date_hierarchy = "slot_at"


# --- Screening -------------------------------------------------------------------------


@admin.register(ExamRecord)
class ExamRecordAdmin(LoggedAdmin):
    screened = Change.EXAM
    list_display = ["date", "patient", "clinician", "frt_left_deg", "frt_right_deg", "block_relief_percent"]
    search_fields = ["patient__email"]
    raw_id_fields = ["patient", "clinician"]


@admin.register(ScreeningSnapshot)
class ScreeningSnapshotAdmin(ReadOnlyAdmin):
    """Read-only: snapshots are the history of what the engine said."""

    list_display = ["screened_at", "patient", "level", "mixed", "red_flag_codes"]
    list_filter = ["level"]
    search_fields = ["patient__email"]


@admin.register(Notice)
class NoticeAdmin(LoggedAdmin):
    list_display = ["created_at", "patient", "kind", "code", "for_clinicians", "seen_at", "pushed_at"]
    list_filter = ["kind", "code"]
    search_fields = ["patient__email"]
    raw_id_fields = ["patient"]


# --- Clinicians and sharing: read-only, for support questions ("who can see my diary?").


@admin.register(Grant)
class GrantAdmin(ReadOnlyAdmin):
    list_display = ["patient", "clinician", "created_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["patient__email", "clinician__email"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "patient", "clinician_email", "role", "what", "fields"]
    list_filter = ["role", "what"]

    # Read-only, and not logged itself: a record of who read what is not the diary.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    search_fields = ["patient__email", "clinician_email"]
