"""In a programme that has ended, an application still waiting can only be declined (accepting
or wait-listing would promise a match or a place), and its line manager is not asked again."""

import pytest
from django.urls import reverse

from mentoring.models import (
    ApplicationStatus,
    ProgrammeStatus,
)
from tests.admin_pages import (
    change_url,
    choose_and_confirm,
    confirmed,
    recipients_named,
    signed_in_for_real,
    words,
)
from tests.factories import (
    UserFactory,
    application_from,
    line_manager_emailed,
)

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:mentoring_mentorapplication_changelist")
LM_CHANGELIST = reverse("admin:mentoring_linemanagerrequest_changelist")


office = signed_in_for_real("coordinator")  # Carmen: password, then authenticator code


@pytest.fixture
def closed_application(cast):
    priya = application_from(cast.programme, "Priya Patel")
    cast.programme.status, cast.programme.recruitment_open = ProgrammeStatus.CLOSED, False
    cast.programme.save(update_fields=["status", "recruitment_open"])
    return priya


@pytest.mark.parametrize(
    ("status", "label", "promise"),
    [
        (ApplicationStatus.ACCEPTED, "Accept", "will match you"),
        (ApplicationStatus.WAITLISTED, "Put on the waiting list", "If a place comes up"),
    ],
)
def test_a_closed_programmes_application_is_not_accepted_or_wait_listed_with_a_promise(
    office, closed_application, mailoutbox, status, label, promise
):
    page = words(office.get(change_url(closed_application)).content.decode())
    assert f"{label}: not possible" in page, "the page offers a decision the programme is past"

    choose_and_confirm(office, CHANGELIST, DECISION_ACTION[status], closed_application)

    closed_application.refresh_from_db()
    assert closed_application.status == ApplicationStatus.SUBMITTED
    sent = " ".join(mail.body for mail in mailoutbox)
    assert promise not in sent.replace("\n", " ")
    assert not mailoutbox


DECISION_ACTION = {
    ApplicationStatus.ACCEPTED: "accept",
    ApplicationStatus.WAITLISTED: "waitlist",
    ApplicationStatus.DECLINED: "decline",
}


def test_a_closed_programmes_line_manager_is_not_offered_a_new_link(office, cast, mailoutbox):
    """Closing stops every reminder of line managers' answers, and an application waiting
    when its programme ended asks nobody to chase one: "Send again" should not email them."""
    request = line_manager_emailed(
        cast.programme, UserFactory(full_name="Lena Late", email="lena@example.org")
    )
    cast.programme.status, cast.programme.recruitment_open = ProgrammeStatus.CLOSED, False
    cast.programme.save(update_fields=["status", "recruitment_open"])
    mailoutbox.clear()
    chosen = {"action": "send_again", "_selected_action": [request.pk]}

    page = office.post(LM_CHANGELIST, chosen)
    assert recipients_named(page) == [], "the confirmation offers to email them"
    office.post(LM_CHANGELIST, {**chosen, **confirmed(page)})

    assert mailoutbox == []
