"""The programme's pairs export as a spreadsheet (CSV) from the board or the list of
matches."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from mentoring.models import EndReason, MatchStatus, MentorApplication
from tests.factories import MatchFactory
from tests.matching.board import board_url

pytestmark = pytest.mark.django_db


def test_the_export_lists_every_pair_but_open_proposals(
    office, programme, priya, tom, grace, harold
):
    march = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    july = datetime(2026, 7, 1, 16, 0, tzinfo=UTC)  # 17:00 in London (summer time)
    MatchFactory(
        mentor=priya,
        board_member=grace,
        status=MatchStatus.ACTIVE,
        proposed_at=march,
        activated_at=march,
    )
    MatchFactory(
        mentor=tom,
        board_member=harold,
        status=MatchStatus.ENDED,
        score=40,
        proposed_at=march,
        activated_at=march,
        ended_at=july,
        end_reason=EndReason.WITHDRAWN,
    )
    MatchFactory(mentor=tom, board_member=grace)  # only proposed
    MatchFactory(status=MatchStatus.ACTIVE)  # another programme's pair

    response = office.get(board_url(programme, "export"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="matches-pilot.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        [
            "Programme",
            "Mentor",
            "Mentor email",
            "Mentor department",
            "Board member",
            "Board member email",
            "Board member department",
            "Status",
            "Score",
            "Proposed",
            "Activated",
            "Ended",
            "End reason",
        ],
        [
            "2026/27 pilot",
            "Priya Patel",
            "priya@example.org",
            "Finance",
            "Grace Okafor",
            "grace@example.com",
            "Provost's Office",
            "Active",
            "76",
            "2026-03-02 09:30",
            "2026-03-02 09:30",
            "",
            "",
        ],
        [
            "2026/27 pilot",
            "Tom Tran",
            "tom@example.org",
            "Estates",
            "Harold Hughes",
            "harold@example.com",
            "Provost's Office",
            "Ended",
            "40",
            "2026-03-02 09:30",
            "2026-03-02 09:30",
            "2026-07-01 17:00",
            "Withdrawn",
        ],
    ]


def test_the_export_keeps_spreadsheets_from_running_what_people_typed(
    office, programme, priya, grace
):
    MentorApplication.objects.filter(pk=priya.pk).update(department='=HYPERLINK("x")')
    MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)

    response = office.get(board_url(programme, "export"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][3] == '\'=HYPERLINK("x")'


CHANGELIST = reverse("admin:mentoring_match_changelist")


def test_exporting_selected_matches_from_the_list(office, programme, priya, grace):
    match = MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)

    response = office.post(CHANGELIST, {"action": "export_csv", "_selected_action": [match.pk]})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][1:3] == ["Priya Patel", "priya@example.org"]
