"""An address typed on an account's email page and never confirmed is nobody's own yet
(`mentoring.approval.CONFIRMED`): anyone can type anyone's address there. It counts once its
owner confirms it, as the sign-in address does. Counted before, it let someone learn from
/apply/ whether an address was invited to a board place, a board member bar a colleague
from applying, and an applicant block the office's invitation of someone else."""

import pytest
from allauth.account.models import EmailAddress

from mentoring.line_manager import line_manager_problem
from mentoring.models import BoardMember
from mentoring.services.mentees import BoardMemberError, board_member_invite
from tests.admin_pages import words
from tests.applying import apply_url
from tests.factories import BoardMemberFactory, application_from

pytestmark = pytest.mark.django_db

INVITED = "bea.board@example.org"


def typed(person, address: str) -> EmailAddress:
    return EmailAddress.objects.create(user=person, email=address, verified=False)


def test_apply_does_not_tell_whether_an_address_typed_was_invited_to_the_board(client, cast, priya):
    BoardMemberFactory(programme=cast.programme, user=None, email=INVITED)
    typed(priya, INVITED)
    client.force_login(priya)

    page = client.get(apply_url(cast.programme))

    assert page.status_code == 200
    assert "Apply to be a reverse mentor" in page.content.decode()
    assert INVITED not in page.content.decode()


def test_once_she_confirms_the_invited_address_it_is_hers(client, cast, priya):
    BoardMemberFactory(programme=cast.programme, user=None, email=INVITED)
    address = typed(priya, INVITED)
    address.verified = True
    address.save()
    client.force_login(priya)

    page = client.get(apply_url(cast.programme))

    assert page.status_code == 403
    assert f"place for {INVITED}, which reaches your own mailbox" in words(page.content.decode())


def test_a_board_member_typing_a_colleagues_address_does_not_bar_her_from_applying(
    client, cast, priya
):
    typed(cast.board_member, "priya@example.org")
    client.force_login(priya)

    page = client.get(apply_url(cast.programme))

    assert page.status_code == 200
    assert "Apply to be a reverse mentor" in page.content.decode()


def test_an_applicant_typing_an_address_does_not_stop_the_office_inviting_its_owner(cast):
    priya = application_from(cast.programme, "Priya Patel")
    typed(priya.applicant, INVITED)

    board_member_invite(programme=cast.programme, email=INVITED, invited_by=cast.coordinator)

    assert BoardMember.objects.filter(programme=cast.programme, email=INVITED).exists()


def test_once_the_applicant_confirms_it_the_office_is_refused(cast):
    priya = application_from(cast.programme, "Priya Patel")
    EmailAddress.objects.create(user=priya.applicant, email=INVITED, verified=True)

    with pytest.raises(BoardMemberError, match="is Priya Patel's own mailbox"):
        board_member_invite(programme=cast.programme, email=INVITED, invited_by=cast.coordinator)


def test_a_board_member_typing_an_address_does_not_stop_the_office_inviting_its_owner(cast):
    """Bola, on the pilot's board, types the new dean's address on her account."""
    typed(cast.board_member, "newdean@example.org")

    board_member_invite(
        programme=cast.programme, email="newdean@example.org", invited_by=cast.coordinator
    )

    assert BoardMember.objects.filter(email="newdean@example.org", user=None).exists()


def test_someone_in_the_office_typing_an_address_does_not_stop_its_owner_being_invited(cast):
    typed(cast.coordinator, "newdean@example.org")

    board_member_invite(
        programme=cast.programme, email="newdean@example.org", invited_by=cast.coordinator
    )

    assert BoardMember.objects.filter(email="newdean@example.org").exists()


def test_an_address_only_typed_may_be_named_line_manager_one_confirmed_may_not(cast):
    address = typed(cast.outsider, "lee.manager@example.org")
    assert (
        line_manager_problem(applicant=cast.outsider, manager_email="lee.manager@example.org")
        is None
    )

    address.verified = True
    address.save()
    assert "This is your own address" in line_manager_problem(
        applicant=cast.outsider, manager_email="lee.manager@example.org"
    )
