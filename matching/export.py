from django.http import HttpResponse
from django.utils import timezone

from mentoring.exports import csv_download, csv_safe
from mentoring.selectors import NOT_SHOWN, sides_withheld_from

HEADER = [
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
]


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def matches_csv(matches, filename: str, *, reader) -> HttpResponse:
    """The programme office's list of pairs: who, status and dates. Nothing of what was said.

    Every pair is listed, one `reader` was in too (its people, status and dates), but the
    department of someone they were paired with, an answer of their application or profile,
    is not theirs to read, in that pair or in one their former partner is in now
    (`sides_withheld_from`): the match board's words stand in its place."""
    response, writer = csv_download(filename)
    writer.writerow(HEADER)
    for match in (
        matches.select_related("programme", "mentor__applicant", "board_member__user")
        .annotate(**sides_withheld_from(reader))
        .order_by("programme__name", "board_member__email")
    ):
        mentor, member = match.mentor, match.board_member
        row = [
            match.programme.name,
            mentor.applicant.full_name,
            mentor.applicant.email,
            NOT_SHOWN if match.mentor_withheld else mentor.department,
            member.user.full_name if member.user_id else "",
            member.email,
            NOT_SHOWN if match.board_member_withheld else member.department,
            match.get_status_display(),
            match.score,
            _when(match.proposed_at),
            _when(match.activated_at),
            _when(match.ended_at),
            match.get_end_reason_display(),
        ]
        writer.writerow([csv_safe(cell) for cell in row])
    return response
