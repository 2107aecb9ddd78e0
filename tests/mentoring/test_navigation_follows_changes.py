"""The navigation is read once and kept (mentoring.navigation), yet each link comes and goes
with the change that causes it, whichever way the change is saved: a model's save, a
queryset's update, a group membership. Each test loads a page first, so that the person's
navigation is kept, then changes something and loads a page again."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import COORDINATORS_GROUP
from mentoring.models import ProgrammeStatus
from mentoring.services.applications import application_withdraw
from mentoring.services.mentees import board_members_join
from tests.cast import sign_in_as
from tests.factories import (
    BoardMemberFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db


def links(client) -> str:
    page = client.get(reverse("dashboard")).content.decode()
    return page[page.index('id="main-nav"') : page.index("</nav>")]


def test_a_board_member_place_linked_to_the_account_brings_the_pair_links(client, cast):
    sign_in_as(client, cast, "outsider")
    assert "Your pair</a>" not in links(client)

    BoardMemberFactory(programme=cast.programme, user=None, email=cast.outsider.email)
    assert "Your pair</a>" not in links(client)  # a place waiting for the address
    board_members_join(user=cast.outsider)  # a queryset update: no save signal

    assert "Your pair</a>" in links(client)
    assert "My application</a>" not in links(client)


def test_a_withdrawn_application_takes_the_pair_links_away(client, cast):
    application = MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider)
    sign_in_as(client, cast, "outsider")
    assert "Events</a>" in links(client)

    assert application_withdraw(application=application)  # a queryset update

    assert "Events</a>" not in links(client)
    assert "My application</a>" in links(client)


def test_a_survey_that_asks_them_brings_the_surveys_link(client, cast):
    sign_in_as(client, cast, "mentor")
    assert "Surveys</a>" not in links(client)

    SurveyFactory(programme=cast.programme, audience="board_members")
    assert "Surveys</a>" not in links(client)  # not theirs to answer
    SurveyFactory(programme=cast.programme, audience="mentors")

    assert "Surveys</a>" in links(client)


def test_joining_the_coordinators_leaves_the_participants_links(client, cast):
    sign_in_as(client, cast, "outsider")
    assert "My application</a>" in links(client)

    cast.outsider.groups.add(Group.objects.get_or_create(name=COORDINATORS_GROUP)[0])

    assert "My application</a>" not in links(client)
    assert "Profile</a>" in links(client)  # their data and account are theirs to manage


def test_the_programme_link_follows_the_newest_active_programme(client, cast):
    sign_in_as(client, cast, "outsider")
    assert cast.programme.get_absolute_url() in links(client)

    newer = ProgrammeFactory()  # as undated as the cast's, and made later
    assert newer.get_absolute_url() in links(client)

    newer.status, newer.recruitment_open = ProgrammeStatus.CLOSED, False
    newer.save()
    assert cast.programme.get_absolute_url() in links(client)
    assert newer.get_absolute_url() not in links(client)


def navigation_read(client) -> bool:
    with CaptureQueriesContext(connection) as queries:
        links(client)
    return any('"programme_slug"' in query["sql"] for query in queries)


def test_the_navigation_is_read_once_and_kept(client, cast):
    sign_in_as(client, cast, "mentor")
    assert navigation_read(client)
    assert not navigation_read(client)

    # Someone signing in saves their last_login: not a change the navigation reads.
    cast.other_mentor.save(update_fields=["last_login"])
    assert not navigation_read(client)
    cast.other_mentor.save()
    assert navigation_read(client)
