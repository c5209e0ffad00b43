"""Document the error answers every endpoint can give, in one place, so the
OpenAPI schema describes every response a client can see (the fuzzing test
checks each response against it)."""

ERROR_SCHEMAS = {
    "ValidationErrors": {
        "type": "object",
        "description": "The fields that were refused, each with the reasons a person can read.",
        "additionalProperties": {
            "oneOf": [
                {"type": "array", "items": {}},
                {"type": "object"},
                {"type": "string"},
            ]
        },
    },
    "Detail": {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
}

_VALIDATION = {"application/json": {"schema": {"$ref": "#/components/schemas/ValidationErrors"}}}
_DETAIL = {"application/json": {"schema": {"$ref": "#/components/schemas/Detail"}}}

COMMON_ERRORS = {
    "400": {"description": "Bad input: the fields and the reasons", "content": _VALIDATION},
    "403": {"description": "Not logged in, the wrong kind of account, or a missing CSRF token", "content": _DETAIL},
    "404": {"description": "Not found, or not yours to see", "content": _DETAIL},
    "405": {"description": "Method not allowed", "content": _DETAIL},
    "406": {"description": "Not acceptable", "content": _DETAIL},
    "415": {"description": "The body must be JSON", "content": _DETAIL},
    "429": {"description": "Too many requests or failed logins; try again later", "content": _DETAIL},
    "503": {"description": "Briefly unavailable (the database is restarting)", "content": _DETAIL},
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method in ("get", "put", "patch", "post", "delete"):
                responses = operation.setdefault("responses", {})
                for code, response in COMMON_ERRORS.items():
                    responses.setdefault(code, response)
    return result
