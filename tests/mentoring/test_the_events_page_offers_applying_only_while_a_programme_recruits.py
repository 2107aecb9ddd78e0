"""Someone taking no part reads on /events/ how briefings come to be theirs: by applying,
linked, while the current programme recruits; while it does not, a step they cannot take
now is not offered."""

import pytest
from django.urls import reverse

from tests.admin_pages import words
from tests.cast import browser_of

pytestmark = pytest.mark.django_db


def _events_page(cast, *, recruiting: bool) -> str:
    cast.programme.recruitment_open = recruiting
    cast.programme.save(update_fields=["recruitment_open"])
    return browser_of(cast.outsider).get(reverse("events")).content.decode()


def test_while_the_programme_recruits_applying_is_linked(cast):
    page = _events_page(cast, recruiting=True)

    assert f'<a href="{reverse("apply")}">applied to be a mentor</a>' in page


def test_while_it_does_not_applying_is_not_offered(cast):
    page = _events_page(cast, recruiting=False)

    assert "once you have applied" not in words(page)
    assert f'href="{reverse("apply")}"' not in page
    assert "as a mentor, once applications are open" in words(page)
