"""Imports (issue 26, docs/api-extensions.md): upload and dry run, commit, status, undo.
Only the patient's own imports: another account's answer 404, as if they did not exist."""

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from api.imports.serializers import ImportSerializer, ImportUploadSerializer
from api.permissions import IsPatient
from diary.imports import ImportRefused
from diary.imports.files import check_declared_size
from diary.models import Import
from diary.services.imports import ImportStateError, import_commit, import_preview, import_undo

NOT_FOUND = OpenApiResponse(description="No import with this id in your account")
REFUSED = OpenApiResponse(description="The file or a field cannot be imported: the field and the reason")


class SizeCheckedMultiPartParser(MultiPartParser):
    """Refuses an upload by its declared size before reading a byte of it."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {})["request"]
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        try:
            check_declared_size(declared - 64 * 1024)  # the form's own fields and boundaries
        except ImportRefused as refused:
            raise ValidationError({refused.field: [refused.reason]}) from None
        return super().parse(stream, media_type, parser_context)


def own_import_or_404(request, id) -> Import:
    found = Import.objects.filter(pk=id, patient=request.user).first()
    if found is None:
        raise NotFound()
    return found


def refused(error: ImportRefused | ImportStateError, field: str = "non_field_errors") -> ValidationError:
    if isinstance(error, ImportRefused):
        return ValidationError({error.field: [error.reason]})
    return ValidationError({field: [str(error)]})


class ImportListView(APIView):
    permission_classes = [IsPatient]
    parser_classes = [SizeCheckedMultiPartParser]

    @extend_schema(
        summary="Upload a diary to import: a dry run",
        description="Reads the file and answers what the import would create, merge and skip, and why, with "
        "the rows that cannot be read; nothing is stored in the diary until the commit. Formats: neckline_json, "
        f"migraine_buddy_csv, apple_health (export.zip or export.xml), csv (with a mapping). At most "
        f"{settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)} MB (CSV and JSON "
        f"{settings.IMPORT_MAX_TEXT_BYTES // (1024 * 1024)} MB).",
        request={"multipart/form-data": ImportUploadSerializer},
        responses={201: ImportSerializer, 400: REFUSED},
    )
    def post(self, request):
        form = ImportUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        values = form.validated_data
        try:
            source = import_preview(
                patient=request.user,
                upload=values["file"],
                kind=values.get("format"),
                mapping=values.get("mapping"),
                mapping_name=values.get("mapping_name"),
                keep_location=values.get("keep_location", False),
            )
        except ImportRefused as error:
            raise refused(error) from None
        return Response(ImportSerializer(source).data, status=status.HTTP_201_CREATED)


class ImportDetailView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(summary="An import's status and progress", responses={200: ImportSerializer, 404: NOT_FOUND})
    def get(self, request, id):
        return Response(ImportSerializer(own_import_or_404(request, id)).data)

    @extend_schema(
        summary="Undo an import",
        description="Within a day of its end: the entries it created go, the entries it merged are put back.",
        responses={200: ImportSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    def delete(self, request, id):
        source = own_import_or_404(request, id)
        try:
            source = import_undo(source=source)
        except ImportStateError as error:
            raise refused(error, "status") from None
        return Response(ImportSerializer(source).data)


class ImportCommitView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Run an import",
        description="Writes the previewed rows in the background; follow `progress` with GET. Importing the same "
        "file again changes nothing; the screening runs once at the end.",
        request=None,
        responses={202: ImportSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    def post(self, request, id):
        source = own_import_or_404(request, id)
        try:
            source = import_commit(source=source)
        except ImportStateError as error:
            raise refused(error, "status") from None
        return Response(ImportSerializer(source).data, status=status.HTTP_202_ACCEPTED)
