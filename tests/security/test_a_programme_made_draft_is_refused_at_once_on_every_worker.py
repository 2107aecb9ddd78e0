"""Whether a programme's page may be shown (a draft is the office's alone) is read from the
database on every visit, never from the copy kept in the shared cache with the navigation:
a change that copy missed (Redis away, for a moment, on the worker that saved it) leaves it
up to KEPT_FOR old on the other workers, and the navigation's cache only points to pages."""

import pytest
from django.urls import reverse

from mentoring.models import ProgrammeStatus
from tests.admin_pages import sign_in_for_real
from tests.cast import sign_in_as
from tests.servers import changed_while_redis_blips, needs_redis

pytestmark = [pytest.mark.django_db, needs_redis]


def made_draft_while_redis_blips(programme, monkeypatch) -> None:
    def made_draft():
        programme.status = ProgrammeStatus.DRAFT
        programme.recruitment_open = False
        programme.save()

    changed_while_redis_blips(monkeypatch, made_draft)


@pytest.mark.parametrize("role", ["anonymous", "mentor"])
def test_a_programme_made_draft_during_a_redis_blip_is_not_shown_on_another_worker(
    client, cast, monkeypatch, role
):
    sign_in_as(client, cast, role)
    url = reverse("programme_detail", args=[cast.programme.slug])
    assert client.get(url).status_code == 200  # kept in Redis

    made_draft_while_redis_blips(cast.programme, monkeypatch)

    assert client.get(url).status_code == 404, "a draft programme's page is served"


def test_the_office_still_previews_the_draft_and_sees_it_is_one(client, cast, monkeypatch):
    sign_in_for_real(client, cast, "coordinator")
    url = reverse("programme_detail", args=[cast.programme.slug])
    assert client.get(url).status_code == 200

    made_draft_while_redis_blips(cast.programme, monkeypatch)

    page = client.get(url)
    assert page.status_code == 200
    assert not page.context["programme"].is_published
