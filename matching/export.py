from django.http import HttpResponse
from django.utils import timezone

from mentoring.exports import csv_download, csv_safe

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


def matches_csv(matches, filename: str) -> HttpResponse:
    """The programme office's list of pairs: who, status and dates. Nothing of what was said."""
    response, writer = csv_download(filename)
    writer.writerow(HEADER)
    for match in matches.select_related(
        "programme", "mentor__applicant", "board_member__user"
    ).order_by("programme__name", "board_member__email"):
        mentor, member = match.mentor, match.board_member
        row = [
            match.programme.name,
            mentor.applicant.full_name,
            mentor.applicant.email,
            mentor.department,
            member.user.full_name if member.user_id else "",
            member.email,
            member.department,
            match.get_status_display(),
            match.score,
            _when(match.proposed_at),
            _when(match.activated_at),
            _when(match.ended_at),
            match.get_end_reason_display(),
        ]
        writer.writerow([csv_safe(cell) for cell in row])
    return response
