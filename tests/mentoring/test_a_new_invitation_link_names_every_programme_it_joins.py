""" "Send a new invitation…" on Board members names each address once, with every programme
its new link joins: the places ticked and any other place waiting for the same address, as
the email says (`places_waiting_for`)."""

import pytest
from django.urls import reverse

from mentoring.models import BoardMember
from tests import factories as f
from tests.admin_pages import confirmed, words
from tests.cast import sign_in_as

pytestmark = pytest.mark.django_db

BOARD_MEMBERS = reverse("admin:mentoring_boardmember_changelist")


def test_send_a_new_invitation_names_every_programme_the_new_link_joins(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    """README: "Send a new invitation…" names each address once, with every programme its
    link joins. A place waits for the provost in the pilot and in the next cohort; the office
    ticks the pilot's row only. The new link (and its email) joins both; the page named the
    pilot only."""
    next_cohort = f.ProgrammeFactory(name="2027/28 cohort", slug="next")
    f.BoardMemberFactory(programme=cast.programme, user=None, email="provost@example.org")
    pilot_place = BoardMember.objects.get(programme=cast.programme, email="provost@example.org")
    f.BoardMemberFactory(programme=next_cohort, user=None, email="provost@example.org")
    sign_in_as(client, cast, "coordinator")
    chosen = {"action": "resend_invitation", "_selected_action": [pilot_place.pk]}

    page = client.post(BOARD_MEMBERS, chosen)
    shown = words(page.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(BOARD_MEMBERS, {**chosen, **confirmed(page)}, follow=True)

    emailed = mailoutbox[-1].body
    assert "2027/28 cohort" in emailed  # the link joins both, as its email says
    assert "2027/28 cohort" in shown, shown
