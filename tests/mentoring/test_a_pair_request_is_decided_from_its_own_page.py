"""The programme office decides a member's request from the request's own page, as from the
list: "End the pairing…" asks first and names both members emailed; "Decide the pairing
continues" asks too, and emails nobody. A decided request offers neither, and nothing on the page is
edited, so it has no Save button."""

import re

import pytest
from django.urls import reverse

from mentoring.models import MatchStatus, PairRequest
from mentoring.services.matches import match_end
from mentoring.services.pairs import pair_request_raise, pair_request_resolve
from tests.admin_pages import messages_shown, signed_in_for_real

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")  # Carmen: password, then authenticator code


@pytest.fixture
def request_to_end(cast):
    return pair_request_raise(match=cast.pair, person=cast.board_member, kind="end", note="")


def page_of(client, request_to_end) -> str:
    url = reverse("admin:mentoring_pairrequest_change", args=[request_to_end.pk])
    return client.get(url).content.decode()


def buttons(page: str) -> list[str]:
    return re.findall(r'<button type="submit" class="button">([^<]*)</button>', page)


def test_an_open_request_offers_both_decisions_and_no_save(office, request_to_end):
    page = page_of(office, request_to_end)

    assert buttons(page) == [
        "End the pairing…",
        "Decide the pairing continues (nobody is emailed)…",
    ]
    assert page.count(f'action="{reverse("admin:mentoring_pairrequest_changelist")}"') == 2
    assert f'name="_selected_action" value="{request_to_end.pk}"' in page
    assert 'name="_save"' not in page
    assert 'name="_continue"' not in page


def test_ending_from_the_page_asks_first_then_ends_and_emails_both(
    office, cast, request_to_end, mailoutbox, django_capture_on_commit_callbacks
):
    chosen = {"action": "end_pairings", "_selected_action": [request_to_end.pk]}
    requests = reverse("admin:mentoring_pairrequest_changelist")

    asked = office.post(requests, chosen).content.decode()

    assert "This cannot be undone" in asked
    assert "Maya Mentor (maya@example.org): paired with Bola Board" in asked
    assert "Bola Board (bola@example.org): paired with Maya Mentor" in asked
    cast.pair.refresh_from_db()
    assert cast.pair.status == MatchStatus.ACTIVE
    with django_capture_on_commit_callbacks(execute=True):
        office.post(requests, {**chosen, "confirmed": "yes"})
    cast.pair.refresh_from_db()
    assert cast.pair.status == MatchStatus.ENDED
    assert sorted(m.to[0] for m in mailoutbox if "ended" in m.subject) == sorted(
        [cast.mentor.email, cast.board_member.email]
    )


def test_deciding_it_continues_from_the_page_closes_it_and_emails_nobody(
    office, cast, request_to_end, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        office.post(
            reverse("admin:mentoring_pairrequest_changelist"),
            {
                "action": "continue_pairings",
                "_selected_action": [request_to_end.pk],
                "confirmed": "yes",
            },
        )

    assert not PairRequest.objects.open().exists()
    cast.pair.refresh_from_db()
    assert cast.pair.status == MatchStatus.ACTIVE
    assert mailoutbox == []


def test_a_decided_request_offers_no_decision(office, cast, request_to_end):
    pair_request_resolve(request=request_to_end, by=cast.coordinator, end_pairing=False)

    assert buttons(page_of(office, request_to_end)) == []


def test_a_concern_that_outlived_its_pair_is_closed_without_emailing_anyone(
    office, cast, mailoutbox, django_capture_on_commit_callbacks
):
    concern = pair_request_raise(match=cast.pair, person=cast.mentor, kind="concern", note="x")
    match_end(match=cast.pair, reason="completed")

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            reverse("admin:mentoring_pairrequest_changelist"),
            {"action": "end_pairings", "_selected_action": [concern.pk], "confirmed": "yes"},
            follow=True,
        )

    assert messages_shown(response) == [
        "1 request closed whose pairing had already ended; nobody was emailed about it."
    ]
    assert not PairRequest.objects.open().exists()
    assert mailoutbox == []


@pytest.fixture
def concern_outlived(cast):
    """Maya's concern about her pair, left open when the office ended the pair at Bola's
    request (a concern is not a request to end)."""
    concern = pair_request_raise(match=cast.pair, person=cast.mentor, kind="concern", note="")
    match_end(match=cast.pair, reason="withdrawn", by=cast.coordinator, tell_both=True)
    return concern


def test_a_request_whose_pairing_ended_offers_only_to_close_it(office, concern_outlived):
    page = page_of(office, concern_outlived)

    assert buttons(page) == ["Close this request (its pairing has ended)…"]
    assert "(the pairing has ended)" in page


def test_closing_it_says_what_happens_and_records_only_that_it_closed(
    office, concern_outlived, mailoutbox
):
    chosen = {"action": "continue_pairings", "_selected_action": [concern_outlived.pk]}
    requests = reverse("admin:mentoring_pairrequest_changelist")

    asked = office.post(requests, chosen).content.decode()

    assert "Close 1 request whose pairing has ended?" in asked
    assert "continue its pairing" not in asked
    assert "the pairing has ended" in asked
    done = office.post(requests, {**chosen, "confirmed": "yes"}, follow=True)
    concern_outlived.refresh_from_db()
    assert concern_outlived.outcome == "closed"
    assert concern_outlived.get_outcome_display() == "Closed (the pairing had ended)"
    assert messages_shown(done) == [
        "1 request closed whose pairing had already ended; nobody was emailed about it."
    ]
    assert mailoutbox == []


def test_ending_it_from_the_list_records_it_as_closed_not_ended_again(office, concern_outlived):
    requests = reverse("admin:mentoring_pairrequest_changelist")
    chosen = {"action": "end_pairings", "_selected_action": [concern_outlived.pk]}

    office.post(requests, {**chosen, "confirmed": "yes", "end_reason": "withdrawn"})

    concern_outlived.refresh_from_db()
    assert concern_outlived.outcome == "closed"
