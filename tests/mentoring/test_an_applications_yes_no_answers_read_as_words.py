"""On an application's page in the admin, the applicant's yes/no answers read as the words
they chose ("No" to a conflict of interest is not a red cross); states the office reads at a
glance, such as Eligible, keep their icons."""

import re

import pytest
from django.urls import reverse

from tests.admin_pages import words
from tests.factories import application_from

pytestmark = pytest.mark.django_db

CONFLICT = (
    "Do you have a current conflict of interest with the organisation or its senior leadership?"
)


def _page(office, application) -> str:
    url = reverse("admin:mentoring_mentorapplication_change", args=[application.pk])
    response = office.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_eligible_applicants_answers_read_yes_and_no(office, cast):
    priya = application_from(cast.programme, "Priya Patel", has_conflict=False)

    page = words(_page(office, priya))

    assert f"{CONFLICT} No" in page
    assert "Can you commit time to the programme? Yes" in page
    assert "Is your availability flexible? Yes" in page
    assert "Have you attended, or will you attend, the mentor briefing? Yes" in page
    assert (
        "Is there something about working here, from your own experience or point of view, "
        "that you would talk about with a senior leader? Yes"
    ) in page


def test_a_declared_conflict_reads_yes_with_its_details(office, cast):
    tom = application_from(
        cast.programme,
        "Tom Tran",
        has_conflict=True,
        conflict_details="A grievance in progress.",
        eligible=False,
    )

    page = words(_page(office, tom))

    assert f"{CONFLICT} Yes" in page
    assert "A grievance in progress." in page


def test_only_the_eligible_state_keeps_an_icon(office, cast):
    priya = application_from(cast.programme, "Priya Patel", has_conflict=False)

    markup = _page(office, priya)

    icons = re.findall(r'<img src="[^"]*icon-(?:yes|no)\.svg"', markup)
    assert len(icons) == 1
    assert re.search(r"Eligible.{0,400}icon-yes\.svg", markup, re.S)
