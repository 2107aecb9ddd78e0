"""The database and the match services guard the pairs' invariants, on SQLite and PostgreSQL."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from mentoring.models import EndReason, Match, MatchStatus
from mentoring.services.matches import (
    MatchError,
    match_discard,
    match_end,
    match_propose,
    matches_activate,
)
from tests.factories import (
    BriefedBoardMemberFactory,
    MatchFactory,
    MentorFactory,
    UserFactory,
)
from tests.migrations import migrate_to, migrate_to_latest, saved_as_then

pytestmark = pytest.mark.django_db

# PostgreSQL names the constraint; SQLite names the columns of the unique index.
ONE_ACTIVE = r"match_one_active_per_board_member|: mentoring_match\.board_member_id$"
BEFORE_ONE_PROPOSAL = [("mentoring", "0039_coordinators_remove_board_members_who_never_joined")]
ONE_PROPOSAL = r"match_one_proposal_per_board_member|: mentoring_match\.board_member_id$"
PAIR_ONCE = (
    r"match_pair_once_at_a_time|mentoring_match\.mentor_id, mentoring_match\.board_member_id"
)


@pytest.fixture
def priya(programme):
    return MentorFactory(programme=programme, applicant=UserFactory(full_name="Priya Patel"))


@pytest.fixture
def tom(programme):
    return MentorFactory(programme=programme, applicant=UserFactory(full_name="Tom Tran"))


@pytest.fixture
def grace(programme):
    return BriefedBoardMemberFactory(programme=programme, user__full_name="Grace Okafor")


@pytest.fixture
def harold(programme):
    return BriefedBoardMemberFactory(programme=programme, user__full_name="Harold Hughes")


@pytest.fixture
def iris(programme):
    return BriefedBoardMemberFactory(programme=programme, user__full_name="Iris Ito")


def confirm_reviewed(*, match, mentor_capacity):
    """Confirm one proposal as `matching.services` does once its review found it acceptable:
    `matches_activate`, whose own checks are made with both sides locked (a pair decided
    meanwhile, a board member paired, a mentor full); MatchError says why not. The review
    before it (conflicts, briefings, departments) is tested through `pair_activate`."""
    _, problems = matches_activate(
        matches=[match], mentor_capacity={match.programme_id: mentor_capacity}
    )
    if problems:
        raise MatchError(problems[match.pk])


# Each IntegrityError is raised inside its own savepoint (transaction.atomic), so the test's
# transaction stays usable afterwards on PostgreSQL.


def test_the_database_refuses_a_second_active_match_for_a_board_member(priya, tom, grace):
    MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)

    with pytest.raises(IntegrityError, match=ONE_ACTIVE), transaction.atomic():
        Match.objects.create(
            programme=grace.programme,
            mentor=tom,
            board_member=grace,
            score=50,
            status=MatchStatus.ACTIVE,
            activated_at=timezone.now(),
        )

    assert Match.objects.active().count() == 1


def test_the_database_refuses_activating_a_proposal_for_a_board_member_already_paired(
    priya, tom, grace
):
    # `matches_activate` checks this first; an update that skips the check is refused too.
    MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)
    MatchFactory(mentor=tom, board_member=grace)

    with pytest.raises(IntegrityError, match=ONE_ACTIVE), transaction.atomic():
        Match.objects.filter(board_member=grace).proposed().update(
            status=MatchStatus.ACTIVE, activated_at=timezone.now()
        )

    assert list(Match.objects.active().values_list("mentor", flat=True)) == [priya.pk]


def test_the_database_refuses_a_second_open_proposal_for_a_board_member(priya, tom, grace):
    MatchFactory(mentor=priya, board_member=grace)

    with pytest.raises(IntegrityError, match=ONE_PROPOSAL), transaction.atomic():
        MatchFactory(mentor=tom, board_member=grace)

    assert list(Match.objects.proposed().values_list("mentor", flat=True)) == [priya.pk]


@pytest.mark.django_db(transaction=True)
def test_the_constraints_migration_stops_at_a_board_member_proposed_twice(priya, tom, grace):
    """Proposals made before the rule are the office's to choose between: the migration
    names whom and waits, rather than drop one unseen."""
    migrate_to(BEFORE_ONE_PROPOSAL)
    try:
        # Rows as the table was then: a column added since (notes_kept_until) is not there.
        saved_as_then(BEFORE_ONE_PROPOSAL, MatchFactory.build(mentor=priya, board_member=grace))
        later = saved_as_then(
            BEFORE_ONE_PROPOSAL, MatchFactory.build(mentor=tom, board_member=grace)
        )
        with pytest.raises(RuntimeError, match=rf"\(ids {grace.pk}\) are each proposed with"):
            migrate_to_latest()
        assert Match.objects.proposed().filter(board_member=grace).count() == 2
        later.delete()  # the office discards one
    finally:
        migrate_to_latest()

    with pytest.raises(IntegrityError, match=ONE_PROPOSAL), transaction.atomic():
        MatchFactory(mentor=tom, board_member=grace)


def test_a_board_member_whose_match_ended_can_be_paired_again(priya, tom, grace):
    MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ENDED)

    MatchFactory(mentor=tom, board_member=grace, status=MatchStatus.ACTIVE)

    assert Match.objects.filter(board_member=grace).count() == 2


def discard(proposal):
    match_discard(match=proposal)


def end(proposal):
    confirm_reviewed(match=proposal, mentor_capacity=1)
    match_end(match=proposal, reason=EndReason.REMATCHED)


@pytest.mark.parametrize("done_with", [discard, end], ids=["discarded", "pair-ended"])
def test_a_board_member_may_be_proposed_again_once_their_proposal_is_done_with(
    priya, tom, grace, done_with
):
    done_with(
        match_propose(mentor=priya, board_member=grace, score=70, reasons=[], proposed_by=None)
    )

    again = match_propose(mentor=tom, board_member=grace, score=70, reasons=[], proposed_by=None)

    assert list(Match.objects.proposed().filter(board_member=grace)) == [again]


def test_a_mentor_may_have_several_proposals_open(priya, grace, harold):
    MatchFactory(mentor=priya, board_member=grace)
    MatchFactory(mentor=priya, board_member=harold)

    assert Match.objects.proposed().filter(mentor=priya).count() == 2


@pytest.mark.parametrize(
    ("first", "second", "refused_by"),
    [
        (MatchStatus.PROPOSED, MatchStatus.ACTIVE, PAIR_ONCE),
        (MatchStatus.ACTIVE, MatchStatus.PROPOSED, PAIR_ONCE),
        # Refused by both rules: which one the database names is its own choice (SQLite
        # names the board member's).
        (MatchStatus.PROPOSED, MatchStatus.PROPOSED, f"{PAIR_ONCE}|{ONE_PROPOSAL}"),
    ],
    ids=["proposed-then-active", "active-then-proposed", "proposed-twice"],
)
def test_the_database_refuses_the_same_pair_twice_while_the_first_is_open(
    priya, grace, first, second, refused_by
):
    MatchFactory(mentor=priya, board_member=grace, status=first)

    with pytest.raises(IntegrityError, match=refused_by), transaction.atomic():
        MatchFactory(mentor=priya, board_member=grace, status=second)

    assert Match.objects.count() == 1


def test_the_same_pair_may_be_proposed_again_once_their_match_ended(priya, grace):
    MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ENDED)

    match_propose(mentor=priya, board_member=grace, score=70, reasons=[], proposed_by=None)

    assert list(Match.objects.values_list("status", flat=True).order_by("pk")) == [
        MatchStatus.ENDED,
        MatchStatus.PROPOSED,
    ]


def test_proposing_the_same_pair_twice_says_so_instead_of_failing(priya, grace):
    match_propose(mentor=priya, board_member=grace, score=70, reasons=[], proposed_by=None)

    with pytest.raises(MatchError) as refused:
        match_propose(mentor=priya, board_member=grace, score=70, reasons=[], proposed_by=None)

    assert str(refused.value) == "Priya Patel and Grace Okafor are already proposed or paired."
    assert Match.objects.count() == 1


def test_proposing_a_board_member_proposed_with_another_mentor_names_that_mentor(priya, tom, grace):
    match_propose(mentor=priya, board_member=grace, score=70, reasons=[], proposed_by=None)

    # Called directly, past the check `pair_propose` makes first: the database refuses it,
    # and the words say which proposal is in the way, as that check's would.
    with pytest.raises(MatchError) as refused:
        match_propose(mentor=tom, board_member=grace, score=70, reasons=[], proposed_by=None)

    assert str(refused.value) == (
        "Grace Okafor is already proposed with Priya Patel: accept or discard that proposal first."
    )
    assert list(Match.objects.values_list("mentor", "status")) == [(priya.pk, MatchStatus.PROPOSED)]


def test_proposing_a_pair_already_active_says_so_though_the_board_member_is_proposed_too(
    priya, tom, grace
):
    MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)
    MatchFactory(mentor=tom, board_member=grace)

    with pytest.raises(MatchError) as refused:
        match_propose(mentor=priya, board_member=grace, score=70, reasons=[], proposed_by=None)

    assert str(refused.value) == "Priya Patel and Grace Okafor are already proposed or paired."
    assert Match.objects.count() == 2


def test_a_pair_can_only_be_proposed_within_one_programme(priya):
    elsewhere = BriefedBoardMemberFactory(user__full_name="Eve Else")

    with pytest.raises(MatchError, match="only be paired within one programme"):
        match_propose(mentor=priya, board_member=elsewhere, score=70, reasons=[], proposed_by=None)

    assert not Match.objects.exists()


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"status": "proposed", "activated_at": timezone.now()}, "match_proposed_is_not_started"),
        ({"status": "proposed", "end_reason": "completed"}, "match_proposed_is_not_started"),
        ({"status": "active", "activated_at": None}, "match_active_has_started"),
        ({"status": "active", "ended_at": timezone.now()}, "match_active_has_started"),
        ({"status": "ended", "end_reason": ""}, "match_ended_has_date_and_reason"),
        ({"status": "ended", "ended_at": None}, "match_ended_has_date_and_reason"),
        ({"score": 101}, "match_score_at_most_100"),
    ],
    ids=[
        "proposed-but-started",
        "proposed-with-reason",
        "active-without-start",
        "active-but-ended",
        "ended-without-reason",
        "ended-without-date",
        "score-above-100",
    ],
)
def test_the_database_refuses_a_match_whose_dates_do_not_fit_its_status(
    priya, grace, fields, constraint
):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        MatchFactory(mentor=priya, board_member=grace, **fields)


# --- activation -------------------------------------------------------------------------------


@pytest.mark.parametrize("capacity", [1, 2])
def test_a_mentor_takes_no_more_board_members_than_their_capacity(
    priya, grace, harold, iris, capacity
):
    proposals = [
        MatchFactory(mentor=priya, board_member=member) for member in (grace, harold, iris)
    ]

    for proposal in proposals[:capacity]:
        confirm_reviewed(match=proposal, mentor_capacity=capacity)
    with pytest.raises(MatchError) as refused:
        confirm_reviewed(match=proposals[capacity], mentor_capacity=capacity)

    assert str(refused.value) == (
        "The pairing of "
        f"Priya Patel and {proposals[capacity].board_member} was not confirmed and nobody was "
        "emailed: Priya Patel already mentors as many people as allowed."
    )
    assert Match.objects.active().filter(mentor=priya).count() == capacity
    refused_proposal = Match.objects.get(pk=proposals[capacity].pk)
    assert (refused_proposal.status, refused_proposal.activated_at) == (MatchStatus.PROPOSED, None)


def test_ended_matches_do_not_count_against_a_mentors_capacity(priya, grace, harold):
    MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ENDED)
    proposal = MatchFactory(mentor=priya, board_member=harold)

    confirm_reviewed(match=proposal, mentor_capacity=1)

    assert Match.objects.get(pk=proposal.pk).status == MatchStatus.ACTIVE


def test_activating_records_when_the_pair_started(priya, grace):
    proposal = MatchFactory(mentor=priya, board_member=grace)
    before = timezone.now()

    confirm_reviewed(match=proposal, mentor_capacity=1)

    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.ACTIVE
    assert before <= proposal.activated_at <= timezone.now()


def test_activating_a_second_pair_for_a_board_member_is_refused_in_words(priya, tom, grace):
    MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)
    proposal = MatchFactory(mentor=tom, board_member=grace)

    with pytest.raises(MatchError) as refused:
        confirm_reviewed(match=proposal, mentor_capacity=1)

    assert str(refused.value) == (
        "The pairing of "
        "Tom Tran and Grace Okafor was not confirmed and nobody was emailed: Grace Okafor is "
        "already in a pair."
    )


@pytest.mark.parametrize("status", [MatchStatus.ACTIVE, MatchStatus.ENDED])
def test_only_a_proposal_can_be_activated(priya, grace, status):
    match = MatchFactory(mentor=priya, board_member=grace, status=status)

    with pytest.raises(
        MatchError, match=r"it is no longer open \(accepted, discarded or replaced since\)\."
    ):
        confirm_reviewed(match=match, mentor_capacity=1)

    assert Match.objects.get(pk=match.pk).status == status


# --- discarding and ending --------------------------------------------------------------------


def test_discarding_removes_only_proposals(priya, tom, grace, harold):
    proposal = MatchFactory(mentor=priya, board_member=grace)
    active = MatchFactory(mentor=tom, board_member=harold, status=MatchStatus.ACTIVE)

    assert match_discard(match=proposal) is True
    assert match_discard(match=proposal) is False
    assert match_discard(match=active) is False
    assert list(Match.objects.all()) == [active]


def test_ending_a_match_records_the_reason_once(priya, grace):
    active = MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)

    assert match_end(match=active, reason=EndReason.WITHDRAWN, note="Moved abroad.") is True
    assert match_end(match=active, reason=EndReason.COMPLETED) is False

    active.refresh_from_db()
    assert (active.status, active.end_reason, active.end_note) == (
        MatchStatus.ENDED,
        EndReason.WITHDRAWN,
        "Moved abroad.",
    )
    assert active.ended_at is not None


def test_a_proposal_cannot_be_ended(priya, grace):
    proposal = MatchFactory(mentor=priya, board_member=grace)

    assert match_end(match=proposal, reason=EndReason.COMPLETED) is False
    assert Match.objects.get(pk=proposal.pk).status == MatchStatus.PROPOSED


def test_ending_for_an_unknown_reason_is_a_programming_error(priya, grace):
    active = MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)

    with pytest.raises(ValueError, match="Not an end reason: bored"):
        match_end(match=active, reason="bored")
