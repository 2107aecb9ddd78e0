"""Programme health's "rules agreed" means the latest version: a new version asks every pair
again, and the filter lists those who have not agreed it yet."""

import pytest
from django.urls import reverse

from mentoring.services.pairs import ground_rules_publish
from tests.admin_pages import rows, sign_in_for_real
from tests.factories import (
    agree_ground_rules,
)

pytestmark = pytest.mark.django_db
HEALTH = reverse("admin:mentoring_pairhealth_changelist")


@pytest.fixture
def office(client, cast):
    sign_in_for_real(client, cast, "coordinator")
    return client


def _pairs_listed(response) -> list[str]:
    return sorted(" ".join(r.values()) for r in rows(response))


def test_rules_agreed_means_the_version_the_pairs_were_asked_to_agree_to(office, cast):
    """Publishing new ground rules asks every active pair to agree again; programme health's
    "rules agreed" should then show who has not, not keep a tick for the old version."""
    agree_ground_rules(cast.pair)
    agree_ground_rules(cast.other_pair)
    ground_rules_publish(programme=cast.programme, text="New rules, v2", by=cast.coordinator)
    agree_ground_rules(cast.other_pair)  # the other pair agreed to version 2 as well
    # The cast's pair agreed only to version 1: "ground rules agreed by both: No".
    filtered = _pairs_listed(office.get(f"{HEALTH}?rules=no"))
    assert any(cast.mentor.full_name in row for row in filtered), (
        "a pair that has not agreed to the ground rules now in force is listed as agreed"
    )
