"""Deleting one's own account emails nobody its page did not name: a pair confirmed since
the page was shown is not ended unseen; the page shows again with what deleting now does."""

import pytest
from django.core import mail

from accounts.models import User
from mentoring.models import MatchStatus
from tests.factories import (
    PASSWORD,
    BriefedBoardMemberFactory,
    MatchFactory,
    MentorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DELETE = "/profile/delete/"


def test_deleting_ones_account_does_not_end_a_pair_confirmed_after_the_page_was_shown(
    client, cast, django_capture_on_commit_callbacks
):
    """A mentor, accepted but not yet paired, opens "Delete your account?": the page lists
    no pairing that ends and nobody who is emailed. Meanwhile the office confirms a pair for
    them. They type their password and press "Yes, delete my account": the new pair ends and
    the board member is emailed that their pairing (which they had just been told of) has
    ended, though the page never said so. The coordinators' own deletion refuses exactly this
    (`emailed_seen`); the person's own page should too, showing the page again with what now
    happens."""
    mentor = UserFactory(full_name="Nia New", email="nia@example.org")
    application = MentorFactory(programme=cast.programme, applicant=mentor)
    member_user = UserFactory(full_name="Bea Boardroom", email="bea@example.org")
    member = BriefedBoardMemberFactory(programme=cast.programme, user=member_user)
    client.force_login(mentor)
    page = client.get(DELETE).content.decode()
    assert "Bea Boardroom" not in page  # nothing about a pair: there is none yet

    MatchFactory(mentor=application, board_member=member, status=MatchStatus.ACTIVE)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE, {"password": PASSWORD})

    assert User.objects.get(pk=mentor.pk).deleted_at is None, (
        "deleted, ending a pair the page never named"
    )
    assert "bea@example.org" not in [to for message in mail.outbox for to in message.to]
    assert "Bea Boardroom" in response.content.decode()
