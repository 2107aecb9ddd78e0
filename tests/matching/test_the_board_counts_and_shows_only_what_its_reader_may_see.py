"""The matching settings count every board member who joined, paired or not; and a staff
member who may look at pairs but not at applications is not shown what a mentor declared
about a conflict of interest, an answer of their application."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Permission
from django.urls import reverse

from mentoring.models import MatchStatus, MentorApplication
from tests.admin_pages import words
from tests.factories import MatchFactory, UserFactory
from tests.matching.board import board_url

pytestmark = pytest.mark.django_db


def test_the_settings_page_counts_every_board_member_who_joined(office, programme, people):
    MatchFactory(mentor=people["tom"], board_member=people["harold"], status=MatchStatus.ACTIVE)

    page = words(office.get(reverse("admin:matching_matchingsettings_changelist")).content.decode())

    assert "1 of 2 board members who joined ready" in page


def test_a_declared_conflict_is_not_shown_to_who_may_see_pairs_but_not_applications(
    client, office, programme, priya, grace
):
    MentorApplication.objects.filter(pk=priya.pk).update(
        has_conflict=True, conflict_details="My partner works in the Provost's Office."
    )
    seen_by_office = office.get(board_url(programme)).content.decode()
    observer = UserFactory(full_name="Olive Observer", is_staff=True)
    TOTP.activate(observer, generate_totp_secret())
    observer.user_permissions.add(Permission.objects.get(codename="view_match"))
    client.force_login(observer)

    seen_by_observer = client.get(board_url(programme)).content.decode()

    assert "Priya Patel" in seen_by_observer
    assert "My partner works in the Provost" not in seen_by_observer
    assert "My partner works in the Provost&#x27;s Office." in seen_by_office
