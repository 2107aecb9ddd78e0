"""Last year's mentor or board member may join the programme office once their pair has
ended and its programme closed. What the office holds about that pair is still not theirs to
read: the concern their partner raised about them, and their partner's application (a board
member never sees their mentor's application, DESIGN.md). Signed in for real: password, then
the authenticator code."""

import pytest
from django.urls import reverse

from mentoring.models import EndReason, PairRequest, PairRequestKind
from mentoring.services.pairs import pair_request_raise
from tests.admin_pages import (
    change_url,
    joins_the_office,
    pair_ended_and_programme_closed,
    rows,
    sign_in_for_real,
    words,
)

pytestmark = pytest.mark.django_db

CONCERN = "Maya talked over me in every meeting and shared what I said with her team"
REQUESTS = reverse("admin:mentoring_pairrequest_changelist")
APPLICATIONS = reverse("admin:mentoring_mentorapplication_changelist")


@pytest.fixture
def concern(cast):
    """Bola's concern about Maya, raised while they were a pair."""
    return pair_request_raise(
        match=cast.pair, person=cast.board_member, kind=PairRequestKind.CONCERN, note=CONCERN
    )


def test_a_former_mentor_in_the_office_cannot_read_the_concern_raised_about_her(
    client, cast, concern
):
    pair_ended_and_programme_closed(cast)
    joins_the_office(client, cast.mentor)

    page = client.get(change_url(concern), follow=True)
    listed = client.get(REQUESTS)

    assert CONCERN not in words(page.content.decode())
    assert page.redirect_chain  # the admin's "doesn't exist": never the request's page
    assert CONCERN not in words(listed.content.decode())
    assert rows(listed) == []


def test_a_former_mentor_in_the_office_cannot_close_the_concern_raised_about_her(
    client, cast, concern
):
    pair_ended_and_programme_closed(cast)
    joins_the_office(client, cast.mentor)
    chosen = {"action": "continue_pairings", "_selected_action": [concern.pk]}

    asked = client.post(REQUESTS, chosen, follow=True)
    client.post(REQUESTS, {**chosen, "confirmed": "yes"})

    assert CONCERN not in words(asked.content.decode())
    assert "Close 1 request" not in words(asked.content.decode())
    assert PairRequest.objects.get(pk=concern.pk).resolved_at is None


def test_the_rest_of_the_office_still_reads_the_concern(client, cast, concern):
    pair_ended_and_programme_closed(cast)
    sign_in_for_real(client, cast, "coordinator")  # never in this pair

    page = client.get(change_url(concern))

    assert page.status_code == 200
    assert CONCERN in words(page.content.decode())


def test_a_former_board_member_in_the_office_cannot_read_his_mentors_application(client, cast):
    application = cast.pair.mentor
    pair_ended_and_programme_closed(cast, EndReason.COMPLETED)
    joins_the_office(client, cast.board_member)
    statement = " ".join(application.experience_statement.split())

    page = client.get(change_url(application), follow=True)
    listed = client.get(APPLICATIONS)

    assert statement not in words(page.content.decode())
    assert page.redirect_chain
    assert cast.mentor.full_name not in [row.get("applicant_name") for row in rows(listed)]
    assert cast.other_mentor.full_name in [row.get("applicant_name") for row in rows(listed)]


def test_a_former_board_member_in_the_office_cannot_export_his_mentors_application(client, cast):
    application = cast.pair.mentor
    pair_ended_and_programme_closed(cast, EndReason.COMPLETED)
    joins_the_office(client, cast.board_member)

    exported = client.post(
        APPLICATIONS,
        {"action": "export_csv", "_selected_action": [application.pk], "select_across": "1"},
    )

    content = exported.content.decode("utf-8-sig")
    assert exported.status_code == 200
    assert cast.other_mentor.email in content  # the rest of the applications are exported
    assert cast.mentor.email not in content  # her row, her answers with it


def test_a_former_mentor_in_the_office_still_reads_her_own_application(client, cast):
    application = cast.pair.mentor
    pair_ended_and_programme_closed(cast, EndReason.COMPLETED)
    joins_the_office(client, cast.mentor)

    page = client.get(change_url(application))

    assert page.status_code == 200
