"""Closing a programme ends no pair and decides no request. A request from a pair member in a
closed programme is counted in no running programme's figures, so the start page counts
those still waiting for a decision beside the pairs left active, linking to the requests'
list showing exactly them; a coordinator who was in one of those pairs counts, and is shown,
only the others (`requests_readable_by`)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import PairRequest, ProgrammeStatus
from mentoring.services.pairs import pair_request_raise, pair_request_resolve
from tests.admin_pages import (
    joins_the_office,
    pair_ended_and_programme_closed,
    rows,
    signed_in_for_real,
    words,
)
from tests.cast import sign_in_as
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

START = reverse("admin:index")
REQUESTS = reverse("admin:mentoring_pairrequest_changelist")
LEFT = re.compile(
    r'<a href="([^"]+)">(\d+) requests? from pair members</a> in a closed programme '
    r"(?:is|are) waiting for a decision"
)

office = signed_in_for_real("coordinator")


def _closed(programme) -> None:
    programme.status, programme.recruitment_open = ProgrammeStatus.CLOSED, False
    programme.save(update_fields=["status", "recruitment_open"])


def left_open(client) -> tuple[int, list[dict]] | None:
    """The start page's figure of requests waiting in a closed programme, and the rows of
    the list it links to (None: no such figure)."""
    page = client.get(START).content.decode()
    found = LEFT.search(" ".join(page.split()))
    if found is None:
        return None
    url = found.group(1).replace("&amp;", "&")
    assert url.startswith(REQUESTS)
    return int(found.group(2)), rows(client.get(url))


def test_a_concern_from_a_pair_still_meeting_in_a_closed_programme_is_counted(office, cast):
    """The office closed the pilot and opened the next cohort (the usual order); Maya, still
    meeting Bola, raises a concern: the start page, about the cohort, counts it and links to
    it."""
    _closed(cast.programme)
    ProgrammeFactory(
        name="2027/28 cohort", slug="cohort", starts_on=timezone.localdate() + timedelta(days=60)
    )
    pair_request_raise(match=cast.pair, person=cast.mentor, kind="concern", note="")

    count, listed = left_open(office)

    assert count == len(listed) == 1
    assert "Maya Mentor" in str(listed)
    assert "Needs attention in 2027/28 cohort" in words(office.get(START).content.decode())


def test_only_requests_waiting_for_a_decision_in_a_closed_programme_are_counted(client, cast):
    """A request already decided is not counted, nor one of a programme still running (its
    own figure counts it)."""
    decided = pair_request_raise(match=cast.pair, person=cast.mentor, kind="concern", note="")
    pair_request_resolve(request=decided, by=None, end_pairing=False)
    pair_request_raise(match=cast.other_pair, person=cast.other_mentor, kind="end", note="")
    sign_in_as(client, cast, "coordinator")
    assert left_open(client) is None  # still running: counted in the programme's table

    _closed(cast.programme)

    count, listed = left_open(client)
    assert count == len(listed) == 1
    assert "Omar Other" in str(listed)
    assert "Maya Mentor" not in str(listed)


def test_a_former_pair_member_in_the_office_counts_only_the_requests_they_may_open(client, cast):
    """Bola raised a concern before her pair with Maya ended; the pilot closed; Maya joined
    the office. Omar's request, in the pair still meeting, is hers to see; Bola's concern
    about their pair is not: counted for Carmen, not for Maya."""
    pair_request_raise(match=cast.pair, person=cast.board_member, kind="concern", note="")
    pair_request_raise(match=cast.other_pair, person=cast.other_mentor, kind="concern", note="")
    pair_ended_and_programme_closed(cast)
    assert PairRequest.objects.open().count() == 2
    sign_in_as(client, cast, "coordinator")
    count, listed = left_open(client)
    assert count == len(listed) == 2
    client.logout()

    joins_the_office(client, cast.mentor)

    count, listed = left_open(client)
    assert count == len(listed) == 1
    assert "Omar Other" in str(listed)
    assert "Bola Board" not in str(listed)
