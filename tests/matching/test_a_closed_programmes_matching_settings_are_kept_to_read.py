"""A closed programme's matching settings are kept to read: nobody is matched in it any
more, so its page says it has ended, with no figures of who is ready to match "today" and
no Save, and a change posted anyway is refused. A running programme's stay editable."""

import pytest
from django.urls import reverse

from matching.models import MatchingSettings
from mentoring.models import ProgrammeStatus
from tests.admin_pages import words

pytestmark = pytest.mark.django_db


def settings_url(programme):
    settings = MatchingSettings.for_programme(programme)
    return reverse("admin:matching_matchingsettings_change", args=[settings.pk])


def close_as_the_office(programme):
    programme.status, programme.recruitment_open = ProgrammeStatus.CLOSED, False
    programme.save()


def test_a_closed_programmes_settings_page_says_it_has_ended_and_offers_no_save(client, cast):
    url = settings_url(cast.programme)
    close_as_the_office(cast.programme)
    client.force_login(cast.coordinator)

    response = client.get(url)

    text = words(response.content.decode())
    assert response.status_code == 200
    assert "2026/27 pilot has ended." in text
    assert "kept as they were, to read" in text
    assert "ready to match" not in text
    assert "today" not in text
    assert 'name="_save"' not in response.content.decode()
    assert 'name="_addanother"' not in response.content.decode()


def test_a_change_posted_to_a_closed_programmes_settings_is_refused(client, cast):
    url = settings_url(cast.programme)
    close_as_the_office(cast.programme)
    client.force_login(cast.coordinator)

    before = MatchingSettings.objects.get(programme=cast.programme).mentor_capacity

    response = client.post(url, {"mentor_capacity": before + 1})

    assert response.status_code == 403
    assert MatchingSettings.objects.get(programme=cast.programme).mentor_capacity == before


def test_a_running_programmes_settings_page_shows_who_is_ready_and_offers_save(client, cast):
    client.force_login(cast.coordinator)

    response = client.get(settings_url(cast.programme))

    text = words(response.content.decode())
    assert "2026/27 pilot: who is ready to match today" in text
    assert "has ended" not in text
    assert 'name="_save"' in response.content.decode()
