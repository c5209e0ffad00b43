"""The entry serializer's fields are shallow copies (api.fields.ShallowFieldCopiesMixin):
each request must still get fields of its own, and one request's answers never reach
another's."""

import datetime as dt

from api.entries.serializers import EntrySerializer
from diary.models import User


def test_each_serializer_binds_fields_of_its_own():
    first, second = EntrySerializer(), EntrySerializer()
    for name, field in first.fields.items():
        assert field is not second.fields[name]
        assert field.parent is first
        assert second.fields[name].parent is second
    # The nested medications list is copied whole, as DRF does.
    assert first.fields["medications"].child is not second.fields["medications"].child


def test_a_refused_body_leaves_the_next_one_alone():
    patient = User(timezone="UTC")
    context = {"patient": patient}
    today = dt.datetime.now(dt.UTC).date().isoformat()
    refused = EntrySerializer(
        data={"date": today, "side": "middle", "severity": 11, "symptoms": ["nausea", "nausea"]}, context=context
    )
    assert not refused.is_valid()
    assert set(refused.errors) == {"side", "severity", "symptoms"}

    accepted = EntrySerializer(
        data={"date": today, "side": "right", "severity": 5, "symptoms": ["nausea"]}, context=context
    )
    assert accepted.is_valid(), accepted.errors
    assert accepted.validated_data["side"] == "right"
    assert accepted.validated_data["symptoms"] == ["nausea"]
