"""The diary's vocabulary, served once for the PWA (and any client).

Every code and its plain label live in `diary/choices.py`; the app reads them
from here instead of keeping copies, so a code added in Python shows up in the
app without touching JavaScript. The service worker keeps the last answer for
offline use (frontend/sw.js).
"""

from django.db import models
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from diary import choices
from diary.reports.labels import label_tables

_BASES = (models.Choices, models.TextChoices, models.IntegerChoices)

# {"Side": [["left", "Left"], ...], ..., "any_entry_red_flags": ["neuro_deficit", ...]}.
VOCABULARY_SCHEMA = {
    "type": "object",
    "properties": {
        "any_entry_red_flags": {"type": "array", "items": {"type": "string"}},
        "clinical": {
            "type": "object",
            "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    },
    "additionalProperties": {
        "type": "array",
        "items": {
            "type": "array",
            "minItems": 2,
            "maxItems": 2,
            "items": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        },
    },
}


def vocabulary() -> dict:
    """Every choices class of diary/choices.py, by class name, as [code, label] pairs in order;
    `any_entry_red_flags`, the red flags a headache-free check-in may carry too; and `clinical`,
    the same codes in a clinician's words (diary/reports/labels.py, as a summary's `labels`).

    Read at request time (not at import), so what Python says now is what the app gets."""
    lists: dict[str, list] = {
        name: [[code, str(text)] for code, text in value.choices]
        for name, value in vars(choices).items()
        if isinstance(value, type) and issubclass(value, models.Choices) and value not in _BASES
    }
    lists["any_entry_red_flags"] = sorted(str(code) for code in getattr(choices, "ANY_ENTRY_RED_FLAGS", ()))
    lists["clinical"] = label_tables()
    return lists


class VocabularyView(APIView):
    permission_classes = (AllowAny,)
    authentication_classes = ()  # public words, no diary data: no session or CSRF needed
    throttle_classes = ()

    @extend_schema(
        summary="The diary's codes with the words a patient reads",
        description="Every list of `diary/choices.py` by name (`Side`, `OnsetRegion`, `NeckTrigger`, `Posture`, "
        "`Quality`, `Symptom`, `MedicationKind`, `Relief`, `EntryRedFlag`; the treatments' `TreatmentKind`, "
        "`ProcedureKind`, `ProcedurePurpose`, `ProcedureSide`, `PromptStatus`, `ReliefEndedBy`, `Concordance`, "
        "`NoBlockResult`, `NotComparable`, `Benefit`; the exercises' `SessionOutcome`; the reminders' "
        "`ReminderKind`; the screening's `ScreeningLevel`, `Urgency`, `PatternRedFlag`; the imports' "
        "`ImportRowAction`, ...), each a list of `[code, label]` pairs in the order the app offers them, "
        "in the reader's language; `any_entry_red_flags`: the red-flag codes a headache-free "
        "check-in may carry too; and `clinical`: the same codes in a clinician's words, by field and "
        "`screening` (as a clinician summary's `labels`). The codes are those `api.md` fixes.",
        responses={200: OpenApiResponse(response=VOCABULARY_SCHEMA, description="Lists by name")},
        examples=[
            OpenApiExample("Part of it", value={"Side": [["left", "Left"], ["right", "Right"], ["both", "Both"]]})
        ],
    )
    def get(self, request):
        return Response(vocabulary())
