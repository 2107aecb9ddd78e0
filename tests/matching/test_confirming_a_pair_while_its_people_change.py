"""Confirming a proposal while one of its people changes, on PostgreSQL with two real
connections: a mentor declined meanwhile is never put in an active pair, and deleting an
account while its proposal is confirmed waits for the confirmation instead of deadlocking,
and a conflict of interest recorded meanwhile waits for it and says they are paired.
Each interleaving is forced: the other request starts inside the confirmation, just after
its review of the hard blocks (or just before it locks the proposal), and the confirmation
goes on after a pause long enough for the other to reach its own locks."""

import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.services import account_delete
from matching import services as matching_services
from matching.models import ConflictOfInterest
from mentoring import personal_data
from mentoring.models import ApplicationStatus, Match, MatchStatus
from mentoring.services.decisions import application_decide
from tests.concurrency import needs_postgresql, started
from tests.factories import (
    BriefedBoardMemberFactory,
    CoordinatorFactory,
    MatchFactory,
    MentorFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]

PAUSE = 1.0  # long enough for the other request to reach its locks


@pytest.fixture
def proposal():
    programme = ProgrammeFactory()
    mentor = MentorFactory(programme=programme, applicant=UserFactory(full_name="Priya Patel"))
    member = BriefedBoardMemberFactory(programme=programme, user__full_name="Grace Okafor")
    return MatchFactory(mentor=mentor, board_member=member)


def test_a_mentor_declined_during_the_confirmation_is_never_in_an_active_pair(
    proposal, monkeypatch
):
    office, colleague = CoordinatorFactory(email="b@example.org"), CoordinatorFactory()
    mentor = proposal.mentor
    review = matching_services.proposals_review
    other = {}

    def review_while_a_colleague_declines(**kwargs):
        found = review(**kwargs)
        other["thread"], other["outcome"] = started(
            lambda: application_decide(
                application=mentor,
                status=ApplicationStatus.DECLINED,
                by=colleague,
                seen_status=ApplicationStatus.ACCEPTED,
            )
        )
        time.sleep(PAUSE)
        return found

    monkeypatch.setattr(matching_services, "proposals_review", review_while_a_colleague_declines)
    outcome = matching_services.proposals_accept(matches=[proposal], by=office)
    other["thread"].join(30)

    mentor.refresh_from_db()
    proposal.refresh_from_db()
    assert "error" not in other["outcome"], other["outcome"]
    # The confirmation went first, so the decline met a mentor in a pair and changed nothing.
    assert [pair.pk for pair in outcome.activated] == [proposal.pk]
    assert proposal.status == MatchStatus.ACTIVE
    assert mentor.status == ApplicationStatus.ACCEPTED
    assert other["outcome"] == {"result": False}


def test_deleting_an_account_while_its_proposal_is_confirmed_waits_for_it(proposal):
    office = CoordinatorFactory(email="b@example.org")
    person = proposal.mentor.applicant
    other = {}

    def hook(execute, sql, params, many, context):
        # Confirming has locked the people; before it locks the proposal, the person deletes
        # their account.
        if not other and 'FROM "mentoring_match"' in sql and "FOR UPDATE" in sql:
            other["thread"], other["outcome"] = started(
                lambda: account_delete(user=person, by=person)
            )
            time.sleep(PAUSE)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(hook):
        outcome = matching_services.proposals_accept(matches=[proposal], by=office)
    other["thread"].join(30)

    assert "error" not in other["outcome"], other["outcome"]
    # Confirmed first; then the deletion ended the pair, and told the partner.
    assert [pair.pk for pair in outcome.activated] == [proposal.pk]
    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.ENDED
    person.refresh_from_db()
    assert person.is_deleted


def test_deleting_the_line_manager_of_a_mentor_being_confirmed_waits_for_it(proposal, monkeypatch):
    """Grace, the board member, is also Priya's line manager. Deleting Grace's account
    changes Priya's application (her line manager's name and address go) as well as
    Grace's own place: both are locked before anything, in the order confirming takes
    them, so neither holds what the other waits for."""
    office = CoordinatorFactory(email="b@example.org")
    person = proposal.board_member.user
    proposal.mentor.line_manager_email = person.email
    proposal.mentor.save(update_fields=["line_manager_email"])
    withdraw = personal_data.proposals_withdraw
    other = {}

    def withdraw_while_the_pair_is_confirmed(**kwargs):
        # The deletion holds its locks; the office confirms the pair meanwhile.
        other["thread"], other["outcome"] = started(
            lambda: matching_services.proposals_accept(matches=[proposal], by=office)
        )
        time.sleep(PAUSE)
        return withdraw(**kwargs)

    monkeypatch.setattr(personal_data, "proposals_withdraw", withdraw_while_the_pair_is_confirmed)
    account_delete(user=person, by=person)
    other["thread"].join(30)

    assert "error" not in other["outcome"], other["outcome"]
    # The deletion went first: the proposal lapsed, and the confirmation says so.
    assert other["outcome"]["result"].activated == []
    assert not Match.objects.filter(pk=proposal.pk).exists()
    proposal.mentor.refresh_from_db()
    assert proposal.mentor.line_manager_name == "Deleted account"


def test_an_assignment_asked_for_while_a_pair_is_confirmed_waits_for_it(proposal, monkeypatch):
    """The office asks for the best assignment while a colleague confirms a proposal: the
    assignment withdraws the programme's proposals, the confirmation locks its pair. The
    assignment takes the programme's people first, as the confirmation does: it waits, and
    then leaves the new pair out."""
    office, colleague = CoordinatorFactory(email="b@example.org"), CoordinatorFactory()
    review = matching_services.proposals_review
    other = {}

    def review_while_the_assignment_is_asked_for(**kwargs):
        found = review(**kwargs)
        other["thread"], other["outcome"] = started(
            lambda: matching_services.assignment_propose(
                programme=proposal.programme, proposed_by=colleague
            )
        )
        time.sleep(PAUSE)
        return found

    monkeypatch.setattr(
        matching_services, "proposals_review", review_while_the_assignment_is_asked_for
    )
    outcome = matching_services.proposals_accept(matches=[proposal], by=office)
    other["thread"].join(30)

    assert "error" not in other["outcome"], other["outcome"]
    assert [pair.pk for pair in outcome.activated] == [proposal.pk]
    assert other["outcome"]["result"] == []  # both of them are paired now
    assert list(Match.objects.values_list("pk", "status")) == [(proposal.pk, MatchStatus.ACTIVE)]


def test_a_conflict_recorded_while_its_pair_is_confirmed_is_said_or_stops_it(proposal, monkeypatch):
    """One coordinator confirms Priya with Grace while a colleague records a conflict of
    interest between them. The confirmation reviewed the blocks before the conflict existed;
    the conflict's page looked for an active pair before the confirmation committed. So the
    pair is made and both are introduced, and the colleague is told nothing: the warning
    "they are paired …: recording the conflict does not end their pairing" never shows. The
    conflict's save should take the two people's rows as confirming does (`sides_lock`), so
    that it waits for the confirmation and then warns (or the confirmation sees it)."""
    mentor, member = proposal.mentor, proposal.board_member
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
        time.sleep(PAUSE)
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
