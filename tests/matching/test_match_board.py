"""The programme office pairs mentors with board members on the match board in the admin."""

import csv
import html
import io
import random
import re
from datetime import UTC, datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Permission
from django.urls import reverse

from matching.models import MatchingSettings
from matching.selectors import match_board
from matching.services import pair_check
from mentoring.availability import to_mask
from mentoring.models import (
    ApplicationStatus,
    BriefingExemption,
    EndReason,
    Match,
    MatchStatus,
    MentorApplication,
    ProgrammeStatus,
    Registration,
    RegistrationStatus,
)
from mentoring.services.matches import MatchError
from tests.factories import (
    STATEMENT,
    BriefedBoardMemberFactory,
    ConflictOfInterestFactory,
    MatchFactory,
    MentorApplicationFactory,
    MentorFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TUESDAY_MORNING = ("Tuesday", "morning")
THURSDAY_MORNING = ("Thursday", "morning")
FRIDAY_AFTERNOON = ("Friday", "afternoon")
FRIDAY_EVENING = ("Friday", "evening")


# --- people -----------------------------------------------------------------------------------


def briefed_mentor(programme, name, *, themes=("Anti-racism",), slots=(TUESDAY_MORNING,), **kw):
    """An accepted mentor who attended the mentor briefing."""
    first = name.split()[0].lower()
    kw.setdefault("department", "Finance")
    return MentorFactory(
        programme=programme,
        applicant=UserFactory(
            full_name=name,
            email=f"{first}@example.org",
            job_title=kw.pop("job_title", "Research technician"),
            department=kw["department"],
        ),
        themes=programme.themes.filter(name__in=themes),
        availability=to_mask(slots),
        **kw,
    )


def briefed_board_member(
    programme, name, *, themes=("Anti-racism",), slots=(TUESDAY_MORNING,), **kw
):
    """A board member who has joined, completed their profile and attended their briefing."""
    first = name.split()[0].lower()
    user = UserFactory(full_name=name, email=f"{first}@example.com", job_title="Provost")
    return BriefedBoardMemberFactory(
        programme=programme,
        user=user,
        email=user.email,
        themes=programme.themes.filter(name__in=themes),
        availability=to_mask(slots),
        **kw,
    )


@pytest.fixture
def programme():
    return ProgrammeFactory(
        name="2026/27 pilot", slug="pilot", themes=["Anti-racism", "Culture change"]
    )


@pytest.fixture
def priya(programme):
    """A mentor from Finance who shares a lot with Grace."""
    return briefed_mentor(
        programme,
        "Priya Patel",
        themes=("Anti-racism", "Culture change"),
        slots=(TUESDAY_MORNING, THURSDAY_MORNING, FRIDAY_AFTERNOON),
        bio="Research technician who runs the staff race network's book club.",
        experience_statement=STATEMENT,
        qualities_reflection="I listen well; I want to get better at challenging with care.",
    )


@pytest.fixture
def tom(programme):
    """A mentor from Estates, free only on Tuesday mornings."""
    return briefed_mentor(programme, "Tom Tran", department="Estates", job_title="Porter")


@pytest.fixture
def grace(programme):
    """The Provost: both themes, free when Priya is."""
    return briefed_board_member(
        programme,
        "Grace Okafor",
        themes=("Anti-racism", "Culture change"),
        slots=(TUESDAY_MORNING, THURSDAY_MORNING, FRIDAY_AFTERNOON),
        bio="Provost since 2022; chairs the Provost's Board.",
        learning_goals="How decisions at the top feel to colleagues without positional power.",
    )


@pytest.fixture
def harold(programme):
    """A vice-president free only on Friday afternoons, so never when Tom is."""
    return briefed_board_member(
        programme,
        "Harold Hughes",
        role_title="Vice-President (Operations)",
        themes=("Culture change",),
        slots=(FRIDAY_AFTERNOON,),
        bio="Runs estates, IT and finance.",
    )


@pytest.fixture
def office(client, coordinator):
    """The coordinator's browser, signed in to the programme office."""
    client.force_login(coordinator)
    return client


def board_url(programme, action=""):
    name = f"admin:matching_board_{action}" if action else "admin:matching_board"
    return reverse(name, args=[programme.pk])


def messages_shown(response):
    return [str(message) for message in response.context["messages"]]


def words(markup: str) -> str:
    """What a reader sees of some HTML: its text, with white space collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def board_rows(response) -> dict[str, dict]:
    """Each board member still to be matched, as the coordinator reads the board."""
    content = response.content.decode()
    rows = {}
    for article in re.findall(r'<article class="board-row".*?</article>', content, re.S):
        heading = re.search(r'<h3 id="member-\d+">(.*?)</h3>', article).group(1)
        candidates = re.findall(
            r'<th scope="row">(.*?)</th>\s*<td>(.*?)</td>\s*'
            r"<td>(\d+) out of 100</td>\s*<td>(.*?)</td>",
            article,
            re.S,
        )
        blocked = re.findall(
            r'<li class="blocked-pair">(.*?) \(score (\d+) out of 100\): (.*?)</li>', article, re.S
        )
        rows[html.unescape(heading).split(",")[0]] = {
            "heading": html.unescape(heading),
            "candidates": [
                (html.unescape(name), int(score), words(why)) for name, _, score, why in candidates
            ],
            "blocked": [
                (html.unescape(name), int(score), html.unescape(why))
                for name, score, why in blocked
            ],
            "text": words(article),
        }
    return rows


def candidate_names(response, member) -> list[str]:
    return [name for name, _, _ in board_rows(response)[str(member)]["candidates"]]


def blocked_reasons(response, member) -> dict[str, str]:
    return {name: why for name, _, why in board_rows(response)[str(member)]["blocked"]}


def propose(client, programme, mentor, member):
    return client.post(
        board_url(programme, "propose"),
        {"mentor": mentor.pk, "board_member": member.pk},
        follow=True,
    )


def pair_exists(mentor, member) -> bool:
    return Match.objects.filter(mentor=mentor, board_member=member).exists()


# --- ways a pair is blocked ---------------------------------------------------------------------


def not_accepted(mentor, member):
    MentorApplication.objects.filter(pk=mentor.pk).update(status=ApplicationStatus.SUBMITTED)


def mentor_not_briefed(mentor, member):
    Registration.objects.filter(person=mentor.applicant).update(status=RegistrationStatus.ABSENT)


def board_member_not_briefed(mentor, member):
    Registration.objects.filter(person=member.user).update(status=RegistrationStatus.REGISTERED)


def conflict_of_interest(mentor, member):
    ConflictOfInterestFactory(mentor=mentor.applicant, board_member=member.user)


def same_department(mentor, member):
    # Spelt differently from the board member's "Provost's Office": still the same one.
    MentorApplication.objects.filter(pk=mentor.pk).update(department=" provost's office")


def board_member_already_paired(mentor, member):
    other = briefed_mentor(member.programme, "Olu Obi", department="Estates")
    MatchFactory(mentor=other, board_member=member, status=MatchStatus.ACTIVE)


def mentor_at_capacity(mentor, member):
    other = briefed_board_member(member.programme, "Vera Vance")
    MatchFactory(mentor=mentor, board_member=other, status=MatchStatus.ACTIVE)


def paired_in_an_earlier_cohort(mentor, member, status=MatchStatus.ENDED):
    earlier = ProgrammeFactory(
        name="2025/26 pilot", status=ProgrammeStatus.CLOSED, recruitment_open=False
    )
    MatchFactory(
        mentor=MentorFactory(programme=earlier, applicant=mentor.applicant),
        board_member=BriefedBoardMemberFactory(
            programme=earlier, user=member.user, email=member.email
        ),
        status=status,
    )


def no_shared_availability(mentor, member):
    type(member).objects.filter(pk=member.pk).update(availability=to_mask([FRIDAY_EVENING]))


BLOCKS = [
    pytest.param(not_accepted, "the mentor's application is not accepted", id="not-accepted"),
    pytest.param(
        mentor_not_briefed, "the mentor has not been briefed (nor exempted)", id="mentor-briefing"
    ),
    pytest.param(
        board_member_not_briefed,
        "the board member has not been briefed (nor exempted)",
        id="board-member-briefing",
    ),
    pytest.param(
        conflict_of_interest, "a conflict of interest is recorded between them", id="conflict"
    ),
    pytest.param(same_department, "they work in the same department", id="same-department"),
    pytest.param(
        board_member_already_paired,
        "the board member already has an active match",
        id="board-member-paired",
    ),
    pytest.param(
        mentor_at_capacity,
        "the mentor already has as many board members as allowed",
        id="mentor-at-capacity",
    ),
    pytest.param(
        paired_in_an_earlier_cohort, "they were paired in an earlier cohort", id="paired-before"
    ),
    pytest.param(
        no_shared_availability,
        "no shared availability, which this programme requires",
        id="mandatory-availability",
    ),
]

# The blocks a coordinator sees on the board beside the mentor's name. A mentor who is not
# accepted is not on the board at all, and a board member already paired is not listed.
SHOWN_BLOCKS = [
    block for block in BLOCKS if block.id not in ("not-accepted", "board-member-paired")
]


# --- the board ------------------------------------------------------------------------------------


def test_the_board_ranks_each_board_members_candidates_with_scores_and_reasons_in_words(
    office, programme, priya, tom, grace, harold
):
    response = office.get(board_url(programme))

    assert response.status_code == 200
    rows = board_rows(response)
    assert list(rows) == ["Grace Okafor", "Harold Hughes"]
    assert rows["Grace Okafor"]["heading"] == "Grace Okafor, Provost (President's Board)"
    assert rows["Grace Okafor"]["candidates"] == [
        (
            "Priya Patel",
            95,
            "Both care about Anti-racism and Culture change. Available Tuesday and Thursday "
            "mornings, Friday afternoon. Complementary learning styles (reflecting and doing). "
            "Different interaction approaches (questioning and direct). Different departments.",
        ),
        (
            "Tom Tran",
            76,
            "Both care about Anti-racism. Complementary learning styles (reflecting and doing). "
            "Different interaction approaches (questioning and direct). Available Tuesday "
            "morning. Different departments.",
        ),
    ]
    assert candidate_names(response, harold) == ["Priya Patel"]
    assert rows["Harold Hughes"]["blocked"] == [
        ("Tom Tran", 40, "no shared availability, which this programme requires")
    ]
    assert "1 blocked pair, and why" in rows["Harold Hughes"]["text"]
    assert "Finance" in rows["Grace Okafor"]["text"]  # each mentor's department
    assert "Provost's Office · briefed · profile complete" in rows["Grace Okafor"]["text"]


def test_a_mentor_whose_application_is_not_accepted_never_appears_on_the_board(
    office, programme, grace
):
    for status in ["submitted", "waitlisted", "declined", "withdrawn"]:
        MentorApplicationFactory(
            programme=programme,
            applicant=UserFactory(full_name=f"Nadia {status.title()}"),
            status=status,
        )

    content = office.get(board_url(programme)).content.decode()

    assert "Nadia" not in content
    assert f"No mentor can be paired with {grace} at the moment." in content


@pytest.mark.parametrize(("block", "reason"), SHOWN_BLOCKS)
def test_a_blocked_pair_is_listed_apart_with_the_reason(
    office, programme, priya, grace, block, reason
):
    block(priya, grace)

    response = office.get(board_url(programme))

    assert candidate_names(response, grace) == []
    assert blocked_reasons(response, grace) == {"Priya Patel": reason}
    assert "1 blocked pair, and why" in board_rows(response)["Grace Okafor"]["text"]


def test_a_pair_blocked_for_several_reasons_gives_them_all(office, programme, priya, grace):
    conflict_of_interest(priya, grace)
    same_department(priya, grace)
    paired_in_an_earlier_cohort(priya, grace)

    response = office.get(board_url(programme))

    assert blocked_reasons(response, grace) == {
        "Priya Patel": "a conflict of interest is recorded between them; they work in the same "
        "department; they were paired in an earlier cohort"
    }


def test_a_board_member_with_an_active_match_is_not_still_to_be_matched(
    office, programme, priya, tom, grace, harold
):
    MatchFactory(mentor=tom, board_member=grace, status=MatchStatus.ACTIVE)

    response = office.get(board_url(programme))

    assert list(board_rows(response)) == ["Harold Hughes"]
    assert "Active pairs (1)" in response.content.decode()


def test_an_invited_board_member_who_has_not_joined_is_not_on_the_board(office, programme, priya):
    BriefedBoardMemberFactory(
        programme=programme, user=None, email="ivy@example.com", briefed=False
    )

    response = office.get(board_url(programme))

    assert board_rows(response) == {}
    assert "ivy@example.com" not in response.content.decode()


def test_a_pair_that_was_only_proposed_in_an_earlier_cohort_is_not_blocked(
    office, programme, priya, grace
):
    paired_in_an_earlier_cohort(priya, grace, status=MatchStatus.PROPOSED)

    assert candidate_names(office.get(board_url(programme)), grace) == ["Priya Patel"]


def test_an_active_pair_in_an_earlier_cohort_blocks_too(office, programme, priya, grace):
    paired_in_an_earlier_cohort(priya, grace, status=MatchStatus.ACTIVE)

    assert blocked_reasons(office.get(board_url(programme)), grace) == {
        "Priya Patel": "they were paired in an earlier cohort"
    }


def test_a_briefing_exemption_counts_as_briefed(office, programme, grace):
    ravi = briefed_mentor(programme, "Ravi Rao", briefed=False)
    assert blocked_reasons(office.get(board_url(programme)), grace) == {
        "Ravi Rao": "the mentor has not been briefed (nor exempted)"
    }

    BriefingExemption.objects.create(
        programme=programme, person=ravi.applicant, note="Briefed one-to-one.", recorded_by=None
    )

    assert candidate_names(office.get(board_url(programme)), grace) == ["Ravi Rao"]


def test_a_mentors_declared_conflict_is_shown_beside_them(office, programme, priya, grace):
    MentorApplication.objects.filter(pk=priya.pk).update(
        has_conflict=True, conflict_details="My partner works in the Provost's Office."
    )

    response = office.get(board_url(programme))

    name, _, why = board_rows(response)["Grace Okafor"]["candidates"][0]
    assert name == "Priya Patel"
    assert why.endswith("Declared conflict: My partner works in the Provost's Office.")


def test_a_mentor_without_a_declared_conflict_shows_none(office, programme, priya, grace):
    assert "Declared conflict" not in office.get(board_url(programme)).content.decode()


def test_relaxing_the_same_department_rule_unblocks_the_pair_and_lowers_its_score(
    office, programme, priya, grace
):
    same_department(priya, grace)
    rules = MatchingSettings.for_programme(programme)
    rules.block_same_department = False
    rules.save()

    response = office.get(board_url(programme))

    [(name, score, why)] = board_rows(response)["Grace Okafor"]["candidates"]
    assert (name, score) == ("Priya Patel", 85)
    assert why.endswith("Same department.")
    assert "Proposed: Priya Patel with Grace Okafor." in messages_shown(
        propose(office, programme, priya, grace)
    )


def test_relaxing_the_repeat_pair_rule_unblocks_the_pair(office, programme, priya, grace):
    paired_in_an_earlier_cohort(priya, grace)
    MatchingSettings.objects.create(programme=programme, block_repeat_pairs=False)

    assert candidate_names(office.get(board_url(programme)), grace) == ["Priya Patel"]


def test_a_mentor_with_room_for_a_second_board_member_stays_a_candidate(
    office, programme, priya, grace
):
    mentor_at_capacity(priya, grace)
    MatchingSettings.objects.create(programme=programme, mentor_capacity=2)

    assert candidate_names(office.get(board_url(programme)), grace) == ["Priya Patel"]


def test_availability_that_is_no_longer_mandatory_no_longer_blocks(office, programme, tom, harold):
    MatchingSettings.objects.create(programme=programme, availability_weight="high")

    [(name, _, why)] = board_rows(office.get(board_url(programme)))["Harold Hughes"]["candidates"]

    assert name == "Tom Tran"
    assert "No shared availability." in why


def test_a_mandatory_criterion_can_block_even_with_the_department_rule_relaxed(
    office, programme, priya, grace
):
    same_department(priya, grace)
    MatchingSettings.objects.create(
        programme=programme, block_same_department=False, departments_weight="mandatory"
    )

    assert blocked_reasons(office.get(board_url(programme)), grace) == {
        "Priya Patel": "both in the same department, which this programme rules out"
    }


# --- proposing one pair -------------------------------------------------------------------------


def test_a_coordinator_proposes_a_pair_from_the_board(office, coordinator, programme, priya, grace):
    response = propose(office, programme, priya, grace)

    assert messages_shown(response) == ["Proposed: Priya Patel with Grace Okafor."]
    match = Match.objects.get()
    assert (match.mentor, match.board_member, match.status) == (priya, grace, MatchStatus.PROPOSED)
    assert (match.score, match.proposed_by, match.activated_at) == (95, coordinator, None)
    assert match.reasons[0] == "both care about Anti-racism and Culture change"
    content = response.content.decode()
    assert "Proposals (1)" in content
    assert 'Accept<span class="visually-hidden"> Priya Patel with Grace Okafor' in content


def test_the_same_pair_cannot_be_proposed_twice(office, programme, priya, grace):
    propose(office, programme, priya, grace)

    response = propose(office, programme, priya, grace)

    assert messages_shown(response) == [
        "Priya Patel and Grace Okafor are already proposed or paired."
    ]
    assert Match.objects.count() == 1


@pytest.mark.parametrize(("block", "reason"), BLOCKS)
def test_a_forged_proposal_of_a_blocked_pair_is_refused_with_the_reason(
    office, programme, priya, grace, block, reason
):
    block(priya, grace)

    response = propose(office, programme, priya, grace)

    assert messages_shown(response) == [f"Priya Patel and Grace Okafor cannot be paired: {reason}."]
    assert not pair_exists(priya, grace)


def test_a_mentor_from_another_programme_cannot_be_proposed(office, programme, grace):
    elsewhere = briefed_mentor(ProgrammeFactory(), "Eve Else")

    response = propose(office, programme, elsewhere, grace)

    assert response.status_code == 404
    assert not Match.objects.exists()


# --- the optimal assignment -------------------------------------------------------------------


def test_the_optimal_assignment_proposes_the_pairs_with_the_highest_total(
    office, coordinator, programme, priya, tom, grace, harold
):
    # Scores: Priya-Grace 95, Priya-Harold 76, Tom-Grace 76; Tom-Harold is blocked (no
    # shared availability). Taking the best pair first (95) leaves Tom and Harold
    # unpaired; crossing over makes two pairs worth 152 in all.
    response = office.post(board_url(programme, "optimal"), follow=True)

    assert messages_shown(response) == [
        "Optimal assignment proposed: 2 pair(s), total score 152. Accept them all, or one by one."
    ]
    proposals = {
        (match.mentor.applicant.full_name, str(match.board_member), match.score)
        for match in Match.objects.proposed()
    }
    assert proposals == {("Tom Tran", "Grace Okafor", 76), ("Priya Patel", "Harold Hughes", 76)}
    assert set(Match.objects.values_list("proposed_by", flat=True)) == {coordinator.pk}
    assert "Proposals (2)" in response.content.decode()


def test_the_optimal_assignment_never_proposes_a_blocked_pair(
    office, programme, priya, tom, grace, harold
):
    # Without the conflict Priya-Harold with Tom-Grace would total 152; with it, the best
    # left is Priya with Grace alone.
    conflict_of_interest(priya, harold)

    response = office.post(board_url(programme, "optimal"), follow=True)

    assert messages_shown(response) == [
        "Optimal assignment proposed: 1 pair(s), total score 95. Accept them all, or one by one."
    ]
    assert [(m.mentor, m.board_member) for m in Match.objects.all()] == [(priya, grace)]


def test_the_optimal_assignment_replaces_the_open_proposals(
    office, programme, priya, tom, grace, harold
):
    propose(office, programme, priya, grace)
    earlier = Match.objects.get()

    office.post(board_url(programme, "optimal"))

    assert not Match.objects.filter(pk=earlier.pk).exists()
    assert Match.objects.proposed().count() == 2


def test_the_optimal_assignment_leaves_active_pairs_alone(
    office, programme, priya, tom, grace, harold
):
    active = MatchFactory(mentor=tom, board_member=grace, status=MatchStatus.ACTIVE)

    office.post(board_url(programme, "optimal"))

    assert Match.objects.get(pk=active.pk).status == MatchStatus.ACTIVE
    # Tom has no room left and Grace is paired, so only Priya and Harold remain.
    assert [(m.mentor, m.board_member) for m in Match.objects.proposed()] == [(priya, harold)]


def test_with_room_for_two_the_optimal_assignment_gives_one_mentor_two_board_members(
    office, programme, priya, grace, harold, mailoutbox, django_capture_on_commit_callbacks
):
    MatchingSettings.objects.create(programme=programme, mentor_capacity=2)

    office.post(board_url(programme, "optimal"), follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(board_url(programme, "accept"), follow=True)

    assert messages_shown(response) == ["2 pair(s) confirmed; both people have been emailed."]
    assert {m.board_member for m in Match.objects.active().filter(mentor=priya)} == {grace, harold}
    assert len(mailoutbox) == 4


def test_a_proposal_from_another_programme_cannot_be_accepted_from_this_board(
    office, programme, mailoutbox, django_capture_on_commit_callbacks
):
    elsewhere = MatchFactory()

    with django_capture_on_commit_callbacks(execute=True):
        office.post(board_url(programme, "accept"), {"match": elsewhere.pk})

    assert Match.objects.get(pk=elsewhere.pk).status == MatchStatus.PROPOSED
    assert mailoutbox == []


# --- accepting proposals ----------------------------------------------------------------------


def introductions(mailoutbox):
    return {message.to[0]: message for message in mailoutbox}


def test_accepting_all_proposals_activates_them_and_introduces_both_people(
    office,
    programme,
    priya,
    tom,
    grace,
    harold,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    office.post(board_url(programme, "optimal"), follow=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(board_url(programme, "accept"), follow=True)

    assert messages_shown(response) == ["2 pair(s) confirmed; both people have been emailed."]
    assert Match.objects.proposed().count() == 0
    for match in Match.objects.all():
        assert match.status == MatchStatus.ACTIVE
        assert match.activated_at is not None
    assert sorted(introductions(mailoutbox)) == [
        "grace@example.com",
        "harold@example.com",
        "priya@example.org",
        "tom@example.org",
    ]
    assert "Active pairs (2)" in response.content.decode()


def test_accepting_one_proposal_activates_only_that_one(
    office, programme, priya, tom, grace, harold, mailoutbox, django_capture_on_commit_callbacks
):
    chosen = MatchFactory(mentor=priya, board_member=grace)
    other = MatchFactory(mentor=tom, board_member=harold)

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(board_url(programme, "accept"), {"match": chosen.pk}, follow=True)

    assert messages_shown(response) == ["1 pair(s) confirmed; both people have been emailed."]
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert (chosen.status, other.status) == (MatchStatus.ACTIVE, MatchStatus.PROPOSED)
    assert chosen.activated_at is not None
    assert sorted(introductions(mailoutbox)) == ["grace@example.com", "priya@example.org"]


def test_the_introductions_share_the_other_persons_profile_and_the_next_steps_only(
    office, programme, priya, grace, mailoutbox, django_capture_on_commit_callbacks
):
    MentorApplication.objects.filter(pk=priya.pk).update(
        has_conflict=True, conflict_details="My partner works in the Provost's Office."
    )
    match = MatchFactory(mentor=priya, board_member=grace)

    with django_capture_on_commit_callbacks(execute=True):
        office.post(board_url(programme, "accept"), {"match": match.pk})

    emails = introductions(mailoutbox)
    to_priya, to_grace = emails["priya@example.org"], emails["grace@example.com"]
    assert to_priya.subject == "Meet your board member: Grace Okafor"
    assert to_grace.subject == "Meet your reverse mentor: Priya Patel"
    for message, expected, address in [
        (
            to_priya,
            [
                "Dear Priya,",
                "Grace Okafor (Provost, President's Board)",
                "Provost since 2022; chairs the Provost's Board.",
                "Themes they care about: Anti-racism, Culture change",
            ],
            "grace@example.com",
        ),
        (
            to_grace,
            [
                "Dear Grace,",
                "Priya Patel (Research technician, Finance)",
                "Research technician who runs the staff race network's book club.",
                "Themes they care about: Anti-racism, Culture change",
            ],
            "priya@example.org",
        ),
    ]:
        html_body = message.alternatives[0][0]
        assert message.alternatives[0][1] == "text/html"
        assert address in message.body
        assert f'href="mailto:{address}"' in html_body
        # Unescaped here so this test is about what is shared; escaping has its own test.
        for text in [html.unescape(message.body), words(html_body)]:
            flat = " ".join(text.split())
            for phrase in expected:
                assert phrase in flat
            assert "Agree your ground rules together" in flat
            assert "Book your first meeting: about 60 minutes, then every 6 to 8 weeks." in flat
            assert "https://mentoring.example.org/match/" in text + html_body
            for private in [
                STATEMENT,
                "I listen well",
                "My partner works in the Provost's Office.",
                "How decisions at the top feel",
            ]:
                assert private not in flat


def test_the_plain_text_introductions_show_what_people_typed_not_html_entities(
    office, programme, priya, mailoutbox, django_capture_on_commit_callbacks
):
    niamh = briefed_board_member(
        programme, "Niamh O'Brien", bio="Dean of Arts; I chair the Dean's Committee."
    )
    match = MatchFactory(mentor=priya, board_member=niamh)

    with django_capture_on_commit_callbacks(execute=True):
        office.post(board_url(programme, "accept"), {"match": match.pk})

    to_priya = introductions(mailoutbox)["priya@example.org"]
    assert to_priya.subject == "Meet your board member: Niamh O'Brien"
    assert "Niamh O'Brien (Provost, President's Board)" in to_priya.body
    assert "Dean of Arts; I chair the Dean's Committee." in to_priya.body
    assert "&#x27;" not in to_priya.body
    to_niamh = introductions(mailoutbox)["niamh@example.com"]
    assert "Research technician who runs the staff race network's book club." in to_niamh.body
    assert "&#x27;" not in to_niamh.body


def test_accepting_a_pair_withdraws_the_other_proposal_for_the_same_board_member(
    office, programme, priya, tom, grace, mailoutbox, django_capture_on_commit_callbacks
):
    first = MatchFactory(mentor=priya, board_member=grace)
    second = MatchFactory(mentor=tom, board_member=grace)
    with django_capture_on_commit_callbacks(execute=True):
        office.post(board_url(programme, "accept"), {"match": first.pk}, follow=True)
    mailoutbox.clear()

    # A page opened before the accept still shows the other proposal's button.
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(board_url(programme, "accept"), {"match": second.pk}, follow=True)

    assert messages_shown(response) == ["That proposal is no longer open: nothing was changed."]
    assert not Match.objects.filter(pk=second.pk).exists()
    assert list(Match.objects.active()) == [first]
    assert mailoutbox == []


def test_accepting_all_when_two_proposals_share_a_board_member_confirms_only_one(
    office, programme, priya, tom, grace, mailoutbox, django_capture_on_commit_callbacks
):
    MatchFactory(mentor=priya, board_member=grace)
    MatchFactory(mentor=tom, board_member=grace)

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(board_url(programme, "accept"), follow=True)

    assert messages_shown(response) == [
        "1 pair(s) confirmed; both people have been emailed.",
        "1 other proposal(s) withdrawn: the people in them have just been paired.",
    ]
    assert Match.objects.active().count() == 1
    assert Match.objects.proposed().count() == 0
    assert len(mailoutbox) == 2


@pytest.mark.parametrize(("block", "reason"), BLOCKS)
def test_a_proposal_that_became_blocked_since_is_not_accepted(
    office, programme, priya, grace, mailoutbox, django_capture_on_commit_callbacks, block, reason
):
    match = MatchFactory(mentor=priya, board_member=grace)
    block(priya, grace)

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(board_url(programme, "accept"), {"match": match.pk}, follow=True)

    assert messages_shown(response) == [f"Priya Patel and Grace Okafor cannot be paired: {reason}."]
    match.refresh_from_db()
    assert (match.status, match.activated_at) == (MatchStatus.PROPOSED, None)
    assert mailoutbox == []


def test_discarding_a_proposal_removes_it(office, programme, priya, tom, grace, harold):
    chosen = MatchFactory(mentor=priya, board_member=grace)
    kept = MatchFactory(mentor=tom, board_member=harold)

    response = office.post(board_url(programme, "discard"), {"match": chosen.pk}, follow=True)

    assert messages_shown(response) == ["1 proposal(s) discarded."]
    assert list(Match.objects.all()) == [kept]


# --- reading only ------------------------------------------------------------------------------


@pytest.fixture
def observer(client):
    """An evaluator with admin access who may look at matches but not change them."""
    person = UserFactory(full_name="Olive Observer", is_staff=True)
    TOTP.activate(person, generate_totp_secret())
    person.user_permissions.add(Permission.objects.get(codename="view_match"))
    client.force_login(person)
    return client


def test_someone_who_may_only_view_matches_sees_the_board_without_buttons(
    observer, programme, priya, grace
):
    response = observer.get(board_url(programme))

    assert response.status_code == 200
    assert candidate_names(response, grace) == ["Priya Patel"]
    assert "Propose an optimal assignment" not in response.content.decode()
    assert 'name="board_member"' not in response.content.decode()


@pytest.mark.parametrize("action", ["propose", "optimal", "accept", "discard"])
def test_someone_who_may_only_view_matches_cannot_change_them(
    observer, programme, priya, grace, action
):
    proposal = MatchFactory(mentor=priya, board_member=grace)
    data = {"mentor": priya.pk, "board_member": grace.pk, "match": proposal.pk}

    response = observer.post(board_url(programme, action), data)

    assert response.status_code == 403
    assert list(Match.objects.values_list("pk", "status")) == [(proposal.pk, MatchStatus.PROPOSED)]


# --- the export and the list's actions --------------------------------------------------------


def test_the_export_lists_every_pair_but_open_proposals(
    office, programme, priya, tom, grace, harold
):
    march = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    july = datetime(2026, 7, 1, 16, 0, tzinfo=UTC)  # 17:00 in London (summer time)
    MatchFactory(
        mentor=priya,
        board_member=grace,
        status=MatchStatus.ACTIVE,
        proposed_at=march,
        activated_at=march,
    )
    MatchFactory(
        mentor=tom,
        board_member=harold,
        status=MatchStatus.ENDED,
        score=40,
        proposed_at=march,
        activated_at=march,
        ended_at=july,
        end_reason=EndReason.WITHDRAWN,
    )
    MatchFactory(mentor=tom, board_member=grace)  # only proposed
    MatchFactory(status=MatchStatus.ACTIVE)  # another programme's pair

    response = office.get(board_url(programme, "export"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="matches-pilot.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        [
            "Programme",
            "Mentor",
            "Mentor email",
            "Mentor department",
            "Board member",
            "Board member email",
            "Board member department",
            "Status",
            "Score",
            "Proposed",
            "Activated",
            "Ended",
            "End reason",
        ],
        [
            "2026/27 pilot",
            "Priya Patel",
            "priya@example.org",
            "Finance",
            "Grace Okafor",
            "grace@example.com",
            "Provost's Office",
            "Active",
            "76",
            "2026-03-02 09:30",
            "2026-03-02 09:30",
            "",
            "",
        ],
        [
            "2026/27 pilot",
            "Tom Tran",
            "tom@example.org",
            "Estates",
            "Harold Hughes",
            "harold@example.com",
            "Provost's Office",
            "Ended",
            "40",
            "2026-03-02 09:30",
            "2026-03-02 09:30",
            "2026-07-01 17:00",
            "Withdrawn",
        ],
    ]


def test_the_export_keeps_spreadsheets_from_running_what_people_typed(
    office, programme, priya, grace
):
    MentorApplication.objects.filter(pk=priya.pk).update(department='=HYPERLINK("x")')
    MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)

    response = office.get(board_url(programme, "export"))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][3] == '\'=HYPERLINK("x")'


CHANGELIST = reverse("admin:mentoring_match_changelist")


@pytest.mark.parametrize(
    ("action", "reason", "said"),
    [
        ("end_completed", EndReason.COMPLETED, "completed"),
        ("end_withdrawn", EndReason.WITHDRAWN, "withdrawn"),
        ("end_rematched", EndReason.REMATCHED, "rematched"),
    ],
)
def test_ending_matches_from_the_list_records_the_reason_and_date(
    office, programme, priya, tom, grace, harold, action, reason, said
):
    active = MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)
    proposal = MatchFactory(mentor=tom, board_member=harold)

    response = office.post(
        CHANGELIST, {"action": action, "_selected_action": [active.pk, proposal.pk]}, follow=True
    )

    assert messages_shown(response) == [
        f"1 match(es) ended ({said}). Add a note on each match if useful."
    ]
    active.refresh_from_db()
    assert (active.status, active.end_reason) == (MatchStatus.ENDED, reason)
    assert active.ended_at is not None
    proposal.refresh_from_db()  # only active pairs end
    assert (proposal.status, proposal.ended_at) == (MatchStatus.PROPOSED, None)


def test_accepting_proposals_from_the_list_checks_the_blocks_too(
    office, programme, priya, tom, grace, harold, mailoutbox, django_capture_on_commit_callbacks
):
    fine = MatchFactory(mentor=tom, board_member=grace)
    blocked = MatchFactory(mentor=priya, board_member=harold)
    conflict_of_interest(priya, harold)

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            CHANGELIST,
            {"action": "accept_proposals", "_selected_action": [fine.pk, blocked.pk]},
            follow=True,
        )

    assert messages_shown(response) == [
        "1 pair(s) confirmed; both people have been emailed.",
        "Priya Patel and Harold Hughes cannot be paired: a conflict of interest is recorded "
        "between them.",
    ]
    assert list(Match.objects.active()) == [fine]
    assert len(mailoutbox) == 2


def test_exporting_selected_matches_from_the_list(office, programme, priya, grace):
    match = MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)

    response = office.post(CHANGELIST, {"action": "export_csv", "_selected_action": [match.pk]})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 2
    assert rows[1][1:3] == ["Priya Patel", "priya@example.org"]


# --- the board agrees with the rules, pair by pair ----------------------------------------------

DEPARTMENTS = ["Finance", " finance", "Estates", "Provost's Office", ""]
SLOTS = [TUESDAY_MORNING, THURSDAY_MORNING, FRIDAY_AFTERNOON, FRIDAY_EVENING]
THEMES = ["Anti-racism", "Culture change"]


def mixed_cohort(programme, seed):
    """6 mentors and 5 board members still to be matched, with every kind of block mixed in."""
    rng = random.Random(seed)

    def some(items, at_least=1):
        return rng.sample(items, rng.randint(at_least, len(items)))

    mentors = [
        briefed_mentor(
            programme,
            f"M{n} Mentor",
            # A sent application always has a department (application_sent_is_complete).
            department=rng.choice([d for d in DEPARTMENTS if d]),
            themes=some(THEMES, at_least=0),
            slots=some(SLOTS[:3]) if n % 2 else some(SLOTS[2:]),
            briefed=rng.random() < 0.8,
        )
        for n in range(6)
    ]
    members = [
        briefed_board_member(
            programme,
            f"B{n} Member",
            # A complete profile has a department too (board_member_complete_profile_is_complete).
            department=rng.choice([d for d in DEPARTMENTS if d]),
            themes=some(THEMES),
            slots=some(SLOTS[:2]) if n % 2 else some(SLOTS[1:]),
            briefed=rng.random() < 0.8,
        )
        for n in range(5)
    ]
    # Two mentors already mentor someone (who is then no longer to be matched).
    for mentor in rng.sample(mentors, 2):
        MatchFactory(
            mentor=mentor,
            board_member=briefed_board_member(programme, f"P{mentor.pk} Paired"),
            status=MatchStatus.ACTIVE,
        )
    pairs = [(mentor, member) for mentor in mentors for member in members]
    for mentor, member in rng.sample(pairs, 5):
        conflict_of_interest(mentor, member)
    for n, (mentor, member) in enumerate(rng.sample(pairs, 4)):
        earlier = ProgrammeFactory(status=ProgrammeStatus.CLOSED, recruitment_open=False)
        MatchFactory(
            mentor=MentorFactory(programme=earlier, applicant=mentor.applicant),
            board_member=BriefedBoardMemberFactory(
                programme=earlier, user=member.user, email=member.email
            ),
            status=[MatchStatus.ENDED, MatchStatus.ACTIVE, MatchStatus.PROPOSED][n % 3],
        )
    # Someone not accepted is never on the board, whatever else is true.
    MentorApplicationFactory(programme=programme, status=ApplicationStatus.WAITLISTED)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(
    "rules",
    [
        {},
        {"block_same_department": False, "block_repeat_pairs": False, "mentor_capacity": 2},
        {
            "themes_weight": "mandatory",
            "departments_weight": "mandatory",
            "availability_weight": "low",
        },
    ],
    ids=["default", "relaxed", "other-mandatory"],
)
def test_the_boards_allowed_pairs_agree_with_the_hard_blocks_for_every_pair(programme, seed, rules):
    MatchingSettings.objects.create(programme=programme, **rules)
    mixed_cohort(programme, seed)

    board = match_board(programme)

    assert board.allowed.shape == (6, 5)
    assert board.allowed.any()
    assert not board.allowed.all()
    for i, mentor in enumerate(board.mentors):
        for j, member in enumerate(board.board_members):
            blocks = board.blocks_for(i, j)
            try:
                pair_check(mentor=mentor, board_member=member)
                checked = []
            except MatchError as error:
                checked = [str(error)]
            pair = f"{mentor.applicant} / {member}"
            assert board.allowed[i, j] == (blocks == []), f"{pair}: {blocks}"
            assert bool(checked) == bool(blocks), f"{pair}: {checked} against {blocks}"
            if blocks:
                assert checked == [
                    f"{mentor.applicant} and {member} cannot be paired: {'; '.join(blocks)}."
                ]
    shown = {
        (candidate.mentor.pk, row.board_member.pk)
        for row in board.rows
        for candidate in row.candidates
    }
    blocked = {
        (candidate.mentor.pk, row.board_member.pk)
        for row in board.rows
        for candidate in row.blocked
    }
    for i, mentor in enumerate(board.mentors):
        for j, member in enumerate(board.board_members):
            assert ((mentor.pk, member.pk) in blocked) == (not board.allowed[i, j])
            if (mentor.pk, member.pk) in shown:
                assert board.allowed[i, j]


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("propose", {"mentor": "priya", "board_member": "grace"}),
        ("propose", {}),
        ("accept", {"match": "all of them"}),
        ("discard", {"match": "1 OR 1=1"}),
    ],
)
def test_a_forged_request_with_ids_that_are_not_numbers_is_refused_without_a_server_error(
    office, programme, priya, grace, action, data
):
    proposal = MatchFactory(mentor=priya, board_member=grace)
    office.raise_request_exception = False

    response = office.post(board_url(programme, action), data)

    assert response.status_code in (302, 400, 404)
    assert list(Match.objects.values_list("pk", "status")) == [(proposal.pk, MatchStatus.PROPOSED)]
