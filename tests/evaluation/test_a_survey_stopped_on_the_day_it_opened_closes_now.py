"""A survey that opened today is stopped as its page says (its last day set to yesterday):
it closes now, after the confirmation, rather than being refused as closing before it
opened."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.admin_pages import as_a_browser_posts, signed_in_for_real, words
from tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


def test_a_survey_that_opened_today_can_still_be_closed_now(office, cast):
    """A survey opened this morning and everyone it asks was emailed; the office finds a
    mistake in it and wants to stop it at once. The form's own advice is "To stop it, set
    its last day to yesterday": the coordinator does, and the save is refused, as a survey
    cannot close before it opens (its last day, yesterday, ends before this morning's
    opening). Until today the fix was to move its opening earlier too; that is now refused
    as well ("The survey is open already (since ...), so its opening cannot move"). So a
    survey that opened today cannot be closed before midnight: people keep answering a
    survey the office wanted stopped. Setting its last day to yesterday should close it (the
    usual "Close ... now?" page), or the form should offer a way that works."""
    import re

    from evaluation.models import Survey
    from tests.admin_pages import confirmed
    from tests.factories import QuestionFactory

    now = timezone.now()
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    opened = now - min(timedelta(hours=2), (now - midnight) / 2)  # earlier today
    survey = SurveyFactory(
        programme=cast.programme,
        title="Mid-point pulse",
        opens_at=opened,
        closes_at=opened + timedelta(days=14),
    )
    QuestionFactory(survey=survey)
    assert survey.is_open
    url = reverse("admin:evaluation_survey_change", args=[survey.pk])
    yesterday = timezone.localdate() - timedelta(days=1)
    data = as_a_browser_posts(office.get(url))
    data["closes_at"] = f"{yesterday:%Y-%m-%d}"

    asked = office.post(url, data)
    said = first = words(asked.content.decode())
    if "Save and close now" not in said:
        # Move the opening earlier too, as one would have before today.
        data.update({"opens_at_0": f"{yesterday:%Y-%m-%d}", "opens_at_1": "09:00:00"})
        asked = office.post(url, data)
        said = words(asked.content.decode())
    problem = re.compile(r"There is a problem (.*?) Programme:")
    assert "Save and close now" in said, (
        f"refused: {problem.findall(first)}, then {problem.findall(said)}"
    )
    office.post(url, confirmed(asked))

    survey = Survey.objects.get(pk=survey.pk)
    assert not survey.is_open
