"""The page of a programme that has ended promises a board member nothing in it: neither
joining it (a board member of another) nor being mentored in it (one of its own)."""

import pytest
from django.urls import reverse

from mentoring.models import ProgrammeStatus
from tests.admin_pages import words
from tests.factories import BoardMemberFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_a_board_member_reading_an_ended_programmes_page_is_not_asked_to_join_it(client, cast):
    """Bola, a board member of the running pilot, opens the page of an earlier programme
    that has ended (an old link, an email). The page says "To take part in Old pilot as a
    board member, write to the programme office ...: they invite board members", a step that
    cannot be taken: nobody is invited to, or matched in, a programme that has ended. Anyone
    else reading that page is told "This programme has ended ... it takes no more
    applications" (mentoring/programme_detail.html tests `role == "board member elsewhere"`
    before `programme.has_ended`)."""
    ProgrammeFactory(
        name="Old pilot", slug="old", status=ProgrammeStatus.CLOSED, recruitment_open=False
    )
    client.force_login(cast.board_member)

    page = words(client.get(reverse("programme_detail", args=["old"])).content.decode())

    assert "To take part in Old pilot as a board member, write to the programme office" not in page
    assert "Old pilot is over" in page or "has ended" in page


def test_a_board_member_of_an_ended_programme_is_not_told_they_will_be_mentored_in_it(client, cast):
    """A board member whose programme ended before they were paired opens its page: under
    "You take part as a board member" it says "You will be mentored in this programme, so
    the call for mentors is not for you", and then "Old pilot ended before you were paired,
    so there is nothing more to do in it". The first sentence promises what the second takes
    back; the dashboard says "you were a board member". The page should not promise
    mentoring in a programme that has ended."""
    ended = ProgrammeFactory(
        name="Old pilot", slug="old", status=ProgrammeStatus.CLOSED, recruitment_open=False
    )
    person = BoardMemberFactory(programme=ended, user__full_name="Dee Vee").user
    client.force_login(person)

    page = words(client.get(reverse("programme_detail", args=["old"])).content.decode())

    assert "ended before you were paired" in page
    assert "You will be mentored in this programme" not in page
