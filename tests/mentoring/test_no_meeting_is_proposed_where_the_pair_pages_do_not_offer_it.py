"""The pair page and the schedule offer "Propose a meeting" and "Plan the year" only where
`PairView.may_propose` holds: not to a partner whose account is switched off (she can
neither see nor answer a proposal), nor to someone who asked the office to end the pairing.
The pages behind those buttons follow the same rule when reached another way (a link kept,
a page opened before): they book nothing, go back to the pair page saying why, and a
proposal sent with a place typed shows it back to copy."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Meeting, PairRequestKind
from mentoring.services.pairs import pair_request_raise
from tests.admin_pages import words

pytestmark = pytest.mark.django_db

NOT_TO_BOLA = (
    "No meeting can be proposed to a partner who cannot answer it. Bola Board, whose account "
    "is switched off, is not emailed and cannot sign in. Write to the programme office at"
)
WHAT_THE_OFFICE_CAN_DO = "they can end this pairing and match you with someone else."
ASKED_TO_END = (
    "You asked the programme office to end this pairing, so no new meeting is proposed "
    "meanwhile; those booked still stand."
)


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def a_weekday_ahead() -> str:
    day = timezone.localdate() + timedelta(days=10)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.isoformat()


def proposal() -> dict:
    return {"day": a_weekday_ahead(), "start": "10:00", "end": "11:00", "location": "Room 2.14"}


@pytest.fixture
def maya_asked_to_end(cast):
    pair_request_raise(match=cast.pair, person=cast.mentor, kind=PairRequestKind.END, note="")


def test_the_proposal_form_for_a_partner_switched_off_goes_back_to_the_pair_page_saying_why(
    maya, cast, board_member_switched_off
):
    response = maya.get(reverse("meeting_new", args=[cast.pair.pk]))

    assert response.url == reverse("match")
    [message] = said(response)
    assert message.startswith(NOT_TO_BOLA), message
    assert f'href="mailto:{cast.programme.contact_email}"' in message


def test_a_proposal_to_a_partner_switched_off_books_nothing_and_shows_back_the_place_typed(
    maya, cast, board_member_switched_off
):
    response = maya.post(reverse("meeting_new", args=[cast.pair.pk]), proposal())

    assert not Meeting.objects.filter(match=cast.pair).exists()
    assert response.status_code == 409
    page = words(response.content.decode())
    assert "No meeting was proposed" in page
    assert f"{NOT_TO_BOLA} {cast.programme.contact_email} : {WHAT_THE_OFFICE_CAN_DO}" in page
    assert "<a href" not in page, "the error summary shows a link's markup as text"
    assert "Room 2.14" in page
    assert f'href="{reverse("match")}"' in response.content.decode()


def test_planning_the_year_with_a_partner_switched_off_goes_back_to_the_pair_page(
    maya, cast, board_member_switched_off
):
    url = reverse("pair_plan", args=[cast.pair.pk])

    page = maya.get(url, follow=True)
    sent = maya.post(
        url, {"dates": [(timezone.now() + timedelta(days=10)).isoformat()]}, follow=True
    )

    assert not Meeting.objects.filter(match=cast.pair).exists()
    for response in (page, sent):
        assert response.redirect_chain == [(reverse("match"), 302)]
        [message] = said(response)
        assert message.startswith(NOT_TO_BOLA), message


def test_someone_who_asked_to_end_the_pairing_is_told_so_rather_than_offered_a_meeting(
    maya, cast, maya_asked_to_end
):
    proposing = maya.post(reverse("meeting_new", args=[cast.pair.pk]), proposal())
    planning = maya.get(reverse("pair_plan", args=[cast.pair.pk]))

    assert not Meeting.objects.filter(match=cast.pair).exists()
    assert ASKED_TO_END in words(proposing.content.decode())
    assert "Room 2.14" in words(proposing.content.decode())
    [message] = said(planning)
    assert message.startswith(ASKED_TO_END), message
    assert cast.programme.contact_email in message


def test_the_partner_of_someone_who_asked_to_end_still_proposes_and_plans(
    bola, cast, maya_asked_to_end
):
    """Bola is not told Maya asked (the partner's pages are unchanged)."""
    assert bola.get(reverse("meeting_new", args=[cast.pair.pk])).status_code == 200
    assert bola.get(reverse("pair_plan", args=[cast.pair.pk])).status_code == 200

    bola.post(reverse("meeting_new", args=[cast.pair.pk]), proposal())

    assert Meeting.objects.filter(match=cast.pair, proposed_by=cast.board_member).exists()


def test_with_both_accounts_on_and_nobody_asking_to_end_maya_proposes_and_plans(maya, cast):
    assert maya.get(reverse("meeting_new", args=[cast.pair.pk])).status_code == 200
    assert maya.get(reverse("pair_plan", args=[cast.pair.pk])).status_code == 200
