"""Emails and pages address a person by their first name; a name that opens with a title
("Dr", "Professor", "Dame"…) is used whole, so nobody is greeted "Dear Dr"."""

import pytest

from accounts.models import OutboxMessage, User
from mentoring.models import ApplicationStatus
from mentoring.services.decisions import application_decide
from tests.factories import application_from


@pytest.mark.parametrize(
    ("full_name", "addressed_as"),
    [
        ("Amara Okafor", "Amara"),
        ("Dr Amy Cooper", "Dr Amy Cooper"),
        ("Dr. Amy Cooper", "Dr. Amy Cooper"),
        ("Professor  Ken Li", "Professor Ken Li"),
        ("Dame Mary Smith", "Dame Mary Smith"),
        ("MRS Jo Bloggs", "MRS Jo Bloggs"),
        ("Drew Barnes", "Drew"),  # a first name that starts like a title
        ("Madonna", "Madonna"),
    ],
)
def test_a_person_is_addressed_by_first_name_or_whole_titled_name(full_name, addressed_as):
    assert User(full_name=full_name, email="x@example.org").get_short_name() == addressed_as


def test_without_a_name_they_are_addressed_by_address():
    assert User(full_name="  ", email="x@example.org").get_short_name() == "x@example.org"


@pytest.mark.django_db
def test_a_titled_applicant_is_greeted_with_their_whole_name_in_the_email(cast):
    application = application_from(cast.programme, "Dr Amy Cooper")

    assert application_decide(
        application=application, status=ApplicationStatus.ACCEPTED, by=cast.coordinator
    )

    email = OutboxMessage.objects.get(to=application.applicant.email)
    assert email.text.startswith("Dear Dr Amy Cooper,\n")
    assert "Dear Dr Amy Cooper," in email.html
