"""A line manager's "No" is final, and accepting needs their agreement: an application on
the waiting list that they refuse goes no further (its briefing places given back, its page
saying so), and the office cannot put one they refused on the waiting list, even from a page
shown before the answer."""

import re

import pytest
from django.urls import reverse

from mentoring.models import (
    ApplicationStatus,
    Audience,
    MentorApplication,
)
from mentoring.services.applications import mentor_places_ahead
from mentoring.services.decisions import application_decision_problem
from mentoring.services.line_managers import line_manager_answer
from tests.admin_pages import change_url, confirmed, decide_url, signed_in_for_real, words
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    line_manager_asked,
)

pytestmark = pytest.mark.django_db


APPLY = f"{reverse('apply')}?programme=pilot"


@pytest.fixture
def wait_listed_then_refused(cast):
    """Olu, eligible and on the waiting list before Lee answered, holding a place at the
    next mentor briefing; then Lee says No."""
    request = line_manager_asked(cast.programme, cast.outsider, "lee.manager@example.org")
    application = request.application
    application.status = ApplicationStatus.WAITLISTED
    application.decided_at = application.submitted_at
    application.save(update_fields=["status", "decided_at"])
    briefing = EventFactory(programme=cast.programme, audience=Audience.MENTORS)
    RegistrationFactory(event=briefing, person=cast.outsider)
    line_manager_answer(
        request=request, agreed=False, reason="Too busy this term.", answered_by=None
    )
    return MentorApplication.objects.select_related("programme").get(pk=application.pk)


office = signed_in_for_real("coordinator")


def test_a_wait_listed_application_the_line_manager_refused_cannot_go_on(
    client, cast, wait_listed_then_refused
):
    """Accepting needs the agreement, and a "No" is final: the application can never be
    accepted. Yet Olu keeps the briefing place (half a day spent for nothing) and is told
    that the office will be in touch if a place comes up."""
    application = wait_listed_then_refused
    assert application_decision_problem(
        application=application, status=ApplicationStatus.ACCEPTED, by=cast.coordinator
    ) == ("the line manager did not agree")
    client.force_login(cast.outsider)

    page = words(client.get(APPLY).content.decode())

    assert "If a place comes up in this cohort" not in page
    assert not mentor_places_ahead(application).exists()


def test_a_wait_listing_chosen_before_the_line_manager_said_no_is_not_applied_unseen(
    office, cast, django_capture_on_commit_callbacks
):
    """Carmen opens Olu's application ("waiting for the line manager's agreement") and
    chooses to put it on the waiting list; meanwhile Lee says No. The confirmation says only
    "waiting for a decision now", and "Yes" wait-lists it, an application that can never be
    accepted, without Carmen ever reading the line manager's answer."""
    request = line_manager_asked(cast.programme, cast.outsider, "lee.manager@example.org")
    application = request.application
    shown = office.get(change_url(application)).content.decode()
    assert "waiting for the line manager's agreement" in words(shown)
    seen = re.search(r'name="_decision_seen" value="([^"]+)"', shown).group(1)

    line_manager_answer(request=request, agreed=False, reason="Too busy.", answered_by=None)

    confirmation = office.get(f"{decide_url(application, 'waitlisted')}?seen={seen}", follow=True)
    said = words(confirmation.content.decode())
    if confirmation.context.get("hidden"):  # a confirmation, not the page again
        with django_capture_on_commit_callbacks(execute=True):
            office.post(decide_url(application, "waitlisted"), confirmed(confirmation))
    application.refresh_from_db()

    told_of_the_no = "did not agree" in said or "line manager declined" in said.lower()
    assert told_of_the_no or application.status == ApplicationStatus.SUBMITTED
