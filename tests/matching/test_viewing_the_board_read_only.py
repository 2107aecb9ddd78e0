"""Someone who may only view matches sees the board without its buttons and can change
nothing."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Permission

from mentoring.models import Match, MatchStatus
from tests.factories import MatchFactory, UserFactory
from tests.matching.board import board_url, candidate_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def observer(client):
    """An evaluator with admin access who may look at matches but not change them."""
    person = UserFactory(full_name="Olive Observer", is_staff=True)
    TOTP.activate(person, generate_totp_secret())
    person.user_permissions.add(Permission.objects.get(codename="view_match"))
    client.force_login(person)
    return client


def test_someone_who_may_only_view_matches_sees_the_board_without_buttons(
    observer, programme, priya, grace
):
    response = observer.get(board_url(programme))

    assert response.status_code == 200
    assert candidate_names(response, grace) == ["Priya Patel"]
    assert "Propose an optimal assignment" not in response.content.decode()
    assert 'name="board_member"' not in response.content.decode()


@pytest.mark.parametrize("action", ["propose", "optimal", "accept", "discard"])
def test_someone_who_may_only_view_matches_cannot_change_them(
    observer, programme, priya, grace, action
):
    proposal = MatchFactory(mentor=priya, board_member=grace)
    data = {"mentor": priya.pk, "board_member": grace.pk, "match": proposal.pk}

    response = observer.post(board_url(programme, action), data)

    assert response.status_code == 403
    assert list(Match.objects.values_list("pk", "status")) == [(proposal.pk, MatchStatus.PROPOSED)]
