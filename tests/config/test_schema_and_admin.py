from django.core.management import call_command

from tests.admin_login import admin_log_in


def test_the_openapi_schema_generates_without_warnings(db, tmp_path):
    # --fail-on-warn turns any warning of drf-spectacular into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/v1/entries/{entry_id}/" in (tmp_path / "schema.yml").read_text()


def test_the_interactive_docs_are_served_from_local_assets(client, db):
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page and "<script>" not in page
    assert "cdn." not in page and "unpkg" not in page
    assert client.get("/api/schema/").status_code == 200


def test_staff_can_browse_users_and_entries_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/diary/user/").status_code == 302  # no second step in this session yet
    admin_log_in(client, admin_user)
    assert client.get("/admin/diary/user/").status_code == 200
    assert client.get("/admin/diary/entry/").status_code == 200
    assert client.get("/admin/diary/user/add/").status_code == 200


def test_the_migrations_match_the_models(db):
    # A model change without its migration would break the next deploy's `migrate`.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
