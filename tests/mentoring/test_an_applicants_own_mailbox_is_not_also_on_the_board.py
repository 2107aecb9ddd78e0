"""Nobody is both mentor and board member in one programme, whichever address of theirs the
office types: a `+` alias of an applicant's sign-in address, or one added on their account,
reaches their own mailbox (`mentoring.approval.is_own_address`, the rule approving an
application reads). Adding it to the board is refused, saying whose mailbox it is; and once
it is on the board (added while their application was declined), their application can no
longer be accepted."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from mentoring.models import ApplicationStatus, BoardMember
from mentoring.services.decisions import ON_THE_BOARD
from mentoring.services.mentees import BoardMemberError, board_member_invite
from tests.admin_pages import decide_url, signed_in_for_real, unchanged_named, words
from tests.factories import BoardMemberFactory, UserFactory, application_from

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")

HER_MAILBOX = "is Priya Patel's own mailbox"


def test_a_plus_alias_of_an_applicants_address_is_not_added_to_the_board(office, cast):
    application_from(cast.programme, "Priya Patel")

    page = office.post(
        reverse("admin:mentoring_boardmember_add"),
        {"programme": cast.programme.pk, "email": "Priya+Board@example.org", "role_title": "Dean"},
    )

    content = words(page.content.decode())
    assert f"Priya+Board@example.org {HER_MAILBOX}" in content
    assert "nobody can be both mentor and board member in one programme" in content
    assert not BoardMember.objects.filter(email__icontains="priya").exists()


def test_nor_an_address_added_on_her_account(cast):
    priya = application_from(cast.programme, "Priya Patel")
    EmailAddress.objects.create(user=priya.applicant, email="p.patel@example.org", verified=True)

    with pytest.raises(BoardMemberError, match=HER_MAILBOX):
        board_member_invite(
            programme=cast.programme, email="p.patel@example.org", invited_by=cast.coordinator
        )


@pytest.mark.parametrize("joined", [False, True], ids=["invited", "joined"])
def test_her_application_is_not_accepted_once_her_alias_is_on_the_board(office, cast, joined):
    """Declined, Priya is added to the board at "priya+board@…" (no application in the
    programme then); the office may not accept her application again, whether she has
    joined by that address (a second account) or not yet."""
    priya = application_from(cast.programme, "Priya Patel", status=ApplicationStatus.DECLINED)
    alias = "priya+board@example.org"
    account = UserFactory(full_name="Priya Patel", email=alias) if joined else None
    BoardMemberFactory(programme=cast.programme, user=account, email=alias)

    confirmation = office.get(f"{decide_url(priya, ApplicationStatus.ACCEPTED)}?seen=declined")

    assert f"Priya Patel: {ON_THE_BOARD}" in unchanged_named(confirmation)
