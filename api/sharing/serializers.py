from rest_framework import serializers


class ShareCodeSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Read it to your clinician; it works once, for 7 days.")
    expires_at = serializers.DateTimeField()


class GrantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    clinician_email = serializers.EmailField(source="clinician.email")
    created_at = serializers.DateTimeField()


class AccessLogSerializer(serializers.Serializer):
    clinician_email = serializers.EmailField()
    at = serializers.DateTimeField()
    what = serializers.CharField(
        help_text='A read ("summary", "entries", "export_csv", "procedures", ...) or a write ("exam_recorded", '
        '"procedure_recorded", "exam_corrected", "event_withdrawn", "admin_change", ...)'
    )
    role = serializers.CharField(help_text='"clinician", or "admin": a staff member in the administration site')
    fields = serializers.ListField(
        child=serializers.CharField(), help_text="For a write: the names of the fields it was sent or changed"
    )
