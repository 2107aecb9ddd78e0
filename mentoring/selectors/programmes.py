"""What is still under way in a programme: what closing it leaves as it is, but stops
reminding anyone of (mentoring.reminders and evaluation.reminders remind only of active
programmes)."""

from mentoring.models import Event, Match, Meeting, Programme


def programme_under_way(programme: Programme) -> dict:
    """The programme's active pairs (with their people), how many of their meetings are
    booked or proposed ahead, and its events to come that are going ahead: three queries."""
    return {
        "pairs": list(
            Match.objects.active()
            .filter(programme=programme)
            .select_related("mentor__applicant", "board_member__user")
            .order_by("mentor__applicant__full_name", "pk")
        ),
        "meetings_ahead": Meeting.objects.upcoming().filter(match__programme=programme).count(),
        "events": list(
            Event.objects.filter(programme=programme).upcoming().going_ahead().order_by("starts_at")
        ),
    }
