"""A briefing called off points its people (in the email and on /events/) to another briefing
only when one of their own programme, for their side, is to come with a place free, and the
programme has not ended: a board member at a joint briefing is not sent to a mentors' one,
nor an applicant to another programme's."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from mentoring.models import Audience, ProgrammeStatus
from mentoring.services.events import event_call_off
from tests.briefings import cast_briefings_held
from tests.cast import browser_of, from_the_cast
from tests.factories import (
    BoardMemberFactory,
    EventFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
    RegistrationFactory,
    UserFactory,
    application_from,
)

LONDON = ZoneInfo("Europe/London")


NOW = datetime(2026, 9, 15, 10, 0, tzinfo=LONDON)


EVENTS = reverse("events")


programme = from_the_cast("programme", first=cast_briefings_held)


coordinator = from_the_cast("coordinator")


def card_of(content: str, title: str) -> str:
    """The events page's card for the event called `title`."""
    start = content.index(f">{title}</h2>")
    return content[start : content.index("</section>", start)]


def briefing_on(programme, title, day, audience=Audience.MENTORS, **fields):
    starts = datetime(2026, 10, day, 9, 30, tzinfo=LONDON)
    return EventFactory(
        programme=programme,
        title=title,
        audience=audience,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3, minutes=30),
        **fields,
    )


