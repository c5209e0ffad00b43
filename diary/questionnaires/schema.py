"""The shape of an instrument file (docs/questionnaires.md), checked with JSON Schema before
the instrument is built, so a fault is named (file, place, reason) instead of raising a
TypeError inside a patient's answer (issue 24: a string `bands` or `decimals`, an item
that is not an object, `every_days: 10**9` each broke every questionnaire endpoint)."""

from jsonschema import Draft202012Validator

CODING = {
    "type": "object",
    "required": ["valueCoding"],
    "properties": {
        "valueCoding": {
            "type": "object",
            "required": ["code", "display"],
            "properties": {"code": {"type": "string"}, "display": {"type": "string"}},
        }
    },
}
ITEM = {
    "type": "object",
    "required": ["linkId", "type"],
    "properties": {
        "linkId": {"type": "string", "minLength": 1, "maxLength": 64},
        "text": {"type": "string"},
        "type": {"enum": ["choice", "integer"]},
        "required": {"type": "boolean"},
        "answerOption": {"type": "array", "items": CODING},
        "extension": {
            "type": "array",
            "items": {"type": "object", "required": ["url"], "properties": {"url": {"type": "string"}}},
        },
    },
}
BAND = {
    "type": "object",
    "required": ["min", "max", "label"],
    "properties": {"min": {"type": "number"}, "max": {"type": "number"}, "label": {"type": "string"}},
}
# A translation of the instrument's words (issue 25): by its owner (a published translation,
# with where it was published) or, for the project's own rating only, by the project.
TRANSLATION = {
    "type": "object",
    "required": ["by"],
    "additionalProperties": False,
    "properties": {
        "by": {"enum": ["owner", "project"]},
        "source": {"type": "string", "minLength": 1},
        "title": {"type": "string"},
        "items": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "text": {"type": "string"},
                    "options": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            },
        },
        "bands": {"type": "array", "items": {"type": "string"}},
    },
}
INSTRUMENT_SCHEMA = {
    "type": "object",
    "required": ["format", "code", "questionnaire", "scoring", "schedule"],
    "properties": {
        "format": {"type": "string"},
        "code": {"type": "string"},
        "licence": {"type": "string"},
        # true only for the project's own wording (not a validated instrument): the one kind
        # the project may translate itself.
        "own_rating": {"type": "boolean"},
        "translations": {
            "type": "object",
            "propertyNames": {"pattern": "^[a-z]{2}$"},
            "additionalProperties": TRANSLATION,
        },
        "questionnaire": {
            "type": "object",
            "required": ["resourceType", "item"],
            "properties": {
                "resourceType": {"const": "Questionnaire"},
                "title": {"type": "string"},
                "version": {"type": ["string", "integer"]},
                "item": {"type": "array", "minItems": 1, "maxItems": 50, "items": ITEM},
            },
        },
        "scoring": {
            "type": "object",
            "required": ["method", "items"],
            "properties": {
                "method": {"type": "string"},
                "items": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                "decimals": {"type": "integer", "minimum": 0, "maximum": 6},
                "bands": {"type": "array", "items": BAND},
            },
        },
        "schedule": {
            "type": "object",
            "required": ["every_days"],
            # A year at most: the reminder arithmetic adds it to dates (10**9 days overflowed).
            "properties": {"every_days": {"type": "integer", "minimum": 1, "maximum": 366}},
        },
    },
}
VALIDATOR = Draft202012Validator(INSTRUMENT_SCHEMA)


def schema_faults(document) -> list[str]:
    """Each fault as "place: reason", e.g. "scoring.decimals: '1' is not of type 'integer'"."""
    return [
        f"{'.'.join(str(p) for p in error.absolute_path) or '(top)'}: {error.message}"
        for error in sorted(VALIDATOR.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    ]
