import logging

import redis
from django.conf import settings
from django.db import connection
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

log = logging.getLogger(__name__)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        log.warning("health: database unreachable", exc_info=True)
        return False


def broker_ok() -> bool:
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        return bool(client.ping())
    except redis.RedisError:
        return False


class HealthView(APIView):
    """Liveness for load balancers. The broker being down is reported but is not
    a failure: entries are still saved, and background work catches up."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        summary="Service health",
        responses=inline_serializer(
            "Health",
            {"status": serializers.CharField(), "database": serializers.CharField(), "broker": serializers.CharField()},
        ),
    )
    def get(self, request):
        database = database_ok()
        body = {
            "status": "ok" if database else "down",
            "database": "ok" if database else "down",
            "broker": "ok" if broker_ok() else "down",
        }
        return Response(body, status=200 if database else 503)
