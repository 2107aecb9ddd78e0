"""Moving a meeting proposes a new time: the partner is asked to accept it again. So it
follows the rule proposing and planning follow (`not_proposing_said`): nothing is proposed
to a partner whose account the office switched off (Bola can neither see nor answer it),
nor by someone whose request to end the pairing is with the office (those booked stand as
booked). The services refuse it under the pair's lock, however they are reached, writing
nothing and emailing nobody; the meeting page and the pair page offer no "Change the time"
or "Suggest another time"; and a new time sent from a page opened before is refused on a
page saying why, with the place and reason typed shown back to copy."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboxMessage
from mentoring.models import Meeting, MeetingStatus, PairRequestKind
from mentoring.services.meetings import (
    MeetingError,
    When,
    meeting_propose,
    meeting_reschedule,
    meetings_plan,
)
from mentoring.services.pairs import pair_request_raise
from tests.admin_pages import words
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

SWITCHED_OFF = "switched off"
ASKED_TO_END = "asked to end"

BOLA_CANNOT_ANSWER = (
    "to a partner who cannot answer it. Bola Board, whose account is switched off, is not "
    "emailed and cannot sign in. Write to the programme office at"
)
# What each route says, in the pages' words, for each state.
REFUSED = {
    (SWITCHED_OFF, "propose"): f"No meeting can be proposed {BOLA_CANNOT_ANSWER}",
    (SWITCHED_OFF, "move"): f"No new time can be proposed {BOLA_CANNOT_ANSWER}",
    (ASKED_TO_END, "propose"): (
        "You asked the programme office to end this pairing, so no new meeting is proposed "
        "meanwhile; those booked still stand. To carry on meeting, write to the programme "
        "office at"
    ),
    (ASKED_TO_END, "move"): (
        "You asked the programme office to end this pairing, so no new time for a meeting is "
        "proposed meanwhile; those booked still stand. To carry on meeting, write to the "
        "programme office at"
    ),
}


@pytest.fixture(params=[SWITCHED_OFF, ASKED_TO_END])
def maya_cannot_propose(request, cast):
    """Maya may propose nothing to Bola: Bola's account is switched off, or Maya asked the
    office to end the pairing (which emails the office: counted before the test acts)."""
    if request.param == SWITCHED_OFF:
        cast.board_member.is_active = False
        cast.board_member.save(update_fields=["is_active"])
    else:
        pair_request_raise(match=cast.pair, person=cast.mentor, kind=PairRequestKind.END, note="")
    return request.param


@pytest.fixture
def booked(cast):
    """Maya and Bola's meeting booked ten days ahead."""
    return MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(days=10))


def a_fortnight_on() -> When:
    return When(timezone.now() + timedelta(days=14), 60, location="The library")


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def as_it_was(meeting: Meeting) -> tuple:
    meeting.refresh_from_db()
    return (meeting.starts_at, meeting.status, meeting.sequence, meeting.location)


def test_proposing_a_meeting_is_refused_by_the_service_and_books_nothing(cast, maya_cannot_propose):
    emails = OutboxMessage.objects.count()

    with pytest.raises(MeetingError) as refused:
        meeting_propose(match=cast.pair, by=cast.mentor, when=a_fortnight_on())

    assert words(str(refused.value)).startswith(REFUSED[maya_cannot_propose, "propose"])
    assert not Meeting.objects.filter(match=cast.pair).exists()
    assert OutboxMessage.objects.count() == emails


def test_planning_the_year_is_refused_by_the_service_and_books_nothing(cast, maya_cannot_propose):
    emails = OutboxMessage.objects.count()
    times = [timezone.now() + timedelta(weeks=weeks) for weeks in (2, 9)]

    with pytest.raises(MeetingError) as refused:
        meetings_plan(match=cast.pair, by=cast.mentor, times=times)

    assert words(str(refused.value)).startswith(REFUSED[maya_cannot_propose, "propose"])
    assert not Meeting.objects.filter(match=cast.pair).exists()
    assert OutboxMessage.objects.count() == emails


