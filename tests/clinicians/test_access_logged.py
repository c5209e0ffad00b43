"""Access logging is one concern of the permission layer (api/access.py): every view of a
linked patient checks the grant first and declares what its requests put in the patient's
access log; no view calls the log by hand. Every clinician read of patient data is logged."""

import inspect

import pytest
from django.urls import get_resolver

from api.access import LinkedPatientView
from diary.models import AccessLog

METHODS = ("get", "post", "put", "patch", "delete")


def linked_patient_views():
    found = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, route)
            elif "clinician/patients/<id:id>" in route:
                found.append((route, pattern.callback.view_class))

    walk(get_resolver().url_patterns)
    return found


def test_every_view_of_a_linked_patient_declares_its_access_log_for_every_method():
    views = linked_patient_views()
    assert len(views) >= 14
    for route, view in views:
        assert issubclass(view, LinkedPatientView), route
        handled = [method for method in METHODS if hasattr(view, method)]
        assert handled and all(method in view.access_log for method in handled), (route, handled)


def test_no_view_calls_the_access_log_by_hand():
    import api.clinicians.views
    import api.exercises.views
    import api.exports.views
    import api.records.views
    import api.treatments.views

    for module in (
        api.clinicians.views,
        api.exports.views,
        api.exercises.views,
        api.records.views,
        api.treatments.views,
    ):
        assert "access_log_record" not in inspect.getsource(module), module.__name__


READS = [
    ("summary/", {}, "summary"),
    ("entries/", {}, "entries"),
    ("export/", {"format": "csv"}, "export_csv"),
    ("export/", {"format": "pdf"}, "export_pdf"),
    ("export/", {"format": "fhir"}, "export_fhir"),
    ("programmes/", {}, "programme"),
    ("programme/", {}, "programme"),
    ("records/history/", {}, "record_history"),
    ("procedures/", {}, "procedures"),
    ("timeline/", {}, "timeline"),
]


@pytest.mark.parametrize(("path", "params", "what"), READS)
def test_every_clinician_read_of_patient_data_is_logged_once(
    clinician_api, clinician, patient, grant, diary, path, params, what
):
    response = clinician_api.get(f"/api/v1/clinician/patients/{patient.pk}/{path}", params)

    assert response.status_code == 200, response.content
    assert list(AccessLog.objects.filter(patient=patient).values_list("clinician", "what", "fields")) == [
        (clinician.pk, what, [])
    ]


@pytest.mark.parametrize(("path", "params", "what"), READS)
def test_a_read_refused_to_an_unlinked_clinician_is_not_logged(unlinked_api, patient, grant, path, params, what):
    assert unlinked_api.get(f"/api/v1/clinician/patients/{patient.pk}/{path}", params).status_code == 404
    assert not AccessLog.objects.filter(patient=patient).exists()


def test_a_write_is_logged_with_the_names_of_the_fields_it_was_sent(clinician_api, patient, grant):
    response = clinician_api.post(
        f"/api/v1/clinician/patients/{patient.pk}/exams/", {"date": "2026-11-20", "frt_left_deg": 30}, format="json"
    )

    assert response.status_code == 201, response.content
    [entry] = AccessLog.objects.filter(patient=patient)
    assert (entry.what, entry.fields) == ("exam_recorded", ["date", "frt_left_deg"])


def test_a_write_refused_as_bad_input_is_not_logged(clinician_api, patient, grant):
    response = clinician_api.post(
        f"/api/v1/clinician/patients/{patient.pk}/exams/", {"date": "2026-11-20", "frt_left_deg": 300}, format="json"
    )

    assert response.status_code == 400
    assert not AccessLog.objects.filter(patient=patient).exists()
