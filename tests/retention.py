"""What a pair wrote, for the tests of retention: a pair that wrote something of every kind
retention deletes (`pair_that_wrote`), and what of it is still there (`what_it_wrote`)."""

from datetime import timedelta

from django.utils import timezone

from mentoring.models import (
    ActionReview,
    ActionStep,
    Match,
    MatchStatus,
    Meeting,
    MeetingNote,
    MeetingStatus,
)
from tests.factories import (
    ActionStepFactory,
    HeldMeetingFactory,
    MatchFactory,
    MeetingFactory,
    ProgrammeFactory,
)

DAY = timedelta(days=1)
# What the pair wrote, each kind its own words, to be found wherever it is kept.
NOTE = "Wombat-13 what we said"
PURPOSE = "Xerus-13 our purpose"
ACTION = "Yak-13 an action step"
NEEDS = "Zebu-13 what it needs"
REVIEW = "Vole-13 how it went"
REASON = "Urial-13 why we moved it"


def pair_that_wrote(programme=None, *, ended_days_ago: int | None):
    """A pair with one held meeting carrying a note from each member, an action step with a
    review, a cancelled meeting with a reason and a shared purpose; ended that many days ago
    (None: still active)."""
    programme = programme or ProgrammeFactory()
    pair = MatchFactory(
        board_member__programme=programme,
        status=MatchStatus.ACTIVE if ended_days_ago is None else MatchStatus.ENDED,
        purpose=PURPOSE,
    )
    if ended_days_ago is not None:
        Match.objects.filter(pk=pair.pk).update(
            ended_at=timezone.now() - ended_days_ago * DAY,
            activated_at=timezone.now() - (ended_days_ago + 200) * DAY,
        )
    held = HeldMeetingFactory(match=pair, starts_at=timezone.now() - (ended_days_ago or 0) * DAY)
    for author in (pair.mentor.applicant, pair.board_member.user):
        MeetingNote.objects.create(meeting=held, author=author, text=f"{NOTE} by {author.pk}")
    action = ActionStepFactory(meeting=held, text=ACTION, needs=NEEDS, status="done")
    later = HeldMeetingFactory(match=pair, starts_at=held.starts_at + DAY)
    ActionReview.objects.create(
        action=action, meeting=later, status="done", note=REVIEW, reviewed_by=pair.mentor.applicant
    )
    MeetingFactory(
        match=pair,
        status=MeetingStatus.CANCELLED,
        starts_at=held.starts_at - 3 * DAY,
        change_reason=REASON,
    )
    pair.refresh_from_db()
    return pair


def what_it_wrote(pair: Match) -> list[str]:
    """Everything `pair` wrote that is still kept, wherever it is kept."""
    pair.refresh_from_db()
    found = [note.text for note in MeetingNote.objects.filter(meeting__match=pair)]
    found += [pair.purpose] if pair.purpose else []
    for action in ActionStep.objects.filter(match=pair):
        found += [text for text in (action.text, action.needs) if text]
    found += [r.note for r in ActionReview.objects.filter(action__match=pair) if r.note]
    found += [m.change_reason for m in Meeting.objects.filter(match=pair) if m.change_reason]
    return found
