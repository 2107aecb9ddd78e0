"""Who may apply is asked again when the application is sent, under the service's lock,
not only by /apply/: Priya, invited to the pilot's board after the confirmation page was
drawn, even in the instant between /apply/ asking and the application being sent, sends
nothing. The page says why, and her draft stays as she wrote it. Any other caller of
`application_submit` meets the same rule (`mentoring.access.why_cannot_apply`)."""

import re

import pytest

from accounts.models import OutboxMessage
from mentoring import access
from mentoring.models import ApplicationStatus, MentorApplication
from mentoring.services.applications import ApplicationError, application_submit
from mentoring.views import applications as views
from tests.applying import application_answers, apply_url
from tests.factories import BoardMemberFactory, DraftApplicationFactory, ProgrammeFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db

NOT_SENT = "Your application was not sent; your answers are kept as a draft."


def confirmation_shown(client, programme) -> str:
    """Priya's answers posted with "Submit application": the confirmation's `shown` stamp."""
    page = client.post(apply_url(programme), application_answers(programme, submit="1"))
    return re.search(r'name="shown" value="([^"]+)"', page.content.decode()).group(1)


def yes_send(client, programme, shown: str):
    return client.post(apply_url(programme), {"send": "yes", "shown": shown}, follow=True)


def invited_once_asked(monkeypatch, invite) -> None:
    """The office's invitation (`invite`) lands just after /apply/ asked who may apply on
    "Yes, send", before the application is sent: the race the view's own check cannot see."""

    def asked(user, programme, **kwargs):
        refusal = access.why_cannot_apply(user, programme, **kwargs)
        monkeypatch.setattr(views, "why_cannot_apply", access.why_cannot_apply)
        invite()
        return refusal

    monkeypatch.setattr(views, "why_cannot_apply", asked)


def test_invited_between_apply_asking_and_sending_she_sends_nothing(
    client, cast, priya, monkeypatch
):
    client.force_login(priya)
    shown = confirmation_shown(client, cast.programme)
    emails = OutboxMessage.objects.count()
    invited_once_asked(
        monkeypatch, lambda: BoardMemberFactory(programme=cast.programme, user=priya)
    )

    page = yes_send(client, cast.programme, shown)

    assert page.status_code == 403  # /apply/ now refuses her, as any board member
    text = page_text(page)
    assert "You are now a board member in 2026/27 pilot" in text
    assert NOT_SENT in text
    assert "Thank you. Your application has been submitted." not in text
    application = MentorApplication.objects.get(applicant=priya, programme=cast.programme)
    assert application.status == ApplicationStatus.DRAFT
    assert application.submitted_at is None
    assert application.bio == "Library assistant; I run the staff book club."  # kept
    assert OutboxMessage.objects.count() == emails  # nobody emailed


def test_invited_at_an_address_of_hers_meanwhile_she_sends_nothing(
    client, cast, priya, monkeypatch
):
    client.force_login(priya)
    shown = confirmation_shown(client, cast.programme)
    invited_once_asked(
        monkeypatch,
        lambda: BoardMemberFactory(
            programme=cast.programme, user=None, email="priya+board@example.org"
        ),
    )

    page = yes_send(client, cast.programme, shown)

    assert page.status_code == 403
    assert "reaches your own mailbox" in page_text(page)
    assert NOT_SENT in page_text(page)
    application = MentorApplication.objects.get(applicant=priya, programme=cast.programme)
    assert application.status == ApplicationStatus.DRAFT


def test_made_a_board_member_elsewhere_meanwhile_she_sends_nothing(
    client, cast, priya, monkeypatch
):
    client.force_login(priya)
    shown = confirmation_shown(client, cast.programme)
    next_year = ProgrammeFactory(name="Next year", slug="next")
    invited_once_asked(monkeypatch, lambda: BoardMemberFactory(programme=next_year, user=priya))

    page = yes_send(client, cast.programme, shown)

    assert "You are now a board member in another programme" in page_text(page)
    application = MentorApplication.objects.get(applicant=priya, programme=cast.programme)
    assert application.status == ApplicationStatus.DRAFT


def test_invited_before_she_says_yes_she_is_refused_and_the_draft_kept(client, cast, priya):
    client.force_login(priya)
    shown = confirmation_shown(client, cast.programme)
    BoardMemberFactory(programme=cast.programme, user=priya)

    page = yes_send(client, cast.programme, shown)

    assert page.status_code == 403
    assert "You are a board member in 2026/27 pilot" in page_text(page)
    application = MentorApplication.objects.get(applicant=priya, programme=cast.programme)
    assert application.status == ApplicationStatus.DRAFT


def test_whoever_else_sends_a_board_members_draft_is_refused_the_same(cast, priya):
    draft = DraftApplicationFactory(programme=cast.programme, applicant=priya)
    BoardMemberFactory(programme=cast.programme, user=priya)

    with pytest.raises(ApplicationError, match="board member in 2026/27 pilot"):
        application_submit(application=draft)

    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_someone_who_may_apply_still_sends_it(client, cast, priya):
    client.force_login(priya)
    shown = confirmation_shown(client, cast.programme)

    page = yes_send(client, cast.programme, shown)

    assert "Thank you. Your application has been submitted." in page.content.decode()
    application = MentorApplication.objects.get(applicant=priya, programme=cast.programme)
    assert application.status == ApplicationStatus.SUBMITTED
