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
        help_text='"summary", "entries", "export_csv", "export_pdf", "export_fhir" or "red_flag_review"'
    )
