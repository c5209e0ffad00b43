"""Downloads: a linked patient's diary for a clinician (CSV, PDF, FHIR) and a
patient's own data (CSV, JSON, FHIR, and the same PDF). File names carry no personal data."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from api.access import LinkedPatientView, Logged
from api.clinicians.views import DAYS_PARAMETER, PATIENT_NOT_FOUND, parse_days
from api.entries.serializers import EntrySerializer
from api.permissions import IsPatient
from diary.exports.csv import entries_csv
from diary.exports.fhir import diary_bundle
from diary.exports.own_data import entry_sources, own_data
from diary.exports.pdf import summary_pdf
from diary.models import User
from diary.selectors.imported import entry_formats
from diary.selectors.summary import patient_summary
from diary.timezones import local_today

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
    "fhir": "application/fhir+json",
    "json": "application/json",
}
FILE_NAMES = {
    "csv": "neckline-diary-{day}.csv",
    "pdf": "neckline-summary-{day}.pdf",
    "fhir": "neckline-diary-{day}.fhir.json",
    "json": "neckline-my-data-{day}.json",
}


class ExportNegotiation(DefaultContentNegotiation):
    """Here `?format=` names the file to export, not one of DRF's renderers;
    anything DRF answers itself (errors) is JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


PAPER_PARAMETER = OpenApiParameter("paper", str, enum=("a4", "letter"), description="PDF page size (default a4)")
LANG_PARAMETER = OpenApiParameter(
    "lang",
    str,
    enum=tuple(code for code, _name in settings.LANGUAGES),
    description="The language of the PDF, the CSV headers and the FHIR bundle's texts "
    "(default: the reader's own, docs/api-extensions.md)",
)


def parse_lang(request) -> str:
    """The reader's choice of language for a file; else the reader's own (their account's,
    else their browser's), never the patient's: a clinician reads a German patient's PDF
    in the clinician's language unless they ask for another."""
    codes = [code for code, _name in settings.LANGUAGES]
    lang = request.query_params.get("lang", translation.get_language())
    if lang not in codes:
        raise ValidationError({"lang": [_("Choose one of: {choices}.").format(choices=", ".join(codes))]})
    return lang


def parse_paper(request) -> str:
    paper = request.query_params.get("paper", "a4")
    if paper not in ("a4", "letter"):
        raise ValidationError({"paper": [_("Choose one of: {choices}.").format(choices="a4, letter")]})
    return paper


def summary_pdf_for(request, patient: User, *, for_patient: bool = False) -> bytes:
    """The same report for the clinician and for the patient, so both read the same figures
    (the patient's own leaves out the clinicians' records they hid)."""
    days, paper = parse_days(request), parse_paper(request)
    summary = patient_summary(patient=patient, days=days, for_patient=for_patient)
    return summary_pdf(summary=summary, patient_label=patient.email, paper=paper)


def parse_format(request, allowed: tuple[str, ...]) -> str:
    name = request.query_params.get("format")
    if name not in allowed:
        raise ValidationError({"format": [_("Choose one of: {choices}.").format(choices=", ".join(allowed))]})
    return name


def attachment(content, *, kind: str, patient: User) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    name = FILE_NAMES[kind].format(day=local_today(patient).isoformat())
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def whole_diary(patient: User):
    return patient.entries.order_by("date", "started_at", "created_at")


def fhir_json(request, patient: User, *, for_patient: bool = False) -> str:
    """The whole diary, with the summary of `days` (default 90) the PDF would print."""
    summary = patient_summary(patient=patient, days=parse_days(request), for_patient=for_patient)
    return json.dumps(
        diary_bundle(
            patient=patient, entries=whole_diary(patient), summary=summary, sources=entry_formats(patient=patient)
        ),
        indent=1,
        cls=DjangoJSONEncoder,
    )


