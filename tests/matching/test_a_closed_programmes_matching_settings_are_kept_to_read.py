"""A closed programme's matching settings are kept to read: nobody is matched in it any
more, so its page says it has ended, with no figures of who is ready to match "today" and
no Save, and a change posted anyway is refused. A running programme's stay editable."""

import pytest
from django.urls import reverse

from matching.models import MatchingSettings
from mentoring.models import ProgrammeStatus
from tests.admin_pages import words
from tests.factories import ProgrammeFactory

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


def test_settings_are_added_only_for_a_programme_still_to_match_in(client, cast):
    """A closed programme without settings is not offered on the Add page: what its settings
    weighed would change nothing, and saving them would reopen profiles in it."""
    running = ProgrammeFactory(name="2027/28 cohort", slug="later")
    ended = ProgrammeFactory(name="2024/25 pilot", slug="earlier")
    close_as_the_office(ended)
    MatchingSettings.objects.filter(programme__in=[running, ended]).delete()
    client.force_login(cast.coordinator)

    form = client.get(reverse("admin:matching_matchingsettings_add")).context["adminform"].form
    offered = list(form.fields["programme"].queryset)

    assert running in offered
    assert ended not in offered
    refused = client.post(
        reverse("admin:matching_matchingsettings_add"),
        {"programme": ended.pk, "themes_weight": "1"},
    )
    assert refused.status_code == 200
    assert not MatchingSettings.objects.filter(programme=ended).exists()
