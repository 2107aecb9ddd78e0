"""Once Maya's request to end the pairing is with the programme office, a time Bola proposed
is not hers to accept (`PairView.may_accept`). So her schedule, her pair page and the
meeting's page show it as "Proposed" by Bola, not "Waiting for an answer", an answer she
cannot give; Bola's pages read as before. And a time Maya accepted before she asked is
booked: pressing Accept again on a page opened before says so, as it would to anyone, not
that she may accept no new time."""

import pytest
from django.contrib.messages import constants
from django.urls import reverse

from accounts.models import OutboxMessage
from mentoring.models import MeetingStatus
from mentoring.services.pairs import pair_request_raise
from tests.admin_pages import words, words_at

pytestmark = pytest.mark.django_db

AWAITING = "Waiting for an answer"


def accept(client, meeting, sequence):
    return client.post(
        reverse("meeting_accept", args=[meeting.pk]), {"sequence": sequence}, follow=True
    )


def said(response) -> list[tuple[int, str]]:
    return [(message.level, str(message)) for message in response.context["messages"]]


def test_her_schedule_shows_bolas_time_as_proposed_by_bola(
    maya, proposed_by_the_board_member, asked_to_end
):
    text = words_at(maya, reverse("meetings"))

    assert f"{proposed_by_the_board_member.location} Proposed by Bola" in text
    assert AWAITING not in text


def test_her_pair_page_shows_bolas_time_as_proposed(
    maya, proposed_by_the_board_member, asked_to_end
):
    text = words_at(maya, reverse("match"))

    assert "Proposed by Bola" in text  # the heading of the list
    assert f"{proposed_by_the_board_member.location} Proposed" in text  # the time's badge
    assert AWAITING not in text


def test_the_meetings_page_shows_it_as_proposed(maya, proposed_by_the_board_member, asked_to_end):
    text = words_at(maya, reverse("meeting_detail", args=[proposed_by_the_board_member.pk]))

    assert " · Proposed Times are" in text  # its state, then the zone of its time
    assert AWAITING not in text


def test_without_a_request_bolas_time_still_waits_for_her_answer(
    maya, proposed_by_the_board_member
):
    assert f"{AWAITING} from you" in words_at(maya, reverse("meetings"))
    assert AWAITING in words_at(
        maya, reverse("meeting_detail", args=[proposed_by_the_board_member.pk])
    )


def test_bolas_own_proposal_still_waits_for_mayas_answer_on_bolas_pages(
    bola, proposed_by_the_board_member, asked_to_end
):
    assert f"{AWAITING} from Maya" in words_at(bola, reverse("meetings"))
    assert AWAITING in words_at(
        bola, reverse("meeting_detail", args=[proposed_by_the_board_member.pk])
    )


def test_accept_pressed_again_after_asking_to_end_says_it_is_booked_already(
    maya, cast, proposed_by_the_board_member
):
    meeting = proposed_by_the_board_member
    seen = meeting.sequence
    assert "Meeting booked." in words(accept(maya, meeting, seen).content.decode())
    pair_request_raise(match=cast.pair, person=cast.mentor, kind="end", note="")
    emails_before = OutboxMessage.objects.filter(recipient=cast.board_member).count()

    again = accept(maya, meeting, seen)  # the tab opened before she accepted

    *_, last = said(again)
    assert last[0] == constants.INFO
    assert last[1].startswith("You accepted this meeting already: it is booked for ")
    assert "You asked the programme office to end this pairing" not in last[1]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONFIRMED
    assert OutboxMessage.objects.filter(recipient=cast.board_member).count() == emails_before


def test_a_time_bola_moved_meanwhile_is_still_not_hers_to_accept(
    maya, cast, proposed_by_the_board_member, asked_to_end
):
    meeting = proposed_by_the_board_member
    seen = meeting.sequence
    meeting.sequence += 1  # Bola moved it after Maya's page was drawn
    meeting.save()

    (message,) = said(accept(maya, meeting, seen))

    assert message[0] == constants.ERROR
    assert message[1].startswith("You asked the programme office to end this pairing")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PROPOSED
