"""Shortening a programme's notes retention reads the ended pairs whose notes would go
sooner once a request, and only those: the confirmation, its "Yes" check and the save keep
to one answer (`ProgrammeAdmin.ask_before_saving`, `save_model`), and the database leaves
out the pairs whose date stays (`notes_brought_forward`), so that they cost nothing
however many there are."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring.models import Match, MatchStatus, Programme
from mentoring.models.matches import NOTES_NOTICE
from mentoring.selectors.programmes import brought_forward, notes_brought_forward
from tests.admin_pages import confirmed, form_data, signed_in_for_real
from tests.factories import MatchFactory
from tests.mentoring.test_shortening_notes_retention_emails_those_whose_notes_go_sooner import (
    change_url,
    ended,
)

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")

# Both requests start alike: 1 session, 2 user, 3 their permissions, 4 the programme, 5
# whether anyone has applied to it (its address then stays), 6 whether it asked for line
# managers' agreement before, 7-63 the programme's 19 checks, each run in the database
# between a savepoint and its release (3 queries each).
FORM_CHECKED = 63
# The confirmation: 64 the ended pairs whose notes go sooner, with their people
# (`notes_brought_forward`, read once), 65 the themes as posted, 66-67 each of its two
# themes by id (the formset's rows). A stale page is refused before anything is asked, by
# the programme's row read at 4 and its themes read at 65, so no query more.
CONFIRMATION_QUERIES = FORM_CHECKED + 4
# The save: 64 the ended pairs whose notes go sooner, with their people, read once for the
# "Yes" check and kept for the save, 65 the savepoint of Django's save, 66 the programme
# again and 67 whether anyone applied (Django's view reads its own), 68 the programme's row
# locked to compare with what the page was opened with (the stale-edit stamp), 69 the themes
# as posted, 70 those themes read again under the programme's lock, to compare with what the
# page was opened with (each row's stamp: one query for the inline's rows, whatever their
# number; its key dates, none posted, cost none), 71-72 each theme by id, 73 the period as
# it is, read under the lock, 74 the programme saved, 75 the pairs' new dates kept to, 76 the
# emails of an earlier date still waiting called off, 77 the emails written, 78 the admin's
# log entry, 79 the savepoint released. Before, the ended pairs were read again between 74
# and 75.
SAVE_QUERIES = FORM_CHECKED + 16


def keeping_notes_60_days(programme) -> None:
    Programme.objects.filter(pk=programme.pk).update(notes_retention_days=60)


def ended_pairs_whose_date_stays(programme, count: int) -> None:
    """`count` ended pairs of `programme`, which keeps notes 60 days, that a shorter period
    leaves as they are: half ended 400 days ago and due for deletion on the next hourly run,
    half ended 90 days ago and within the week's notice a shortening gave them before
    (their date is that notice's, not the period's)."""
    for number in range(count):
        pair = MatchFactory(board_member__programme=programme, status=MatchStatus.ENDED)
        if number % 2:
            days_ago, kept_until = 400, None
        else:
            days_ago, kept_until = 90, timezone.now() + timedelta(days=5)
        Match.objects.filter(pk=pair.pk).update(
            ended_at=timezone.now() - timedelta(days=days_ago), notes_kept_until=kept_until
        )


def asked_and_saved(office, programme):
    """The queries of the confirmation a shortening to 30 days shows, and of its "Yes"."""
    typed = {**form_data(office.get(change_url(programme))), "notes_retention_days": "30"}
    with CaptureQueriesContext(connection) as asking:
        page = office.post(change_url(programme), typed)
    assert "Delete sooner what" in page.content.decode()
    with CaptureQueriesContext(connection) as saving:
        saved = office.post(change_url(programme), confirmed(page))
    assert saved.status_code == 302
    return len(asking), len(saving)


def test_the_confirmation_and_its_save_each_read_the_ended_pairs_once(office, cast):
    keeping_notes_60_days(cast.programme)
    ended(cast.pair, 10)

    assert asked_and_saved(office, cast.programme) == (CONFIRMATION_QUERIES, SAVE_QUERIES)


def test_the_confirmation_and_its_save_cost_the_same_for_one_pair_whose_date_moves_or_21(
    office, cast
):
    keeping_notes_60_days(cast.programme)
    ended(cast.pair, 10)
    ended_pairs_whose_date_stays(cast.programme, 20)

    assert asked_and_saved(office, cast.programme) == (CONFIRMATION_QUERIES, SAVE_QUERIES)


@pytest.mark.parametrize("staying", [0, 2, 20])
def test_the_pairs_whose_date_stays_are_left_in_the_database(
    cast, staying, django_assert_num_queries
):
    keeping_notes_60_days(cast.programme)
    ended(cast.pair, 10)
    ended_pairs_whose_date_stays(cast.programme, staying)

    with (
        mock.patch.object(Match, "from_db", wraps=Match.from_db) as read,
        django_assert_num_queries(1),  # the pairs, with their people
    ):
        found = notes_brought_forward(cast.programme, days=30, was=60, now=timezone.now())

    assert [each.pair for each in found] == [cast.pair]
    assert read.call_count == 1, "pairs read only to be left out"


# Across each edge of the rule: ended just now to long past either period, with no notice
# given before, one run out, one within the week and one past the old period's date.
ENDED_DAYS_AGO = (0, 1, 29, 30, 31, 52, 53, 54, 59, 60, 61, 90, 400)
KEPT_DAYS_AHEAD = (None, -1, 0.5, 5, 6.9, 7, 8, 30, 100)


@pytest.mark.parametrize(("days", "was"), [(30, 60), (7, 60), (59, 60), (8, 9)])
def test_the_database_leaves_out_no_pair_whose_date_moves(cast, days, was):
    """The database's choice (`notes_brought_forward`) says the date rule in SQL and the pages
    in Python (`brought_forward`): every ended pair whose date a shortening moves is chosen,
    at each edge, so the two say the same rule."""
    Programme.objects.filter(pk=cast.programme.pk).update(notes_retention_days=was)
    now = timezone.now()
    for days_ago in ENDED_DAYS_AGO:
        for ahead in KEPT_DAYS_AHEAD:
            pair = MatchFactory(board_member__programme=cast.programme, status=MatchStatus.ENDED)
            Match.objects.filter(pk=pair.pk).update(
                ended_at=now - timedelta(days=days_ago),
                notes_kept_until=None if ahead is None else now + timedelta(days=ahead),
            )
    every_pair = Match.objects.filter(programme=cast.programme, status=MatchStatus.ENDED)

    moving = {
        pair.pk
        for pair in every_pair
        if brought_forward(pair, days=days, was=was, notice=now + NOTES_NOTICE).moves
    }
    chosen = notes_brought_forward(cast.programme, days=days, was=was, now=now)

    assert moving, "no pair at the edges moves: the grid tests nothing"
    assert {each.pair.pk for each in chosen if each.moves} == moving
