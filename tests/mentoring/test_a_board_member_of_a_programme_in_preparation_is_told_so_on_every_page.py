"""A board member of a programme the office has not published yet reads on the events and
pair pages what the dashboard says: it is still being prepared, and there is nothing to do
until it begins."""

import pytest
from django.urls import reverse

from mentoring.models import ProgrammeStatus
from tests.admin_pages import words
from tests.factories import BoardMemberFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_a_board_member_of_a_programme_still_in_preparation_is_not_told_to_wait_for_an_invitation(
    client, cast
):
    """A board member who joined a programme the office has not published yet: the
    dashboard rightly says "You have joined as a board member of a programme the programme
    office is still preparing", and the navigation offers "Events". But /events/ tells them
    "Briefings and group sessions appear here once you have applied to be a mentor, or the
    programme office has invited you as a board member" — they have been invited, and
    joined. The page should say, as the dashboard does, that their programme is still being
    prepared and its events will appear here once it begins."""
    preparing = ProgrammeFactory(
        name="2027/28 cohort", slug="cohort", status=ProgrammeStatus.DRAFT, recruitment_open=False
    )
    person = BoardMemberFactory(programme=preparing, user__full_name="Dee Vee").user
    client.force_login(person)
    dashboard = words(client.get(reverse("dashboard")).content.decode())
    assert "still preparing" in dashboard
    assert 'href="/events/"' in client.get(reverse("dashboard")).content.decode()

    events = words(client.get(reverse("events")).content.decode())

    assert "has invited you as a board member" not in events, (
        "a board member who joined is told the page fills once they are invited"
    )


def test_the_pair_page_of_a_board_member_of_a_programme_in_preparation_points_to_nothing_missing(
    client, cast
):
    """A board member of a programme the office has not published yet opens "Your pair"
    (/match/, linked from the events and profile pages' wording about pairing): it says
    "Once you have attended a board members' briefing, the programme office matches you ...;
    your dashboard says where your briefing stands". Their dashboard says no such thing
    (only that the programme is still being prepared and there is nothing to do), and no
    briefing of an unpublished programme is shown to them anywhere. The page should say
    what the dashboard says: the programme is still being prepared."""
    preparing = ProgrammeFactory(
        name="2027/28 cohort", slug="cohort", status=ProgrammeStatus.DRAFT, recruitment_open=False
    )
    person = BoardMemberFactory(programme=preparing, user__full_name="Dee Vee").user
    client.force_login(person)
    dashboard = words(client.get(reverse("dashboard")).content.decode())
    assert "briefing" not in dashboard

    page = words(client.get(reverse("match")).content.decode())

    assert "your dashboard says where your briefing stands" not in page
