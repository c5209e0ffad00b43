from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self):
        from api.connections import skip_health_checks_of_fresh_connections  # noqa: PLC0415

        skip_health_checks_of_fresh_connections()
