"""A clinician's access to one patient, as one concern of the permission layer.

Every view about a linked patient (`/clinician/patients/<id>/...`) is a `LinkedPatientView`:
the grant is checked before anything else of the request is looked at, so that nothing (not
even a 400) tells an unlinked caller the patient exists, and the view finds the patient in
`self.patient`. What a request that succeeds puts in the patient's access log (issue 24) is
declared by the view, per method, in `access_log`; no view calls the log by hand:

    class PatientSummaryView(LinkedPatientView):
        access_log = {"get": Logged("summary")}

A read is logged with no fields; a write with the names of the fields it was sent (`SENT`)
or changed (`CHANGED`: the view sets `self.changed_fields`, and nothing changed is nothing
logged), never their values. A request that fails (4xx, 5xx) is not logged: nothing was read
or written.
"""

import dataclasses
import re

from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from api.permissions import IsClinician
from diary.models import User
from diary.selectors.sharing import linked_patient_get
from diary.services.sharing import access_log_record

SENT = "sent"  # the names of the fields the request sent
CHANGED = "changed"  # the names of the fields the write changed (the view's `changed_fields`)
NAMED = re.compile(r"{(\w+)}")


@dataclasses.dataclass(frozen=True)
class Logged:
    # What the log says: may name the view's attributes in braces ("{kind}_corrected").
    what: str
    # Fixed field names, SENT or CHANGED.
    fields: tuple[str, ...] | str = ()


def linked_patient_or_404(request, patient_id: int) -> User:
    """The patient this clinician holds a live grant for, or 404: no grant and no such
    patient are indistinguishable on purpose."""
    patient = linked_patient_get(clinician=request.user, patient_id=patient_id)
    if patient is None:
        raise NotFound()
    return patient


class AccessLogged:
    """Records a request that succeeds about `self.patient` in that patient's access log,
    as `access_log` declares for its method."""

    access_log: dict[str, Logged] = {}
    patient: User | None = None
    changed_fields: list[str] | None = None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        logged = self.access_log.get(request.method.lower())
        if logged is not None and self.patient is not None and 200 <= response.status_code < 300:
            fields = self._fields(request, logged)
            if fields is not None:
                what = logged.what.format(**{name: getattr(self, name) for name in NAMED.findall(logged.what)})
                access_log_record(patient=self.patient, clinician=request.user, what=what, fields=fields)
        return response

    def _fields(self, request, logged: Logged):
        if logged.fields == SENT:
            return list(request.data) if hasattr(request.data, "keys") else []
        if logged.fields == CHANGED:
            return self.changed_fields or None  # nothing changed: nothing to log
        return logged.fields


class LinkedPatientView(AccessLogged, APIView):
    """A clinician's view of one linked patient, the `id` of its URL."""

    permission_classes = [IsClinician]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authenticated, a clinician, not throttled
        self.patient = linked_patient_or_404(request, kwargs["id"])
