"""A board member invited by mistake (a mistyped address) can be removed from their own page
while they have not joined: Django's confirmation says what happens first; the row goes, and
the invitation link to the address stops working. Anyone who joined, or was proposed a pair,
stays: their page offers no removal, and its address answers 403."""

import pytest
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent, Invitation
from mentoring.models import BoardMember
from mentoring.services.mentees import board_member_invite
from tests.admin_pages import signed_in_for_real
from tests.factories import MatchFactory, MentorFactory

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


@pytest.fixture
def mistyped(cast):
    return board_member_invite(
        programme=cast.programme, email="vp-reserch@example.org", invited_by=cast.coordinator
    )


def delete_url(member) -> str:
    return reverse("admin:mentoring_boardmember_delete", args=[member.pk])


def test_the_confirmation_says_what_removing_does(office, mistyped):
    page = office.get(delete_url(mistyped))

    assert page.status_code == 200
    text = " ".join(page.content.decode().split())
    assert "vp-reserch@example.org never joined 2026/27 pilot." in text
    assert "their invitation link stops working" in text
    assert BoardMember.objects.filter(pk=mistyped.pk).exists()


def test_the_confirmation_names_no_row_of_the_themes_link_table(office, cast, mistyped):
    """Their themes stay themes; the link rows that go with them are no news to the office,
    and Django named them "Boardmember-theme relationship: BoardMember_themes object (6)"."""
    mistyped.themes.set(cast.programme.themes.all()[:2])

    text = " ".join(office.get(delete_url(mistyped)).content.decode().split())

    assert "relationship" not in text
    assert "BoardMember_themes" not in text
    assert "Board members: 1" in text


def test_yes_removes_them_and_their_link(office, cast, mistyped, mailoutbox):
    [link] = Invitation.objects.pending().filter(email="vp-reserch@example.org")

    response = office.post(delete_url(mistyped), {"post": "yes"})

    assert response.status_code == 302
    assert not BoardMember.objects.filter(pk=mistyped.pk).exists()
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert mailoutbox == []
    # Who removed them, and when, by number: the office's accountability.
    removed = AuditEvent.objects.get(action=AuditAction.DELETED, object_id=mistyped.pk)
    assert (removed.actor, removed.object_label) == (
        cast.coordinator,
        f"Board member #{mistyped.pk}",
    )


def test_someone_who_joined_or_was_proposed_a_pair_stays(office, cast, mistyped):
    joined = BoardMember.objects.get(user=cast.board_member)
    MatchFactory(mentor=MentorFactory(programme=cast.programme), board_member=mistyped)

    for member in (joined, mistyped):
        assert office.get(delete_url(member)).status_code == 403
        page = office.get(reverse("admin:mentoring_boardmember_change", args=[member.pk]))
        assert delete_url(member) not in page.content.decode()
    assert BoardMember.objects.filter(pk__in=[joined.pk, mistyped.pk]).count() == 2


def test_the_list_offers_no_bulk_delete(office, mistyped):
    page = office.get(reverse("admin:mentoring_boardmember_changelist")).content.decode()

    assert 'value="delete_selected"' not in page
