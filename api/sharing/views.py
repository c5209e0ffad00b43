"""Sharing by consent, the patient's side: one-time codes, who can see the diary
(revoke at any time) and who read it. The clinician's side is in api.clinicians."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IsPatient
from api.sharing.serializers import AccessLogSerializer, GrantSerializer, ShareCodeSerializer
from diary.selectors.sharing import access_log_for_patient, grants_for_patient
from diary.services.sharing import GrantNotFound, grant_revoke, share_code_create


class ShareCodeView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Make a one-time code for a clinician",
        description="Read the code to your clinician. It links them to your diary once, within 7 days; "
        "you can revoke the link at any time.",
        request=None,
        responses={201: ShareCodeSerializer},
    )
    def post(self, request):
        code, expires_at = share_code_create(patient=request.user)
        return Response(
            ShareCodeSerializer({"code": code, "expires_at": expires_at}).data, status=status.HTTP_201_CREATED
        )


class GrantListView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(summary="Clinicians who can see your diary", responses=GrantSerializer(many=True))
    def get(self, request):
        return Response(GrantSerializer(grants_for_patient(patient=request.user), many=True).data)


class GrantDetailView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Revoke a clinician's access",
        description="Takes effect at once: the clinician's very next request is refused.",
        responses={204: None, 404: OpenApiResponse(description="No live grant with this id in your account")},
    )
    def delete(self, request, id: int):
        try:
            grant_revoke(patient=request.user, grant_id=id)
        except GrantNotFound:
            raise NotFound() from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class AccessLogView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Who read your diary, when, and what; newest first", responses=AccessLogSerializer(many=True)
    )
    def get(self, request):
        return Response(AccessLogSerializer(access_log_for_patient(patient=request.user), many=True).data)
