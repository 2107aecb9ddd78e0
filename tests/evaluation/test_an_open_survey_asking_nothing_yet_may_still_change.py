"""A survey open by its dates but asking nothing yet was shown to nobody and emailed nobody:
whom it asks and when it opens may still change."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.admin_pages import as_a_browser_posts, signed_in_for_real, words
from tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


def test_a_survey_open_by_its_dates_with_no_question_yet_can_still_change_whom_it_asks(
    office, cast, mailoutbox
):
    """The office made a survey that opens today, and is still writing it: no question yet,
    so nobody has been emailed or could answer (README: nobody is emailed about it until it
    has one; its first question is what opens it, asked first). The coordinator sees it
    should ask board members too and changes its audience: the save is refused with "The
    survey is open already ..., so whom it asks cannot change: they were told it is open",
    which is untrue, and the only way offered is to close it and copy it.
    The form's check said "An open survey with questions keeps ... whom it
    asks", but checks only `is_open` (its dates). With no question, the change should save."""
    survey = SurveyFactory(programme=cast.programme, title="Mid-point pulse", audience="mentors")
    assert survey.is_open
    assert not survey.questions.exists()
    url = reverse("admin:evaluation_survey_change", args=[survey.pk])
    data = as_a_browser_posts(office.get(url))
    data["audience"] = "both"

    page = office.post(url, data)

    assert "they were told it is open" not in words(page.content.decode())
    survey.refresh_from_db()
    assert survey.audience == "both"


def test_a_survey_open_by_its_dates_with_no_question_yet_can_move_its_opening_later(office, cast):
    """As above: the survey has no question yet, so it asks nobody. The office, not ready,
    moves its opening to next week, to write the questions meanwhile: refused, "The survey
    is open already (since ...), so its opening cannot move. To stop it, set its last day to
    yesterday." Nobody was told it is open; the opening should move."""
    survey = SurveyFactory(programme=cast.programme, title="Mid-point pulse")
    assert survey.is_open
    assert not survey.questions.exists()
    url = reverse("admin:evaluation_survey_change", args=[survey.pk])
    data = as_a_browser_posts(office.get(url))
    later = timezone.localtime(timezone.now() + timedelta(days=7)).replace(microsecond=0)
    data.update({"opens_at_0": f"{later:%Y-%m-%d}", "opens_at_1": f"{later:%H:%M:%S}"})

    page = office.post(url, data)

    assert "so its opening cannot move" not in words(page.content.decode())
    survey.refresh_from_db()
    assert survey.opens_at == later
