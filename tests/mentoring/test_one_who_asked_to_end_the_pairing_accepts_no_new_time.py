"""While Maya's request to end the pairing is with the programme office, a time Bola proposed
is not hers to accept: accepting books a new meeting, as proposing one would. Her pages list
the proposal (to drop from its page) and say why there is no "Accept"; a press on an old
page's "Accept" is refused in words and books nothing. Bola's pages are as before: she learns
nothing of the request (only, if it comes to it, that the pairing ended). Once the office
lets the pairing continue, or for a concern alone, accepting is offered again. The email
telling her of a time Bola proposes does not ask her to accept it either."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboxMessage
from mentoring.models import MeetingStatus, PairRequest
from mentoring.services.meetings import When, meeting_propose
from mentoring.services.pairs import pair_request_raise
from tests.admin_pages import words, words_at

pytestmark = pytest.mark.django_db

NOT_ACCEPTED = (
    "You asked the programme office to end this pairing, so no new time is accepted or "
    "proposed meanwhile; those booked still stand. To carry on meeting, write to the "
    "programme office at"
)
ANSWER = "waiting for your answer"


def accept(client, meeting):
    return client.post(
        reverse("meeting_accept", args=[meeting.pk]), {"sequence": meeting.sequence}, follow=True
    )


def test_her_pair_page_lists_bolas_time_and_says_why_it_is_not_hers_to_accept(
    maya, proposed_by_the_board_member, asked_to_end
):
    meeting = proposed_by_the_board_member
    content = maya.get(reverse("match")).content.decode()
    text = words(content)

    assert "Ending requested" in text
    assert f"Proposed by Bola {NOT_ACCEPTED}" in text
    assert "You can decline a proposed time from its page." in text
    assert reverse("meeting_detail", args=[meeting.pk]) in content
    assert reverse("meeting_accept", args=[meeting.pk]) not in content
    assert reverse("meeting_change", args=[meeting.pk]) not in content
    assert "Waiting for your answer" not in text


def test_her_meeting_page_offers_declining_it_not_accepting_it(
    maya, proposed_by_the_board_member, asked_to_end
):
    text = words_at(maya, reverse("meeting_detail", args=[proposed_by_the_board_member.pk]))

    assert NOT_ACCEPTED in text
    assert "Accept this time" not in text
    assert "If you accept" not in text
    assert "Suggest another time" not in text
    assert "Decline this time" in text


def test_her_dashboard_does_not_ask_for_her_answer(
    maya, proposed_by_the_board_member, asked_to_end
):
    text = words_at(maya, reverse("dashboard"))

    assert "Ending requested" in text
    assert ANSWER not in text


def test_her_programme_page_gives_waiting_for_the_office_as_her_next_step(
    maya, cast, proposed_by_the_board_member, asked_to_end
):
    text = words_at(maya, reverse("programme_detail", args=[cast.programme.slug]))

    assert "Next: nothing for now. You asked the programme office to end the pairing" in text
    assert "Next: answer" not in text


def test_accepting_from_a_page_opened_before_is_refused_in_words_and_books_nothing(
    maya, cast, proposed_by_the_board_member, asked_to_end
):
    meeting = proposed_by_the_board_member
    emails_before = OutboxMessage.objects.filter(recipient=cast.board_member).count()

    response = accept(maya, meeting)

    assert response.redirect_chain == [(reverse("meeting_detail", args=[meeting.pk]), 302)]
    assert NOT_ACCEPTED in words(response.content.decode())
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PROPOSED
    assert meeting.confirmed_at is None
    assert OutboxMessage.objects.filter(recipient=cast.board_member).count() == emails_before


@pytest.mark.parametrize("name", ["match", "dashboard", "meetings", "meeting_detail"])
def test_bolas_pages_read_as_before_the_request(bola, cast, proposed_by_the_board_member, name):
    meeting = proposed_by_the_board_member
    url = reverse(name, args=[meeting.pk] if name == "meeting_detail" else [])
    before = words_at(bola, url)

    pair_request_raise(match=cast.pair, person=cast.mentor, kind="end", note="")

    assert words_at(bola, url) == before


def test_bolas_meeting_page_says_it_waits_for_maya(
    bola, proposed_by_the_board_member, asked_to_end
):
    text = words_at(bola, reverse("meeting_detail", args=[proposed_by_the_board_member.pk]))

    assert "Proposed by you; waiting for Maya to accept it or suggest another time." in text
    assert "asked the programme office" not in text


def test_once_the_office_lets_the_pairing_continue_she_may_accept_again(
    maya, cast, proposed_by_the_board_member, asked_to_end
):
    PairRequest.objects.filter(pk=asked_to_end.pk).update(
        resolved_at=timezone.now(), resolved_by=cast.coordinator, outcome="continued"
    )
    meeting = proposed_by_the_board_member

    assert "Waiting for your answer" in words_at(maya, reverse("match"))
    assert "Meeting booked." in words(accept(maya, meeting).content.decode())
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONFIRMED


def test_a_concern_alone_leaves_accepting_as_it_was(maya, cast, proposed_by_the_board_member):
    pair_request_raise(match=cast.pair, person=cast.mentor, kind="concern", note="A worry.")

    assert "Accept this time" in words_at(
        maya, reverse("meeting_detail", args=[proposed_by_the_board_member.pk])
    )
    assert "Meeting booked." in words(accept(maya, proposed_by_the_board_member).content.decode())


def a_time_bola_proposes(send, cast):
    return send(
        meeting_propose,
        match=cast.pair,
        by=cast.board_member,
        when=When(timezone.now() + timedelta(days=14), 60, location="The library"),
    )


def test_the_email_of_a_time_bola_proposes_asks_maya_to_accept_it(cast, send, mailoutbox):
    a_time_bola_proposes(send, cast)

    [mail] = mailoutbox
    assert mail.to == [cast.mentor.email]
    assert "Accept it, or suggest another time" in mail.body
    assert "Accept it, or suggest another time" in mail.alternatives[0][0]


def test_after_asking_to_end_the_email_only_shows_her_the_time(
    cast, send, mailoutbox, asked_to_end
):
    mailoutbox.clear()

    meeting = a_time_bola_proposes(send, cast)

    [mail] = mailoutbox
    url = reverse("meeting_detail", args=[meeting.pk])
    assert f"See the time proposed:\nhttps://mentoring.example.org{url}" in mail.body
    assert "See the time proposed</a>" in mail.alternatives[0][0]
    for text in (mail.body, mail.alternatives[0][0]):
        assert "Accept it" not in text
