"""A pair member asks the office to end their pairing from a page read before the office
ended it: the request is refused, saying the pairing has ended, rather than left open on an
ended pair (nobody would ever resolve it) with the office emailed about it."""

import pytest

from accounts.models import OutboxMessage
from mentoring.models import EndReason, Match, PairRequest
from mentoring.services.matches import match_end
from mentoring.services.pairs import PairError, pair_request_raise
from tests.factories import CoordinatorFactory, MatchFactory

pytestmark = pytest.mark.django_db


def test_a_request_on_a_pairing_ended_since_the_page_was_read_is_refused():
    office = CoordinatorFactory()
    pair = MatchFactory(status="active")
    page = Match.objects.get(pk=pair.pk)  # the request form's read
    match_end(match=pair, reason=EndReason.COMPLETED, by=office)
    told_before = OutboxMessage.objects.filter(kind="mentoring/email/pair_request").count()

    with pytest.raises(PairError, match="This pairing has already ended"):
        pair_request_raise(match=page, person=pair.mentor.applicant, kind="end", note="Please")

    assert not PairRequest.objects.filter(match=pair).exists()
    assert OutboxMessage.objects.filter(kind="mentoring/email/pair_request").count() == told_before
