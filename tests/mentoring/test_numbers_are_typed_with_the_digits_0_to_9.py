"""Python's `int` reads Arabic-Indic and full-width digits as if they were 0 to 9, and so did
every number box: a meeting logged as lasting "٤٥" minutes was saved as 45, the page then
showing 45, and whoever typed it was told nothing. A number in other digits is now refused
beside its box, in the same words on every form (accounts.bounds.DIGITS_0_TO_9), nothing is
saved, and the box keeps what was typed. Ids were already read from ASCII digits only
(tests/security/test_odd_input.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.bounds import DIGITS_0_TO_9
from evaluation.models import Participation, Response
from mentoring.models import Meeting
from tests.admin_pages import as_a_browser_posts
from tests.factories import MeetingFactory, agree_ground_rules
from tests.meetings import log_answers
from tests.pages import page_html
from tests.survey_answers import answers, survey_of_each_kind, url

pytestmark = pytest.mark.django_db

survey = survey_of_each_kind()

ARABIC_INDIC = "0123456789".maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = "0123456789".maketrans("0123456789", "".join(chr(0xFF10 + n) for n in range(10)))
OTHER_DIGITS = pytest.mark.parametrize(
    "digits", [ARABIC_INDIC, FULL_WIDTH], ids=["Arabic-Indic", "full-width"]
)


@pytest.fixture
def meeting(cast):
    agree_ground_rules(cast.pair)
    return MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=2))


@OTHER_DIGITS
def test_a_meetings_length_in_other_digits_is_refused_and_kept_as_typed(maya, meeting, digits):
    typed = "45".translate(digits)

    response = maya.post(reverse("meeting_log", args=[meeting.pk]), log_answers(minutes=typed))

    assert response.status_code == 200
    page = page_html(response)
    assert DIGITS_0_TO_9 in page
    assert f'name="actual_minutes" value="{typed}"' in page
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert (meeting.logged_at, meeting.actual_minutes) == (None, None)


def test_a_meetings_length_in_the_digits_0_to_9_is_logged(maya, meeting):
    response = maya.post(reverse("meeting_log", args=[meeting.pk]), log_answers(minutes="45"))

    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).actual_minutes == 45


@OTHER_DIGITS
def test_a_programme_setting_in_other_digits_is_refused_in_the_admin(office, cast, digits):
    url = reverse("admin:mentoring_programme_change", args=[cast.programme.pk])
    form = office.get(url)
    before = cast.programme.meeting_minutes
    typed = "75".translate(digits)

    response = office.post(url, {**as_a_browser_posts(form), "meeting_minutes": typed})

    assert response.status_code == 200
    page = page_html(response)
    assert DIGITS_0_TO_9 in page
    assert f'name="meeting_minutes" value="{typed}"' in page
    cast.programme.refresh_from_db()
    assert cast.programme.meeting_minutes == before


@OTHER_DIGITS
@pytest.mark.parametrize("kind", ["scale", "likert", "multiple"])
def test_a_survey_option_sent_in_other_digits_is_not_taken_for_one_offered(
    maya, cast, survey, digits, kind
):
    # No radio or tick box sends them: a forged answer, refused as any other not offered.
    posted = {"scale": "9", "likert": "4", "multiple": ["0", "1"]}[kind]
    forged = (
        [n.translate(digits) for n in posted] if kind == "multiple" else posted.translate(digits)
    )

    response = maya.post(url(survey), {**answers(survey, **{kind: forged}), "action": "submit"})

    assert response.status_code == 200
    question = survey.asks[kind].text
    assert f"Choose among the options offered for “{question}”" in page_html(response)
    assert not Participation.objects.filter(survey=survey, person=cast.mentor).exists()
    assert not Response.objects.filter(survey=survey).exists()
