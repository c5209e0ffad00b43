"""DEBUG's error page, scrubbed like the production log (config/logging.py): the
exception's type and the stack, without its text, the local variables, the request
body or the logged-in user, any of which can hold an email or health data."""

import re

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

EMAIL = re.compile(r"[^\s@<>\"'/]+(@|%40)[^\s@<>\"'/]+\.[a-z]{2,}", re.IGNORECASE)
HIDDEN = "[hidden]"


def scrub(value):
    if isinstance(value, str):
        return EMAIL.sub(HIDDEN, value)
    if isinstance(value, dict):
        return {key: scrub(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(scrub(item) for item in value)
    return value


class ScrubbingFilter(SafeExceptionReporterFilter):
    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, HIDDEN) for name in tb_frame.f_locals]

    def get_post_parameters(self, request):
        return {}


class ScrubbedExceptionReporter(ExceptionReporter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filter = ScrubbingFilter()

    def get_traceback_data(self):
        data = super().get_traceback_data()
        data["exception_value"] = HIDDEN
        data["user_str"] = HIDDEN if data.get("user_str") else data.get("user_str")
        data["request"] = None  # the template shows its body and GET/COOKIES from here
        data.pop("request_GET_items", None)
        data.pop("request_COOKIES_items", None)
        data.pop("filtered_POST_items", None)
        data["request_meta"] = {}
        for frame in data.get("frames", []):
            frame["exc_cause"] = None
        return scrub(data)
