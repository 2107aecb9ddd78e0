"""A survey's written answer box carries its limit (`maxlength`), as every other bounded box
does: the help said "Up to 2,000 characters", but the box let a long answer be typed out in
full, to be refused only once sent."""

import re

import pytest

from evaluation.models import MAX_TEXT_ANSWER
from tests.survey_answers import survey_of_each_kind, url

pytestmark = pytest.mark.django_db

survey = survey_of_each_kind()


def test_the_written_answer_box_stops_at_the_limit_its_help_states(client, cast, survey):
    client.force_login(cast.mentor)

    page = client.get(url(survey)).content.decode()

    box = re.search(r"<textarea\b[^>]*>", page).group(0)
    assert f'maxlength="{MAX_TEXT_ANSWER}"' in box
    assert f"Up to {MAX_TEXT_ANSWER:,} characters" in page
