"""The screening report (screening.md) as OpenAPI sees it, and the query it takes."""

from rest_framework import serializers

from diary.red_flags import EMERGENCY, URGENT
from diary.screening.engine import LEVELS

EVIDENCE_HELP = "Ids of the entries behind it (for clinical_exam, of the clinician's exam records)."


class PatternsQuerySerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=28, max_value=365, default=90,
                                    help_text="Length of the window, ending on your local today")


class WindowSerializer(serializers.Serializer):
    # "from" is a Python keyword: the field is named in the constructor instead.
    to = serializers.DateField()
    days = serializers.IntegerField()
    logged_days = serializers.IntegerField()
    headache_days = serializers.IntegerField()
    episodes = serializers.IntegerField()
    headache_days_per_30 = serializers.FloatField()

    def get_fields(self):
        fields = super().get_fields()
        return {"from": serializers.DateField(), **fields}


class SignalSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=["side_locked", "mechanical_trigger", "neck_onset",
                                            "ipsilateral_neck_arm_pain", "clinical_exam"])
    met = serializers.BooleanField()
    value = serializers.FloatField(allow_null=True, help_text="The share the rule measured")
    threshold = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField(help_text="Episodes (or exam records) behind it")
    of = serializers.IntegerField(help_text="Episodes the share is over")
    evidence = serializers.ListField(child=serializers.CharField(), help_text=EVIDENCE_HELP)


class CapSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=["side_shift", "migraine_features", "cluster_like",
                                            "hemicrania_continua_like", "bilateral", "triptan_response",
                                            "medication_overuse"])
    applied = serializers.BooleanField()
    effect = serializers.ChoiceField(choices=["at_most_possible", "none"])
    evidence = serializers.ListField(child=serializers.CharField(), help_text=EVIDENCE_HELP)


class DifferentialSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=["migraine", "chronic_migraine", "tension_type", "cluster",
                                            "hemicrania_continua", "medication_overuse"])
    status = serializers.ChoiceField(choices=["met", "at_risk"])
    band = serializers.ChoiceField(choices=["infrequent", "frequent", "chronic"], required=False,
                                   help_text="tension_type only")
    evidence = serializers.ListField(child=serializers.CharField(), help_text=EVIDENCE_HELP)


class RedFlagSerializer(serializers.Serializer):
    code = serializers.CharField()
    urgency = serializers.ChoiceField(choices=[EMERGENCY, URGENT])
    date = serializers.DateField()
    entry = serializers.CharField(allow_null=True, help_text="The entry that carries it; null for a pattern flag")
    evidence = serializers.ListField(child=serializers.CharField(), help_text=EVIDENCE_HELP)


class ReportSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=LEVELS)
    mixed = serializers.BooleanField(help_text="A neck component beside another headache type")
    window = WindowSerializer()
    signals = SignalSerializer(many=True)
    caps = CapSerializer(many=True)
    differentials = DifferentialSerializer(many=True)
    red_flags = RedFlagSerializer(many=True)
    summary = serializers.CharField(help_text="Plain language for the patient, or terse for a clinician")
