from django.contrib.staticfiles.apps import StaticFilesConfig


class StaticFiles(StaticFilesConfig):
    # The API docs' sidecar package ships ReDoc too (5 MB with its source map), but only
    # Swagger UI is served (config/urls.py): leave ReDoc out of the collected files.
    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "redoc"]
