"""Each person sees the other side of their pair at /match/, and only what was shared."""

import html
import re

import pytest
from django.urls import reverse

from mentoring.models import MatchStatus, ProgrammeStatus
from tests.factories import (
    STATEMENT,
    BriefedBoardMemberFactory,
    MatchFactory,
    MentorFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("match")
NOT_PAIRED = "You have not been paired yet."


@pytest.fixture
def programme():
    return ProgrammeFactory(
        name="2026/27 pilot",
        themes=["Anti-racism", "Culture change", "Disability inclusion"],
        meeting_minutes=45,
        gap_min_weeks=4,
        gap_max_weeks=6,
    )


@pytest.fixture
def mentor(programme):
    """Priya, who mentors Grace; her application says more than she chose to share."""
    return MentorFactory(
        programme=programme,
        applicant=UserFactory(
            full_name="Priya Patel",
            email="priya@example.org",
            job_title="Research technician",
            department="Life Sciences",
        ),
        # What she told the programme office in her application, which is not shared.
        department="Life Sciences technical team",
        themes=programme.themes.filter(name__in=["Anti-racism", "Culture change"]),
        bio="I run the staff race network's book club.",
        experience_statement=STATEMENT,
        has_conflict=True,
        conflict_details="My partner works in the Provost's Office.",
        qualities_reflection="I listen well; I want to get better at challenging with care.",
        learning_style="reflector",
    )


@pytest.fixture
def board_member(programme):
    """Grace, the Provost, mentored by Priya."""
    return BriefedBoardMemberFactory(
        programme=programme,
        user=UserFactory(full_name="Grace Okafor", email="grace@example.com"),
        email="grace@example.com",
        role_title="Provost",
        themes=programme.themes.filter(name="Disability inclusion"),
        bio="Provost since 2022; chairs the Provost's Board.",
        learning_goals="How decisions at the top feel to colleagues without positional power.",
    )


@pytest.fixture
def pair(mentor, board_member):
    return MatchFactory(mentor=mentor, board_member=board_member, status=MatchStatus.ACTIVE)


@pytest.fixture
def other_pair(programme):
    """Tom mentors Harold, in the same programme."""
    return MatchFactory(
        mentor=MentorFactory(
            programme=programme,
            applicant=UserFactory(full_name="Tom Tran", email="tom@example.org"),
            bio="Porter, and a union rep.",
        ),
        board_member=BriefedBoardMemberFactory(
            programme=programme,
            user=UserFactory(full_name="Harold Hughes", email="harold@example.com"),
            email="harold@example.com",
            bio="Runs estates, IT and finance.",
        ),
        status=MatchStatus.ACTIVE,
    )


def page_text(response) -> str:
    """The page as a reader sees it: the main content's text, white space collapsed."""
    main = re.search(r"<main.*?</main>", response.content.decode(), re.S)
    markup = main.group(0) if main else response.content.decode()
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


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
        "Grace Okafor",
        "Provost, President's Board",
        "Provost since 2022; chairs the Provost's Board.",
        "Themes they care about: Disability inclusion",
        "grace@example.com",
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
        "Priya Patel",
        "Research technician, Life Sciences",
        "I run the staff race network's book club.",
        "Themes they care about: Anti-racism, Culture change",
        "priya@example.org",
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

    assert "Harold Hughes" in text
    assert "Runs estates, IT and finance." in text
    for first_pair in ["Grace Okafor", "grace@example.com", "Priya Patel", "priya@example.org"]:
        assert first_pair not in text


def test_another_pairs_board_member_sees_only_their_own_pair(client, pair, other_pair):
    text = page_text(visit(client, other_pair.board_member.user))

    assert "Tom Tran" in text
    for first_pair in ["Grace Okafor", "Priya Patel", "book club"]:
        assert first_pair not in text


def test_a_staff_member_without_a_pair_is_told_they_have_not_been_paired_yet(
    client, staff_member, pair
):
    text = page_text(visit(client, staff_member))

    assert NOT_PAIRED in text
    assert "Grace Okafor" not in text
    assert "Priya Patel" not in text


def test_a_pair_that_is_only_proposed_is_not_shown(client, mentor, board_member):
    MatchFactory(mentor=mentor, board_member=board_member, status=MatchStatus.PROPOSED)

    for person, other in [(mentor.applicant, "Grace Okafor"), (board_member.user, "Priya Patel")]:
        text = page_text(visit(client, person))
        assert NOT_PAIRED in text
        assert other not in text


def test_a_pair_that_has_ended_is_shown_below_as_an_earlier_pair_read_only(
    client, mentor, board_member
):
    MatchFactory(mentor=mentor, board_member=board_member, status=MatchStatus.ENDED)

    for person, other in [(mentor.applicant, "Grace Okafor"), (board_member.user, "Priya Patel")]:
        text = page_text(visit(client, person))
        assert "Earlier pairs" in text
        assert f"{other} · 2026/27 pilot" in text
        assert "this pairing has ended" in text
        assert "Propose a meeting" not in text
        assert NOT_PAIRED not in text


def test_a_mentor_with_two_board_members_sees_both(client, pair, mentor, programme):
    MatchFactory(
        mentor=mentor,
        board_member=BriefedBoardMemberFactory(
            programme=programme, user=UserFactory(full_name="Harold Hughes")
        ),
        status=MatchStatus.ACTIVE,
    )

    text = page_text(visit(client, mentor.applicant))

    assert "Grace Okafor" in text
    assert "Harold Hughes" in text


def test_someone_mentored_in_one_programme_and_mentoring_in_another_sees_each_side(
    client, pair, board_member
):
    # Grace is mentored by Priya here, and mentors Sol in a programme for medics.
    medics = ProgrammeFactory(name="Medics 2026")
    MatchFactory(
        mentor=MentorFactory(programme=medics, applicant=board_member.user),
        board_member=BriefedBoardMemberFactory(
            programme=medics, user=UserFactory(full_name="Sol Santos"), role_title="Dean"
        ),
        status=MatchStatus.ACTIVE,
    )

    text = page_text(visit(client, board_member.user))

    assert "2026/27 pilot · your reverse mentor Priya Patel" in text
    assert "Medics 2026 · your board member Sol Santos Dean" in text


def test_a_coordinator_is_told_they_have_not_been_paired(client, coordinator, pair):
    text = page_text(visit(client, coordinator))

    assert NOT_PAIRED in text
    assert "Grace Okafor" not in text


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
        assert "Grace Okafor" not in client.get(url, follow=True).content.decode()


@pytest.mark.parametrize("who", ["staff member", "mentor", "board member"])
def test_people_without_admin_access_cannot_open_the_match_board(
    client, programme, pair, staff_member, mentor, board_member, who
):
    person = {
        "staff member": staff_member,
        "mentor": mentor.applicant,
        "board member": board_member.user,
    }[who]
    client.force_login(person)

    for url in board_urls(programme):
        response = client.get(url, follow=True)
        assert response.status_code == 403
        assert "Grace Okafor" not in response.content.decode()
    response = client.post(reverse("admin:matching_board_optimal", args=[programme.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_coordinator_opens_the_match_board(client, coordinator, programme, pair):
    client.force_login(coordinator)

    response = client.get(reverse("admin:matching_board_index"))
    assert response.status_code == 302
    assert response.url == reverse("admin:matching_board", args=[programme.pk])

    response = client.get(response.url)
    assert response.status_code == 200
    assert "Match board: 2026/27 pilot" in page_text(response)
    assert "Grace Okafor" in page_text(response)  # among the active pairs

    response = client.get(reverse("admin:matching_board_export", args=[programme.pk]))
    assert response.status_code == 200
    assert "Grace Okafor" in response.content.decode()


def test_with_several_active_programmes_the_coordinator_chooses_one(client, coordinator, programme):
    ProgrammeFactory(name="2026/27 medics")
    ProgrammeFactory(name="2024/25 pilot", status=ProgrammeStatus.CLOSED, recruitment_open=False)
    client.force_login(coordinator)

    response = client.get(reverse("admin:matching_board_index"))

    assert response.status_code == 200
    text = page_text(response)
    assert "Choose a programme" in text
    assert "2026/27 pilot" in text
    assert "2026/27 medics" in text
    assert "2024/25 pilot" not in text


def test_a_draft_programme_has_no_match_board(client, coordinator):
    draft = ProgrammeFactory(status=ProgrammeStatus.DRAFT, recruitment_open=False)
    client.force_login(coordinator)

    assert client.get(reverse("admin:matching_board", args=[draft.pk])).status_code == 404
