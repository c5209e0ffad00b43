import pytest
from rest_framework.test import APIClient

from diary.models import Entry, User
from tests.factories import PASSWORD, EntryFactory


def csrf_client() -> APIClient:
    """A client that behaves like the PWA: fetches the CSRF cookie, sends it back."""
    client = APIClient(enforce_csrf_checks=True)
    token = client.get("/api/v1/auth/csrf/").json()["csrf_token"]
    client.credentials(HTTP_X_CSRFTOKEN=token)
    return client


@pytest.fixture
def account(patient):
    return patient


class TestRegister:
    def test_it_creates_a_patient_and_logs_them_in(self, db):
        client = csrf_client()
        response = client.post(
            "/api/v1/auth/register/",
            {"email": "New@Example.test", "password": PASSWORD, "timezone": "Europe/Oslo"},
            format="json",
        )
        assert response.status_code == 201
        assert response.json()["role"] == "patient"
        assert response.json()["email"] == "new@example.test"
        assert client.get("/api/v1/me/").json()["timezone"] == "Europe/Oslo"

    def test_a_clinician_can_register_as_one(self, db):
        response = csrf_client().post(
            "/api/v1/auth/register/",
            {"email": "dr@example.test", "password": PASSWORD, "role": "clinician"},
            format="json",
        )
        assert response.json()["role"] == "clinician"

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"email": "not-an-email", "password": PASSWORD}, "email"),
            ({"email": "a@example.test", "password": "123"}, "password"),
            ({"email": "a@example.test", "password": "password123"}, "password"),
            ({"email": "a@example.test", "password": PASSWORD, "role": "admin"}, "role"),
            ({"email": "a@example.test", "password": PASSWORD, "timezone": "Mars/Olympus"}, "timezone"),
            ({"email": "a@example.test"}, "password"),
        ],
    )
    def test_it_refuses_bad_input_with_the_field(self, db, body, field):
        response = csrf_client().post("/api/v1/auth/register/", body, format="json")
        assert response.status_code == 400
        assert field in response.json()
        assert not User.objects.exists()

    def test_an_email_can_hold_one_account(self, account):
        response = csrf_client().post(
            "/api/v1/auth/register/", {"email": account.email.upper(), "password": PASSWORD}, format="json"
        )
        assert response.status_code == 400
        assert "email" in response.json()

    def test_it_needs_the_csrf_token(self, db):
        response = APIClient(enforce_csrf_checks=True).post(
            "/api/v1/auth/register/", {"email": "a@example.test", "password": PASSWORD}, format="json"
        )
        assert response.status_code == 403
        assert "X-CSRFToken" in response.json()["detail"]  # JSON that says what to do, not an HTML page
        assert not User.objects.exists()


class TestLogin:
    def test_the_right_password_logs_in(self, account):
        client = csrf_client()
        response = client.post("/api/v1/auth/login/", {"email": account.email, "password": PASSWORD}, format="json")
        assert response.status_code == 200
        assert client.get("/api/v1/me/").json()["email"] == account.email

    def test_a_wrong_password_says_so_without_saying_which_part_was_wrong(self, account):
        response = csrf_client().post(
            "/api/v1/auth/login/", {"email": account.email, "password": "nope"}, format="json"
        )
        assert response.status_code == 400
        assert response.json() == {"non_field_errors": ["Wrong email or password."]}

    def test_an_unknown_email_answers_the_same(self, db):
        response = csrf_client().post(
            "/api/v1/auth/login/", {"email": "nobody@example.test", "password": "x"}, format="json"
        )
        assert response.json() == {"non_field_errors": ["Wrong email or password."]}

    def test_repeated_failures_lock_the_account_even_for_the_right_password(self, account, settings):
        client = csrf_client()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post("/api/v1/auth/login/", {"email": account.email, "password": "wrong"}, format="json")
        locked = client.post("/api/v1/auth/login/", {"email": account.email, "password": PASSWORD}, format="json")
        assert locked.status_code == 429
        assert "Too many failed logins" in locked.json()["detail"]
        assert client.get("/api/v1/me/").status_code == 403

    def test_repeated_failures_from_one_address_lock_that_address(self, account, settings):
        client = csrf_client()
        for n in range(settings.AXES_FAILURE_LIMIT):
            client.post("/api/v1/auth/login/", {"email": f"guess{n}@example.test", "password": "x"}, format="json")
        locked = client.post("/api/v1/auth/login/", {"email": account.email, "password": PASSWORD}, format="json")
        assert locked.status_code == 429
        elsewhere = csrf_client()
        response = elsewhere.post(
            "/api/v1/auth/login/", {"email": account.email, "password": PASSWORD}, format="json", REMOTE_ADDR="10.0.0.9"
        )
        assert response.status_code == 200

    def test_logout_ends_the_session(self, patient_api):
        assert patient_api.post("/api/v1/auth/logout/").status_code == 204
        assert patient_api.get("/api/v1/me/").status_code == 403

    def test_a_logged_in_write_needs_the_csrf_token(self, account):
        client = csrf_client()
        client.post("/api/v1/auth/login/", {"email": account.email, "password": PASSWORD}, format="json")
        client.credentials()  # forget the token header, keep the session
        response = client.patch("/api/v1/me/", {"birth_year": 1980}, format="json")
        assert response.status_code == 403
        account.refresh_from_db()
        assert account.birth_year is None


