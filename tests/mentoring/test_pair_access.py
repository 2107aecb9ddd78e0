"""What a pair says is theirs alone: every page of the pair's life, asked for by each
person of the shared cast. Anonymous visitors are sent to sign in; the two members get
their pages; another pair's mentor, the coordinator and a superuser get a 404, as if the
pair did not exist."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.services.pairs import calendar_feed_for
from tests.cast import MEMBERS, OUTSIDERS, ROLES, sign_in_as
from tests.factories import (
    ActionStepFactory,
    HeldMeetingFactory,
    MeetingFactory,
    agree_ground_rules,
)

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
SECRET_PLACE = "Room 9.99 in the Provost office"
SECRET_ACTION = "Ask the estates team why the lift is still broken"

# (url name, which object it takes, methods it answers). `require_POST` views answer GET
# with 405 to anyone signed in, so only their POST is walked.
PAIR_URLS = [
    ("pair_rules_agree", ["POST"]),
    ("pair_purpose", ["GET", "POST"]),
    ("pair_plan", ["GET", "POST"]),
    ("pair_request", ["GET", "POST"]),
    ("meeting_new", ["GET", "POST"]),
]
# The log needs a meeting whose time has come; the others an upcoming one.
MEETING_URLS = [
    ("meeting_detail", "upcoming", ["GET"]),
    ("meeting_accept", "upcoming", ["POST"]),
    ("meeting_change", "upcoming", ["GET", "POST"]),
    ("meeting_cancel", "upcoming", ["GET", "POST"]),
    ("meeting_log", "held", ["GET", "POST"]),
    ("meeting_detail", "held", ["GET"]),
    ("meeting_calendar", "upcoming", ["GET"]),
]
PERSONAL_URLS = [("match", ["GET"]), ("meetings", ["GET"]), ("calendar_feed_new", ["POST"])]


def _walk(urls):
    for name, *rest in urls:
        for method in rest[-1]:
            yield pytest.param(name, *rest[:-1], method, id="-".join([name, *rest[:-1], method]))


@pytest.fixture
def meetings(cast):
    """In the cast's pair: a time Bola proposed next week, and a meeting held last week
    whose action step is private to the pair."""
    agree_ground_rules(cast.pair)
    upcoming = MeetingFactory(
        match=cast.pair, status="proposed", proposed_by=cast.board_member, location=SECRET_PLACE
    )
    held = HeldMeetingFactory(match=cast.pair, location=SECRET_PLACE)
    ActionStepFactory(meeting=held, text=SECRET_ACTION)
    return {"upcoming": upcoming, "held": held}


def _request(client, method, url):
    return client.get(url) if method == "GET" else client.post(url, {})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method"), list(_walk(PAIR_URLS)))
def test_the_pairs_own_pages_answer_only_its_two_members(
    client, cast, meetings, role, name, method
):
    sign_in_as(client, cast, role)
    url = reverse(name, args=[cast.pair.pk])

    response = _request(client, method, url)

    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)
    elif role in MEMBERS:
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert not response.url.startswith(LOGIN)
    else:
        assert role in OUTSIDERS
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "which", "method"), list(_walk(MEETING_URLS)))
def test_the_pairs_meetings_answer_only_its_two_members(
    client, cast, meetings, role, name, which, method
):
    sign_in_as(client, cast, role)
    url = reverse(name, args=[meetings[which].pk])

    response = _request(client, method, url)

    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)
    elif role in MEMBERS:
        # An empty log, which no page sends, is refused on a page that says why (409).
        refused = (409,) if (name, method) == ("meeting_log", "POST") else ()
        assert response.status_code in (200, 302, *refused)
        if response.status_code == 302:
            assert not response.url.startswith(LOGIN)
    else:
        assert response.status_code == 404
        assert SECRET_PLACE not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method"), list(_walk(PERSONAL_URLS)))
def test_each_persons_own_pages_need_signing_in_and_show_only_their_own_pairs(
    client, cast, meetings, role, name, method
):
    sign_in_as(client, cast, role)

    response = _request(client, method, reverse(name))

    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)
        return
    assert response.status_code in (200, 302)
    page = (
        client.get(reverse("meetings")).content.decode()
        + client.get(reverse("match")).content.decode()
    )
    if role in MEMBERS:
        assert SECRET_PLACE in page
        assert SECRET_ACTION in page
    else:
        assert SECRET_PLACE not in page
        assert SECRET_ACTION not in page


def test_the_meetings_of_another_pair_answer_404_to_the_cast_mentor(client, cast):
    agree_ground_rules(cast.other_pair)
    upcoming = MeetingFactory(
        match=cast.other_pair, status="proposed", proposed_by=cast.other_board_member
    )
    held = HeldMeetingFactory(match=cast.other_pair)
    client.force_login(cast.mentor)

    for name, *_rest, methods in PAIR_URLS:
        for method in methods:
            response = _request(client, method, reverse(name, args=[cast.other_pair.pk]))
            assert response.status_code == 404, (name, method)
    for name, which, methods in MEETING_URLS:
        meeting = upcoming if which == "upcoming" else held
        for method in methods:
            response = _request(client, method, reverse(name, args=[meeting.pk]))
            assert response.status_code == 404, (name, method)

    upcoming.refresh_from_db()
    held.refresh_from_db()
    assert upcoming.status == "proposed"
    assert held.status == "held"


def test_a_proposed_pair_is_not_yet_the_members_own(client, cast):
    """Until the programme office confirms it, a proposal is theirs: no meetings yet."""
    cast.pair.status, cast.pair.activated_at = "proposed", None
    cast.pair.save(update_fields=["status", "activated_at"])
    meeting = MeetingFactory(match=cast.pair)
    client.force_login(cast.mentor)

    assert client.get(reverse("meeting_new", args=[cast.pair.pk])).status_code == 404
    assert client.get(reverse("meeting_detail", args=[meeting.pk])).status_code == 404


def test_the_calendar_feed_opens_with_its_secret_token_only(client, cast, meetings):
    feed = calendar_feed_for(cast.mentor)

    assert client.get(reverse("calendar_feed")).status_code == 404
    assert client.get(reverse("calendar_feed"), {"token": "guessed"}).status_code == 404
    response = client.get(reverse("calendar_feed"), {"token": feed.token})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert SECRET_PLACE in response.content.decode()


def test_a_replaced_calendar_token_stops_working(client, cast, meetings):
    old = calendar_feed_for(cast.mentor).token
    client.force_login(cast.mentor)

    client.post(reverse("calendar_feed_new"))
    client.logout()

    assert client.get(reverse("calendar_feed"), {"token": old}).status_code == 404
    new = calendar_feed_for(cast.mentor).token
    assert new != old
    assert client.get(reverse("calendar_feed"), {"token": new}).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/match/abc/rules/",
        "/match/1.5/purpose/",
        "/match/-1/plan/",
        "/match/%00/office/",
        "/meetings/abc/",
        "/meetings/1e3/log/",
        "/meetings/99999999999999999999999/",
        "/meetings/99999999999999999999999/log/",
        "/match/99999999999999999999999/meetings/new/",
    ],
)
def test_forged_ids_in_the_address_are_not_found(client, cast, path):
    client.force_login(cast.mentor)

    assert client.get(path).status_code == 404
    assert client.post(path, {}).status_code == 404


@pytest.mark.parametrize("version", ["", "abc", "1.0", "-1", "²", "٣", "99999999999999999999"])
def test_a_forged_ground_rules_version_is_refused_with_a_message(client, cast, version):
    client.force_login(cast.mentor)

    response = client.post(
        reverse("pair_rules_agree", args=[cast.pair.pk]), {"version": version}, follow=True
    )

    assert response.status_code == 200
    assert "The ground rules changed while you were reading them." in response.content.decode()
    assert not cast.pair.agreements.exists()


@pytest.mark.parametrize("token", ["", "x" * 5000, "\x00", "'; DROP TABLE x; --"])
def test_a_forged_calendar_token_is_not_found(client, cast, token):
    calendar_feed_for(cast.mentor)

    assert client.get(reverse("calendar_feed"), {"token": token}).status_code == 404


def test_forged_review_and_action_fields_on_the_log_are_refused_kindly(client, cast, meetings):
    held = meetings["held"]
    # A second held meeting, so the first one's action step is up for review.
    later = HeldMeetingFactory(
        match=cast.pair, starts_at=timezone.now() - timedelta(hours=2), location=SECRET_PLACE
    )
    action = held.actions_recorded.get()
    client.force_login(cast.mentor)

    response = client.post(
        reverse("meeting_log", args=[later.pk]),
        {
            "held": "yes",
            "actual_minutes": "60",
            "themes": ["abc"],
            "action-TOTAL_FORMS": "1000",
            "action-INITIAL_FORMS": "0",
            "action-0-text": "Something",
            "action-0-owner": "coordinator",
            f"review-{action.pk}-status": "closed-by-hacker",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert not action.reviews.exists()
    assert not later.actions_recorded.exists()


@pytest.mark.parametrize(
    "url",
    [
        lambda cast, meetings: reverse("match"),
        lambda cast, meetings: reverse("meetings"),
        lambda cast, meetings: reverse("meeting_detail", args=[meetings["held"].pk]),
        lambda cast, meetings: reverse("meeting_log", args=[meetings["held"].pk]),
        lambda cast, meetings: reverse("pair_purpose", args=[cast.pair.pk]),
        lambda cast, meetings: reverse("meeting_calendar", args=[meetings["upcoming"].pk]),
    ],
)
def test_the_pairs_pages_are_never_stored_by_a_browser_or_proxy(client, cast, meetings, url):
    client.force_login(cast.mentor)

    response = client.get(url(cast, meetings))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
