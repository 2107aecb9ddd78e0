"""Nobody is both mentor and board member in one programme, by whichever address of theirs:
Priya, invited to the pilot's board at a `+` alias of her address (or at one added on her
account, or on it through a second account), is refused on /apply/ as a board member with
her own account is, by the rule adding a board member reads (`approval.is_own_address`),
instead of sending an application the office could only decline. A colleague whose mailbox
only begins like hers still applies."""

import pytest
from allauth.account.models import EmailAddress

from mentoring.models import ApplicationStatus, MentorApplication
from tests.admin_pages import words
from tests.applying import application_answers, apply_url
from tests.factories import BoardMemberFactory, DraftApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

ALIAS = "priya+board@example.org"
REFUSED = (
    "2026/27 pilot has a board member's place for priya+board@example.org, which reaches your "
    "own mailbox, so you cannot also apply to it as a mentor"
)


def test_invited_at_an_alias_of_her_address_she_is_not_offered_the_form(client, cast, priya):
    BoardMemberFactory(programme=cast.programme, user=None, email=ALIAS)
    client.force_login(priya)

    page = client.get(apply_url(cast.programme))

    assert page.status_code == 403
    assert REFUSED in words(page.content.decode())
    assert 'name="submit"' not in page.content.decode()


def test_nor_does_sending_her_answers_make_an_application(client, cast, priya):
    BoardMemberFactory(programme=cast.programme, user=None, email=ALIAS)
    client.force_login(priya)

    page = client.post(apply_url(cast.programme), application_answers(cast.programme, submit="1"))

    assert page.status_code == 403
    assert not MentorApplication.objects.filter(applicant=priya).exists()


def test_a_draft_from_before_she_was_invited_is_not_sent(client, cast, priya):
    draft = DraftApplicationFactory(programme=cast.programme, applicant=priya)
    BoardMemberFactory(programme=cast.programme, user=None, email=ALIAS)
    client.force_login(priya)

    page = client.post(apply_url(cast.programme), {"send": "yes", "shown": "anything"})

    assert page.status_code == 403
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_on_the_board_through_a_second_account_of_hers_she_is_refused(client, cast, priya):
    second = UserFactory(full_name="Priya Patel", email=ALIAS)
    BoardMemberFactory(programme=cast.programme, user=second)
    client.force_login(priya)

    page = client.get(apply_url(cast.programme))

    assert page.status_code == 403
    assert REFUSED in words(page.content.decode())


def test_invited_at_an_address_added_on_her_account_she_is_refused(client, cast, priya):
    EmailAddress.objects.create(user=priya, email="p.patel@example.org", verified=True)
    BoardMemberFactory(programme=cast.programme, user=None, email="P.Patel+exec@example.org")
    client.force_login(priya)

    page = client.get(apply_url(cast.programme))

    assert page.status_code == 403
    assert "place for P.Patel+exec@example.org, which reaches your own mailbox" in words(
        page.content.decode()
    )


def test_a_colleague_whose_mailbox_only_begins_like_hers_applies(client, cast, priya):
    BoardMemberFactory(programme=cast.programme, user=None, email=ALIAS)
    priyanka = UserFactory(full_name="Priyanka Rao", email="priyanka@example.org")
    client.force_login(priyanka)

    page = client.get(apply_url(cast.programme))

    assert page.status_code == 200
    assert "Apply to be a reverse mentor" in page.content.decode()


def test_on_another_programmes_board_at_an_alias_she_still_applies_here(client, cast, priya):
    BoardMemberFactory(user=None, email=ALIAS)  # another programme's board
    client.force_login(priya)

    page = client.get(apply_url(cast.programme))

    assert page.status_code == 200
