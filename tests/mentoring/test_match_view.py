"""Each person sees the other side of their pair at /match/, and only what was shared."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from mentoring.models import (
    BoardMember,
    EndReason,
    Match,
    MatchStatus,
    MeetingStatus,
    MentorApplication,
    ProgrammeStatus,
    Theme,
)
from mentoring.services.matches import match_end
from tests.admin_pages import words
from tests.factories import (
    STATEMENT,
    BriefedBoardMemberFactory,
    MatchFactory,
    MeetingFactory,
    MentorFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.pages import page_text

pytestmark = pytest.mark.django_db

URL = reverse("match")
NOT_PAIRED = "You have not been paired yet."


@pytest.fixture
def programme(cast):
    """The cast's programme, with a third theme and its own meeting rhythm."""
    programme = cast.programme
    Theme.objects.create(programme=programme, name="Disability inclusion", position=2)
    programme.meeting_minutes = 45
    programme.gap_min_weeks, programme.gap_max_weeks = 4, 6
    programme.save()
    return programme


@pytest.fixture
def mentor(cast, programme):
    """Maya, who mentors Bola; her application says more than she chose to share."""
    User.objects.filter(pk=cast.mentor.pk).update(
        job_title="Research technician", department="Life Sciences"
    )
    mentor = cast.pair.mentor
    # What she told the programme office in her application, which is not shared.
    mentor.department = "Life Sciences technical team"
    mentor.bio = "I run the staff race network's book club."
    mentor.experience_statement = STATEMENT
    mentor.has_conflict = True
    mentor.conflict_details = "My partner works in the Provost's Office."
    mentor.qualities_reflection = "I listen well; I want to get better at challenging with care."
    mentor.learning_style = "reflector"
    mentor.save()
    mentor.themes.set(programme.themes.filter(name__in=["Anti-racism", "Culture change"]))
    mentor.applicant.refresh_from_db()
    return mentor


@pytest.fixture
def board_member(cast, programme):
    """Bola, the Provost, mentored by Maya."""
    board_member = cast.pair.board_member
    board_member.role_title = "Provost"
    board_member.bio = "Provost since 2022; chairs the Provost's Board."
    board_member.learning_goals = (
        "How decisions at the top feel to colleagues without positional power."
    )
    board_member.save()
    board_member.themes.set(programme.themes.filter(name="Disability inclusion"))
    return board_member


@pytest.fixture
def pair(cast, mentor, board_member):
    cast.pair.refresh_from_db()
    return cast.pair


@pytest.fixture
def other_pair(cast, programme):
    """Omar mentors Olive, in the same programme."""
    MentorApplication.objects.filter(pk=cast.other_pair.mentor_id).update(
        bio="Porter, and a union rep."
    )
    BoardMember.objects.filter(pk=cast.other_pair.board_member_id).update(
        bio="Runs estates, IT and finance."
    )
    return cast.other_pair


@pytest.fixture
def newcomers(programme):
    """Priya and Grace, a mentor and a board member of the programme not yet in a pair."""
    return (
        MentorFactory(programme=programme, applicant=UserFactory(full_name="Priya Patel")),
        BriefedBoardMemberFactory(programme=programme, user=UserFactory(full_name="Grace Okafor")),
    )


def visit(client, person):
    client.force_login(person)
    response = client.get(URL)
    assert response.status_code == 200
    return response


NEXT_STEPS = [
    "Your first meeting is due by",
    "Propose a meeting",
    "About 45 minutes, every 4 to 6 weeks.",
    "Both of you agree the ground rules before your first meeting is logged.",
    "I agree to these ground rules",
]


# --- who sees what ----------------------------------------------------------------------------


def test_anonymous_visitors_are_asked_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={URL}"


def test_the_mentor_sees_their_board_members_shared_profile_and_the_next_steps(
    client, pair, mentor
):
    text = page_text(visit(client, mentor.applicant))

    for shown in [
        "2026/27 pilot · your board member",
        "Bola Board",
        "Provost, President's Board",
        "Provost since 2022; chairs the Provost's Board.",
        "Themes they care about: Disability inclusion",
        "bola@example.org",
        *NEXT_STEPS,
        f"Paired on {pair.activated_at:%-d %B %Y}.",
    ]:
        assert shown in text
    assert NOT_PAIRED not in text


def test_the_board_member_sees_their_mentors_shared_profile_and_the_next_steps(
    client, pair, board_member
):
    text = page_text(visit(client, board_member.user))

    for shown in [
        "2026/27 pilot · your reverse mentor",
        "Maya Mentor",
        "Research technician, Life Sciences",
        "I run the staff race network's book club.",
        "Themes they care about: Anti-racism, Culture change",
        "maya@example.org",
        *NEXT_STEPS,
    ]:
        assert shown in text


