"""The diary as files: CSV for spreadsheets, a printable PDF, a FHIR R4 Bundle."""

from django.utils.translation import gettext_lazy

# Said wherever the screening result leaves the app (screening.md).
SCREENING_CAVEAT = gettext_lazy(
    "Decision support from the patient's diary, not a diagnosis: a diary cannot show the neck "
    "disorder that ICHD-3 11.2.1 requires."
)
