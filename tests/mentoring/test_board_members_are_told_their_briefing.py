"""A board member not yet briefed (nor paired) reads, on the programme page and on the
refusal /apply/ gives them, the briefing they are registered for; only if they are not
registered are they invited to come to one, and if none is scheduled they are told where
new dates appear (nothing emails them of one) or to ask the programme office. The dashboard
says the same in their card."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from mentoring.models import Audience, Event, EventKind
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
PAGES = ["/programmes/pilot/", f"{reverse('apply')}?programme=pilot", reverse("dashboard")]
NONE_SCHEDULED = (
    'No briefing is scheduled for you yet: new dates appear on <a href="/events/">the events '
    "page</a>, or ask the programme office."
)


@pytest.fixture
def unbriefed(cast, time_machine):
    """Bola Board, before being paired: the cast's board members' briefing is not held yet."""
    time_machine.move_to(datetime(2026, 9, 1, 9, 0, tzinfo=LONDON))
    cast.pair.delete()
    Event.objects.filter(programme=cast.programme, audience=Audience.BOARD_MEMBERS).delete()
    return cast.board_member


@pytest.fixture
def briefings(cast):
    """An earlier and a later board members' briefing (in British Summer Time)."""
    return [
        EventFactory(
            programme=cast.programme,
            audience=Audience.BOARD_MEMBERS,
            kind=EventKind.BRIEFING,
            title=title,
            starts_at=starts_at,
        )
        for title, starts_at in [
            ("Early board briefing", datetime(2026, 10, 1, 9, 30, tzinfo=LONDON)),
            ("Later board briefing", datetime(2026, 11, 3, 14, 0, tzinfo=LONDON)),
        ]
    ]


def page_of(client, person, path) -> str:
    client.force_login(person)
    return client.get(path).content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_a_board_member_registered_for_a_briefing_is_told_which_and_when(
    client, unbriefed, briefings, path
):
    RegistrationFactory(event=briefings[1], person=unbriefed)

    page = page_of(client, unbriefed, path)

    assert (
        'You are registered for\n      <a href="/events/">Later board briefing</a>, '
        "Tuesday 3 November 2026, 14:00." in page
    )
    assert "come to a board members' briefing" not in page
    assert "Coming up:" not in page
    assert "Early board briefing" not in page


@pytest.mark.parametrize("path", PAGES)
def test_a_board_member_not_registered_is_shown_the_next_briefing(
    client, unbriefed, briefings, path
):
    page = page_of(client, unbriefed, path)

    # 09:30 in London in October (BST), whatever the server's clock says.
    assert (
        'Coming up:\n      <a href="/events/">Early board briefing</a>, '
        "Thursday 1 October 2026, 09:30." in page
    )
    assert "You are registered for" not in page


@pytest.mark.parametrize("path", PAGES)
def test_without_a_briefing_scheduled_they_are_told_where_dates_appear(client, unbriefed, path):
    page = page_of(client, unbriefed, path)

    assert NONE_SCHEDULED in page
    assert "Coming up:" not in page


@pytest.mark.parametrize("path", PAGES)
def test_a_paired_board_member_is_not_told_about_briefings(client, cast, briefings, path):
    page = page_of(client, cast.board_member, path)

    assert "You are paired with Maya Mentor" in page
    assert "Early board briefing" not in page
    assert NONE_SCHEDULED not in page


# 1 session, 2 user, 3 whether the programme is published (read on every visit:
# mentoring.access.programme_for_visitor), 4 whether a board member of this programme (the
# navigation's kept facts say whether a coordinator, and a board member somewhere; the
# programme, its themes and key dates are kept with them), 5 the membership (with whether
# briefed), 6 their pairs (none, so no meetings), 7 the briefings for them with their own
# registration.
PROGRAMME_PAGE_QUERIES = 7


@pytest.mark.parametrize("count", [1, 3])
def test_the_programme_page_reads_the_briefings_in_one_query(
    client, cast, unbriefed, django_assert_num_queries, count
):
    for number in range(count):
        event = EventFactory(
            programme=cast.programme,
            audience=Audience.BOARD_MEMBERS,
            title=f"Board briefing {number}",
            starts_at=datetime(2026, 10, 1 + number, 9, 30, tzinfo=LONDON),
        )
        RegistrationFactory(event=event)  # someone else's place
    client.force_login(unbriefed)
    client.get(PAGES[0])  # the navigation's facts kept

    with django_assert_num_queries(PROGRAMME_PAGE_QUERIES):
        page = client.get(PAGES[0]).content.decode()

    assert "Board briefing 0" in page
