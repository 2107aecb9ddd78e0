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


def test_every_typed_text_reaches_the_pages_drawn_in_python_escaped(client, cast):
    for person in (cast.mentor, cast.board_member):
        person.full_name = f"{person.full_name} {HOSTILE}"
        person.save()
    programme = cast.programme
    programme.name = f"P {HOSTILE}"
    for field in ("about", "who_can_apply", "mentor_benefits", "commitment", "contact"):
        setattr(programme, field, HOSTILE)
    programme.save()
    KeyDate.objects.create(programme=programme, label=HOSTILE, date=timezone.now().date())
    now = timezone.now()
    event = EventFactory(
        programme=programme,
        kind=EventKind.EVALUATION,
        audience=Audience.JOINT,
        title=f"T {HOSTILE}",
        location=HOSTILE,
        description=HOSTILE,
    )
    RegistrationFactory(event=event, person=cast.mentor)
    called_off = EventFactory(
        programme=programme,
        kind=EventKind.EVALUATION,
        audience=Audience.JOINT,
        title=f"Off {HOSTILE}",
        called_off_at=now,
        call_off_message=HOSTILE,
    )
    RegistrationFactory(event=called_off, person=cast.mentor)
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
    sign_in_as(client, cast, "mentor")

    for url in ("/events/", "/meetings/", "/dashboard/", "/programmes/pilot/", "/match/"):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert not re.search(r"<[^>]*onmouseover", page), url  # never inside a tag
    events = client.get("/events/").content.decode()
    assert conditional_escape(HOSTILE) in events  # once: `&amp;` typed reads `&amp;amp;`
