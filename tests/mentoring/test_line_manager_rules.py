"""The line manager is someone else, at the organisation: the applicant's own mailbox (or a
`+` alias of it) and outside addresses are refused, by the form and by the service alike."""

import html
import re

import pytest
from django.urls import reverse

from mentoring.line_manager import line_manager_problem
from mentoring.models import ApplicationStatus, LineManagerRequest, MentorApplication
from mentoring.services.applications import ApplicationError, application_submit
from tests.applying import application_answers, sent
from tests.factories import DraftApplicationFactory, UserFactory

OWN = "This is your own address."
OUTSIDE = "Your line manager's address must be a work address ending in @example.org."


@pytest.mark.parametrize(
    ("manager", "problem"),
    [
        ("maya@example.org", OWN),
        ("MAYA@Example.org", OWN),
        ("maya+boss@example.org", OWN),
        ("maya@elsewhere.example.com", OWN),
        ("lee.manager@gmail.com", OUTSIDE),
        ("lee.manager@example.org.evil.com", OUTSIDE),
        ("lee.manager@example.org", None),
        ("maya.jones@example.org", None),
        ("", None),
    ],
)
def test_who_can_be_the_line_manager(cast, settings, manager, problem):
    settings.ALLOWED_SIGNUP_DOMAINS = ["example.org"]
    found = line_manager_problem(applicant=cast.mentor, manager_email=manager)

    if problem is None:
        assert found is None
    else:
        assert found.startswith(problem)


def test_an_applicants_own_alias_counts_as_their_own_address_both_ways(db, settings):
    settings.ALLOWED_SIGNUP_DOMAINS = ["example.org"]
    assert line_manager_problem(
        applicant=UserFactory(email="maya+work@example.org"), manager_email="maya@example.org"
    ).startswith(OWN)


def test_without_allowed_domains_any_other_persons_address_is_accepted(cast, settings):
    settings.ALLOWED_SIGNUP_DOMAINS = []
    assert (
        line_manager_problem(applicant=cast.mentor, manager_email="lee@partner.example.com") is None
    )


# --- on the application form, as the applicant meets it ------------------------------------


@pytest.fixture
def programme(cast):
    cast.programme.line_manager_agreement = True
    cast.programme.save(update_fields=["line_manager_agreement"])
    return cast.programme


def apply(client, cast, programme, line_manager_email, django_capture_on_commit_callbacks):
    client.force_login(cast.outsider)  # Olu, olu@example.org, in no programme yet
    with django_capture_on_commit_callbacks(execute=True):
        return sent(
            client,
            f"{reverse('apply')}?programme={programme.slug}",
            application_answers(
                programme,
                line_manager_name="Lee Manager",
                line_manager_email=line_manager_email,
                submit="1",
            ),
        )


@pytest.mark.parametrize(
    ("line_manager_email", "message"),
    [
        ("olu@example.org", OWN),
        ("olu+boss@example.org", OWN),
        ("lee.manager@gmail.com", OUTSIDE),
    ],
)
def test_the_form_refuses_a_line_manager_who_is_not_someone_else_at_the_organisation(
    client,
    cast,
    programme,
    line_manager_email,
    message,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    response = apply(
        client, cast, programme, line_manager_email, django_capture_on_commit_callbacks
    )

    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    # Nothing is submitted, nothing is sent and nobody is asked.
    assert not MentorApplication.objects.filter(applicant=cast.outsider).sent().exists()
    assert not LineManagerRequest.objects.exists()
    assert mailoutbox == []


def test_the_form_accepts_a_colleague_as_line_manager_and_asks_them(
    client, cast, programme, mailoutbox, django_capture_on_commit_callbacks
):
    apply(client, cast, programme, "lee.manager@example.org", django_capture_on_commit_callbacks)

    application = MentorApplication.objects.get(applicant=cast.outsider)
    assert application.status == ApplicationStatus.SUBMITTED
    assert LineManagerRequest.objects.get().email == "lee.manager@example.org"
    assert ["lee.manager@example.org"] in [mail.to for mail in mailoutbox]


# --- in the service, whatever the form let through ------------------------------------------


@pytest.mark.parametrize(
    ("line_manager_email", "message"),
    [("olu+boss@example.org", OWN), ("lee.manager@gmail.com", OUTSIDE)],
)
def test_the_service_refuses_the_same_addresses_and_sends_nothing(
    cast, programme, line_manager_email, message, mailoutbox, django_capture_on_commit_callbacks
):
    draft = DraftApplicationFactory(
        programme=programme,
        applicant=cast.outsider,
        line_manager_name="Lee Manager",
        line_manager_email=line_manager_email,
    )

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ApplicationError, match=re.escape(message)),
    ):
        application_submit(application=draft)

    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT
    assert not LineManagerRequest.objects.exists()
    assert mailoutbox == []
