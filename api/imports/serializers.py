import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diary.choices import ImportFormat, ImportRowAction, ImportStatus


@extend_schema_field(OpenApiTypes.STR)
class MappingField(serializers.Field):
    """A CSV's column mapping: a JSON object, sent as a multipart field's text."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                raise serializers.ValidationError('Is not JSON: {"columns": {"date": "Day", ...}}.') from None
        if not isinstance(data, dict):
            raise serializers.ValidationError('Is a JSON object: {"columns": {"date": "Day", ...}}.')
        return data

    def to_representation(self, value):
        return value


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The diary file: at most IMPORT_MAX_UPLOAD_BYTES (200 MB by default)")
    format = serializers.ChoiceField(choices=ImportFormat.choices, required=False, help_text="Detected when absent")
    mapping = MappingField(
        required=False,
        help_text='For format csv: {"columns": {neckline field: column}, "date_format": "%d.%m.%Y"}',
    )
    mapping_name = serializers.CharField(
        required=False, max_length=60, help_text="Saves the mapping under this name, or uses the saved one"
    )
    keep_location = serializers.BooleanField(
        required=False, default=False, help_text="Migraine Buddy: keep the geohash"
    )


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    reason = serializers.CharField()


class RowDetailSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    date = serializers.CharField()
    action = serializers.ChoiceField(choices=[ImportRowAction.MERGE.value, ImportRowAction.SKIP.value])
    reason = serializers.CharField()


class PreviewSerializer(serializers.Serializer):
    create = serializers.IntegerField()
    merge = serializers.IntegerField()
    skip = serializers.IntegerField()
    errors = RowErrorSerializer(many=True)
    details = RowDetailSerializer(many=True, help_text="Every merged or skipped row and why (the first 1,000)")
    not_mapped = serializers.DictField(child=serializers.CharField(), help_text="Columns with no Neckline field")
    records = serializers.DictField(child=serializers.IntegerField(), help_text="neckline_json: other records")


class ImportSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    format = serializers.ChoiceField(choices=ImportFormat.choices)
    status = serializers.ChoiceField(choices=ImportStatus.choices)
    progress = serializers.IntegerField(help_text="Percent of the rows written")
    preview = PreviewSerializer()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    error = serializers.CharField()
