"""The email saying a pair ended says, as the pair page does, when the programme deletes
what the pair wrote, and links to the download."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring.models import MatchStatus
from tests.admin_pages import choose_and_confirm
from tests.factories import (
    MatchFactory,
)

pytestmark = pytest.mark.django_db

MATCHES = reverse("admin:mentoring_match_changelist")


def test_the_pair_ended_email_says_when_the_notes_will_be_deleted(
    office, programme, priya, grace, django_capture_on_commit_callbacks
):
    """Ending a pair from the list emails both people "Your earlier meetings and notes stay on
    your pair page", although the programme deletes them N days after the pairing ends
    (here 7; the pair page says "will be deleted on …, download your data"). The email, the
    one thing they keep, should say when the notes go (as the pair page does), not promise
    they stay."""
    programme.notes_retention_days = 7
    programme.save()
    active = MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)

    with django_capture_on_commit_callbacks(execute=True):
        choose_and_confirm(office, MATCHES, "end_completed", active)

    active.refresh_from_db()
    assert active.status == MatchStatus.ENDED
    assert len(mail.outbox) == 2
    deleted_on = f"{timezone.localtime(active.notes_delete_after):%-d %B %Y}"
    for message in mail.outbox:
        assert deleted_on in message.body, message.body
