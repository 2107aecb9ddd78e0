"""A wait-listed application whose line manager has not answered is "waiting" in the
applications' and the requests' filters, as its page and its row say."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import (
    ApplicationStatus,
    MentorApplication,
)
from tests.admin_pages import (
    change_url,
    rows,
    signed_in_for_real,
    words,
)
from tests.factories import (
    UserFactory,
    line_manager_emailed,
)

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:mentoring_mentorapplication_changelist")
LM_CHANGELIST = reverse("admin:mentoring_linemanagerrequest_changelist")


office = signed_in_for_real("coordinator")  # Carmen: password, then authenticator code


@pytest.fixture
def waitlisted_waiting(cast):
    """On the waiting list, and the line manager (asked) has not answered: accepting it later
    needs their agreement, and its page says it waits for them."""
    request = line_manager_emailed(cast.programme, UserFactory(full_name="Wren Waiting"))
    MentorApplication.objects.filter(pk=request.application_id).update(
        status=ApplicationStatus.WAITLISTED, decided_at=timezone.now()
    )
    return MentorApplication.objects.get(pk=request.application_id)


def test_a_wait_listed_application_waiting_for_its_line_manager_is_filtered_as_waiting(
    office, waitlisted_waiting
):
    page = words(office.get(change_url(waitlisted_waiting)).content.decode())
    assert "waiting for the line manager's agreement" in page

    waiting = rows(office.get(f"{CHANGELIST}?line_manager=waiting"))
    not_waiting = rows(office.get(f"{CHANGELIST}?line_manager=not_waiting"))

    assert [row["applicant_name"] for row in waiting] == ["Wren Waiting"]
    assert "Wren Waiting" not in [row["applicant_name"] for row in not_waiting]


def test_the_line_manager_list_filters_as_waiting_a_request_its_rows_say_is_waiting(
    office, waitlisted_waiting
):
    everyone = rows(office.get(LM_CHANGELIST))
    assert [row["answer"] for row in everyone] == ["Waiting for a reply"]

    waiting = rows(office.get(f"{LM_CHANGELIST}?waiting=yes"))
    assert [row["applicant"] for row in waiting] == ["Wren Waiting"]
