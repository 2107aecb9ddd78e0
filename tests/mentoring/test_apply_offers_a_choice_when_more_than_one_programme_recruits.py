"""The pilot and a newer cohort both recruit mentors. /apply/ opens the newest, so the
application form lists the programmes recruiting that the person may apply to, the one it
is for named as this page and each other linked to its own form (`?programme=`). With one
programme recruiting, the page offers no such list."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.admin_pages import words
from tests.applying import apply_url
from tests.cast import ROLES, sign_in_as
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

HEADING = "Programmes recruiting mentors now"


@pytest.fixture
def cohort(cast):
    """The 2027/28 cohort, newer than the pilot, recruiting too."""
    return ProgrammeFactory(name="2027/28 cohort", slug="cohort-2027")


def choice(html: str) -> list[str]:
    """Each programme the page offers to choose, in words, with the address it links to."""
    found = re.search(
        r'<nav class="mb-4" aria-labelledby="recruiting-heading">.*?</nav>', html, re.S
    )
    assert found, "no choice of programme is offered"
    return [
        f"{words(text)} -> {href}" if href else words(text)
        for href, text in re.findall(
            r'<li[^>]*>(?:<a href="([^"]+)">)?(.*?)</li>', found.group(0), re.S
        )
    ]


def test_with_two_programmes_recruiting_apply_lists_both_naming_the_one_applied_to(
    client, cast, cohort, priya
):
    client.force_login(priya)

    response = client.get(apply_url())

    assert response.status_code == 200
    assert response.context["programme"] == cohort  # the newest, as before
    html = response.content.decode()
    assert HEADING in words(html)
    assert choice(html) == [
        "2027/28 cohort (this page)",
        f"2026/27 pilot -> {apply_url(cast.programme)}",
    ]


def test_following_the_other_programmes_link_opens_its_form_naming_it(client, cast, cohort, priya):
    client.force_login(priya)

    response = client.get(apply_url(cast.programme))

    assert response.status_code == 200
    assert response.context["programme"] == cast.programme
    assert choice(response.content.decode()) == [
        f"2027/28 cohort -> {apply_url(cohort)}",
        "2026/27 pilot (this page)",
    ]


def test_with_one_programme_recruiting_the_form_offers_no_choice(client, cast, priya):
    client.force_login(priya)

    html = client.get(apply_url()).content.decode()

    assert "Save draft" in html  # the form
    assert HEADING not in words(html)
    assert "recruiting-heading" not in html


def test_a_programme_running_but_not_recruiting_is_not_offered(client, cast, priya):
    ProgrammeFactory(name="2027/28 cohort", slug="cohort-2027", recruitment_open=False)
    client.force_login(priya)

    html = client.get(apply_url(cast.programme)).content.decode()

    assert "Save draft" in html
    assert HEADING not in words(html)


# Who sees the choice at /apply/ with both recruiting: those shown the form. Maya and Omar,
# mentors in the pilot, are offered the cohort's form (their pilot application is linked);
# Bola, a board member, and the office may not apply (refused, 403); the anonymous sign in.
SEEN = {
    "anonymous": "sign in",
    "mentor": "choice",
    "other_mentor": "choice",
    "board_member": 403,
    "coordinator": 403,
    "superuser": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_at_apply_with_two_programmes_recruiting(cast, cohort, role):
    client = Client()
    sign_in_as(client, cast, role)

    response = client.get(apply_url())

    if SEEN[role] == "sign in":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif SEEN[role] == 403:
        assert response.status_code == 403
        assert HEADING not in words(response.content.decode())
    else:
        assert response.status_code == 200
        assert choice(response.content.decode()) == [
            "2027/28 cohort (this page)",
            f"2026/27 pilot -> {apply_url(cast.programme)}",
        ]
