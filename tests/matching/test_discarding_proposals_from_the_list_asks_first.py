""" "Discard the selected proposals" on the list of pairs asks first, naming each proposal and
its programme: it discarded at once, and with "select all" a slip took every programme's
proposals, their scores and reasons, unasked. On "Yes" only those the page named go."""

import pytest
from django.urls import reverse

from mentoring.models import Match
from tests.admin_pages import confirmed, messages_shown, signed_in_for_real, words
from tests.cast import a_proposal

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")
MATCHES = reverse("admin:mentoring_match_changelist")


def test_discarding_asks_first_naming_each_proposal(office, cast):
    chosen = a_proposal(cast, "Priya Patel", "Grace Okafor")
    action = {"action": "discard_proposals", "_selected_action": [chosen.pk, cast.pair.pk]}

    page = office.post(MATCHES, action)

    assert page.status_code == 200
    assert Match.objects.filter(pk=chosen.pk).exists()
    said = words(page.content.decode())
    assert "Discard 1 proposal?" in said
    assert f"{chosen}: {cast.programme}" in said
    assert "Nobody is emailed" in said
    assert f"Left as they are (1) {cast.pair}: not a proposal (active)" in said

    done = office.post(MATCHES, {**action, **confirmed(page)}, follow=True)

    assert not Match.objects.filter(pk=chosen.pk).exists()
    assert Match.objects.filter(pk=cast.pair.pk).exists()
    assert messages_shown(done) == ["1 proposal discarded."]


def test_yes_discards_only_the_proposals_the_page_named(office, cast):
    """A proposal made after the page was shown, and chosen by "select all" when "Yes" is
    pressed, stays."""
    shown = a_proposal(cast, "Priya Patel", "Grace Okafor")
    action = {"action": "discard_proposals", "_selected_action": [shown.pk]}
    page = office.post(MATCHES, action)
    since = a_proposal(cast, "Tom Tran", "Harold Hughes")

    office.post(MATCHES, {**action, **confirmed(page), "_selected_action": [shown.pk, since.pk]})

    assert not Match.objects.filter(pk=shown.pk).exists()
    assert Match.objects.filter(pk=since.pk).exists()