@pytest.mark.parametrize("side", ["mentor", "board member"])
def test_neither_side_sees_what_the_other_did_not_choose_to_share(
    client, pair, mentor, board_member, side
):
    person = mentor.applicant if side == "mentor" else board_member.user
    content = html.unescape(visit(client, person).content.decode())

    for private in [
        STATEMENT,
        "My partner works in the Provost's Office.",
        "I listen well",
        "How decisions at the top feel",
    ]:
        assert private not in content
    # Nor their learning style, which only matching uses.
    assert "reflector" not in content.lower()
    assert "reflecting" not in content.lower()


def test_another_pairs_mentor_sees_only_their_own_pair(client, pair, other_pair):
    text = page_text(visit(client, other_pair.mentor.applicant))

    assert "Olive Other" in text
    assert "Runs estates, IT and finance." in text
    for first_pair in ["Bola Board", "bola@example.org", "Maya Mentor", "maya@example.org"]:
        assert first_pair not in text


def test_another_pairs_board_member_sees_only_their_own_pair(client, pair, other_pair):
    text = page_text(visit(client, other_pair.board_member.user))

    assert "Omar Other" in text
    for first_pair in ["Bola Board", "Maya Mentor", "book club"]:
        assert first_pair not in text


def test_staff_taking_no_part_are_told_so_not_that_they_will_be_paired(client, cast, pair):
    text = page_text(visit(client, cast.outsider))

    assert "You are not taking part in a programme, so you have no pair" in text
    assert NOT_PAIRED not in text
    assert "Bola Board" not in text
    assert "Maya Mentor" not in text


def test_a_pair_that_is_only_proposed_is_not_shown(client, newcomers):
    mentor, board_member = newcomers
    MatchFactory(mentor=mentor, board_member=board_member, status=MatchStatus.PROPOSED)

    for person, other in [(mentor.applicant, "Grace Okafor"), (board_member.user, "Priya Patel")]:
        text = page_text(visit(client, person))
        assert NOT_PAIRED in text
        assert other not in text


def test_a_pair_that_has_ended_is_shown_below_as_an_earlier_pair_read_only(client, newcomers):
    mentor, board_member = newcomers
    MatchFactory(mentor=mentor, board_member=board_member, status=MatchStatus.ENDED)

    for person, other in [(mentor.applicant, "Grace Okafor"), (board_member.user, "Priya Patel")]:
        text = page_text(visit(client, person))
        assert "Earlier pairs" in text
        assert f"{other} · 2026/27 pilot" in text
        assert "this pairing has ended" in text
        assert "Propose a meeting" not in text
        assert NOT_PAIRED not in text
        # The history is on this page: it is said to be below, not linked to as elsewhere.
        response = visit(client, person)
        assert "Its history is below, read-only." in page_text(response)
        assert f'href="{URL}">Your pair page</a>' not in response.content.decode()


def test_an_earlier_pairs_meeting_never_logged_stays_in_its_history(client, newcomers):
    mentor, board_member = newcomers
    ended = MatchFactory(mentor=mentor, board_member=board_member, status=MatchStatus.ENDED)
    MeetingFactory(match=ended, starts_at=timezone.now() - timedelta(days=40))

    text = page_text(visit(client, mentor.applicant))

    assert "0 meetings held." in text
    assert "Not logged" in text


def test_an_earlier_pair_with_no_meeting_on_record_draws_no_empty_list(client, newcomers):
    """Its only meeting was cancelled: nothing is on record, so no list is drawn at all."""
    mentor, board_member = newcomers
    ended = MatchFactory(mentor=mentor, board_member=board_member, status=MatchStatus.ENDED)
    MeetingFactory(
        match=ended,
        starts_at=timezone.now() - timedelta(days=40),
        status=MeetingStatus.CANCELLED,
    )

    content = visit(client, mentor.applicant).content.decode()

    card = content.split(f'aria-labelledby="past-{ended.pk}-heading"')[1].split("</section>")[0]
    assert "0 meetings held." in words(card)
    assert "<ul" not in card


def test_a_mentor_with_two_board_members_sees_both(client, pair, mentor, programme):
    MatchFactory(
        mentor=mentor,
        board_member=BriefedBoardMemberFactory(
            programme=programme, user=UserFactory(full_name="Harold Hughes")
        ),
        status=MatchStatus.ACTIVE,
    )

    text = page_text(visit(client, mentor.applicant))

    assert "Bola Board" in text
    assert "Harold Hughes" in text


