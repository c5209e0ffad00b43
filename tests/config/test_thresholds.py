"""Every threshold lives in diary/screening/thresholds.py; a deployment overrides them from the
environment (NECKLINE_SCREENING, NECKLINE_TREATMENTS: JSON objects), and a misspelt name or a
wrong type stops `manage.py check` naming the setting and the threshold."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from diary.screening.thresholds import check_thresholds, current_thresholds, treatment_settings
from tests.config.test_settings import start_up_command

READ_BOTH = (
    "import django, json; django.setup();"
    "from diary.screening.thresholds import current_thresholds, treatment_settings;"
    "print(json.dumps([current_thresholds().min_episodes, treatment_settings().after_to_day,"
    " str(treatment_settings().next_morning_time)]))"
)


def test_overrides_come_from_the_environment(tmp_path):
    result = start_up_command(
        tmp_path,
        ["-c", READ_BOTH],
        NECKLINE_SCREENING='{"min_episodes": 7}',
        NECKLINE_TREATMENTS='{"after_to_day": 60, "next_morning_time": "07:30"}',
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [7, 60, "07:30:00"]


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"NECKLINE_SCREENING": '{"min_epsiodes": 3}'}, "NECKLINE_SCREENING has an unknown threshold: min_epsiodes"),
        ({"NECKLINE_SCREENING": '{"min_episodes": "3"}'}, "NECKLINE_SCREENING: min_episodes must be a whole number"),
        ({"NECKLINE_TREATMENTS": '{"before_dayz": 20}'}, "NECKLINE_TREATMENTS has an unknown threshold: before_dayz"),
        ({"NECKLINE_TREATMENTS": '{"next_morning_time": "8am"}'}, "next_morning_time must be a time"),
    ],
)
def test_manage_py_check_stops_on_a_misspelt_or_mistyped_threshold_naming_it(tmp_path, variables, named):
    result = start_up_command(tmp_path, ["manage.py", "check"], **variables)
    assert result.returncode != 0
    assert named in result.stderr


@pytest.mark.parametrize("value", ['{"min_episodes": ', '["min_episodes", 3]'])
def test_a_value_that_is_not_a_json_object_stops_start_up_naming_the_variable(tmp_path, value):
    result = start_up_command(tmp_path, ["-c", "import django; django.setup()"], NECKLINE_SCREENING=value)
    assert result.returncode != 0
    assert "NECKLINE_SCREENING" in result.stderr.splitlines()[-1]


def test_the_shipped_defaults_pass_the_check(settings):
    settings.NECKLINE_SCREENING, settings.NECKLINE_TREATMENTS = {}, {}
    assert check_thresholds() == []


def test_an_unknown_treatment_setting_is_named_not_a_raw_type_error(settings):
    settings.NECKLINE_TREATMENTS = {"min_logged_dayz": 10}
    with pytest.raises(ImproperlyConfigured, match="NECKLINE_TREATMENTS has an unknown threshold: min_logged_dayz"):
        treatment_settings()


def test_list_valued_overrides_from_json_are_read_as_the_defaults_are(settings):
    # JSON has no tuples: the pairs arrive as lists and must still work (and be cached).
    settings.NECKLINE_SCREENING = {"anaesthetic_action_hours": [["lidocaine", 2], ["bupivacaine", 8.5]]}
    assert current_thresholds().anaesthetic_action_hours == (("lidocaine", 2), ("bupivacaine", 8.5))
    settings.NECKLINE_TREATMENTS = {"diary_slots": ["baseline", "30m", "next_morning"]}
    assert treatment_settings().diary_slots == ("baseline", "30m", "next_morning")


def test_a_block_counts_as_positive_from_the_same_relief_in_the_engine_and_the_treatments():
    # One default, read by both: the clinician's exam and the post-block diary agree.
    assert current_thresholds().block_relief_percent == treatment_settings().complete_relief_percent == 80
