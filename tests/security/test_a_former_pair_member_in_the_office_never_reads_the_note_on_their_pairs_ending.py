"""The office's note on a pair's ending is the office's: a coordinator who was in the pair
(last year's mentor or board member may join the office) opens their pair's page and reads
that the note, and the reasons the pair was proposed (both people's answers), are not shown
because they were in it. The rest of the office reads and edits the note as before."""

import pytest
from django.test import Client

from mentoring.models import EndReason, Match
from mentoring.services.matches import match_end
from tests.admin_pages import (
    change_url,
    joins_the_office,
    pair_ended_and_programme_closed,
    save_change_form,
    words,
)

pytestmark = pytest.mark.django_db

END_NOTE = "Bola told Carmen on the phone that Maya kept missing their meetings"
NOT_SHOWN = "Not shown: you were in this pair."


@pytest.fixture
def ended_with_a_note(cast):
    match_end(match=cast.pair, reason=EndReason.WITHDRAWN, note=END_NOTE, by=cast.coordinator)
    pair_ended_and_programme_closed(cast)


@pytest.mark.parametrize("side", ["mentor", "board_member"])
def test_a_former_pair_member_reads_that_the_note_is_not_shown_because_they_were_in_it(
    client, cast, ended_with_a_note, side
):
    joins_the_office(client, cast.person(side))

    page = client.get(change_url(cast.pair))

    text = words(page.content.decode())
    assert page.status_code == 200  # the pair's people, status and dates are theirs
    assert END_NOTE not in text
    assert f"End note: {NOT_SHOWN}" in text
    assert f"Why they were proposed: {NOT_SHOWN}" in text
    assert "Both care about Anti-racism" not in text


def test_a_former_pair_member_cannot_change_the_note_either(client, cast, ended_with_a_note):
    joins_the_office(client, cast.mentor)

    save_change_form(client, change_url(cast.pair), end_note="Nothing happened.")

    assert Match.objects.get(pk=cast.pair.pk).end_note == END_NOTE


def test_the_rest_of_the_office_reads_and_edits_the_note(cast, ended_with_a_note):
    office = Client()
    office.force_login(cast.coordinator)  # never in their pair

    page = words(office.get(change_url(cast.pair)).content.decode())
    save_change_form(office, change_url(cast.pair), end_note="Both agreed on the phone.")

    assert END_NOTE in page
    assert "Both care about Anti-racism" in page
    assert Match.objects.get(pk=cast.pair.pk).end_note == "Both agreed on the phone."
