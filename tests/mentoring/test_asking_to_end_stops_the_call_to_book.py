"""While a member's request to end the pairing is with the programme office, their dashboard,
pair page and schedule say so, with the date, and stop asking them to book meetings (the
meetings booked stay theirs to keep); the partner's pages are unchanged; once the office
lets the pairing continue, booking is asked for again."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import PairRequest
from mentoring.services.pairs import pair_request_raise
from tests.factories import HeldMeetingFactory, MeetingFactory

pytestmark = pytest.mark.django_db

OVERDUE = "Your next meeting was due by"
# Each page's one call to book: the dashboard's next step, the others' button.
CALLS = ["propose your next meeting", "Propose a meeting"]
PAGES = ["dashboard", "match", "meetings"]


@pytest.fixture
def overdue(cast):
    """The cast's pair, last met twelve weeks ago: overdue."""
    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(weeks=12))
    return cast.pair


def page(client, person, name) -> str:
    client.force_login(person)
    return " ".join(client.get(reverse(name)).content.decode().split())


def asked_on(request) -> str:
    return f"On {timezone.localtime(request.created_at):%-d %B %Y} you asked the programme office"


@pytest.mark.parametrize("name", PAGES)
def test_an_overdue_pair_is_asked_to_book(client, cast, overdue, name):
    content = page(client, cast.mentor, name)

    assert OVERDUE in content
    assert "Ending requested" not in content
    assert sum(content.count(call) for call in CALLS) == 1


@pytest.mark.parametrize("name", PAGES)
def test_after_asking_to_end_the_page_says_so_and_asks_for_no_booking(client, cast, overdue, name):
    request = pair_request_raise(match=overdue, person=cast.mentor, kind="end", note="")

    content = page(client, cast.mentor, name)

    assert "Ending requested" in content
    assert asked_on(request) in content
    assert OVERDUE not in content
    assert "Propose a meeting" not in content
    assert "Plan the year" not in content


def test_a_meeting_booked_before_asking_is_still_shown(client, cast, overdue):
    booked = MeetingFactory(match=overdue)
    pair_request_raise(match=overdue, person=cast.mentor, kind="end", note="")

    for name in PAGES:
        content = page(client, cast.mentor, name)
        assert reverse("meeting_detail", args=[booked.pk]) in content, name
        assert "Ending requested" in content, name


@pytest.mark.parametrize("name", PAGES)
def test_the_partner_is_still_asked_to_book(client, cast, overdue, name):
    pair_request_raise(match=overdue, person=cast.mentor, kind="end", note="")

    content = page(client, cast.board_member, name)

    assert OVERDUE in content
    assert "asked the programme office" not in content


def test_once_the_office_lets_the_pairing_continue_booking_is_asked_for_again(
    client, cast, overdue
):
    request = pair_request_raise(match=overdue, person=cast.mentor, kind="end", note="")
    PairRequest.objects.filter(pk=request.pk).update(
        resolved_at=timezone.now(), resolved_by=cast.coordinator, outcome="continued"
    )

    content = page(client, cast.mentor, "match")

    assert OVERDUE in content
    assert "Propose a meeting" in content


def test_a_concern_alone_still_asks_for_a_booking(client, cast, overdue):
    pair_request_raise(match=overdue, person=cast.mentor, kind="concern", note="A worry.")

    content = page(client, cast.mentor, "match")

    assert OVERDUE in content
    assert "you raised a concern with the programme office" in content


def test_the_programme_page_asks_for_no_booking_either(client, cast, overdue):
    pair_request_raise(match=overdue, person=cast.mentor, kind="end", note="")
    client.force_login(cast.mentor)

    url = reverse("programme_detail", args=[cast.programme.slug])
    content = " ".join(client.get(url).content.decode().split())

    assert "You asked the programme office to end the pairing" in content
    assert "propose your next meeting" not in content
