"""The office's confirmations say whom an action emails, and its messages who was told; an
account switched off (a board member who left, unticked "active" by a superuser) is reached
by no email, as sending calls it off (`accounts.outbox.can_be_emailed`). Ending their pair,
or calling off an event they hold a place at, named them as emailed and said "both people in
each were told by email", while one email went; so did deciding their application."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboxMessage
from mentoring.models import ApplicationStatus, MatchStatus, PairRequest, PairRequestKind
from mentoring.services.events import event_call_off
from tests.admin_pages import (
    APPLICATIONS,
    confirmed,
    decide_url,
    messages_shown,
    recipients_named,
    signed_in_for_real,
    words,
)
from tests.cast import switch_off
from tests.event_admin import as_posted, change_url
from tests.factories import EventFactory, RegistrationFactory, application_from

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")
PAIRS = reverse("admin:mentoring_match_changelist")
REQUESTS = reverse("admin:mentoring_pairrequest_changelist")


def delivered() -> list[str]:
    return sorted(message.to[0] for message in mail.outbox)


def test_ending_a_pair_names_and_tells_only_the_member_an_email_reaches(
    office, cast, django_capture_on_commit_callbacks
):
    switch_off(cast.board_member)
    chosen = {"action": "end_withdrawn", "_selected_action": [cast.pair.pk]}

    page = office.post(PAIRS, chosen)
    with django_capture_on_commit_callbacks(execute=True):
        done = office.post(PAIRS, {**chosen, **confirmed(page)}, follow=True)

    assert [named.split(" (")[0] for named in recipients_named(page)] == ["Maya Mentor"]
    cast.pair.refresh_from_db()
    assert cast.pair.status == MatchStatus.ENDED
    assert delivered() == ["maya@example.org"]
    assert (
        "1 pair ended (withdrawn); Bola Board, whose account is switched off, was not emailed; "
        "everyone else in it was told by email. Add a note on each pair if useful."
    ) in messages_shown(done)


def test_ending_a_pairing_asked_for_names_and_tells_only_the_member_an_email_reaches(
    office, cast, django_capture_on_commit_callbacks
):
    asked = PairRequest.objects.create(
        match=cast.pair, kind=PairRequestKind.END, raised_by=cast.mentor
    )
    switch_off(cast.board_member)
    chosen = {"action": "end_pairings", "_selected_action": [asked.pk]}

    page = office.post(REQUESTS, chosen)
    with django_capture_on_commit_callbacks(execute=True):
        done = office.post(
            REQUESTS, {**chosen, **confirmed(page), "end_reason": "withdrawn"}, follow=True
        )

    assert [named.split(" (")[0] for named in recipients_named(page)] == ["Maya Mentor"]
    assert delivered() == ["maya@example.org"]
    assert (
        "1 pairing ended; Bola Board, whose account is switched off, was not emailed; everyone "
        "else in it was told by email."
    ) in messages_shown(done)


def test_calling_off_an_event_names_and_emails_only_those_an_email_reaches(
    office, cast, django_capture_on_commit_callbacks
):
    event = EventFactory(programme=cast.programme)
    RegistrationFactory(event=event, person=cast.mentor)
    RegistrationFactory(event=event, person=cast.other_mentor)
    switch_off(cast.mentor)
    url = reverse("admin:mentoring_event_call_off", args=[event.pk])

    page = office.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        done = office.post(url, {**confirmed(page), "message": ""}, follow=True)

    assert [named.split(" (")[0] for named in recipients_named(page)] == ["Omar Other"]
    assert "Call off and email 1 person" in page.content.decode()
    event.refresh_from_db()
    assert event.called_off_at is not None
    assert delivered() == ["omar@example.org"]
    # The message says whom the call-off wrote to, not everyone who held a place.
    assert any("1 person holding a place was emailed" in said for said in messages_shown(done))
    assert "Maya Mentor, whose account is switched off, is not emailed." in words(
        page.content.decode()
    )
    assert any(
        said.endswith("Maya Mentor, whose account is switched off, was not emailed.")
        for said in messages_shown(done)
    )


def test_calling_off_an_event_whose_only_place_is_held_by_an_account_switched_off_says_so(
    office, cast, django_capture_on_commit_callbacks
):
    """The office calls off an event only Maya holds a place at, her account switched off:
    the confirmation said "Nobody holds a place at this event" and the message after
    "Nobody held a place", while she did."""
    event = EventFactory(programme=cast.programme, title="Evening briefing")
    RegistrationFactory(event=event, person=cast.mentor)
    switch_off(cast.mentor)
    url = reverse("admin:mentoring_event_call_off", args=[event.pk])

    page = office.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        done = office.post(url, {**confirmed(page), "message": ""}, follow=True)

    assert recipients_named(page) == []
    assert (
        "Maya Mentor, whose account is switched off, is not emailed; nobody else holds a place."
    ) in words(page.content.decode())
    assert "Nobody holds a place" not in words(page.content.decode())
    assert (
        "Evening briefing is called off. Maya Mentor, whose account is switched off, was not "
        "emailed; nobody else held a place."
    ) in messages_shown(done)
    assert mail.outbox == []


def test_declining_a_switched_off_applicant_names_her_as_declined_not_emailed(
    office, cast, django_capture_on_commit_callbacks
):
    """Priya left (her account switched off) before the office declined her application: the
    confirmation named her among those emailed ("Yes, decline and email 1 applicant") and the
    message after said she had been emailed, while no email reaches her."""
    priya = application_from(cast.programme, "Priya Patel")
    switch_off(priya.applicant)

    page = office.get(f"{decide_url(priya, 'declined')}?seen=submitted")
    with django_capture_on_commit_callbacks(execute=True):
        done = office.post(decide_url(priya, "declined"), confirmed(page), follow=True)

    assert recipients_named(page) == []
    said = words(page.content.decode())
    assert "Declined, not emailed: their account is switched off (1) Priya Patel" in said
    # What deciding does is said even though nobody is emailed, without promising an email.
    assert (
        "Each application below is declined at once; no email reaches its applicant. Any "
        "place they hold at the programme's events to come is given back for others to take. "
        "A pairing proposed for them on the match board is withdrawn."
    ) in said
    assert "emailed the decision" not in said
    assert 'value="Yes, decline 1 application"' in page.content.decode()
    priya.refresh_from_db()
    assert priya.status == ApplicationStatus.DECLINED
    assert mail.outbox == []
    assert OutboxMessage.objects.filter(to=priya.applicant.email).count() == 0
    assert messages_shown(done) == [
        "1 application declined; Priya Patel, whose account is switched off, was not emailed."
    ]


def test_accepting_in_bulk_names_as_emailed_only_those_an_email_reaches(
    office, cast, django_capture_on_commit_callbacks
):
    priya, sam = (application_from(cast.programme, name) for name in ("Priya Patel", "Sam Smith"))
    switch_off(priya.applicant)
    chosen = {"action": "accept", "_selected_action": [priya.pk, sam.pk]}

    page = office.post(APPLICATIONS, chosen)
    with django_capture_on_commit_callbacks(execute=True):
        done = office.post(
            APPLICATIONS,
            {**chosen, **confirmed(page)},
            follow=True,
        )

    assert [named.split(" (")[0] for named in recipients_named(page)] == ["Sam Smith"]
    assert 'value="Yes, accept 2 applications and email 1 applicant"' in page.content.decode()
    assert delivered() == ["sam@example.org"]
    assert (
        "2 applications accepted; Priya Patel, whose account is switched off, was not emailed; "
        "every other applicant has been emailed."
    ) in messages_shown(done)


def test_a_called_off_events_page_counts_as_emailed_only_those_who_were(
    office, cast, django_capture_on_commit_callbacks
):
    """Opened later, the page of an event called off said "The 2 people who held a place
    were emailed", Maya among them, whose account was switched off and who was sent
    nothing: nobody would follow her up."""
    event = EventFactory(programme=cast.programme, title="Evening briefing")
    RegistrationFactory(event=event, person=cast.mentor)
    RegistrationFactory(event=event, person=cast.other_mentor)
    switch_off(cast.mentor)
    with django_capture_on_commit_callbacks(execute=True):
        event_call_off(event=event, by=cast.coordinator)

    page = words(
        office.get(reverse("admin:mentoring_event_change", args=[event.pk])).content.decode()
    )

    assert delivered() == ["omar@example.org"]
    assert (
        "1 person holding a place was emailed, with a calendar file that takes it out of their "
        "calendar; Maya Mentor, whose account is switched off, was not emailed; the event stays "
        "as it was, read-only."
    ) in page


def moved_to_tuesday(office, event) -> dict:
    """A day later, its end too (an evening event may end the day after it starts)."""
    starts, ends = (
        timezone.localtime(moment) + timedelta(days=1)
        for moment in (event.starts_at, event.ends_at)
    )
    return as_posted(office, event, starts_at_0=f"{starts:%d/%m/%Y}", ends_at_0=f"{ends:%d/%m/%Y}")


def test_moving_an_event_names_a_holder_no_email_reaches(
    office, cast, django_capture_on_commit_callbacks
):
    """The move's confirmation named those emailed and said nothing of Maya, who holds a
    place but whose account is switched off, nor did the message after."""
    event = EventFactory(programme=cast.programme, title="Evening briefing")
    RegistrationFactory(event=event, person=cast.mentor)
    RegistrationFactory(event=event, person=cast.other_mentor)
    switch_off(cast.mentor)
    posted = moved_to_tuesday(office, event)

    page = office.post(change_url(event), posted)
    with django_capture_on_commit_callbacks(execute=True):
        done = office.post(change_url(event), {**posted, **confirmed(page)}, follow=True)

    assert [named.split(" (")[0] for named in recipients_named(page)] == ["Omar Other"]
    assert "Maya Mentor, whose account is switched off, is not emailed." in words(
        page.content.decode()
    )
    assert delivered() == ["omar@example.org"]
    assert (
        "1 person holding a place was emailed what changed, with the updated calendar file. "
        "Maya Mentor, whose account is switched off, was not emailed."
    ) in messages_shown(done)


def test_moving_an_event_only_such_a_holder_holds_says_they_were_not_told(office, cast):
    """Nobody to email, the move saves at once, as before; it said nothing at all."""
    event = EventFactory(programme=cast.programme, title="Evening briefing")
    RegistrationFactory(event=event, person=cast.mentor)
    switch_off(cast.mentor)

    done = office.post(change_url(event), moved_to_tuesday(office, event), follow=True)

    event.refresh_from_db()
    assert event.sequence == 1
    assert "Maya Mentor, whose account is switched off, was not emailed." in messages_shown(done)
