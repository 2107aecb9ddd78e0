"""The outbox shows the office a neutral description in place of the subject of an email
between a pair's members ("Meeting update"), and hides whom some kinds went to. A hand-made
address filtering by the subject, or by what a failed sending said, tried a prefix at a
time, would tell both: who moved which meeting, with whom. The list is chosen by its own
filters only (state, kind, the date); any other lookup shows every email, saying why."""

import pytest

from accounts.models import OutboxMessage, OutboxStatus
from mentoring.services.meetings import MEETING_UPDATE
from tests.admin_pages import messages_shown, rows, signed_in_for_real

OWN_FILTERS_ONLY = "Emails are listed by their own filters only. All are shown."
LIST = "/admin/accounts/outboxmessage/"

office = signed_in_for_real("coordinator")


@pytest.fixture
def emails(cast):
    OutboxMessage.objects.create(
        kind=MEETING_UPDATE,
        to=cast.board_member.email,
        subject="Maya Mentor suggested moving your meeting on 12 December",
        status=OutboxStatus.FAILED,
        last_error="550 bola@example.org: mailbox full",
    )
    OutboxMessage.objects.create(
        kind="accounts/email/invitation", to=cast.outsider.email, subject="You are invited"
    )


@pytest.mark.parametrize(
    "lookup",
    [
        "subject=Maya Mentor suggested moving your meeting on 12 December",
        "subject__startswith=Maya Mentor suggested",
        "subject__icontains=suggested",
        "subject__gt=M",
        "cancelled_reason__isnull=True",
        "attempts__gte=0",
    ],
)
def test_a_hand_made_lookup_shows_every_email_and_says_why(office, emails, lookup):
    response = office.get(f"{LIST}?{lookup}", follow=True)

    assert response.redirect_chain == [(f"{LIST}?e=1", 302)]
    assert messages_shown(response) == [OWN_FILTERS_ONLY]
    assert len(rows(response)) == 2


def test_what_a_failed_sending_said_is_refused_as_naming_whom_it_was_to(office, emails):
    response = office.get(f"{LIST}?last_error__icontains=bola", follow=True)

    assert messages_shown(response) == [
        "Emails are not listed by whom they are to, so that no list tells who answered a "
        "survey. All are shown."
    ]
    assert len(rows(response)) == 2


@pytest.mark.parametrize(
    "lookup", ["state=failed", "kind__exact=accounts/email/invitation", "created_at__year=2000"]
)
def test_the_lists_own_filters_still_choose(office, emails, lookup):
    response = office.get(f"{LIST}?{lookup}")

    assert messages_shown(response) == []
    assert len(rows(response)) < 2
