from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IsPatient
from api.reminders.serializers import (
    PushEndpointQuerySerializer,
    PushKeySerializer,
    PushSubscriptionSerializer,
    ReminderSerializer,
    ReminderSettingsSerializer,
)
from diary.selectors.reminders import reminder_delivered_get, reminder_settings_get, reminders_delivered
from diary.services.reminders import (
    push_subscription_delete,
    push_subscription_upsert,
    reminder_mark_done,
    reminder_settings_update,
)


class PushKeyView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(summary="The VAPID key to subscribe with", responses=PushKeySerializer)
    def get(self, request):
        return Response({"public_key": settings.VAPID_PUBLIC_KEY})


class PushSubscriptionView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Register this browser for push (upserted on your account and the endpoint)",
        request=PushSubscriptionSerializer,
        responses={200: PushSubscriptionSerializer, 201: PushSubscriptionSerializer},
    )
    def post(self, request):
        serializer = PushSubscriptionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        _, created = push_subscription_upsert(
            user=request.user, endpoint=data["endpoint"], p256dh=data["keys"]["p256dh"], auth=data["keys"]["auth"]
        )
        body = {"endpoint": data["endpoint"], "keys": data["keys"]}
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        summary="Stop push to this browser",
        parameters=[OpenApiParameter("endpoint", str, required=True, description="The subscription's endpoint URL")],
        responses={204: None, 404: OpenApiResponse(description="No subscription of yours has this endpoint")},
    )
    def delete(self, request):
        query = PushEndpointQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        if not push_subscription_delete(user=request.user, endpoint=query.validated_data["endpoint"]):
            raise NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReminderSettingsView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(summary="Your reminder settings", responses=ReminderSettingsSerializer)
    def get(self, request):
        return Response(ReminderSettingsSerializer(reminder_settings_get(patient=request.user)).data)

    @extend_schema(
        summary="Replace your reminder settings",
        description="Times are HH:MM in your own timezone; weekdays 0 = Monday ... 6 = Sunday (default: every day). "
        "Quiet hours may cross midnight. The diary nudge comes only on days with nothing logged.",
        request=ReminderSettingsSerializer,
        responses=ReminderSettingsSerializer,
    )
    def put(self, request):
        serializer = ReminderSettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = reminder_settings_update(patient=request.user, **serializer.validated_data)
        return Response(ReminderSettingsSerializer(row).data)


class ReminderListView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Your inbox: every reminder that fell due, newest first",
        description="Pushed or not (`pushed`): one with no device to push to, or whose push failed, is here all "
        "the same, once. Screening notices (kind `notice`) are here too, with the date they were raised (`due_at`).",
        responses=ReminderSerializer(many=True),
    )
    def get(self, request):
        return Response(ReminderSerializer(reminders_delivered(patient=request.user), many=True).data)


class ReminderDoneView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Mark that you did it (idempotent)",
        request=None,
        responses={200: ReminderSerializer, 404: OpenApiResponse(description="No reminder of yours has this id")},
    )
    def post(self, request, reminder_id: int):
        reminder = reminder_delivered_get(patient=request.user, reminder_id=reminder_id)
        if reminder is None:
            raise NotFound()
        return Response(ReminderSerializer(reminder_mark_done(reminder=reminder)).data)
