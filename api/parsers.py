"""The one JSON parser of the API, guarded before any view sees the data:

- a body larger than its endpoint takes answers 413, read no further than the limit
  (the limits, per path, are settings.API_BODY_LIMITS, and the schema shows them);
- JSON nested deeper than a client ever sends answers 400 (Python's decoder would
  raise RecursionError, a 500, at about 1,000 levels);
- text that is not valid Unicode (a lone surrogate such as "\\ud800", which JSON
  allows) answers 400 (rendering or storing it would raise UnicodeEncodeError);
- text holding a NUL character answers 400 naming where it is (PostgreSQL refuses it).
"""

import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

MAX_DEPTH = 20  # an entry with medications is 3 deep


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"


def body_limit(path: str) -> int:
    """The most bytes a request body to `path` may have: the first matching pattern's."""
    for pattern, limit in settings.API_BODY_LIMITS:
        if re.search(pattern, path):
            return limit
    return settings.API_BODY_LIMIT_DEFAULT


def _too_large(limit: int) -> BodyTooLarge:
    return BodyTooLarge(_("The body is larger than this endpoint takes (at most {limit} bytes).").format(limit=limit))


class GuardedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {})["request"]
        limit = body_limit(request.path_info)
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            raise _too_large(limit)
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise _too_large(limit)
        try:
            text = raw.decode(settings.DEFAULT_CHARSET)
        except UnicodeDecodeError:
            raise ParseError(_("The body is not valid UTF-8.")) from None
        try:
            data = json.loads(text)
        except RecursionError:
            raise ParseError(_("JSON may be nested at most {depth} levels deep.").format(depth=MAX_DEPTH)) from None
        except ValueError as exc:
            raise ParseError(_("JSON parse error - {error}").format(error=exc)) from None
        check_structure(data)
        return data


def check_structure(data) -> None:
    """Walk the parsed body once, without recursion: depth and valid text. The path of
    each value is kept (as "item.0.answer") only to name the field in an error."""
    pending = [(data, 1, "")]
    while pending:
        value, depth, where = pending.pop()
        if isinstance(value, str):
            _check_text(value, where)
        elif isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise ParseError(_("JSON may be nested at most {depth} levels deep.").format(depth=MAX_DEPTH))
            if isinstance(value, dict):
                for key, item in value.items():
                    _check_text(key, f"{where}.{key}" if where else key)
                    pending.append((item, depth + 1, f"{where}.{key}" if where else key))
            else:
                pending.extend((item, depth + 1, f"{where}.{i}" if where else str(i)) for i, item in enumerate(value))


def _check_text(text: str, where: str) -> None:
    # PostgreSQL text cannot hold NUL: storing one raised DataError, a 500 (issue 24).
    if "\x00" in text:
        # Keyed by the field, like every other 400: {"item.0.extra": ["..."]}.
        raise ValidationError({where or "body": [_("Text cannot contain a NUL character (\\u0000).")]})
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ParseError(_("The body is not valid Unicode text (it holds a lone surrogate).")) from None


def document_body_limits(result, generator, request, public):
    """drf-spectacular hook: each operation that takes a body says its limit
    (`x-max-body-bytes`) and that a larger body answers 413."""
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method in ("put", "patch", "post", "delete"):
                limit = body_limit(path)
                operation["x-max-body-bytes"] = limit
                operation.setdefault("responses", {}).setdefault(
                    "413",
                    {
                        "description": f"The body is larger than this endpoint takes (at most {limit} bytes)",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Detail"}}},
                    },
                )
    return result
