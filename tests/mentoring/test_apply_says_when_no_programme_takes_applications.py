"""/apply/ is a fixed address (emails link to it). Once no programme runs (the pilot closed),
it says that none takes applications, and what to do meanwhile, to whoever opens it: a
visitor reads it without signing in first; Maya, who applied to the pilot, is also led to
her application, which still opens at the pilot's address; a board member and a
coordinator are not invited to apply to the next one. A programme named that nobody may
see still answers 404."""

import pytest
from django.urls import reverse

from mentoring.models import ApplicationStatus, MentorApplication, ProgrammeStatus
from tests.applying import application_answers, apply_url
from tests.cast import sign_in_as
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

NONE_TAKES_APPLICATIONS = "No reverse mentoring programme is running just now"
APPLY_THEN = "you can apply then"
HER_APPLICATION = '<a href="/apply/?programme=pilot">Read your application to 2026/27 pilot</a>'
SIGN_IN_TO_READ = "Sign in</a> to read your application"
APPLY_LINK = "Apply</a>"  # the navigation's link, and the programme page's button


@pytest.fixture
def closed(cast):
    """The office has closed the pilot: no programme runs."""
    cast.programme.status, cast.programme.recruitment_open = ProgrammeStatus.CLOSED, False
    cast.programme.save(update_fields=["status", "recruitment_open"])
    return cast.programme


def apply_page(client, cast, role: str):
    sign_in_as(client, cast, role)
    response = client.get(apply_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_reads_that_none_takes_applications_without_signing_in(client, cast, closed):
    page = apply_page(client, cast, "anonymous")

    assert NONE_TAKES_APPLICATIONS in page
    assert APPLY_THEN in page
    # Signing in is offered, not required: to read an application made before.
    assert SIGN_IN_TO_READ in page
    assert "2026/27 pilot" not in page


def test_a_mentor_who_applied_before_is_led_to_her_application(client, cast, closed):
    page = apply_page(client, cast, "mentor")

    assert NONE_TAKES_APPLICATIONS in page
    assert APPLY_THEN in page
    assert HER_APPLICATION in page
    assert SIGN_IN_TO_READ not in page
    assert APPLY_LINK not in page
    # …which still opens where it always did.
    assert client.get(apply_url(closed)).status_code == 200


def test_a_draft_left_in_the_closed_programme_is_offered_to_read(client, cast, closed):
    MentorApplication.objects.filter(applicant=cast.mentor).update(status=ApplicationStatus.DRAFT)

    page = apply_page(client, cast, "mentor")

    assert "Read your draft application to 2026/27 pilot</a>" in page


def test_a_board_member_is_not_invited_to_apply_to_the_next_programme(client, cast, closed):
    page = apply_page(client, cast, "board_member")

    assert NONE_TAKES_APPLICATIONS in page
    # Bola is still one (closing ends no pair), and no call for mentors is running.
    assert (
        "You are a board member: board members are the ones mentored, never reverse mentors, "
        "so you would not apply as one."
    ) in page
    assert "You have been a board member" not in page
    assert "call for mentors" not in page
    assert APPLY_THEN not in page
    assert APPLY_LINK not in page
    assert "/apply/?programme=" not in page


def test_a_coordinator_is_not_invited_to_apply_and_sees_nothing_staff_only(client, cast, closed):
    # A programme the office is preparing: coordinators may preview its page, but /apply/
    # offers nobody a draft.
    ProgrammeFactory(
        name="2027/28 cohort", slug="cohort", status=ProgrammeStatus.DRAFT, recruitment_open=False
    )

    page = apply_page(client, cast, "coordinator")

    assert NONE_TAKES_APPLICATIONS in page
    assert "so you do not apply as a mentor" in page
    assert APPLY_THEN not in page
    assert APPLY_LINK not in page
    assert "/apply/?programme=" not in page
    assert "2027/28 cohort" not in page


def test_someone_who_never_applied_is_told_to_watch_for_the_next_one(client, cast, closed, priya):
    client.force_login(priya)

    page = client.get(apply_url()).content.decode()

    assert NONE_TAKES_APPLICATIONS in page
    assert APPLY_THEN in page
    assert "/apply/?programme=" not in page


def test_while_a_programme_runs_a_visitor_is_still_asked_to_sign_in(client, cast):
    response = client.get(apply_url())

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["anonymous", "mentor"])
def test_a_programme_nobody_may_see_is_still_not_found(client, cast, closed, role):
    sign_in_as(client, cast, role)

    response = client.get(reverse("apply") + "?programme=no-such-programme")

    assert response.status_code == 302 if role == "anonymous" else 404


def test_answers_sent_after_the_programme_closed_are_shown_back_not_saved(
    client, cast, closed, priya
):
    client.force_login(priya)
    answers = application_answers(closed, bio="I run the staff book club.", save="1")

    response = client.post(apply_url(), answers)

    assert response.status_code == 200
    page = response.content.decode()
    # Said once, in the error summary at the top, above what she typed, to copy.
    summary = page.split("data-error-summary", 1)[1].split("</div>", 1)[0]
    assert "No programme is taking applications now, so your answers were not saved." in summary
    assert page.count("not saved") == 1
    assert page.count("data-error-summary") == 1
    typed = page.split("What you had typed", 1)[1]
    assert "I run the staff book club." in typed
    assert not MentorApplication.objects.filter(applicant=priya).exists()


# Reading the page: for a visitor, the current programme (none). For someone signed in:
# their session, their account, the current programme (none), the navigation's facts (one
# query: the page reads from them whether they are a coordinator or a board member), and
# for all but a coordinator their newest application; for a board member, which programmes
# they are on the board of (an application in one of those does not open for them). A
# coordinator's authenticator, role and permissions are read after their account, in one
# query (accounts.access: the staff check every page of theirs makes).
@pytest.mark.parametrize(
    ("role", "count"),
    [("anonymous", 1), ("mentor", 5), ("board_member", 6), ("coordinator", 5)],
)
def test_the_page_reads_a_few_rows_whoever_opens_it(
    client, cast, closed, role, count, django_assert_num_queries
):
    sign_in_as(client, cast, role)

    with django_assert_num_queries(count):
        client.get(apply_url())
