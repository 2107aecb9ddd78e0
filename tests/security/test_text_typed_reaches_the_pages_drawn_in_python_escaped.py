"""The pages drawn in Python rather than by templates (mentoring/templatetags: events_page,
schedule_page, programme_page, dashboard_page, meetings): what a person or the programme office
typed reaches them escaped, once, and a link reads as a template's `{% url %}` wrote it,
escaped too (a site served under a path of its own)."""

import re
from datetime import timedelta

import pytest
from django.urls import get_script_prefix, reverse, set_script_prefix
from django.utils import timezone
from django.utils.html import conditional_escape

from mentoring.models import Audience, EventKind, KeyDate, MeetingStatus
from tests.cast import sign_in_as
from tests.factories import (
    EventFactory,
    HeldMeetingFactory,
    MeetingFactory,
    RegistrationFactory,
    agree_ground_rules,
)

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script> \"onmouseover=x &amp; 'q'"


@pytest.fixture
def prefix():
    """A script prefix (the site served under a path of its own) with characters that
    `reverse` leaves as they are and a template's `{% url %}` escapes."""
    was = get_script_prefix()
    set_script_prefix("/o&p'q/")
    yield "/o&p'q/"
    set_script_prefix(was)


def test_the_dashboards_application_link_is_escaped_as_the_template_escaped_it(
    client, cast, prefix
):
    sign_in_as(client, cast, "mentor")

    page = client.get("/dashboard/").content.decode()

    assert "Read your application" in page
    assert f'href="{conditional_escape(reverse("apply"))}?programme=pilot"' in page
    assert f'href="{reverse("apply")}?programme=' not in page


@pytest.fixture
def typed_by_the_pair(cast):
    """Maya's and Bola's names, and where the three of their meetings take place (one Bola
    proposed, one to log, one held), typed hostile; their ground rules agreed, so the
    meetings to log are linked."""
    for person in (cast.mentor, cast.board_member):
        person.full_name = f"{person.full_name} {HOSTILE}"
        person.save()
    now = timezone.now()
    MeetingFactory(
        match=cast.pair,
        status=MeetingStatus.PROPOSED,
        proposed_by=cast.board_member,
        starts_at=now + timedelta(days=9),
        location=HOSTILE,
    )
    MeetingFactory(match=cast.pair, starts_at=now - timedelta(days=2), location=HOSTILE)
    HeldMeetingFactory(match=cast.pair, starts_at=now - timedelta(days=40), location=HOSTILE)
    agree_ground_rules(cast.pair)


@pytest.fixture
def typed_by_the_office(cast):
    """The pilot's name and texts, a key date, and two events Maya holds a place at (one
    called off, with the office's word), typed hostile."""
    programme = cast.programme
    programme.name = f"P {HOSTILE}"
    for field in ("about", "who_can_apply", "mentor_benefits", "commitment", "contact"):
        setattr(programme, field, HOSTILE)
    programme.save()
    KeyDate.objects.create(programme=programme, label=HOSTILE, date=timezone.now().date())
    _a_place_for(
        cast.mentor, programme, title=f"T {HOSTILE}", location=HOSTILE, description=HOSTILE
    )
    _a_place_for(
        cast.mentor,
        programme,
        title=f"Off {HOSTILE}",
        called_off_at=timezone.now(),
        call_off_message=HOSTILE,
    )


def _a_place_for(person, programme, **typed) -> None:
    """`person` holds a place at an evaluation event of `programme` for both sides, with
    what the office `typed`."""
    event = EventFactory(
        programme=programme, kind=EventKind.EVALUATION, audience=Audience.JOINT, **typed
    )
    RegistrationFactory(event=event, person=person)


@pytest.mark.usefixtures("typed_by_the_pair", "typed_by_the_office")
def test_every_typed_text_reaches_the_pages_drawn_in_python_escaped(client, cast):
    sign_in_as(client, cast, "mentor")

    for url in ("/events/", "/meetings/", "/dashboard/", "/programmes/pilot/", "/match/"):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert not re.search(r"<[^>]*onmouseover", page), url  # never inside a tag
    events = client.get("/events/").content.decode()
    assert conditional_escape(HOSTILE) in events  # once: `&amp;` typed reads `&amp;amp;`
