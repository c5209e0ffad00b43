# One module per area; each area's models are imported here so Django finds them.
from diary.models.accounts import User, UserManager
from diary.models.entries import AdviceSeen, Entry
from diary.models.exercises import ExerciseSession, Programme, ProgrammeExercise, QuestionnaireResponse
from diary.models.imports import CsvMapping, Import, ImportedEntry
from diary.models.records import RecordChange
from diary.models.reminders import PushSubscription, ReminderDelivery, ReminderSettings
from diary.models.screening import ExamRecord, Notice, RedFlagReview, ScreeningDue, ScreeningSnapshot
from diary.models.sessions import UserSession
from diary.models.sharing import AccessLog, Grant, ShareCode
from diary.models.throttles import ThrottleCount
from diary.models.treatments import PostBlockRating, Procedure, TreatmentEvent

__all__ = [
    "AccessLog",
    "AdviceSeen",
    "CsvMapping",
    "Entry",
    "ExamRecord",
    "ExerciseSession",
    "Grant",
    "Import",
    "ImportedEntry",
    "Notice",
    "PostBlockRating",
    "Procedure",
    "Programme",
    "ProgrammeExercise",
    "PushSubscription",
    "QuestionnaireResponse",
    "RecordChange",
    "RedFlagReview",
    "ReminderDelivery",
    "ReminderSettings",
    "ScreeningDue",
    "ScreeningSnapshot",
    "ShareCode",
    "ThrottleCount",
    "TreatmentEvent",
    "User",
    "UserManager",
    "UserSession",
]
