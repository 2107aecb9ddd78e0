"""A meeting's or an event's time on a page says which zone it is in: a board member
travelling, or a mentor in another office, reads "10:00" as the programme's 10:00, not
their own. Each page that shows such a time says the zone once, near the times ("Times are
UK time (Europe/London)."), and each form where a meeting's time is typed or chosen says,
beside the field, which zone it is read in. The zone is the one the settings give
(TIME_ZONE): another zone is named by its IANA name."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Audience, EndReason, EventKind
from mentoring.services.matches import match_end
from tests.admin_pages import words
from tests.cast import MEMBERS, sign_in_as
from tests.factories import (
    BoardMemberFactory,
    EventFactory,
    MeetingFactory,
    MentorFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

UK = "Times are UK time (Europe/London)."
TYPED_IN_UK = "Start and end are read as UK time (Europe/London)."


@pytest.fixture
def meeting(cast):
    """Maya and Bola's meeting, booked for a week ahead."""
    return MeetingFactory(match=cast.pair)


@pytest.fixture
def place(cast):
    """Maya's place at a learning session for mentors."""
    event = EventFactory(
        programme=cast.programme,
        kind=EventKind.EVALUATION,
        audience=Audience.MENTORS,
        title="Listening well",
    )
    return RegistrationFactory(event=event, person=cast.mentor)


def url_of(page: str, cast, meeting=None) -> str:
    """The page's address: a meeting's own pages, the programme's page, or one of the
    person's own."""
    if page.startswith("meeting_"):
        return reverse(page, args=[meeting.pk])
    if page == "programme_detail":
        return reverse(page, args=[cast.programme.slug])
    return reverse(page)


def said(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return words(response.content.decode())


@pytest.mark.parametrize("role", MEMBERS)
@pytest.mark.parametrize(
    "page",
    ["meeting_detail", "meeting_cancel", "match", "meetings", "dashboard", "programme_detail"],
)
def test_each_page_with_the_pairs_meeting_times_names_their_zone_once(
    client, cast, meeting, role, page
):
    sign_in_as(client, cast, role)

    assert said(client, url_of(page, cast, meeting)).count(UK) == 1


@pytest.mark.parametrize("page", ["events", "event_cancel"])
def test_the_events_pages_name_the_zone_of_the_events_times(client, cast, place, page):
    sign_in_as(client, cast, "mentor")
    url = reverse(page, args=[place.event.pk]) if page == "event_cancel" else reverse(page)

    assert said(client, url).count(UK) == 1


@pytest.fixture
def to_be_briefed(cast):
    """Two newcomers to the programme, neither briefed yet, each with a briefing to come:
    Priya, a mentor accepted in it, and Nadia, a board member who has joined it."""
    for audience in (Audience.MENTORS, Audience.BOARD_MEMBERS):
        EventFactory(programme=cast.programme, audience=audience)
    return {
        "mentor": MentorFactory(
            programme=cast.programme,
            applicant=UserFactory(full_name="Priya Patel", email="priya.p@example.org"),
            briefed=False,
        ).applicant,
        "board_member": BoardMemberFactory(
            programme=cast.programme,
            user=UserFactory(full_name="Nadia Nur", email="nadia@example.org"),
        ).user,
    }


@pytest.mark.parametrize("person", ["mentor", "board_member"])
@pytest.mark.parametrize("page", ["programme_detail", "apply", "dashboard"])
def test_a_briefings_time_names_its_zone_once_on_each_page_that_shows_it(
    client, cast, to_be_briefed, person, page
):
    client.force_login(to_be_briefed[person])
    url = {
        "programme_detail": reverse("programme_detail", args=[cast.programme.slug]),
        # The application's status for the mentor; for the board member, why they do not apply.
        "apply": f"{reverse('apply')}?programme={cast.programme.slug}",
        "dashboard": reverse("dashboard"),
    }[page]

    response = client.get(url)
    # /apply/ refuses a board member (403), saying where she stands instead.
    assert response.status_code == (403 if (page, person) == ("apply", "board_member") else 200)
    text = words(response.content.decode())

    assert "Coming up: " in text  # a briefing and its time are shown
    assert text.count(UK) == 1


def test_proposing_or_moving_a_meeting_says_which_zone_the_typed_time_is_read_in(
    client, cast, meeting
):
    sign_in_as(client, cast, "board_member")

    assert TYPED_IN_UK in said(client, reverse("meeting_new", args=[cast.pair.pk]))
    assert TYPED_IN_UK in said(client, reverse("meeting_change", args=[meeting.pk]))


def test_planning_the_year_says_which_zone_the_dates_offered_are_in(client, cast):
    sign_in_as(client, cast, "mentor")

    assert UK in said(client, reverse("pair_plan", args=[cast.pair.pk]))


def test_a_page_with_no_meeting_or_event_time_says_no_zone(client, cast):
    sign_in_as(client, cast, "outsider")

    assert "Times are" not in said(client, reverse("meetings"))


@pytest.mark.parametrize("role", MEMBERS)
@pytest.mark.parametrize("page", ["match", "meetings", "dashboard", "programme_detail"])
def test_a_pair_with_no_meeting_yet_says_no_zone(client, cast, role, page):
    """Maya and Bola, paired and briefed, have booked nothing: "Nothing booked" has no time."""
    sign_in_as(client, cast, role)

    assert "Times are" not in said(client, url_of(page, cast))


@pytest.mark.parametrize("page", ["match", "meetings", "dashboard"])
def test_after_a_pair_ended_without_meeting_maya_is_told_no_zone(client, cast, page):
    match_end(match=cast.pair, reason=EndReason.COMPLETED)
    sign_in_as(client, cast, "mentor")

    assert "Times are" not in said(client, reverse(page))


@pytest.mark.parametrize("role", MEMBERS)
def test_an_earlier_pairs_meetings_held_name_their_zone_on_the_pair_page(client, cast, role):
    MeetingFactory(match=cast.pair, status="held", starts_at=timezone.now() - timedelta(days=7))
    match_end(match=cast.pair, reason=EndReason.COMPLETED)
    sign_in_as(client, cast, role)

    assert said(client, reverse("match")).count(UK) == 1


@pytest.mark.parametrize("role", MEMBERS)
@pytest.mark.parametrize("page", ["match", "meetings", "dashboard", "programme_detail"])
def test_a_meeting_proposed_and_not_answered_yet_names_its_zone(client, cast, role, page):
    MeetingFactory(match=cast.pair, status="proposed")
    sign_in_as(client, cast, role)

    assert said(client, url_of(page, cast)).count(UK) == 1


def test_another_zone_in_the_settings_is_the_one_named(client, cast, meeting, place, settings):
    settings.TIME_ZONE = "Europe/Paris"
    sign_in_as(client, cast, "mentor")

    for url in [reverse("meeting_detail", args=[meeting.pk]), reverse("events")]:
        page = said(client, url)
        assert "Times are Europe/Paris time." in page
        assert "UK time" not in page
    assert "Start and end are read as Europe/Paris time." in said(
        client, reverse("meeting_new", args=[cast.pair.pk])
    )


def test_a_mentor_with_two_pairs_proposed_to_is_told_the_zone_once(client, cast, second_pair):
    MeetingFactory(match=cast.pair, status="proposed", proposed_by=cast.board_member)
    MeetingFactory(match=second_pair, status="proposed", proposed_by=second_pair.board_member.user)
    sign_in_as(client, cast, "mentor")

    page = said(client, url_of("programme_detail", cast))

    assert page.count("proposal to meet on") == 2
    assert page.count(UK) == 1
