from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render

from mentoring.models import Match, Theme


@login_required
def my_match(request):
    """Each person sees the other side of their active pairs: only what was chosen to share."""
    ordered = Theme.objects.order_by("position", "name")
    matches = (
        Match.objects.for_user(request.user)
        .select_related(
            "programme", "mentor__applicant", "board_member__user", "board_member__board"
        )
        .prefetch_related(
            Prefetch("mentor__themes", queryset=ordered),
            Prefetch("board_member__themes", queryset=ordered),
        )
    )
    pairs = [
        {
            "match": match,
            "i_mentor": match.mentor.applicant_id == request.user.pk,
        }
        for match in matches
    ]
    return render(request, "mentoring/match.html", {"pairs": pairs})
