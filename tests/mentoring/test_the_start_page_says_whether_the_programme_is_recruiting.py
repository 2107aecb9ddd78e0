"""The start page says whether the programme it is about takes applications, linking to the
programme's page where recruitment is opened or closed: "Applications to decide 0" reads the
same whether nobody applied or nobody could."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.admin_pages import change_url, signed_in_for_real, words
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

START = reverse("admin:index")

office = signed_in_for_real("coordinator")


def attention(page) -> str:
    return re.search(r'<section id="attention".*?</section>', page.content.decode(), re.S).group(0)


def test_a_programme_not_recruiting_says_so_and_links_to_where_it_is_opened(office, cast):
    cast.programme.recruitment_open = False
    cast.programme.save(update_fields=["recruitment_open"])

    section = attention(office.get(START))

    assert (
        "Recruitment is closed: nobody can apply to be a mentor. Open it on the programme's page"
    ) in words(section)
    assert f'<a href="{change_url(cast.programme)}">Open it on' in section
    assert 'name="recruitment_open"' in office.get(change_url(cast.programme)).content.decode()


def test_a_programme_recruiting_says_so_and_links_to_where_it_is_closed(office, cast):
    assert cast.programme.recruitment_open

    section = words(attention(office.get(START)))

    assert (
        "Recruitment is open: staff can apply to be mentors. Close it on the programme's page"
    ) in section


def test_each_running_programme_says_its_own(office, cast):
    """The next cohort, current, is not recruiting yet; the pilot still is."""
    cohort = ProgrammeFactory(
        name="2027/28 cohort",
        slug="cohort",
        recruitment_open=False,
        starts_on=timezone.localdate() + timedelta(days=60),
    )

    current = attention(office.get(START))
    pilot = attention(office.get(f"{START}?programme={cast.programme.pk}"))

    assert "Recruitment is closed" in words(current)
    assert change_url(cohort) in current
    assert "Recruitment is open" in words(pilot)
    assert change_url(cast.programme) in pilot
