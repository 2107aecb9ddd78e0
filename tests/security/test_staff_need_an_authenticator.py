"""A staff account without a verified authenticator reaches nothing staff-only, anywhere:
not the admin, not a draft programme's page, not the calendar file of an event of someone
else's programme, not the match board, the report, survey results or an export. It is sent
to set up its authenticator, and once it has, it reaches them."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib import admin
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from accounts.access import staff_access_allowed
from accounts.models import User
from mentoring.access import event_for_participant, programme_for_visitor
from mentoring.models import ApplicationStatus, MentorApplication
from tests.cast import WITHOUT_AUTHENTICATOR
from tests.factories import (
    PASSWORD,
    EventFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
    SurveyFactory,
    UserFactory,
    totp_code,
)

SET_UP = "/accounts/2fa/totp/activate/"


@pytest.fixture
def draft(db):
    return ProgrammeFactory(
        name="Next year's cohort", slug="next-year", status="draft", recruitment_open=False
    )


@pytest.fixture
def elsewhere_event(db):
    """An event of a programme nobody in the cast takes part in."""
    return EventFactory(programme=ProgrammeFactory(slug="elsewhere"), title="Board briefing")


def staff_only_pages(cast, draft, elsewhere_event) -> dict[str, str]:
    survey = SurveyFactory(programme=cast.programme)
    programme = cast.programme
    return {
        "a draft programme's page": reverse("programme_detail", args=[draft.slug]),
        "another programme's event file": reverse("event_calendar", args=[elsewhere_event.pk]),
        "the programme office": reverse("admin:index"),
        "the match board": reverse("admin:matching_board", args=[programme.pk]),
        "the match board's export": reverse("admin:matching_board_export", args=[programme.pk]),
        "the programme report": reverse("programme_report", args=[programme.slug]),
        "survey results": reverse("admin:evaluation_survey_results", args=[survey.pk]),
        "survey results as CSV": reverse("admin:evaluation_survey_results_csv", args=[survey.pk]),
        "applications": reverse("admin:mentoring_mentorapplication_changelist"),
    }


def test_a_coordinator_without_an_authenticator_is_sent_to_set_one_up_from_every_staff_page(
    client, cast, draft, elsewhere_event
):
    client.force_login(cast.coordinator_without_authenticator)

    for what, url in staff_only_pages(cast, draft, elsewhere_event).items():
        response = client.get(url)
        assert (response.status_code, response.get("Location")) == (302, SET_UP), what


def test_so_is_a_superuser_without_one(client, cast, draft, elsewhere_event):
    root = User.objects.create_superuser(email="root@example.org", password="x", full_name="R")
    client.force_login(root)

    for what, url in staff_only_pages(cast, draft, elsewhere_event).items():
        assert client.get(url).get("Location") == SET_UP, what


def test_it_is_told_why_and_reaches_the_set_up(client, cast):
    client.force_login(cast.coordinator_without_authenticator)

    page = client.get(reverse("dashboard"), follow=True)

    assert page.redirect_chain[0] == (SET_UP, 302)
    assert "it needs two-factor authentication" in page.content.decode()


def test_the_same_pages_open_once_the_authenticator_is_set_up_through_allauth(
    client, cast, draft, elsewhere_event
):
    person = cast.coordinator_without_authenticator
    signed_in = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert signed_in.status_code == 302, signed_in.content.decode()[:3000]
    assert client.get(reverse("programme_detail", args=[draft.slug])).url == SET_UP

    # allauth's own set-up: the password again, then a secret to scan, and the first code
    # from the app proves it has it.
    asked = client.get(SET_UP)
    assert asked.url.startswith(reverse("account_reauthenticate"))
    client.post(asked.url, {"password": PASSWORD})
    assert client.get(SET_UP).status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post(SET_UP, {"code": totp_code(secret)})
    assert response.status_code == 302

    for what, url in staff_only_pages(cast, draft, elsewhere_event).items():
        assert client.get(url).status_code == 200, what


def test_a_staff_account_with_no_programme_role_is_held_the_same_way(client, cast, draft):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("events")).url == SET_UP
    assert client.get(reverse("programme_detail", args=[draft.slug])).url == SET_UP


def test_a_form_sent_to_the_office_without_an_authenticator_changes_nothing(
    client, cast, mailoutbox
):
    application = MentorApplicationFactory(
        programme=cast.programme, applicant=cast.outsider, status=ApplicationStatus.SUBMITTED
    )
    client.force_login(cast.coordinator_without_authenticator)

    response = client.post(
        reverse("admin:mentoring_mentorapplication_changelist"),
        {"action": "accept", "_selected_action": [application.pk], "confirmed": "yes"},
    )

    assert response.url == SET_UP
    assert MentorApplication.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
    assert mailoutbox == []


# --- the rule holds in the access helpers themselves, not only in the middleware ------------


def request_by(person):
    request = RequestFactory().get("/")
    request.user = person
    return request


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("mentor", False),
        ("board_member", False),
        ("coordinator", True),
        (WITHOUT_AUTHENTICATOR, False),
        ("superuser", True),
    ],
)
def test_staff_access_is_allowed_to_staff_with_a_verified_authenticator_only(cast, role, allowed):
    assert staff_access_allowed(cast.person(role)) is allowed


def test_the_access_helpers_treat_staff_without_an_authenticator_like_anyone_else(
    cast, draft, elsewhere_event
):
    person = cast.coordinator_without_authenticator

    with pytest.raises(Http404):
        programme_for_visitor(person, draft.slug)
    with pytest.raises(Http404):
        event_for_participant(person, elsewhere_event.pk)
    assert not admin.site.has_permission(request_by(person))

    TOTP.activate(person, generate_totp_secret())
    person = User.objects.get(pk=person.pk)  # a new request reads the account afresh

    assert programme_for_visitor(person, draft.slug) == draft
    assert event_for_participant(person, elsewhere_event.pk) == elsewhere_event
    assert admin.site.has_permission(request_by(person))
