"""The start page's "line managers waiting over 7 days" counts what its list shows,
wait-listed applications included."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from mentoring.models import ApplicationStatus, LineManagerRequest, MentorApplication
from tests.admin_pages import attention, rows
from tests.cast import sign_in_as
from tests.factories import UserFactory, line_manager_emailed

pytestmark = pytest.mark.django_db


def test_the_start_pages_line_manager_figure_counts_what_its_list_shows(client, cast):
    """A wait-listed application whose line manager has not answered in 10 days (the
    programme does not take silence as agreement): the requests' list the start page links
    to shows it "waiting over 7 days", so the figure beside the link counts it too."""
    request = line_manager_emailed(
        cast.programme, UserFactory(full_name="Wren Waiting"), silence_days=None
    )
    OutboxMessage.objects.filter(pk=request.message_id).update(
        status=OutboxStatus.SENT, sent_at=timezone.now() - timedelta(days=10)
    )
    LineManagerRequest.objects.filter(pk=request.pk).update(
        sent_at=timezone.now() - timedelta(days=10)
    )
    MentorApplication.objects.filter(pk=request.application_id).update(
        status=ApplicationStatus.WAITLISTED, decided_at=timezone.now()
    )
    sign_in_as(client, cast, "coordinator")

    count, link = attention(client.get(reverse("admin:index")))[
        "Line-manager agreements waiting over 7 days"
    ]
    listed = rows(client.get(link))

    assert [row["applicant"] for row in listed] == ["Wren Waiting"]
    assert count == len(listed), f"the figure says {count}, its list shows {len(listed)}"


from tests.production import (  # noqa: E402
    only_the_hourly_tasks,  # noqa: F401
)
