"""A conflict of interest recorded while its two people are being paired waits for the
confirmation (both sides locked, as confirming locks them) and then says they are paired
(PostgreSQL, two connections)."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from matching import services as matching_services
from matching.models import ConflictOfInterest
from mentoring.models import MatchStatus
from tests.concurrency import needs_postgresql, started
from tests.factories import (
    BriefedBoardMemberFactory,
    CoordinatorFactory,
    MatchFactory,
    MentorFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_a_conflict_recorded_while_its_pair_is_confirmed_is_said_or_stops_it(monkeypatch):
    """One coordinator confirms Priya with Grace while a colleague records a conflict of
    interest between them. The confirmation reviewed the blocks before the conflict existed;
    the conflict's page looked for an active pair before the confirmation committed. So the
    pair is made and both are introduced, and the colleague is told nothing: the warning
    "they are paired …: recording the conflict does not end their pairing" never shows. The
    conflict's save should take the two people's rows as confirming does (`sides_lock`), so
    that it waits for the confirmation and then warns (or the confirmation sees it)."""
    programme = ProgrammeFactory()
    mentor = MentorFactory(programme=programme, applicant=UserFactory(full_name="Priya Patel"))
    member = BriefedBoardMemberFactory(programme=programme, user__full_name="Grace Okafor")
    proposal = MatchFactory(mentor=mentor, board_member=member)
    office, colleague = CoordinatorFactory(email="a@example.org"), CoordinatorFactory()
    review = matching_services.proposals_review
    other = {}

    def record_conflict():
        browser = Client()
        browser.force_login(colleague)
        response = browser.post(
            reverse("admin:matching_conflictofinterest_add"),
            {"mentor": mentor.applicant.pk, "board_member": member.user.pk, "note": "Manager"},
            follow=True,
        )
        return [str(message) for message in response.context["messages"]]

    def review_while_a_colleague_records_a_conflict(**kwargs):
        found = review(**kwargs)
        other["thread"], other["outcome"] = started(record_conflict)
        time.sleep(1.0)
        return found

    monkeypatch.setattr(
        matching_services, "proposals_review", review_while_a_colleague_records_a_conflict
    )
    outcome = matching_services.proposals_accept(matches=[proposal], by=office)
    other["thread"].join(30)

    assert "error" not in other["outcome"], other["outcome"]
    assert ConflictOfInterest.objects.count() == 1
    proposal.refresh_from_db()
    if proposal.status == MatchStatus.ACTIVE:
        said = " ".join(other["outcome"]["result"])
        assert "does not end their pairing" in said, (outcome, said)
