"""An application sent while its programme asked for no line manager's agreement has no
request. The programme's form lets the office switch the agreement on once no such
application waits for a decision, so one declined (or accepted) before the switch may be
decided again. Nobody was asked, and nobody can be (the office sends a request again, never
a first one): its page opens, Accept and the waiting list are refused saying why (the
waiting list promises a place that could never come), and nobody is emailed. It failed with
a server error on the application's page and on accepting from the list."""

import pytest
from django.utils import timezone

from mentoring.models import ApplicationStatus
from mentoring.services.decisions import application_decide, application_decision_problem
from tests.admin_pages import (
    APPLICATIONS,
    as_a_browser_posts,
    change_url,
    signed_in_for_real,
    unchanged_named,
    words,
)
from tests.factories import application_from, line_manager_asked

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")

NEVER_ASKED = (
    "sent before this programme asked for the line manager's agreement, so no line manager "
    "was asked and none can agree"
)


@pytest.fixture
def zed(cast, office):
    """Zed Zhou's application, declined while the programme asked for no agreement; then the
    office switches the agreement on in the programme's form."""
    assert not cast.programme.line_manager_agreement
    application = application_from(
        cast.programme,
        "Zed Zhou",
        status=ApplicationStatus.DECLINED,
        decided_at=timezone.now(),
    )
    url = change_url(cast.programme)
    switched = office.post(
        url, {**as_a_browser_posts(office.get(url)), "line_manager_agreement": "on"}
    )
    assert switched.status_code == 302, "the form allows it: no application waits"
    cast.programme.refresh_from_db()
    assert cast.programme.line_manager_agreement
    return application


def test_its_page_opens_and_says_why_it_cannot_be_accepted_nor_wait_listed(office, zed):
    page = office.get(change_url(zed))

    assert page.status_code == 200
    problems = {each["status"]: each["problem"] for each in page.context["decisions"]}
    assert problems[ApplicationStatus.ACCEPTED] == NEVER_ASKED
    assert problems[ApplicationStatus.WAITLISTED] == f"{NEVER_ASKED}, so it can never be accepted"
    assert problems[ApplicationStatus.DECLINED] == "already declined"
    assert NEVER_ASKED in words(page.content.decode())


@pytest.mark.parametrize(
    ("action", "why"),
    [
        ("accept", NEVER_ASKED),
        ("waitlist", f"{NEVER_ASKED}, so it can never be accepted"),
    ],
)
def test_choosing_it_in_the_list_names_it_as_left_as_it_is_and_emails_nobody(
    office, zed, mailoutbox, django_capture_on_commit_callbacks, action, why
):
    chosen = {"action": action, "_selected_action": [zed.pk]}
    page = office.post(APPLICATIONS, chosen)

    assert page.status_code == 200, "a confirmation"
    assert unchanged_named(page) == [f"Zed Zhou: {why}"]
    with django_capture_on_commit_callbacks(execute=True):
        office.post(APPLICATIONS, {**chosen, "confirmed": "yes"})

    zed.refresh_from_db()
    assert zed.status == ApplicationStatus.DECLINED
    assert mailoutbox == []


@pytest.mark.parametrize("status", [ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED])
def test_the_service_refuses_it_too(cast, zed, mailoutbox, status):
    assert application_decision_problem(application=zed, status=status, by=cast.coordinator)
    assert not application_decide(application=zed, status=status, by=cast.coordinator)

    zed.refresh_from_db()
    assert zed.status == ApplicationStatus.DECLINED
    assert mailoutbox == []


def test_one_accepted_before_the_switch_is_not_wait_listed_after_it(cast, office):
    """Taken off its place onto the waiting list, it could never be accepted again."""
    amy = application_from(
        cast.programme, "Amy Ang", status=ApplicationStatus.ACCEPTED, decided_at=timezone.now()
    )
    cast.programme.line_manager_agreement = True
    cast.programme.save(update_fields=["line_manager_agreement"])

    problem = application_decision_problem(
        application=amy, status=ApplicationStatus.WAITLISTED, by=cast.coordinator
    )

    assert problem == f"{NEVER_ASKED}, so it can never be accepted"
    assert office.get(change_url(amy)).status_code == 200


def test_a_line_manager_asked_is_still_what_accepting_waits_for(cast):
    """Only an application with no request at all is never asked: one whose line manager
    has not answered yet still waits for them."""
    request = line_manager_asked(cast.programme, cast.outsider, "lee.manager@example.org")
    request.application.refresh_from_db()

    assert not request.application.line_manager_never_asked
    assert (
        application_decision_problem(
            application=request.application, status=ApplicationStatus.ACCEPTED, by=cast.coordinator
        )
        == "the line manager has not agreed"
    )