def test_someone_mentored_in_one_programme_and_mentoring_in_another_sees_each_side(
    client, pair, board_member
):
    # Bola is mentored by Maya here, and mentors Sol in a programme for medics.
    medics = ProgrammeFactory(name="Medics 2026")
    MatchFactory(
        mentor=MentorFactory(programme=medics, applicant=board_member.user),
        board_member=BriefedBoardMemberFactory(
            programme=medics, user=UserFactory(full_name="Sol Santos"), role_title="Dean"
        ),
        status=MatchStatus.ACTIVE,
    )

    text = page_text(visit(client, board_member.user))

    assert "2026/27 pilot · your reverse mentor Maya Mentor" in text
    assert "Medics 2026 · your board member Sol Santos Dean" in text


def test_a_coordinator_is_told_the_office_is_not_paired_and_where_pairs_are(client, cast, pair):
    response = visit(client, cast.coordinator)
    text = page_text(response)

    assert "You run the programme, so you are not in a pair yourself." in text
    assert reverse("admin:mentoring_match_changelist") in response.content.decode()
    assert NOT_PAIRED not in text
    assert "After the briefings" not in text
    assert "Bola Board" not in text


# --- the match board is for the programme office only --------------------------------------------


def board_urls(programme):
    return [
        reverse("admin:matching_board_index"),
        reverse("admin:matching_board", args=[programme.pk]),
        reverse("admin:matching_board_export", args=[programme.pk]),
    ]


def test_anonymous_visitors_are_sent_to_sign_in_for_the_match_board(client, programme, pair):
    for url in board_urls(programme):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
        assert "Bola Board" not in client.get(url, follow=True).content.decode()


@pytest.mark.parametrize("who", ["staff member", "mentor", "board member"])
def test_people_without_admin_access_cannot_open_the_match_board(
    client, cast, programme, pair, mentor, board_member, who
):
    person = {
        "staff member": cast.outsider,
        "mentor": mentor.applicant,
        "board member": board_member.user,
    }[who]
    client.force_login(person)

    for url in board_urls(programme):
        response = client.get(url, follow=True)
        assert response.status_code == 403
        assert "Bola Board" not in response.content.decode()
    response = client.post(reverse("admin:matching_board_optimal", args=[programme.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_coordinator_opens_the_match_board(client, cast, programme, pair):
    client.force_login(cast.coordinator)

    response = client.get(reverse("admin:matching_board_index"))
    assert response.status_code == 302
    assert response.url == reverse("admin:matching_board", args=[programme.pk])

    response = client.get(response.url)
    assert response.status_code == 200
    assert "Match board: 2026/27 pilot" in page_text(response)
    assert "Bola Board" in page_text(response)  # among the active pairs

    response = client.get(reverse("admin:matching_board_export", args=[programme.pk]))
    assert response.status_code == 200
    assert "Bola Board" in response.content.decode()


def test_with_several_active_programmes_the_coordinator_chooses_one(client, cast, programme):
    ProgrammeFactory(name="2026/27 medics")
    ProgrammeFactory(name="2024/25 pilot", status=ProgrammeStatus.CLOSED, recruitment_open=False)
    client.force_login(cast.coordinator)

    response = client.get(reverse("admin:matching_board_index"))

    assert response.status_code == 200
    text = page_text(response)
    assert "Choose a programme" in text
    assert "2026/27 pilot" in text
    assert "2026/27 medics" in text
    assert "2024/25 pilot" not in text


def test_a_draft_programme_has_no_match_board(client, cast):
    draft = ProgrammeFactory(status=ProgrammeStatus.DRAFT, recruitment_open=False)
    client.force_login(cast.coordinator)

    assert client.get(reverse("admin:matching_board", args=[draft.pk])).status_code == 404


def test_once_every_pair_has_ended_the_page_opens_on_the_one_that_ended_last(
    client, cast, second_pair
):
    """Maya's pairing with Nia, begun later, completed a month ago; Bola's, begun first, was
    ended today: the news is Bola's, not Nia's (and its thanks for completing)."""
    now = timezone.now()
    Match.objects.filter(pk=cast.pair.pk).update(activated_at=now - timedelta(days=200))
    Match.objects.filter(pk=second_pair.pk).update(activated_at=now - timedelta(days=100))
    match_end(match=second_pair, reason=EndReason.COMPLETED)
    Match.objects.filter(pk=second_pair.pk).update(ended_at=now - timedelta(days=30))
    match_end(match=cast.pair, reason=EndReason.WITHDRAWN)
    client.force_login(cast.mentor)

    top = words(client.get(URL).content.decode()).split("Earlier pairs")[0]

    assert f"Your pairing with Bola Board ended on {timezone.localdate():%-d %B %Y}" in top
    assert "Nia Newboard" not in top
    assert "Thank you for the time you gave it" not in top
