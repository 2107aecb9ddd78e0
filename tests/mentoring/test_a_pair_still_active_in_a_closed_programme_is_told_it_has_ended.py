"""A pair still active when its programme closes is told the programme has ended (it can
still meet and log, without reminders), and its profile promises no reminder a closed
programme never sends."""

import pytest
from django.urls import reverse

from mentoring.models import (
    Programme,
    ProgrammeStatus,
)
from tests.admin_pages import words
from tests.factories import (
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


def close(programme: Programme) -> None:
    """As the office closes it: recruitment closed (a database check), then closed."""
    programme.status, programme.recruitment_open = ProgrammeStatus.CLOSED, False
    programme.save()


def test_the_programme_page_tells_a_pair_still_active_that_the_programme_has_ended(client, cast):
    """Closing leaves active pairs as they are, "but nobody is reminded of anything of a
    closed programme", and README says a closed programme "has ended, not paused: its page
    says so". Maya, still in her active pair, opens the pilot's page: it says nothing of the
    programme having ended, only her next meeting, as if the programme ran on."""
    MeetingFactory(match=cast.pair)
    close(cast.programme)
    client.force_login(cast.mentor)

    text = words(
        client.get(reverse("programme_detail", args=[cast.programme.slug])).content.decode()
    )

    assert "has ended" in text


def test_the_profile_does_not_promise_reminders_a_closed_programme_never_sends(client, cast):
    """After the office closes the pilot, Maya (still paired, a meeting booked) reads on
    /profile/: "These always come, whatever you choose: reminders of the meetings you have
    booked, a request to log a meeting after it has taken place, reminders of the events you
    registered for". None of them comes any more: the dispatcher reminds only of active
    programmes. She relies on a reminder that never arrives."""
    MeetingFactory(match=cast.pair)
    close(cast.programme)
    client.force_login(cast.mentor)

    text = words(client.get(reverse("profile")).content.decode())

    assert "These always come, whatever you choose: reminders of the meetings" not in text
