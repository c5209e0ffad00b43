"""The PWA's word lists (frontend/js/vocabulary.js) offer exactly the codes the API accepts."""

import re
from pathlib import Path

import pytest

from diary import choices

VOCABULARY = (Path(__file__).resolve().parents[2] / "frontend" / "js" / "vocabulary.js").read_text()


def codes_of(list_name: str) -> list[str]:
    body = re.search(rf"export const {list_name} = \[(.*?)\];\n", VOCABULARY, re.S).group(1)
    return re.findall(r'\["([a-z_]+)",', body)


@pytest.mark.parametrize(("list_name", "enum"), [
    ("SIDES", choices.Side), ("ONSET_REGIONS", choices.OnsetRegion), ("NECK_TRIGGERS", choices.NeckTrigger),
    ("POSTURES", choices.Posture), ("QUALITIES", choices.Quality), ("SYMPTOMS", choices.Symptom),
    ("MEDICATION_KINDS", choices.MedicationKind), ("RELIEF", choices.Relief), ("RED_FLAGS", choices.EntryRedFlag),
])
def test_every_code_the_api_accepts_is_offered_and_no_other(list_name, enum):
    assert sorted(codes_of(list_name)) == sorted(enum.values)
