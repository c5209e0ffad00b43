from tests.clinicians.conftest import clock, grant, unlinked_clinician  # noqa: F401 - shared personas and clock
