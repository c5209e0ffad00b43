"""The engine's version is derived from its code (diary.screening.skip.engine_version), not
bumped by hand: a changed rule changes the fingerprint the nightly skip is keyed on, so the
first pass after such a deploy recomputes everyone."""

from pathlib import Path

from diary.screening import rules
from diary.screening.skip import engine_fingerprint, engine_version
from diary.screening.thresholds import Thresholds


def test_a_changed_rule_changes_the_engines_fingerprint(tmp_path, monkeypatch):
    before = engine_fingerprint(Thresholds())
    changed = tmp_path / "rules.py"
    changed.write_text(Path(rules.__file__).read_text() + "\nSOME_NEW_CUT_OFF = 3\n")
    monkeypatch.setattr(rules, "__file__", str(changed))
    engine_version.cache_clear()
    try:
        assert engine_fingerprint(Thresholds()) != before
    finally:
        monkeypatch.undo()
        engine_version.cache_clear()
    assert engine_fingerprint(Thresholds()) == before  # the same code, the same version


def test_other_thresholds_change_the_fingerprint_too():
    assert engine_fingerprint(Thresholds(min_episodes=6)) != engine_fingerprint(Thresholds())
