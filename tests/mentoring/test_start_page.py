"""The coordinator's start page: the admin index opens on what needs attention in the current
programme, each figure linking to the admin list of exactly those people or pairs."""

import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ApplicationStatus, LineManagerRequest, MatchStatus
from mentoring.models.applications import LineManagerDecision
from mentoring.services.pairs import pair_request_raise, pair_request_resolve
from tests.admin_pages import attention, rows, sign_in_for_real
from tests.cast import sign_in_as
from tests.factories import (
    BoardMemberFactory,
    BriefedBoardMemberFactory,
    DraftApplicationFactory,
    LineManagerRequestFactory,
    MatchFactory,
    MentorApplicationFactory,
    MentorFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("admin:index")
NEW_ADDRESSES = (f"invited{n}@example.com" for n in itertools.count())


def active_pair(programme, weeks_ago: int):
    return MatchFactory(
        mentor=MentorFactory(programme=programme),
        board_member=BriefedBoardMemberFactory(programme=programme),
        status=MatchStatus.ACTIVE,
        activated_at=timezone.now() - timedelta(weeks=weeks_ago),
    )


def waiting_line_manager(programme, days_ago: int, **kwargs) -> LineManagerRequest:
    return LineManagerRequestFactory(
        application=MentorApplicationFactory(
            programme=programme, line_manager_email="boss@example.org"
        ),
        sent_at=timezone.now() - timedelta(days=days_ago),
        **kwargs,
    )


def add_one_of_each(programme) -> None:
    """One more of everything the start page counts, plus look-alikes it must not count."""
    MentorApplicationFactory(programme=programme)  # to decide
    waiting_line_manager(programme, days_ago=10)  # waiting, line manager silent 10 days
    waiting_line_manager(programme, days_ago=3)  # waiting, but only 3 days
    waiting_line_manager(  # to decide, line manager agreed
        programme,
        days_ago=10,
        decision=LineManagerDecision.AGREED,
        answered_at=timezone.now(),
    )
    DraftApplicationFactory(programme=programme)  # a draft is not for review
    MentorFactory(programme=programme, briefed=False)  # accepted, not briefed
    # Joined, not briefed, waiting for a mentor.
    BriefedBoardMemberFactory(programme=programme, briefed=False)
    BoardMemberFactory(programme=programme, user=None, email=next(NEW_ADDRESSES))  # not joined
    # Proposed, and still waiting for a mentor until the proposal is accepted.
    MatchFactory(board_member=BriefedBoardMemberFactory(programme=programme))
    overdue = active_pair(programme, weeks_ago=9)  # overdue (longest gap 8 weeks)
    active_pair(programme, weeks_ago=20)  # dormant (twice the longest gap)
    # A member's request waiting for a decision, and one decided already.
    pair_request_raise(match=overdue, person=overdue.mentor.applicant, kind="end", note="")
    decided = pair_request_raise(
        match=overdue, person=overdue.board_member.user, kind="concern", note=""
    )
    pair_request_resolve(request=decided, by=None, end_pairing=False)


@pytest.fixture
def programme(cast):
    cast.programme.line_manager_agreement = True
    cast.programme.save(update_fields=["line_manager_agreement"])
    add_one_of_each(cast.programme)
    # Another programme's people are not the current programme's business.
    add_one_of_each(ProgrammeFactory(status="closed", recruitment_open=False))
    return cast.programme


EXPECTED = {
    "Applications to decide": 2,
    "Applications waiting for the line manager's agreement": 2,
    "Accepted mentors not yet briefed": 1,
    "Line-manager agreements waiting over 7 days": 1,
    "Board members not yet briefed": 1,
    "Board members waiting for a mentor": 2,
    "Proposed pairs waiting for a decision": 1,
    "Requests from pair members waiting for a decision": 1,
    "Pairs overdue": 1,
    "Pairs dormant": 1,
    "Emails that could not be sent": 0,
}


def test_the_coordinator_signed_in_with_totp_sees_each_count_for_the_current_programme(
    client, cast, programme
):
    sign_in_for_real(client, cast, "coordinator")

    items = attention(client.get(URL))

    assert {label: count for label, (count, _) in items.items()} == EXPECTED
    assert "Needs attention in 2026/27 pilot" in client.get(URL).content.decode()


def test_a_programme_still_running_beside_the_next_cohort_has_its_own_start_page(
    client, cast, programme
):
    """The pilot runs on while the next cohort, newer, is the current programme: the start
    page opens on the cohort and links to what needs attention in the pilot, which counts
    the pilot's as before."""
    ProgrammeFactory(
        name="2027/28 cohort", slug="cohort", starts_on=timezone.localdate() + timedelta(days=60)
    )
    sign_in_as(client, cast, "coordinator")

    page = client.get(URL).content.decode()
    assert "Needs attention in 2027/28 cohort (the current programme)" in page
    link = f'href="?programme={programme.pk}"'
    assert f"{link}>what needs attention in 2026/27 pilot</a>" in page

    pilot = client.get(f"{URL}?programme={programme.pk}")
    assert {label: count for label, (count, _) in attention(pilot).items()} == EXPECTED
    page = pilot.content.decode()
    assert "Needs attention in 2026/27 pilot</h2>" in page, "the pilot is not the current one"
    assert "what needs attention in 2027/28 cohort (the current programme)</a>" in page


def test_a_programme_chosen_that_is_not_running_opens_the_current_one(client, cast, programme):
    closed = ProgrammeFactory(
        name="2025/26 trial", slug="trial", status="closed", recruitment_open=False
    )
    sign_in_as(client, cast, "coordinator")

    for chosen in (closed.pk, 10**12, "x"):
        page = client.get(f"{URL}?programme={chosen}").content.decode()
        assert "Needs attention in 2026/27 pilot" in page, chosen


def test_each_count_links_to_an_admin_list_of_exactly_those(client, cast, programme):
    sign_in_as(client, cast, "coordinator")

    for label, (count, link) in attention(client.get(URL)).items():
        if label == "Board members waiting for a mentor":
            continue  # the match board, below
        assert len(rows(client.get(link))) == count, label


def test_board_members_waiting_for_a_mentor_link_to_the_match_board(client, cast, programme):
    """The board lists exactly those (test_board_lists_who_is_waiting_for_a_mentor.py)."""
    sign_in_as(client, cast, "coordinator")

    _, link = attention(client.get(URL))["Board members waiting for a mentor"]

    assert link == reverse("admin:matching_board", args=[programme.pk])


def test_applications_waiting_for_their_line_manager_are_not_counted_as_to_decide(client, cast):
    """Three applications whose line managers have not answered: the office cannot accept
    any of them yet, and the start page does not say there are three to decide."""
    cast.programme.line_manager_agreement = True
    cast.programme.save(update_fields=["line_manager_agreement"])
    for days_ago in (1, 2, 3):
        waiting_line_manager(cast.programme, days_ago=days_ago)
    sign_in_as(client, cast, "coordinator")

    items = attention(client.get(URL))

    assert items["Applications to decide"][0] == 0
    assert items["Applications waiting for the line manager's agreement"][0] == 3


def test_a_programme_that_does_not_ask_line_managers_shows_no_line_for_them(client, cast):
    assert not cast.programme.line_manager_agreement
    MentorApplicationFactory(programme=cast.programme)
    sign_in_as(client, cast, "coordinator")

    items = attention(client.get(URL))

    assert items["Applications to decide"][0] == 1
    assert not [label for label in items if "line manager" in label.lower()]


def test_people_not_briefed_but_already_in_a_pair_are_neither_counted_nor_listed(
    client, cast, programme
):
    """The figure leaves out people in an active pair; the list it links to does too."""
    paired = MatchFactory(
        mentor=MentorFactory(programme=programme, briefed=False),
        board_member=BriefedBoardMemberFactory(programme=programme, briefed=False),
        status=MatchStatus.ACTIVE,
        activated_at=timezone.now(),
    )
    sign_in_as(client, cast, "coordinator")

    items = attention(client.get(URL))

    for label, person in [
        ("Accepted mentors not yet briefed", paired.mentor.applicant.full_name),
        ("Board members not yet briefed", paired.board_member.user.full_name),
    ]:
        count, link = items[label]
        assert count == EXPECTED[label], label
        assert "in_pair=no" in link
        listed = rows(client.get(link))
        assert len(listed) == count, label
        assert person not in str(listed), label
        # The other side of the filter is exactly the person in the pair, and without it the
        # list would show one more than the figure.
        in_pair = rows(client.get(link.replace("in_pair=no", "in_pair=yes")))
        assert len(in_pair) == 1, label
        assert person in str(in_pair), label
        unfiltered = rows(client.get(link.replace("&in_pair=no", "")))
        assert len(unfiltered) == count + 1, label


def test_the_app_list_stays_below(client, cast, programme):
    sign_in_as(client, cast, "coordinator")

    page = client.get(URL).content.decode()

    assert page.index('id="attention"') < page.index('id="content-main"')
    assert reverse("admin:mentoring_programme_changelist") in page


def test_silence_that_counts_as_agreement_is_not_waiting(client, cast, programme):
    programme.line_manager_silence_days = 5
    programme.save(update_fields=["line_manager_silence_days"])
    sign_in_as(client, cast, "coordinator")

    items = attention(client.get(URL))

    assert items["Line-manager agreements waiting over 7 days"][0] == 0


def test_a_decided_application_is_no_longer_to_review(client, cast, programme):
    sign_in_as(client, cast, "coordinator")
    before = attention(client.get(URL))["Applications to decide"][0]
    application = programme.applications.filter(
        status=ApplicationStatus.SUBMITTED, line_manager_request=None
    ).first()
    application.status, application.decided_at = ApplicationStatus.DECLINED, timezone.now()
    application.save()

    assert attention(client.get(URL))["Applications to decide"][0] == before - 1


def test_without_an_active_programme_the_page_says_so(client, cast):
    cast.programme.status = "closed"
    cast.programme.recruitment_open = False
    cast.programme.save()
    sign_in_as(client, cast, "coordinator")

    page = client.get(URL).content.decode()

    assert "No active programme" in page
    assert attention(client.get(URL)) == {}
    # The cast's two pairs were left active when it closed: nobody reminds them.
    text = " ".join(page.split())
    assert (
        "2 pairs</a> are still active in a closed programme, and nobody is reminded of their "
        "meetings: end them once they are done."
    ) in text
    assert "Nothing else needs attention until a programme is active." in text


@pytest.mark.parametrize("role", ["anonymous", "mentor", "board_member"])
def test_people_outside_the_office_are_sent_to_sign_in(client, cast, role):
    sign_in_as(client, cast, role)

    response = client.get(URL)

    assert response.status_code == 302
    assert "Needs attention" not in response.content.decode()


@pytest.mark.parametrize("role", ["coordinator", "superuser"])
def test_the_office_sees_the_start_page(client, cast, programme, role):
    sign_in_as(client, cast, role)

    assert attention(client.get(URL)).keys() == EXPECTED.keys()


def test_the_queries_do_not_grow_with_the_programme(client, cast, django_assert_max_num_queries):
    sign_in_as(client, cast, "coordinator")
    add_one_of_each(cast.programme)
    # 1-2 the session and the user; 3 whether they have an authenticator, are a coordinator,
    # and their permissions (one query: accounts.access.staff_facts_read); 4 the current
    # programme; 5 pairs left active, and requests waiting, in a closed programme;
    # 6 applications submitted; 7-8 the programmes' silence rules, then line managers waited
    # for (all, and long); 9 mentors and 10 board members not briefed; 11 board members
    # waiting for a mentor; 12 proposals; 13 requests from pair members; 14 active pairs with
    # programme health's figures; 15 emails that failed for good; 16 the admin's recent
    # actions.
    with django_assert_max_num_queries(16):
        small = client.get(URL)
    for _ in range(10):
        add_one_of_each(cast.programme)
    with django_assert_max_num_queries(16):
        large = client.get(URL)

    assert attention(large)["Pairs dormant"][0] == 11
    assert attention(small)["Pairs dormant"][0] == 1
