"""The office's "Delete the selected accounts" names who will be emailed; "Yes" deletes an
account only while that is still so. If a pair of theirs was confirmed meanwhile (so their
new partner would be emailed unseen), or a colleague deleted it first, nothing is done to it,
nobody is emailed, and the office is told why. Someone chosen but not on the page is left
alone."""

import pytest
from django.urls import reverse

from accounts.models import OutboxMessage, User
from accounts.services import account_delete
from matching.services import pair_activate
from mentoring.models import BoardMember
from tests.admin_pages import confirmed, messages_shown, signed_in_for_real, words
from tests.factories import BriefedBoardMemberFactory, MatchFactory, MentorFactory, UserFactory

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")
CHANGELIST = reverse("admin:accounts_user_changelist")


@pytest.fixture
def proposed(cast):
    """Ada, a board member proposed with a new mentor, Kit: deleting her account withdraws
    the proposal and emails nobody."""
    ada = UserFactory(full_name="Ada Lovelace", email="ada@example.org")
    member = BriefedBoardMemberFactory(programme=cast.programme, user=ada)
    kit = MentorFactory(programme=cast.programme, applicant__full_name="Kit Marlowe")
    return MatchFactory(mentor=kit, board_member=member)


def action(people) -> dict:
    return {"action": "delete_accounts", "_selected_action": [person.pk for person in people]}


def test_a_pair_confirmed_after_the_page_was_shown_stops_the_deletion(office, cast, proposed):
    ada = proposed.board_member.user
    page = office.post(CHANGELIST, action([ada]))
    assert "Who will be emailed (0) Nobody." in words(page.content.decode())
    pair_activate(match=proposed, by=cast.coordinator)  # a colleague, meanwhile
    before = OutboxMessage.objects.count()

    response = office.post(CHANGELIST, {**action([ada]), **confirmed(page)}, follow=True)

    assert messages_shown(response) == [
        "Ada Lovelace: Who deleting Ada Lovelace's account emails changed after the page was "
        "shown, so it was not deleted and nobody was emailed. Look at it again before "
        "deleting it."
    ]
    assert User.objects.get(pk=ada.pk).deleted_at is None
    assert OutboxMessage.objects.count() == before


def test_an_account_a_colleague_deleted_first_is_said_not_deleted_again(office, cast, proposed):
    ada = proposed.board_member.user
    page = office.post(CHANGELIST, action([ada]))
    account_delete(user=ada, by=cast.coordinator)  # a colleague, meanwhile

    response = office.post(CHANGELIST, {**action([ada]), **confirmed(page)}, follow=True)

    assert messages_shown(response) == ["Deleted account: This account has already been deleted."]


def test_unchanged_the_deletion_goes_ahead_and_only_for_those_shown(office, cast, proposed):
    ada = proposed.board_member.user
    page = office.post(CHANGELIST, action([ada]))

    # The outsider is chosen too, but was never on the page: left alone.
    response = office.post(
        CHANGELIST, {**action([ada, cast.outsider]), **confirmed(page)}, follow=True
    )

    assert messages_shown(response) == [
        "1 account deleted and anonymised. The audit trail records who deleted them."
    ]
    assert User.objects.get(pk=ada.pk).deleted_at is not None
    assert User.objects.get(pk=cast.outsider.pk).deleted_at is None


def test_both_people_of_a_pair_deleted_in_one_go_are_both_deleted(office, cast):
    """The page names the partner for each; once the first is deleted, the second's pair
    has ended and the partner is no longer told of it: fewer than named is no surprise."""
    pair = [cast.mentor, cast.board_member]
    page = office.post(CHANGELIST, action(pair))

    response = office.post(CHANGELIST, {**action(pair), **confirmed(page)}, follow=True)

    assert messages_shown(response)[0].startswith("2 accounts deleted and anonymised")
    assert User.objects.filter(pk__in=[p.pk for p in pair], deleted_at__isnull=False).count() == 2


def test_a_deleted_accounts_board_place_is_read_only_in_the_office(office, cast, proposed):
    """Kept for the counts, anonymised: its page offers no Save, and a form sent from a page
    read before the deletion changes nothing."""
    member = proposed.board_member
    url = reverse("admin:mentoring_boardmember_change", args=[member.pk])
    form = office.get(url)
    assert 'name="_save"' in form.content.decode()
    account_delete(user=member.user, by=cast.coordinator)

    assert 'name="_save"' not in office.get(url).content.decode()
    posted = office.post(url, {"bio": "Words after the deletion", "_save": "Save"})

    assert posted.status_code == 403
    assert BoardMember.objects.get(pk=member.pk).bio == ""
