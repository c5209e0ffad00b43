from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IsPatient
from api.screening.serializers import DoctorCheckSerializer, PatternsQuerySerializer, ReportSerializer
from diary.screening.thresholds import WINDOW_DEFAULT_DAYS, WINDOW_MAX_DAYS, WINDOW_MIN_DAYS
from diary.selectors.screening import report_json
from diary.services.reviews import red_flag_review_record
from diary.services.screening import current_report

BAD_DAYS = OpenApiResponse(description=f"`days` is not a whole number from {WINDOW_MIN_DAYS} to {WINDOW_MAX_DAYS}")


class PatternsView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Your screening report, computed from your current diary",
        description="Decision support, never a diagnosis: the pattern of screening.md with the entries behind "
        "every claim. Red flags come first.",
        parameters=[
            OpenApiParameter(
                "days",
                int,
                description=f"Window length, {WINDOW_MIN_DAYS} to {WINDOW_MAX_DAYS} days "
                f"(default {WINDOW_DEFAULT_DAYS})",
            )
        ],
        responses={200: ReportSerializer, 400: BAD_DAYS},
    )
    def get(self, request):
        query = PatternsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        report = report_json(
            current_report(patient=request.user, days=query.validated_data["days"]), audience="patient"
        )
        return Response(report)


class DoctorCheckView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="A doctor has checked one of your red flags",
        description="Your own report, with the day of the check: the flag stays in your report and no longer "
        "holds the level (docs/screening.md, Review); a clinician sees it as your report, never as a "
        "clinician's review. Sending it again keeps one report (200), with the new date or note.",
        request=DoctorCheckSerializer,
        responses={201: DoctorCheckSerializer, 200: DoctorCheckSerializer},
    )
    def post(self, request):
        serializer = DoctorCheckSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        review, created = red_flag_review_record(  # its ValidationError: a 400 (api/exceptions.py)
            patient=request.user,
            code=data["code"],
            date=data["date"],
            entry_id=data.get("entry_id"),
            note=data["note"],
            checked_on=data["checked_on"],
        )
        return Response(
            DoctorCheckSerializer(review).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )
