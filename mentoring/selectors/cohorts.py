"""Who a message to a group of a programme goes to."""

import hashlib

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from mentoring.models import (
    BoardMember,
    CohortAudience,
    Event,
    Match,
    MatchStatus,
    MentorApplication,
    Programme,
    Registration,
)
from mentoring.models.events import HOLDS_A_PLACE


def cohort_recipients(
    *, programme: Programme, audience: str, event: Event | None = None
) -> QuerySet:
    """The active accounts in the group, each once, by name. One query."""
    user = OuterRef("pk")
    if audience == CohortAudience.MENTORS:
        member = MentorApplication.objects.accepted().filter(programme=programme, applicant=user)
    elif audience == CohortAudience.BOARD_MEMBERS:
        member = BoardMember.objects.filter(programme=programme, user=user)
    elif audience == CohortAudience.EVENT:
        if event is None or event.programme_id != programme.pk:
            raise ValueError("Choose an event of the programme.")
        member = Registration.objects.filter(event=event, person=user, status__in=HOLDS_A_PLACE)
    elif audience == CohortAudience.PAIRS:
        member = Match.objects.filter(
            Q(mentor__applicant=user) | Q(board_member__user=user),
            programme=programme,
            status=MatchStatus.ACTIVE,
        )
    else:
        raise ValueError(f"Unknown audience {audience!r}")
    return (
        get_user_model()
        .objects.filter(Exists(member), is_active=True)
        .order_by("full_name", "email")
    )


def recipients_fingerprint(recipients) -> str:
    """Stands for exactly these people and addresses: the preview's list, checked again when
    the message is confirmed, so nobody is added or left out in between unseen."""
    people = sorted(f"{person.pk}:{person.email}" for person in recipients)
    return hashlib.sha256("\n".join(people).encode()).hexdigest()