def test_moving_a_booked_meeting_is_refused_by_the_service_and_leaves_it_booked(
    cast, booked, maya_cannot_propose
):
    before = as_it_was(booked)
    emails = OutboxMessage.objects.count()

    with pytest.raises(MeetingError) as refused:
        meeting_reschedule(meeting=booked, by=cast.mentor, when=a_fortnight_on(), reason="A clash")

    assert words(str(refused.value)).startswith(REFUSED[maya_cannot_propose, "move"])
    assert as_it_was(booked) == before
    assert booked.status == MeetingStatus.CONFIRMED
    assert booked.change_reason == ""
    assert OutboxMessage.objects.count() == emails


def test_the_meeting_page_offers_no_new_time_only_cancelling(
    maya, cast, booked, maya_cannot_propose
):
    page = maya.get(reverse("meeting_detail", args=[booked.pk])).content.decode()

    assert reverse("meeting_change", args=[booked.pk]) not in page
    assert "Change the time" not in words(page)
    assert "Cancel the meeting" in words(page)
    if maya_cannot_propose == ASKED_TO_END:
        assert REFUSED[ASKED_TO_END, "move"] in words(page)


def test_the_cancel_page_does_not_suggest_another_time_instead(maya, booked, maya_cannot_propose):
    page = maya.get(reverse("meeting_cancel", args=[booked.pk])).content.decode()

    assert reverse("meeting_change", args=[booked.pk]) not in page
    assert "suggest another time" not in words(page)


def test_a_time_bola_proposed_is_offered_to_accept_not_to_answer_with_another(
    maya, maya_cannot_propose, proposed_by_the_board_member
):
    theirs = proposed_by_the_board_member

    for url in (reverse("match"), reverse("meeting_detail", args=[theirs.pk])):
        page = maya.get(url).content.decode()
        assert reverse("meeting_change", args=[theirs.pk]) not in page, url
        assert "Suggest another time" not in words(page), url


def test_the_move_page_opened_by_its_address_goes_back_to_the_meeting_saying_why(
    maya, booked, maya_cannot_propose
):
    response = maya.get(reverse("meeting_change", args=[booked.pk]))

    assert response.url == reverse("meeting_detail", args=[booked.pk])
    [message] = said(response)
    assert words(message).startswith(REFUSED[maya_cannot_propose, "move"]), message


def test_a_new_time_sent_from_a_page_opened_before_is_refused_showing_what_was_typed(
    maya, cast, booked, maya_cannot_propose
):
    before = as_it_was(booked)
    emails = OutboxMessage.objects.count()
    day = timezone.localdate() + timedelta(days=14)

    response = maya.post(
        reverse("meeting_change", args=[booked.pk]),
        {
            "day": day.isoformat(),
            "start": "10:00",
            "location": "The library",
            "reason": "My train times changed",
            "sequence": booked.sequence,
        },
    )

    assert response.status_code == 409
    page = words(response.content.decode())
    assert "No new time was proposed" in page
    assert REFUSED[maya_cannot_propose, "move"] in page
    assert cast.programme.contact_email in page
    assert "The library" in page
    assert "My train times changed" in page
    assert f'href="{reverse("meeting_detail", args=[booked.pk])}"' in response.content.decode()
    assert as_it_was(booked) == before
    assert OutboxMessage.objects.count() == emails


def test_bola_still_moves_a_meeting_after_maya_asked_to_end(bola, cast, booked):
    """Bola is not told Maya asked (the partner's pages are unchanged), and Maya can answer."""
    pair_request_raise(match=cast.pair, person=cast.mentor, kind=PairRequestKind.END, note="")

    page = bola.get(reverse("meeting_detail", args=[booked.pk])).content.decode()
    moved = meeting_reschedule(
        meeting=booked, by=cast.board_member, when=a_fortnight_on(), reason="A clash"
    )

    assert reverse("meeting_change", args=[booked.pk]) in page
    assert (moved.status, moved.proposed_by) == (MeetingStatus.PROPOSED, cast.board_member)


def test_with_both_accounts_on_and_nobody_asking_to_end_maya_moves_a_meeting(maya, cast, booked):
    page = maya.get(reverse("meeting_detail", args=[booked.pk])).content.decode()
    moved = meeting_reschedule(meeting=booked, by=cast.mentor, when=a_fortnight_on(), reason="")

    assert reverse("meeting_change", args=[booked.pk]) in page
    assert moved.status == MeetingStatus.PROPOSED
