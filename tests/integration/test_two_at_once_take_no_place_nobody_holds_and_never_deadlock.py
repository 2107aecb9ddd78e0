"""Two people (or a person and the office) acting at the same moment, in real concurrent
transactions (PostgreSQL): a place taken as its applicant is declined or withdraws is not
kept (the applicant is told why); a pair ended from two sides at once waits rather than
deadlocks; a proposal accepted as the pair ends is told it was not booked, and one accepted
just before the office ends the pair waits for it rather than deadlocks."""

from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.utils import timezone

from accounts.models import OutboxMessage
from mentoring.models import (
    ApplicationStatus,
    Audience,
    EventKind,
    MatchStatus,
    PairRequest,
    PairRequestKind,
    Registration,
)
from mentoring.services import matches as matches_service
from mentoring.services import pairs as pairs_service
from mentoring.services.applications import application_withdraw
from mentoring.services.decisions import application_decide
from mentoring.services.events import NO_LONGER_YOURS
from mentoring.services.matches import match_end
from mentoring.services.pairs import pair_request_resolve
from tests.concurrency import needs_postgresql, run_now, started, waits_for_a_lock_or_ends
from tests.factories import (
    EventFactory,
    MentorApplicationFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]


# --- A place taken while the office declines the application --------------------------------


def _applicant_and_briefing(cast):
    priya = UserFactory(full_name="Priya Patel", email="priya@example.org")
    application = MentorApplicationFactory(
        programme=cast.programme, applicant=priya, status=ApplicationStatus.SUBMITTED
    )
    briefing = EventFactory(
        programme=cast.programme,
        kind=EventKind.BRIEFING,
        audience=Audience.MENTORS,
        starts_at=timezone.now() + timedelta(days=10),
    )
    return priya, application, briefing


def test_a_briefing_place_taken_while_the_office_declines_is_not_kept(client, cast, monkeypatch):
    """Priya presses "Register" for a mentor briefing as Carmen declines her application.
    The register page checked she takes part before the decision committed; the decision
    gives up the places she holds (none yet). Declined, she must hold no place (the events
    page shows a declined applicant none, so she could not give it up, and is reminded)."""
    priya, application, briefing = _applicant_and_briefing(cast)
    client.force_login(priya)
    from mentoring.views import events as events_view

    original = events_view.registration_create

    def decided_meanwhile(**kwargs):
        run_now(
            lambda: application_decide(
                application=application,
                status=ApplicationStatus.DECLINED,
                by=cast.coordinator,
                seen_status=ApplicationStatus.SUBMITTED,
            )
        )
        return original(**kwargs)

    monkeypatch.setattr(events_view, "registration_create", decided_meanwhile)

    answered = client.post(f"/events/{briefing.pk}/register/", follow=True)

    assert NO_LONGER_YOURS in [str(message) for message in answered.context["messages"]]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    held = Registration.objects.filter(person=priya, event=briefing).held_ahead()
    assert not held.exists(), "a declined applicant holds a briefing place"
    # Nor is she emailed a place (with its calendar file) beside her decline.
    assert not OutboxMessage.objects.filter(
        to=priya.email, kind="mentoring/email/registered"
    ).exists()


def test_a_briefing_place_taken_while_withdrawing_in_another_tab_is_not_kept(
    client, cast, monkeypatch
):
    """Priya withdraws in one tab as she registers for a briefing in another: withdrawn, she
    holds no place (the withdrawal's confirmation promised every place is given up)."""
    priya, application, briefing = _applicant_and_briefing(cast)
    client.force_login(priya)
    from mentoring.views import events as events_view

    original = events_view.registration_create

    def withdrawn_meanwhile(**kwargs):
        assert run_now(lambda: application_withdraw(application=application)) is True
        return original(**kwargs)

    monkeypatch.setattr(events_view, "registration_create", withdrawn_meanwhile)

    client.post(f"/events/{briefing.pk}/register/")

    held = Registration.objects.filter(person=priya, event=briefing).held_ahead()
    assert not held.exists(), "a withdrawn applicant holds a briefing place"


# --- Ending a pair from two sides at once ----------------------------------------------------


def _asked_to_end(cast):
    return PairRequest.objects.create(
        match=cast.pair, kind=PairRequestKind.END, raised_by=cast.board_member, note="Please."
    )


def _resolving_while(other_side, monkeypatch, *, by):
    """The office answers the open request with "End the pairing" (its request row locked
    first); just before that answer ends the pair, `other_side` runs in another thread and
    is let reach the lock it waits for. What each side met."""
    original = pairs_service.matches_end
    other = {}

    def ending(**kwargs):
        thread, outcome = started(other_side)
        other["thread"], other["outcome"] = thread, outcome
        waits_for_a_lock_or_ends(thread)
        return original(**kwargs)

    monkeypatch.setattr(pairs_service, "matches_end", ending)
    request = PairRequest.objects.get()
    mine = {}
    try:
        mine["result"] = pair_request_resolve(request=request, by=by, end_pairing=True)
    except DatabaseError as error:
        mine["error"] = error
    other["thread"].join(30)
    return mine, other["outcome"]


