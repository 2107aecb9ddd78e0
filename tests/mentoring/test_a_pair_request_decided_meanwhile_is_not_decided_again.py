"""The office's answer to a member's request, given twice (a double click on "Yes", or two
coordinators at once): the second changes nothing, emails nobody and says so, and the
confirmation names the address each member's email goes to."""

import pytest
from django.core import mail
from django.urls import reverse

from mentoring.models import PairRequest
from tests.admin_pages import messages_shown

pytestmark = pytest.mark.django_db

REQUESTS = reverse("admin:mentoring_pairrequest_changelist")
NOTHING = (
    "Nothing was changed and nobody was emailed: none of those requests is waiting for a "
    "decision now."
)


@pytest.fixture
def end_request(cast):
    return PairRequest.objects.create(match=cast.pair, kind="end", raised_by=cast.mentor)


def yes_twice(office, data, capture) -> list[str]:
    """The messages the second "Yes" shows, the first one's emails cleared."""
    with capture(execute=True):
        office.post(REQUESTS, data)
    office.get(REQUESTS)  # where the first answer's messages are shown
    mail.outbox.clear()
    with capture(execute=True):
        response = office.post(REQUESTS, data)
    return messages_shown(office.get(response.url))


def test_ending_twice_says_the_second_time_that_nothing_changed(
    office, end_request, django_capture_on_commit_callbacks
):
    data = {"action": "end_pairings", "_selected_action": [end_request.pk], "confirmed": "yes"}

    shown = yes_twice(office, data, django_capture_on_commit_callbacks)

    assert shown == [NOTHING]  # not "0 pairings ended; both members were told by email."
    assert mail.outbox == []


def test_continuing_twice_says_the_second_time_that_nothing_changed(
    office, end_request, django_capture_on_commit_callbacks
):
    data = {
        "action": "continue_pairings",
        "_selected_action": [end_request.pk],
        "confirmed": "yes",
    }

    shown = yes_twice(office, data, django_capture_on_commit_callbacks)

    assert shown == [NOTHING]  # rather than nothing at all
    assert mail.outbox == []


def test_the_confirmation_names_the_address_the_board_member_is_emailed_at(
    office, cast, end_request, django_capture_on_commit_callbacks
):
    # The address the invitation went to stays on the board place; the account moved on.
    cast.board_member.email = "bola.new@example.org"
    cast.board_member.save()

    page = office.post(
        REQUESTS, {"action": "end_pairings", "_selected_action": [end_request.pk]}
    ).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        office.post(
            REQUESTS,
            {"action": "end_pairings", "_selected_action": [end_request.pk], "confirmed": "yes"},
        )

    assert "Bola Board (bola.new@example.org)" in page
    assert "bola@example.org" not in page
    assert sorted(m.to[0] for m in mail.outbox) == ["bola.new@example.org", "maya@example.org"]
