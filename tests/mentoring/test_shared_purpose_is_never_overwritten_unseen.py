"""Both people of a pair may edit their shared purpose. If one saves while the other is
editing, the second save is refused: nothing of either is lost, the partner's version is
shown, what they typed stays in the box, and saving again is over the version shown."""

import pytest
from django.urls import reverse

from mentoring.models import Match

pytestmark = pytest.mark.django_db


def purpose_page(client, cast, person):
    client.force_login(person)
    return client.get(reverse("pair_purpose", args=[cast.pair.pk])).context["form"]


def save(client, cast, person, text, stamp):
    client.force_login(person)
    return client.post(
        reverse("pair_purpose", args=[cast.pair.pk]),
        {"purpose": text, "stamp": stamp},
        follow=True,
    )


def test_a_save_over_a_version_the_person_never_saw_is_refused_and_keeps_both(client, cast):
    maya_form = purpose_page(client, cast, cast.mentor)
    bola_form = purpose_page(client, cast, cast.board_member)
    save(client, cast, cast.board_member, "Bola's version", bola_form.initial["stamp"])

    response = save(client, cast, cast.mentor, "Maya's version", maya_form.initial["stamp"])

    assert Match.objects.get(pk=cast.pair.pk).purpose == "Bola's version"
    page = response.content.decode()
    assert "Your partner changed the shared purpose while you were editing it" in page
    assert "Your partner's version, saved just now" in page
    assert "Bola&#x27;s version" in page
    assert "\nMaya&#x27;s version</textarea>" in page  # what she typed stays

    # Saving again, from the page that showed Bola's version, is over it.
    stamp = response.context["form"].data["stamp"]
    done = save(client, cast, cast.mentor, "Maya's merged version", stamp)
    assert "Your shared purpose is saved." in done.content.decode()
    assert Match.objects.get(pk=cast.pair.pk).purpose == "Maya's merged version"


def test_saving_twice_from_ones_own_fresh_page_just_saves(client, cast):
    form = purpose_page(client, cast, cast.mentor)
    save(client, cast, cast.mentor, "First", form.initial["stamp"])
    form = purpose_page(client, cast, cast.mentor)

    response = save(client, cast, cast.mentor, "Second", form.initial["stamp"])

    assert "Your shared purpose is saved." in response.content.decode()
    assert Match.objects.get(pk=cast.pair.pk).purpose == "Second"


def test_their_own_save_meanwhile_from_another_tab_is_theirs_to_replace(client, cast):
    first_tab = purpose_page(client, cast, cast.mentor)
    second_tab = purpose_page(client, cast, cast.mentor)
    save(client, cast, cast.mentor, "From the second tab", second_tab.initial["stamp"])

    response = save(client, cast, cast.mentor, "From the first tab", first_tab.initial["stamp"])

    assert "Your shared purpose is saved." in response.content.decode()
    assert Match.objects.get(pk=cast.pair.pk).purpose == "From the first tab"
