"""Only the office's closing ends a programme (`Programme.has_ended`): its end date says
when it was planned to run. A survey opened in a programme past its end date but still
active emails those it asks, as its confirmation says, rather than telling the office the
programme is closed; the office closes the programme to stop the emails."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.models import Programme, ProgrammeStatus
from tests.admin_pages import confirmed, signed_in_for_real
from tests.surveys import ADD, an_hour_ago, new_survey, shown

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


@pytest.fixture
def past_its_end_date(cast):
    """The cast's programme, still active, its end date a month gone."""
    today = timezone.localdate()
    Programme.objects.filter(pk=cast.programme.pk).update(
        starts_on=today - timedelta(days=400), ends_on=today - timedelta(days=30)
    )
    cast.programme.refresh_from_db()
    assert cast.programme.status == ProgrammeStatus.ACTIVE
    return cast.programme


def test_opening_a_survey_says_it_emails_those_it_asks_and_it_does(
    office, cast, past_its_end_date, dispatch
):
    page = office.post(ADD, new_survey(cast, an_hour_ago(), title="Late evaluation"))

    said = shown(page)
    assert "Open “Late evaluation” now?" in said
    assert "Opening it now emails the 4 people it asks that it is open within a few minutes" in said
    assert "Its programme is closed" not in said
    assert office.post(ADD, confirmed(page)).status_code == 302
    assert dispatch()["survey_open"] == 4
