"""Whether a programme has ended is one rule, read in Python (`Programme.has_ended`, which
the pages' words follow) and in SQL (`Programme.ended_q`, which queries choosing rows
follow): for every status, dated or not, ended or still to end by its dates, the two agree.
So the office is never told nobody joins a programme whose waiting places a link still
joins, nor the reverse (`why_no_board_member_joins`, `BoardMember.objects.waiting_to_join`)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.models import BoardMember, Programme, ProgrammeStatus
from mentoring.services.mentees import why_no_board_member_joins
from tests.factories import BoardMemberFactory, closed_now

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DATES = {
    "not dated": (None, None),
    "over by its dates": (TODAY - timedelta(days=400), TODAY - timedelta(days=30)),
    "ending today": (TODAY - timedelta(days=300), TODAY),
    "running by its dates": (TODAY - timedelta(days=30), TODAY + timedelta(days=300)),
    "not begun by its dates": (TODAY + timedelta(days=30), TODAY + timedelta(days=400)),
}
# Only the office's closing ends a programme: its dates say when it is planned to run.
NOBODY_JOINS = "2026/27 pilot has ended, so nobody joins it any more."
ENDED = {ProgrammeStatus.DRAFT: False, ProgrammeStatus.ACTIVE: False, ProgrammeStatus.CLOSED: True}


@pytest.fixture(params=list(ENDED))
def status(request):
    return request.param


@pytest.fixture(params=list(DATES))
def dates(request):
    return DATES[request.param]


@pytest.fixture
def programme(cast, status, dates) -> Programme:
    """The cast's programme, with the status and dates of the row."""
    starts_on, ends_on = dates
    if status == ProgrammeStatus.CLOSED:
        fields = closed_now()
    else:
        fields = {"status": status, "recruitment_open": status == ProgrammeStatus.ACTIVE}
    Programme.objects.filter(pk=cast.programme.pk).update(
        starts_on=starts_on, ends_on=ends_on, **fields
    )
    return Programme.objects.get(pk=cast.programme.pk)


def test_python_and_sql_say_alike_whether_the_programme_has_ended(programme, status):
    ended_in_sql = Programme.objects.filter(Programme.ended_q(), pk=programme.pk).exists()

    assert programme.has_ended is ENDED[status]
    assert ended_in_sql is programme.has_ended


def test_a_waiting_place_is_joined_exactly_when_the_office_is_not_told_nobody_joins(
    programme, status
):
    place = BoardMemberFactory(programme=programme, user=None, email="nadia@example.org")

    waits = BoardMember.objects.waiting_to_join().filter(pk=place.pk).exists()
    why_not = why_no_board_member_joins(programme)

    assert why_not == (NOBODY_JOINS if ENDED[status] else None)
    assert waits is (why_not is None)
