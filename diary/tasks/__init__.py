# Celery finds tasks through this package; each area's tasks live in a module
# of their own and are imported here.
from diary.tasks import (
    cleanup,  # noqa: F401
    exercises,  # noqa: F401
    health,  # noqa: F401
    imports,  # noqa: F401
    reminders,  # noqa: F401
    screening,  # noqa: F401
    treatments,  # noqa: F401
)
