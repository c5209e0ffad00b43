from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

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


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that tell what happened: shown to staff, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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
class EntryAdmin(admin.ModelAdmin):
    list_display = ["date", "patient", "headache", "side", "severity", "onset_region", "neck_trigger"]
    list_filter = ["headache", "side", "neck_trigger"]
    search_fields = ["patient__email"]
    date_hierarchy = "date"
    raw_id_fields = ["patient"]


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["patient", "enabled", "next_due_at", "zone", "adaptive_time"]
    list_filter = ["enabled", "adaptive"]
    raw_id_fields = ["patient"]


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(admin.ModelAdmin):
    list_display = ["patient", "kind", "slot_at", "sent_at", "failed_at", "done_at"]
    list_filter = ["kind"]
    raw_id_fields = ["patient"]
    date_hierarchy = "slot_at"


# --- Screening -------------------------------------------------------------------------


@admin.register(ExamRecord)
class ExamRecordAdmin(admin.ModelAdmin):
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
class NoticeAdmin(admin.ModelAdmin):
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
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "patient", "clinician_email", "what"]
    list_filter = ["what"]
    search_fields = ["patient__email", "clinician_email"]
