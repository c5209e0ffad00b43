def test_health_reports_the_database_and_the_broker(anon_api, db):
    response = anon_api.get("/api/v1/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_health_says_when_the_broker_is_down_without_failing(anon_api, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = anon_api.get("/api/v1/health/")
    assert response.status_code == 200
    assert response.json()["broker"] == "down"
