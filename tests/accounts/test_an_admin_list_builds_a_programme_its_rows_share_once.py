"""An admin list reads the programme its rows share once for the page (`list_prefetch_related`,
accounts.admin_base.SharedRowsChangeList), not once a row: a list of 50 applications had
built 50 programmes of 33 fields each, a fifth of the page's time. The rows still show their
own programme's answers."""

import pytest
from django.urls import reverse

from tests.cast import sign_in_as

pytestmark = pytest.mark.django_db

LISTS = [
    ("admin:mentoring_mentorapplication_changelist", "programme"),
    ("admin:mentoring_boardmember_changelist", "programme"),
    ("admin:mentoring_match_changelist", "programme"),
]


@pytest.mark.parametrize(("list_name", "relation"), LISTS)
def test_rows_of_one_programme_share_one_programme(client, cast, list_name, relation):
    sign_in_as(client, cast, "coordinator")

    response = client.get(reverse(list_name))

    rows = list(response.context["cl"].result_list)
    assert len(rows) >= 2  # the cast's two pairs, in one programme
    assert {id(getattr(row, relation)) for row in rows} == {id(getattr(rows[0], relation))}
    assert getattr(rows[0], relation) == cast.programme


def test_the_line_manager_column_still_follows_each_rows_programme(client, cast):
    cast.programme.line_manager_agreement = False
    cast.programme.save(update_fields=["line_manager_agreement"])
    sign_in_as(client, cast, "coordinator")

    response = client.get(reverse("admin:mentoring_mentorapplication_changelist"))

    assert response.content.decode().count('<td class="field-line_manager">Not needed</td>') == 2