def own_data_json(patient: User) -> bytes:
    """Everything the app holds about the patient, their entries as the API gives them."""
    data = own_data(patient=patient)
    data["entries"] = EntrySerializer(whole_diary(patient), many=True).data
    sources = entry_sources(patient)
    for entry in data["entries"]:
        entry["source"] = sources.get(entry["id"])  # null: written in Neckline
    return JSONRenderer().render(data)


def export_content(request, patient: User, kind: str, *, for_patient: bool = False):
    """The file of `kind`, the same for the clinician and for the patient (whose own
    leaves out the clinicians' records they hid; only theirs has the JSON of everything)."""
    if kind == "csv":
        return entries_csv(whole_diary(patient), sources=entry_formats(patient=patient))
    if kind == "pdf":
        return summary_pdf_for(request, patient, for_patient=for_patient)
    if kind == "fhir":
        return fhir_json(request, patient, for_patient=for_patient)
    return own_data_json(patient)


def export_responses(formats: tuple[str, ...], extra: dict | None = None) -> dict:
    bodies = {
        "csv": OpenApiResponse(OpenApiTypes.STR, description="One row per entry; columns in diary/exports/csv.py"),
        "pdf": OpenApiResponse(OpenApiTypes.BINARY, description="A 1-2 page pre-visit report"),
        "fhir": OpenApiResponse(OpenApiTypes.OBJECT, description="A FHIR R4 Bundle of type collection"),
        "json": OpenApiResponse(OpenApiTypes.OBJECT, description="Everything the app holds about you"),
    }
    responses = {(200, CONTENT_TYPES[name].split(";")[0]): bodies[name] for name in formats}
    responses[(400, "application/json")] = OpenApiResponse(description="Unknown format or days")
    responses.update(extra or {})
    return responses


CLINICIAN_FORMATS = ("csv", "pdf", "fhir")
OWN_FORMATS = ("csv", "json", "fhir", "pdf")


class PatientExportView(LinkedPatientView):
    content_negotiation_class = ExportNegotiation
    access_log = {"get": Logged("export_{kind}")}

    @extend_schema(
        summary="Download a linked patient's diary",
        description="CSV: the whole diary, one row per entry. PDF: the pre-visit summary of `days` "
        "(default 90). FHIR: the whole diary as an R4 Bundle, with the figures of that summary. Recorded in the "
        "patient's access log.",
        parameters=[
            OpenApiParameter("format", str, enum=CLINICIAN_FORMATS, required=True),
            DAYS_PARAMETER,
            PAPER_PARAMETER,
            LANG_PARAMETER,
        ],
        responses=export_responses(CLINICIAN_FORMATS, {(404, "application/json"): PATIENT_NOT_FOUND}),
    )
    def get(self, request, id: int):
        self.kind = parse_format(request, CLINICIAN_FORMATS)
        parse_days(request), parse_paper(request)  # refused whatever the format: never silently ignored
        with translation.override(parse_lang(request)):
            return attachment(export_content(request, self.patient, self.kind), kind=self.kind, patient=self.patient)


class OwnExportView(APIView):
    permission_classes = [IsPatient]
    content_negotiation_class = ExportNegotiation

    @extend_schema(
        summary="Download your own data",
        description="CSV: your diary, one row per entry. JSON: everything the app holds about you. "
        "FHIR: your diary as an R4 Bundle, for another health app or record. PDF: the pre-visit summary of `days` "
        "(default 90) that a clinician would read, to print or bring along.",
        parameters=[
            OpenApiParameter("format", str, enum=OWN_FORMATS, required=True),
            DAYS_PARAMETER,
            PAPER_PARAMETER,
            LANG_PARAMETER,
        ],
        responses=export_responses(OWN_FORMATS),
    )
    def get(self, request):
        kind = parse_format(request, OWN_FORMATS)
        parse_days(request), parse_paper(request)
        with translation.override(parse_lang(request)):
            content = export_content(request, request.user, kind, for_patient=True)
            return attachment(content, kind=kind, patient=request.user)