@pytest.mark.django_db
def test_a_board_member_at_a_joint_briefing_called_off_is_not_sent_to_a_mentors_briefing(
    cast, time_machine, programme, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    """The joint briefing is called off; the only other briefing with room is for mentors,
    which a board member cannot take: their email must not send them to take a place."""
    time_machine.move_to(NOW, tick=False)
    cast_briefings_held(cast)  # two months before the test's clock
    joint = briefing_on(programme, "Joint briefing", 6, Audience.JOINT)
    briefing_on(programme, "Mentor briefing", 20, Audience.MENTORS)
    jonathan = BoardMemberFactory(
        programme=programme,
        user=UserFactory(full_name="Jonathan Hale", email="jonathan@example.org"),
    ).user
    RegistrationFactory(event=joint, person=jonathan)

    with django_capture_on_commit_callbacks(execute=True):
        event_call_off(event=joint, by=coordinator, message="")

    [email] = [mail for mail in mailoutbox if mail.to == [jonathan.email]]
    assert "take a place at another one" not in email.body
    assert "No other briefing has a place just now" in email.body
    # And his events page and dashboard agree: nothing to take.
    card = card_of(browser_of(jonathan).get(EVENTS).content.decode(), "Joint briefing")
    assert "No other briefing has a place just now" in card


@pytest.mark.django_db
def test_a_briefing_called_off_does_not_point_to_another_programmes_briefing(
    cast, time_machine, programme, coordinator
):
    """Priya applied to two cohorts running at once. Her pilot briefing is called off and no
    other pilot briefing has a place; the Medical School's briefing below is not one that
    briefs her for the pilot."""
    time_machine.move_to(NOW, tick=False)
    cast_briefings_held(cast)  # two months before the test's clock
    medics = ProgrammeFactory(name="Medical School cohort", slug="medics")
    pilot_briefing = briefing_on(programme, "Pilot briefing", 6)
    briefing_on(medics, "Medical School briefing", 8)
    priya = application_from(programme, "Priya Patel").applicant
    MentorApplicationFactory(programme=medics, applicant=priya)
    RegistrationFactory(event=pilot_briefing, person=priya)

    event_call_off(event=pilot_briefing, by=coordinator, message="")

    card = card_of(browser_of(priya).get(EVENTS).content.decode(), "Pilot briefing")
    assert "take a place at the briefing on" not in card
    assert "No other briefing has a place just now" in card


@pytest.mark.django_db
def test_a_briefing_of_a_closed_programme_called_off_sends_nobody_to_another_of_its_briefings(
    cast, time_machine, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    """A closed programme's briefings take no registrations (`registration_closed`): when
    the office calls one off, the email must not send its people to take a place at another
    of them."""
    time_machine.move_to(NOW, tick=False)
    cast_briefings_held(cast)  # two months before the test's clock
    closed = ProgrammeFactory(name="2025/26 cohort", slug="last-year")
    october = briefing_on(closed, "October briefing", 6)
    briefing_on(closed, "November briefing", 27)
    priya = application_from(closed, "Priya Patel").applicant
    RegistrationFactory(event=october, person=priya)
    closed.status, closed.recruitment_open = ProgrammeStatus.CLOSED, False
    closed.save(update_fields=["status", "recruitment_open"])

    with django_capture_on_commit_callbacks(execute=True):
        event_call_off(event=october, by=coordinator, message="")

    [email] = [mail for mail in mailoutbox if mail.to == [priya.email]]
    assert "take a place at another one" not in email.body
    # Nor is a new date promised: nobody is matched in it any more.
    ended = "2025/26 cohort has ended, so no other briefing is to come, and none is needed."
    for said in (email.body, email.alternatives[0][0]):
        assert ended in said
        assert "new date" not in said
    card = card_of(browser_of(priya).get(EVENTS).content.decode(), "October briefing")
    assert "Called off" in card
    assert ended in card
    assert "new date" not in card


@pytest.mark.django_db
def test_a_briefing_called_off_names_the_other_briefing_where_its_person_now_holds_a_place(
    cast, time_machine, programme, coordinator, django_capture_on_commit_callbacks
):
    """Priya took a place at the November briefing, as the email told her: the October
    card, called off, says so, not that no briefing has a place or that one is to take."""
    time_machine.move_to(NOW, tick=False)
    october = briefing_on(programme, "October briefing", 6)
    november = briefing_on(programme, "November briefing", 27)
    priya = application_from(programme, "Priya Patel").applicant
    RegistrationFactory(event=october, person=priya)
    with django_capture_on_commit_callbacks(execute=True):
        event_call_off(event=october, by=coordinator, message="")
    browser = browser_of(priya)
    browser.post(reverse("event_register", args=[november.pk]))

    page = browser.get(EVENTS).content.decode()

    assert "You are registered" in card_of(page, "November briefing")
    called_off = card_of(page, "October briefing")
    assert "You hold a place at the briefing on Tuesday 27 October, listed here." in called_off
    assert "No other briefing has a place" not in called_off
    assert "take a place at the briefing on" not in called_off


@pytest.mark.django_db
def test_a_briefing_called_off_asks_whether_you_still_need_one_only_of_those_not_yet_briefed(
    cast, time_machine, programme, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    """Maya, briefed and paired already, held a place at a briefing that is called off: her
    email does not say "If you still need a briefing before you are matched", which reads
    as if she were not; Priya, an applicant not yet briefed, is told where to take one."""
    time_machine.move_to(NOW, tick=False)
    cast_briefings_held(cast)
    october = briefing_on(programme, "October briefing", 6)
    briefing_on(programme, "November briefing", 27)
    priya = application_from(programme, "Priya Patel").applicant
    for person in (cast.mentor, priya):
        RegistrationFactory(event=october, person=person)

    with django_capture_on_commit_callbacks(execute=True):
        event_call_off(event=october, by=coordinator, message="")

    sent = {mail.to[0]: mail for mail in mailoutbox}
    for mail in (sent[cast.mentor.email], sent[priya.email]):
        assert "October briefing" in mail.body
    to_maya = sent[cast.mentor.email]
    assert "still need a briefing" not in to_maya.body
    assert "still need a briefing" not in to_maya.alternatives[0][0]
    assert "take a place at another one" not in to_maya.body
    to_priya = sent[priya.email]
    assert "If you still need a briefing before you are matched, take a place" in to_priya.body
    assert "take a place at another one</a>" in to_priya.alternatives[0][0]
