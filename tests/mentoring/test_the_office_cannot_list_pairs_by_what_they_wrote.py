"""Django lets an admin list be filtered by any field of its rows' own from the address
(`?purpose=`), and through one relation (`?action_steps__isnull=`): the lists of pairs
refuse it for what a pair wrote for itself (whether it has written a shared purpose or action
steps, who changed it and when), show every pair and say why."""

import pytest
from django.urls import reverse

from tests.admin_pages import messages_shown

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "admin_list", ["admin:mentoring_match_changelist", "admin:mentoring_pairhealth_changelist"]
)
@pytest.mark.parametrize(
    "query",
    [
        "purpose=",
        "purpose__isnull=False",
        "purpose_updated_by__id__exact={mentor}",
        "purpose_updated_at__isnull=True",
        # Through what the pair keeps of its own: whether it wrote action steps, how many.
        "action_steps__isnull=False",
        "action_steps__isnull=True",
        "action_steps__id__gt=0",
        "meetings__change_reason__isnull=False",
        "agreements__isnull=True",
    ],
)
def test_pairs_are_not_told_apart_by_their_purpose(office, cast, admin_list, query):
    cast.pair.purpose = "What we want to understand"
    cast.pair.purpose_updated_by = cast.mentor
    cast.pair.save(update_fields=["purpose", "purpose_updated_by"])

    response = office.get(
        f"{reverse(admin_list)}?{query.format(mentor=cast.mentor.pk)}", follow=True
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Maya Mentor" in content
    assert "Omar Other" in content
    assert messages_shown(response) == [
        "Pairs are not listed by what they wrote for themselves, which is theirs alone. All "
        "are shown."
    ]
