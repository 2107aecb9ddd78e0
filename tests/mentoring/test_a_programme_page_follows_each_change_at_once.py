"""A programme's page (what it says to everyone alike: its texts, themes and key dates) is
kept in the shared cache with the navigation's facts (mentoring.access.programme_for_visitor),
yet each change the programme office makes shows on the next visit, whichever way it is
saved: a save, a queryset's update, a delete."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring import navigation
from mentoring.models import KeyDate, Programme, ProgrammeStatus, Theme
from tests.cast import sign_in_as

pytestmark = pytest.mark.django_db


def kept_key(slug: str) -> str:
    return navigation.kept_key(f"programme:{slug}")


def page(client, programme):
    return client.get(reverse("programme_detail", args=[programme.slug]))


def text(client, programme) -> str:
    response = page(client, programme)
    assert response.status_code == 200
    return response.content.decode()


def programme_queries(client, programme) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        page(client, programme)
    return [q["sql"] for q in captured.captured_queries if '"mentoring_programme"' in q["sql"]]


def test_the_page_is_read_once_and_kept(client, cast):
    text(client, cast.programme)
    # Only whether it is published (and recruits) is read again: who may see the page is
    # never decided from the kept copy.
    [query] = programme_queries(client, cast.programme)
    assert '"mentoring_programme"."status"' in query
    assert '"mentoring_programme"."name"' not in query


@pytest.mark.parametrize("role", ["anonymous", "mentor", "board_member", "outsider"])
def test_a_theme_renamed_added_or_removed_shows_at_once(client, cast, role):
    sign_in_as(client, cast, role)
    first = cast.programme.themes.first()
    assert first.name in text(client, cast.programme)

    first.name = "Power and privilege at work"
    first.save()
    assert "Power and privilege at work" in text(client, cast.programme)

    Theme.objects.create(programme=cast.programme, name="Belonging", position=9)
    assert "Belonging" in text(client, cast.programme)

    first.delete()
    shown = text(client, cast.programme)
    assert "Power and privilege at work" not in shown
    assert "Belonging" in shown


def test_a_key_date_added_moved_or_removed_shows_at_once(client, cast):
    text(client, cast.programme)
    key_date = KeyDate.objects.create(
        programme=cast.programme, label="Mentor briefings", date=date(2027, 2, 3)
    )
    assert "3 February 2027" in text(client, cast.programme)

    KeyDate.objects.filter(pk=key_date.pk).update(date=date(2027, 3, 4))  # no save signal
    shown = text(client, cast.programme)
    assert "4 March 2027" in shown
    assert "3 February 2027" not in shown

    key_date.delete()
    assert "Mentor briefings" not in text(client, cast.programme)


def test_the_programmes_own_texts_show_at_once_saved_or_updated(client, cast):
    text(client, cast.programme)
    Programme.objects.filter(pk=cast.programme.pk).update(about="Conversations that change us.")
    assert "Conversations that change us." in text(client, cast.programme)

    cast.programme.refresh_from_db()
    cast.programme.recruitment_open = False
    cast.programme.recruitment_closed_message = "We recruit again in the spring."
    cast.programme.save()
    assert "We recruit again in the spring." in text(client, cast.programme)


def test_a_programme_back_to_draft_is_gone_for_everyone_but_the_office(client, cast):
    text(client, cast.programme)
    Programme.objects.filter(pk=cast.programme.pk).update(
        status=ProgrammeStatus.DRAFT, recruitment_open=False
    )

    assert page(client, cast.programme).status_code == 404
    sign_in_as(client, cast, "mentor")
    assert page(client, cast.programme).status_code == 404
    sign_in_as(client, cast, "coordinator")
    assert "Preview: this programme is a draft" in text(client, cast.programme)


def test_an_address_that_finds_no_programme_is_not_kept(client, cast):
    missing = reverse("programme_detail", args=["no-such-programme"])
    too_long = reverse("programme_detail", args=["x" * 5000])

    assert client.get(missing).status_code == 404
    assert client.get(too_long).status_code == 404
    assert cache.get(kept_key("no-such-programme")) is None
    text(client, cast.programme)
    assert cache.get(kept_key(cast.programme.slug)) is not None  # found, so kept
