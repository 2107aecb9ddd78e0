"""Every address box states the limit its column keeps (254, `accounts.bounds.ADDRESS_MAX`),
and holds to it: a box made with Django's default (320) stated nothing, and the office's
corrected line manager address took 300 characters its column could not hold."""

import pytest
from django.urls import reverse

from mentoring.models import LineManagerRequest
from tests.admin_pages import confirmed, signed_in_for_real
from tests.factories import UserFactory, line_manager_emailed

pytestmark = pytest.mark.django_db

LM_CHANGELIST = reverse("admin:mentoring_linemanagerrequest_changelist")
TOO_LONG = f"{'l' * 290}@example.org"

office = signed_in_for_real("coordinator")


def test_a_corrected_line_manager_address_too_long_for_its_column_is_refused_with_the_limit(
    office, cast
):
    request = line_manager_emailed(
        cast.programme, UserFactory(full_name="Lena Late", email="lena@example.org")
    )
    chosen = {"action": "send_again", "_selected_action": [request.pk]}
    page = office.post(LM_CHANGELIST, chosen)
    assert "up to 254 characters" in page.content.decode().lower()

    answer = office.post(LM_CHANGELIST, {**chosen, **confirmed(page), "email": [TOO_LONG]})

    assert answer.status_code == 200
    assert "can be up to 254 characters" in answer.content.decode()
    request.refresh_from_db()
    assert LineManagerRequest.objects.get(pk=request.pk).application.line_manager_email != (
        TOO_LONG
    )


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password/reset/"])
def test_the_sign_in_address_boxes_state_the_limit_an_account_keeps(client, path):
    page = client.get(path).content.decode()

    assert 'maxlength="254"' in page
    assert "up to 254 characters" in page.lower()
    assert 'maxlength="320"' not in page
