"""Rules found in review: who can be in a pair, and what withdrawing or declining does to it."""

import pytest
from django.urls import reverse

from matching.selectors import match_board
from matching.services import pair_propose
from mentoring.models import (
    ApplicationStatus,
    BoardMember,
    EndReason,
    MatchStatus,
    Registration,
    RegistrationStatus,
)
from mentoring.services.decisions import application_decide
from mentoring.services.matches import MatchError
from tests.cast import from_the_cast
from tests.factories import (
    BriefedBoardMemberFactory,
    LineManagerRequestFactory,
    MentorApplicationFactory,
    MentorFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


programme = from_the_cast("programme")


def test_the_board_lists_a_board_member_without_a_complete_profile_as_waiting(
    client, cast, programme
):
    MentorFactory(programme=programme, department="Library Services")
    BriefedBoardMemberFactory(
        programme=programme,
        user=UserFactory(full_name="Nadia Noor"),
        learning_style="",
        profile_completed_at=None,
    )
    client.force_login(cast.coordinator)

    response = client.get(reverse("admin:matching_board", args=[programme.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Waiting for a complete profile (1)" in content
    assert "Nadia Noor" in content


def test_a_board_member_without_a_complete_profile_cannot_be_proposed(cast, programme):
    mentor = MentorFactory(programme=programme, department="Library Services")
    member = BriefedBoardMemberFactory(programme=programme, profile_completed_at=None)

    with pytest.raises(MatchError, match="has not completed their profile"):
        pair_propose(mentor=mentor, board_member=member, proposed_by=cast.coordinator)


def test_nobody_is_paired_with_themselves(cast, programme):
    person = UserFactory(department="Estates")
    mentor = MentorFactory(programme=programme, applicant=person)
    member = BriefedBoardMemberFactory(
        programme=programme, user=person, email=person.email, department="Finance"
    )

    with pytest.raises(MatchError, match="they are the same person"):
        pair_propose(mentor=mentor, board_member=member, proposed_by=cast.coordinator)
    board = match_board(programme)
    assert not board.allowed[board.mentors.index(mentor), board.board_members.index(member)]


def test_an_applicant_cannot_also_be_invited_as_a_board_member(client, cast, programme):
    applicant = MentorApplicationFactory(programme=programme).applicant
    client.force_login(cast.coordinator)

    response = client.post(
        reverse("admin:mentoring_boardmember_add"),
        {"programme": programme.pk, "email": applicant.email, "role_title": "Dean"},
    )

    assert "nobody can be both mentor and board member" in response.content.decode()
    assert not BoardMember.objects.filter(email=applicant.email).exists()
    assert BoardMember.objects.count() == 2  # the cast's own two


def test_withdrawing_ends_the_mentors_pair_and_tells_the_programme_office(
    client, cast, programme, mailoutbox, django_capture_on_commit_callbacks
):
    match = cast.pair
    client.force_login(cast.mentor)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("apply_withdraw"), {"programme": programme.slug, "confirm": "1"})

    match.refresh_from_db()
    assert match.status == MatchStatus.ENDED
    assert match.end_reason == EndReason.WITHDRAWN
    [mail] = [m for m in mailoutbox if m.to == [cast.coordinator.email]]
    assert "has withdrawn" in mail.subject
    assert str(match.board_member) in mail.body
    assert str(match.board_member) in mail.alternatives[0][0]
    client.force_login(match.board_member.user)
    page = client.get(reverse("match")).content.decode()
    assert "this pairing has ended" in page
    assert "Propose a meeting" not in page


def test_a_withdrawal_goes_to_the_programme_offices_own_address_when_it_has_one(
    client, cast, programme, mailoutbox, django_capture_on_commit_callbacks
):
    programme.office_email = "edi-office@example.org"
    programme.save(update_fields=["office_email"])
    client.force_login(cast.mentor)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("apply_withdraw"), {"programme": programme.slug, "confirm": "1"})

    [mail] = [m for m in mailoutbox if "has withdrawn" in m.subject]
    assert mail.to == ["edi-office@example.org"]
    assert mail.body.startswith("Hello,")


def test_a_mentor_in_a_pair_cannot_be_declined_until_the_pair_ends(cast, coordinator):
    match = cast.pair

    assert not application_decide(
        application=match.mentor, status=ApplicationStatus.DECLINED, by=coordinator
    )
    match.mentor.refresh_from_db()
    assert match.mentor.status == ApplicationStatus.ACCEPTED


@pytest.mark.parametrize(
    ("decision", "reason", "accepted"),
    [("", "", False), ("declined", "Short-staffed this term.", False), ("agreed", "", True)],
)
def test_acceptance_waits_for_the_line_managers_agreement(
    programme, coordinator, decision, reason, accepted
):
    from django.utils import timezone

    programme.line_manager_agreement = True
    programme.save(update_fields=["line_manager_agreement"])
    application = MentorApplicationFactory(
        programme=programme, line_manager_email="lee@example.org"
    )
    LineManagerRequestFactory(
        application=application,
        decision=decision,
        reason=reason,
        answered_at=timezone.now() if decision else None,
    )

    assert (
        application_decide(application=application, status="accepted", by=coordinator) is accepted
    )


def test_attendance_cannot_be_typed_into_a_registration_in_the_admin(client, cast, programme):
    registration = RegistrationFactory(event__programme=programme, person=cast.outsider)
    client.force_login(cast.coordinator)

    client.post(
        reverse("admin:mentoring_registration_change", args=[registration.pk]),
        {"status": RegistrationStatus.ATTENDED},
    )

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED
    # This one, and the four of the cast's pairs at their briefings: no row added.
    assert Registration.objects.count() == 5


def test_a_submitted_ineligible_application_does_not_invite_changes(client, programme):
    application = MentorApplicationFactory(
        programme=programme, has_conflict=True, conflict_details="Grievance", eligible=False
    )
    client.force_login(application.applicant)

    content = client.get(reverse("apply") + f"?programme={programme.slug}").content.decode()

    assert "Thank you for being open about it." in content
    assert "change them before you submit" not in content
