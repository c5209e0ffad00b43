"""The served app's start-up keeps its long-lived objects out of the garbage
collector's full passes (config/startup.py), so that no request pays for them."""

from tests.config.test_settings import production_variables, start_up_command

REPORT_FROZEN = "import gc, sys, config.wsgi; print(gc.get_freeze_count(), 'api.clinicians.views' in sys.modules)"


def test_the_web_process_freezes_the_loaded_app_with_every_view_imported(tmp_path):
    result = start_up_command(
        tmp_path, ["-c", REPORT_FROZEN], **production_variables(), SECRET_KEY="s" * 60, ALLOWED_HOSTS="x.example"
    )
    assert result.returncode == 0, result.stderr
    frozen, views_loaded = result.stdout.split()
    # Django, DRF and the views are well over 50,000 objects; without the freeze the count is 0.
    assert int(frozen) > 50_000
    assert views_loaded == "True"
