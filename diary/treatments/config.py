"""The treatment settings now live with every other threshold in diary/screening/thresholds.py.

This module only re-exports them, so that the branches merged this round still import;
the lead's rename pass points those imports at diary/screening/thresholds.py.
"""

from diary.screening.thresholds import ANAESTHETICS, DIARY_SLOTS, TreatmentSettings, treatment_settings

__all__ = ["ANAESTHETICS", "DIARY_SLOTS", "TreatmentSettings", "treatment_settings"]
