"""Whatever state an application is in, briefed or not, with a briefing place to take or
not, the applicant's dashboard and /apply/ give one next step: never "nothing for now" and
"register for it" together. A declined or withdrawn application has no next step."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Audience, Event
from tests.admin_pages import words
from tests.factories import (
    EventFactory,
    MentorApplicationFactory,
    RegistrationFactory,
    attend_briefing,
    line_manager_asked,
)

pytestmark = pytest.mark.django_db

UNDER_WAY = ["submitted", "line_manager", "accepted", "waitlisted"]
OVER = ["declined", "withdrawn"]
BRIEFINGS = ["briefed", "a place to take", "registered", "none scheduled", "full"]


def applied(cast, state: str):
    if state == "line_manager":
        return line_manager_asked(cast.programme, cast.outsider, "lena@example.org").application
    return MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider, status=state)


def briefing_is(cast, situation: str) -> None:
    """The outsider's mentor briefing, as `situation` says."""
    Event.objects.filter(programme=cast.programme, starts_at__gt=timezone.now()).delete()
    if situation == "briefed":
        attend_briefing(cast.outsider, cast.programme, Audience.MENTORS)
    elif situation != "none scheduled":
        event = EventFactory(programme=cast.programme, audience=Audience.MENTORS, capacity=1)
        if situation == "registered":
            RegistrationFactory(event=event, person=cast.outsider)
        elif situation == "full":
            RegistrationFactory(event=event, person=cast.other_mentor)


@pytest.mark.parametrize("situation", BRIEFINGS)
@pytest.mark.parametrize("state", UNDER_WAY + OVER)
def test_one_next_step_in_every_state(client, cast, state, situation):
    applied(cast, state)
    briefing_is(cast, situation)
    client.force_login(cast.outsider)

    for address in (reverse("dashboard"), f"{reverse('apply')}?programme=pilot"):
        page = words(client.get(address).content.decode())

        assert page.count("Next:") == (1 if state in UNDER_WAY else 0), (address, page)
        assert not ("nothing for now" in page and "register for it" in page), address
        if state in UNDER_WAY:
            assert ("register for it" in page) == (situation == "a place to take"), address


def test_a_wait_listed_mentor_with_a_briefing_to_book_is_told_to_book_it(client, cast):
    applied(cast, "waitlisted")
    briefing_is(cast, "a place to take")
    client.force_login(cast.outsider)

    page = words(client.get(reverse("dashboard")).content.decode())

    assert "Next: register for it on the events page." in page
    assert "If a place comes up in this cohort, the programme office will be in touch." in page
    assert "Next: nothing for now" not in page
