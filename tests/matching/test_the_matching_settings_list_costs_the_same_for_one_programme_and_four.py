"""The Matching settings list reads the figures of the current programme alone (each is a
whole match board) and links the others' boards: the same queries for one programme running
as for four."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.models import Programme
from tests.factories import (
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def test_the_matching_settings_list_costs_the_same_for_one_programme_and_four(
    office,
):
    """The Matching settings list draws the readiness figures of every active programme by
    building each programme's whole match board (`readiness` -> `match_board`, about seven
    queries each): the page's queries grow with the number of programmes running. It should
    cost the same for one as for four."""

    def cost() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = office.get(reverse("admin:matching_matchingsettings_changelist"))
        assert response.status_code == 200
        return len(captured)

    ProgrammeFactory()
    office.get(reverse("admin:matching_matchingsettings_changelist"))  # settings created
    one = cost()
    for _ in range(3):
        ProgrammeFactory()
    office.get(reverse("admin:matching_matchingsettings_changelist"))
    four = cost()

    assert four == one
    # The others' figures are a link away: their match boards.
    page = office.get(reverse("admin:matching_matchingsettings_changelist")).content.decode()
    current = Programme.objects.current()
    for programme in Programme.objects.active().exclude(pk=current.pk):
        assert reverse("admin:matching_board", args=[programme.pk]) in page
