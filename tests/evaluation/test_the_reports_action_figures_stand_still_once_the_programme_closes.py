"""The programme report's action step figures count what the pairs recorded up to the moment
the office closed the programme, and stand still after it. Closing leaves its pairs active, so
they may go on meeting and logging; had the figures moved with Maya's log after the closing,
Carmen would read in the change what Maya and Bola did with their action steps (Programme
health shows which pair met since), which is theirs alone."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ActionReview, ActionStep, Programme, ProgrammeStatus
from mentoring.models.meetings import action_figures
from mentoring.models.programmes import ActionFigures
from mentoring.services.meetings import NewAction, Review
from tests.admin_pages import confirmed, form_data, signed_in_for_real
from tests.factories import (
    ActionStepFactory,
    BriefedBoardMemberFactory,
    HeldMeetingFactory,
    MatchFactory,
    MeetingFactory,
    MentorFactory,
    UserFactory,
    agree_ground_rules,
)
from tests.meetings import in_days, meeting_logged
from tests.pages import table_rows

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


def another_pair(cast, mentor: str, board_member: str):
    return MatchFactory(
        mentor=MentorFactory(
            programme=cast.programme,
            applicant=UserFactory(
                full_name=mentor, email=f"{mentor.split()[0].lower()}@example.org"
            ),
        ),
        board_member=BriefedBoardMemberFactory(
            programme=cast.programme,
            user=UserFactory(
                full_name=board_member, email=f"{board_member.split()[0].lower()}@example.org"
            ),
        ),
        status="active",
    )


@pytest.fixture
def five_pairs_logged(cast, third_pair):
    """Five pairs, the programme's minimum group size: each agreed one action step at a
    meeting two months ago and reviewed it as in progress a fortnight ago. Maya's step is
    returned."""
    pairs = [
        cast.pair,
        cast.other_pair,
        third_pair,
        another_pair(cast, "Fola Fourth", "Fred Fourth"),
        another_pair(cast, "Fifi Fifth", "Finn Fifth"),
    ]
    now = timezone.now()
    steps = []
    for pair in pairs:
        agreed = HeldMeetingFactory(match=pair, starts_at=now - timedelta(days=60))
        later = HeldMeetingFactory(match=pair, starts_at=now - timedelta(days=14))
        step = ActionStepFactory(meeting=agreed)
        ActionReview.objects.create(action=step, meeting=later, status="in_progress")
        steps.append(step)
    return steps[0]


def figures(office, cast) -> dict[str, str]:
    response = office.get(reverse("programme_report", args=[cast.programme.slug]))
    assert response.status_code == 200
    return {row[0]: row[1] for row in table_rows(response.content.decode()) if len(row) == 2}


def closed_by_the_office(office, cast) -> None:
    url = reverse("admin:mentoring_programme_change", args=[cast.programme.pk])
    data = form_data(office.get(url))
    data.pop("recruitment_open", None)
    asked = office.post(url, {**data, "status": "closed"})
    assert asked.status_code == 200  # "Close 2026/27 pilot?"
    assert office.post(url, confirmed(asked)).status_code == 302
    cast.programme.refresh_from_db()
    assert cast.programme.status == ProgrammeStatus.CLOSED


def test_maya_logging_after_the_closing_changes_no_figure(office, cast, five_pairs_logged):
    agree_ground_rules(cast.pair)
    # A meeting of Maya and Bola's this morning, before the office closed the programme.
    this_morning = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=3))
    closed_by_the_office(office, cast)
    at_closing = figures(office, cast)
    assert at_closing["Action steps recorded"] == "5"
    assert at_closing["Action steps completed"] == "0"

    # Maya logs it after the closing: two new steps, and her earlier one done.
    meeting_logged(
        this_morning,
        cast.mentor,
        new_actions=[
            NewAction("Ask the board for the pay gap figures", "mentor", in_days(30)),
            NewAction("Shadow Maya's team for a morning", "board_member", in_days(30)),
        ],
        reviews=[Review(five_pairs_logged.pk, "done")],
    )
    assert ActionStep.objects.filter(match=cast.pair).count() == 3  # it was logged

    after = figures(office, cast)
    assert after["Action steps recorded"] == "5"
    assert after["Action steps completed"] == "0"


def test_maya_undoing_earlier_logs_after_the_closing_changes_no_figure(
    office, cast, five_pairs_logged
):
    """What was recorded before the closing and taken back after it: Maya removes a step
    agreed at a meeting last week, and says the meeting where she and Bola reviewed their
    first step was not held after all, which deletes that review. Counted again, the figures
    would drop (one step fewer; four pairs reviewing, fewer than the minimum), and Carmen
    would read in the drop what Maya and Bola did."""
    agree_ground_rules(cast.pair)
    last_week = HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=7))
    agreed_last_week = ActionStepFactory(meeting=last_week)
    reviewed_at = five_pairs_logged.reviews.get().meeting
    closed_by_the_office(office, cast)
    at_closing = figures(office, cast)
    assert at_closing["Action steps recorded"] == "6"
    assert at_closing["Action steps completed"] == "0"

    meeting_logged(last_week, cast.mentor, removals=[agreed_last_week.pk])
    meeting_logged(reviewed_at, cast.mentor, held=False, clear_reviews=True)
    assert not ActionStep.objects.filter(pk=agreed_last_week.pk).exists()  # it was removed
    assert not ActionReview.objects.filter(meeting=reviewed_at).exists()  # and the review

    after = figures(office, cast)
    assert after["Action steps recorded"] == "6"
    assert after["Action steps completed"] == "0"


def test_the_figures_kept_at_the_closing_are_those_counted_up_to_it(cast, five_pairs_logged):
    """Closing keeps the figures as `action_figures` counts them, in the same save."""
    programme = cast.programme
    programme.status, programme.recruitment_open = ProgrammeStatus.CLOSED, False
    programme.save()
    programme.refresh_from_db()

    assert programme.actions_at_close == ActionFigures(
        recorded=5, completed=0, pairs_recorded=5, pairs_reviewed=5
    )
    assert programme.actions_at_close == action_figures(programme, up_to=programme.closed_at)


def test_a_closed_programme_always_says_when_it_closed(cast):
    """What the figures are counted up to, and the figures kept, are never missing: the
    database refuses a closed programme without its closing time or its figures, and an open
    one with either."""
    programme = cast.programme
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.filter(pk=programme.pk).update(
            status=ProgrammeStatus.CLOSED, recruitment_open=False
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.filter(pk=programme.pk).update(closed_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.filter(pk=programme.pk).update(actions_recorded_at_close=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.filter(pk=programme.pk).update(
            status=ProgrammeStatus.CLOSED, recruitment_open=False, closed_at=timezone.now()
        )

    programme.status, programme.recruitment_open = ProgrammeStatus.CLOSED, False
    programme.save(update_fields=["status", "recruitment_open"])
    programme.refresh_from_db()
    assert programme.closed_at is not None
    assert programme.actions_at_close == ActionFigures()


def test_the_report_says_its_action_figures_are_those_of_the_closing(office, cast):
    """The page's "Figures as of" is the moment it is read; the action step figures are
    those kept at the closing, and the note above them says when that was."""
    closed_by_the_office(office, cast)
    closed_at = timezone.localtime(cast.programme.closed_at)

    page = office.get(reverse("programme_report", args=[cast.programme.slug])).content.decode()

    assert (
        f"the action step figures once the programme has closed, as recorded up to its closing "
        f"on {closed_at:%-d %B %Y, %H:%M} {closed_at.tzname()}, only when at least 5 pairs "
        "recorded them."
    ) in page
