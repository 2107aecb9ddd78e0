"""A place at an event is given up or marked absent, never deleted in the admin, not even by
a superuser: a deleted row would email nobody and unbrief someone who attended."""

from datetime import timedelta

import pytest
from django.urls import reverse

from mentoring.models import Registration
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from tests.winter import JUNE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("june")]
REGISTRATIONS = reverse("admin:mentoring_registration_changelist")


@pytest.fixture
def held_briefing(cast):
    """A mentors' briefing last week that Tom attended, and one to come where Ada holds a
    place."""
    held = EventFactory(
        programme=cast.programme,
        title="Held briefing",
        starts_at=JUNE - timedelta(days=7),
        ends_at=JUNE - timedelta(days=7) + timedelta(hours=3, minutes=30),
    )
    tom = RegistrationFactory(
        event=held, person=UserFactory(full_name="Tom Tran"), status="attended"
    )
    ahead = EventFactory(programme=cast.programme, title="Briefing to come")
    ada = RegistrationFactory(event=ahead, person=UserFactory(full_name="Ada Ahmed"))
    return {"held": held, "tom": tom, "ahead": ahead, "ada": ada}


def test_a_superuser_is_offered_no_delete_of_places(client, cast, held_briefing):
    """A place is given up by its person (emailed a calendar file that takes it out) and
    attendance is corrected with "absent" (asked first, saying whether they still count as
    briefed); an event people registered for is not deleted because "their calendars and
    the briefing record keep it". Deleting the registration row does both silently."""
    client.force_login(cast.superuser)

    actions = dict(client.get(REGISTRATIONS).context["action_form"].fields["action"].choices)
    event_page = client.get(
        reverse("admin:mentoring_event_change", args=[held_briefing["ahead"].pk])
    )
    delete_page = client.get(
        reverse("admin:mentoring_registration_delete", args=[held_briefing["tom"].pk])
    )

    assert "delete_selected" not in actions
    assert "registrations-0-DELETE" not in event_page.content.decode()
    assert delete_page.status_code in (302, 403)


def test_deleting_selected_places_leaves_the_briefing_record(
    client, cast, held_briefing, mailoutbox
):
    client.force_login(cast.superuser)
    chosen = {
        "action": "delete_selected",
        "_selected_action": [held_briefing["tom"].pk, held_briefing["ada"].pk],
    }
    client.post(REGISTRATIONS, chosen)
    client.post(REGISTRATIONS, {**chosen, "post": "yes"})

    # Tom still counts as briefed; Ada's place is still hers (or she was told it went).
    assert Registration.objects.filter(pk=held_briefing["tom"].pk, status="attended").exists()
    assert Registration.objects.filter(pk=held_briefing["ada"].pk).exists() or mailoutbox
