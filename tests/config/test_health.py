import pytest
from django.db.utils import OperationalError

from tests.servers import needs_redis


@pytest.mark.django_db
def test_it_answers_200_when_the_database_is_reachable(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}


@pytest.mark.django_db
def test_it_answers_503_when_the_database_is_unreachable(client, settings, monkeypatch):
    settings.REDIS_URL = ""

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("config.health.connection.cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "unreachable"}


@pytest.mark.django_db
def test_it_answers_503_when_redis_is_configured_but_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "redis": "unreachable"}


@pytest.mark.django_db
@needs_redis
def test_it_checks_redis_when_configured(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok"}
