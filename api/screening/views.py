from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IsPatient
from api.screening.serializers import PatternsQuerySerializer, ReportSerializer
from diary.selectors.screening import screening_report

BAD_DAYS = OpenApiResponse(description="`days` is not a whole number from 28 to 365")


class PatternsView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Your screening report, computed from your current diary",
        description="Decision support, never a diagnosis: the pattern of screening.md with the entries behind "
        "every claim. Red flags come first.",
        parameters=[OpenApiParameter("days", int, description="Window length, 28 to 365 days (default 90)")],
        responses={200: ReportSerializer, 400: BAD_DAYS},
    )
    def get(self, request):
        query = PatternsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        report = screening_report(patient=request.user, days=query.validated_data["days"], audience="patient")
        return Response(report)