def test_the_office_ending_a_pair_as_asked_while_a_colleague_ends_it_is_no_deadlock(
    cast, monkeypatch
):
    """Carmen answers Bola's request "End the pairing" while Sue ends the same pair from the
    pairs list. One ends it, the other is told it had ended: neither meets a 500."""
    _asked_to_end(cast)
    mine, theirs = _resolving_while(
        lambda: match_end(match=cast.pair, reason="withdrawn", by=cast.superuser, tell_both=True),
        monkeypatch,
        by=cast.coordinator,
    )
    assert "error" not in mine, mine
    assert "error" not in theirs, theirs
    cast.pair.refresh_from_db()
    assert cast.pair.status == MatchStatus.ENDED


def test_a_mentor_withdrawing_while_the_office_ends_their_pair_as_asked_is_no_deadlock(
    cast, monkeypatch
):
    """Bola asked the office to end the pairing; as Carmen answers "End it", Maya withdraws
    her application (which ends her pair). Maya must not meet a 500 (a deadlock)."""
    _asked_to_end(cast)
    application = cast.pair.mentor
    mine, theirs = _resolving_while(
        lambda: application_withdraw(application=application), monkeypatch, by=cast.coordinator
    )
    assert "error" not in theirs, theirs
    assert "error" not in mine, mine
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert not matches_service.Match.objects.active().filter(pk=cast.pair.pk).exists()
    assert OutboxMessage.objects.filter(to=cast.board_member.email).exists()


# --- a proposal accepted as the pair ends ------------------------------------------------------


def test_accepting_a_proposal_as_the_pair_ends_is_told_not_booked(cast):
    """Bola accepts Maya's proposed time as the office ends the pair (its lock held): the
    acceptance waits, then is refused with a message; the meeting stays dropped."""
    from django.db import transaction

    from mentoring.models import Meeting, MeetingStatus
    from mentoring.services.meetings import MeetingError, meeting_accept
    from tests.factories import MeetingFactory

    proposal = MeetingFactory(match=cast.pair, status="proposed", proposed_by=cast.mentor)
    loaded = Meeting.objects.select_related(
        "match__programme", "match__mentor__applicant", "match__board_member__user"
    ).get(pk=proposal.pk)
    with transaction.atomic():
        assert match_end(match=cast.pair, reason="withdrawn", by=cast.coordinator, tell_both=True)
        thread, outcome = started(lambda: meeting_accept(meeting=loaded, by=cast.board_member))
        waits_for_a_lock_or_ends(thread)
    thread.join(30)
    assert isinstance(outcome.get("error"), MeetingError), outcome
    proposal.refresh_from_db()
    assert proposal.status == MeetingStatus.DROPPED


def test_accepting_a_time_as_the_office_ends_the_pair_is_no_deadlock(cast, monkeypatch):
    """Maya proposed a time; the email telling Bola still waits in the outbox (the mail
    server was away). Bola presses "Accept" at the moment Carmen ends the pair: accepting
    held the meeting, then the email; ending, the pair, the email, then the meeting. Each
    waited for the other, and PostgreSQL cancelled one with a deadlock (a 500 for Bola or
    Carmen). Now one waits: the pair ends, and the meeting booked just before is dropped."""
    import threading

    from accounts.models import OutboxStatus
    from mentoring.models import Meeting, MeetingStatus
    from mentoring.services import meetings as meetings_service
    from mentoring.services.meetings import meeting_accept
    from tests.factories import MeetingFactory

    proposal = MeetingFactory(match=cast.pair, status="proposed", proposed_by=cast.mentor)
    OutboxMessage.objects.create(  # what Bola was told of the proposal, still to go
        kind=meetings_service.MEETING_UPDATE,
        about=meetings_service.meeting_about(proposal.pk),
        to=cast.board_member.email,
        recipient=cast.board_member,
        subject="Maya proposed a time",
        text="…",
        status=OutboxStatus.FAILED,
    )
    loaded = Meeting.objects.select_related(
        "match__programme", "match__mentor__applicant", "match__board_member__user"
    ).get(pk=proposal.pk)
    accepted_row, go_on = threading.Event(), threading.Event()
    tell_partner = meetings_service._tell_partner

    def tell_once_the_end_began(*args, **kwargs):
        accepted_row.set()  # the meeting's row is updated (and locked) by now
        go_on.wait(10)
        return tell_partner(*args, **kwargs)

    monkeypatch.setattr(meetings_service, "_tell_partner", tell_once_the_end_began)

    accepting, accepted = started(lambda: meeting_accept(meeting=loaded, by=cast.board_member))
    assert accepted_row.wait(10)
    ending, ended = started(
        lambda: match_end(match=cast.pair, reason="withdrawn", by=cast.coordinator, tell_both=True)
    )
    waits_for_a_lock_or_ends(ending)
    go_on.set()
    accepting.join(30)
    ending.join(30)

    assert "error" not in accepted, accepted
    assert "error" not in ended, ended
    proposal.refresh_from_db()
    assert proposal.status == MeetingStatus.DROPPED