class TestProfile:
    def test_it_shows_the_profile_with_the_role(self, patient_api, patient):
        body = patient_api.get("/api/v1/me/").json()
        assert body == {
            "id": patient.id,
            "email": patient.email,
            "role": "patient",
            "timezone": "Europe/Oslo",
            "language": None,  # follows the browser's until chosen (docs/api-extensions.md)
            "birth_year": None,
            "headaches_since": None,
            "injury_date": None,
            "headaches_began_after_injury": None,
            "cancer_history": None,
            "immunosuppressed": None,
            "pregnant_or_postpartum": None,
            "email_verified": False,  # the app reminds the patient
            "emergency_number": "112",  # Oslo: the PWA names it in its offline warnings
            "requirements": [],  # a patient may keep logging before verifying
        }

    def test_it_updates_only_what_is_sent(self, patient_api, patient):
        body = patient_api.patch(
            "/api/v1/me/", {"headaches_since": "2024-03", "birth_year": 1970}, format="json"
        ).json()
        assert body["headaches_since"] == "2024-03" and body["birth_year"] == 1970
        assert body["timezone"] == "Europe/Oslo"
        patient.refresh_from_db()
        assert patient.headaches_since.isoformat() == "2024-03-01"

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"timezone": "Europe/Atlantis"}, "timezone"),
            ({"birth_year": 1850}, "birth_year"),
            ({"birth_year": 3000}, "birth_year"),
            ({"birth_year": "1970"}, "birth_year"),
            ({"headaches_since": "2024-13"}, "headaches_since"),
            ({"headaches_since": "2099-01"}, "headaches_since"),
            ({"role": "clinician"}, "role"),
            ({"email": "x@example.test"}, "email"),
        ],
    )
    def test_it_refuses_bad_profile_values(self, patient_api, patient, body, field):
        response = patient_api.patch("/api/v1/me/", body, format="json")
        assert response.status_code == 400
        assert field in response.json()
        patient.refresh_from_db()
        assert patient.role == "patient" and patient.timezone == "Europe/Oslo"

    def test_anonymous_has_no_profile(self, anon_api):
        assert anon_api.get("/api/v1/me/").status_code == 403


class TestDeleteAccount:
    def test_it_needs_the_password(self, patient_api, patient):
        response = patient_api.delete("/api/v1/me/", {"password": "wrong"}, format="json")
        assert response.status_code == 400
        assert User.objects.filter(pk=patient.pk).exists()

    def test_it_erases_the_account_and_its_diary(self, patient_api, patient, other_patient):
        EntryFactory(patient=patient)
        kept = EntryFactory(patient=other_patient)
        assert patient_api.delete("/api/v1/me/", {"password": PASSWORD}, format="json").status_code == 204
        assert not User.objects.filter(pk=patient.pk).exists()
        assert list(Entry.objects.all()) == [kept]
        assert patient_api.get("/api/v1/me/").status_code == 403


@pytest.mark.parametrize(
    "timezone_name, number",
    [("Europe/Berlin", "112"), ("America/Chicago", "911"), ("Australia/Sydney", "000"), ("Asia/Kolkata", None)],
)
def test_the_profile_tells_the_emergency_number_where_the_timezone_tells_it(patient_api, timezone_name, number):
    """The PWA's offline warnings name the patient's own number, or 'your local emergency
    number' where the timezone does not tell it; the number is not the patient's to set."""
    patient_api.patch("/api/v1/me/", {"timezone": timezone_name}, format="json")
    assert patient_api.get("/api/v1/me/").json()["emergency_number"] == number
    response = patient_api.patch("/api/v1/me/", {"emergency_number": "999"}, format="json")
    assert response.status_code == 400 and "emergency_number" in response.json()
    assert patient_api.get("/api/v1/me/").json()["emergency_number"] == number
