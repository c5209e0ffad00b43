# One module per area; each area's models are imported here so Django finds them.
from diary.models.accounts import User, UserManager
from diary.models.entries import Entry
from diary.models.reminders import PushSubscription, ReminderDelivery, ReminderSettings
from diary.models.screening import ExamRecord, Notice, RedFlagReview, ScreeningSnapshot
from diary.models.sharing import AccessLog, Grant, ShareCode
from diary.models.treatments import PostBlockRating, Procedure, TreatmentEvent

__all__ = [
    "AccessLog",
    "Entry",
    "ExamRecord",
    "Grant",
    "Notice",
    "PostBlockRating",
    "Procedure",
    "PushSubscription",
    "RedFlagReview",
    "ReminderDelivery",
    "ReminderSettings",
    "ScreeningSnapshot",
    "ShareCode",
    "TreatmentEvent",
    "User",
    "UserManager",
]
