# Celery finds tasks through this package; each area's tasks live in a module
# of their own and are imported here.
from diary.tasks import health  # noqa: F401

from diary.tasks import screening  # noqa: F401, I001

from diary.tasks import reminders  # noqa: F401, I001

from diary.tasks import treatments  # noqa: F401, I001
