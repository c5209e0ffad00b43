"""The screening engine of docs/screening.md: pure functions over plain data.

Nothing here touches the database, so every rule can be tested on hand-made
entries. `diary.selectors.screening` loads the rows and calls `screen()`.
"""

from diary.screening.engine import Report, screen
from diary.screening.episodes import PROFILE_FIELDS, BlockData, EntryData, ExamData, Profile, ReviewData
from diary.screening.thresholds import Thresholds, current_thresholds

__all__ = [
    "PROFILE_FIELDS",
    "BlockData",
    "EntryData",
    "ExamData",
    "Profile",
    "Report",
    "ReviewData",
    "Thresholds",
    "current_thresholds",
    "screen",
]
