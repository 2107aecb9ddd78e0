"""Django's confirmation before deleting a programme, a grade or a board member's place (its
page, and the "Delete selected" action's) names every row that goes with it or stops it
("Mentor application: Priya Patel → 2026/27 pilot", "Board member: Bola Board"): it costs
the same number of queries for a programme or a grade with two of each such row as with
eight, and names them all as before."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.models import BoardMember, BriefingExemption, MentorApplication, Theme
from mentoring.services.mentees import board_member_invite
from tests.admin_pages import signed_in_for_real, words
from tests.factories import (
    BoardMemberFactory,
    BriefedBoardMemberFactory,
    EventFactory,
    GradeFactory,
    MatchFactory,
    MentorApplicationFactory,
    MentorFactory,
    ProgrammeFactory,
    agree_ground_rules,
)
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db

superuser = signed_in_for_real("superuser")
coordinator = signed_in_for_real("coordinator")


def queries_to_confirm(client, changelist: str, *objects) -> int:
    """How many queries the "Delete selected" action's confirmation costs."""
    chosen = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [obj.pk for obj in objects]}
    with CaptureQueriesContext(connection) as captured:
        page = client.post(changelist, chosen)
    assert page.status_code == 200
    assert page.template_name[-1] == "admin/delete_selected_confirmation.html"
    return len(captured)


# --- a programme ---------------------------------------------------------------------------


@pytest.fixture
def programme(db):
    return ProgrammeFactory(name="Spring cohort", slug="spring")


def people_in(programme, count: int) -> None:
    """`count` more of each kind of row a programme's people leave in it: an application, a
    board member who joined and one who never did, a pair that agreed the ground rules, a
    briefing exemption and an event."""
    for _ in range(count):
        MentorApplicationFactory(programme=programme)
        BoardMemberFactory(programme=programme)
        never_joined = f"invited-{BoardMember.objects.count()}@example.org"
        BoardMemberFactory(programme=programme, user=None, email=never_joined)
        pair = MatchFactory(
            mentor=MentorFactory(programme=programme),
            board_member=BriefedBoardMemberFactory(programme=programme),
            status="active",
        )
        agree_ground_rules(pair)
        BriefingExemption.objects.create(
            programme=programme, person=pair.board_member.user, note="Briefed one-to-one."
        )
        EventFactory(programme=programme)


def test_a_programmes_delete_page_costs_the_same_for_two_or_eight_of_each(superuser, programme):
    url = reverse("admin:mentoring_programme_delete", args=[programme.pk])
    people_in(programme, 2)
    few = queries_for(superuser, url)

    people_in(programme, 6)
    many = queries_for(superuser, url)

    assert many == few


def test_deleting_selected_programmes_asks_at_the_same_cost_for_two_or_eight_of_each(
    superuser, programme
):
    changelist = reverse("admin:mentoring_programme_changelist")
    people_in(programme, 2)
    few = queries_to_confirm(superuser, changelist, programme)

    people_in(programme, 6)
    many = queries_to_confirm(superuser, changelist, programme)

    assert many == few


def test_a_programmes_delete_page_names_each_row_as_before(superuser, programme):
    people_in(programme, 1)
    application = programme.applications.exclude(status="accepted").get()
    joined, never_joined, paired = programme.board_members.order_by("pk")
    pair = programme.matches.get()
    exemption = programme.briefing_exemptions.get()

    page = superuser.get(reverse("admin:mentoring_programme_delete", args=[programme.pk]))

    # Some of its rows are not the superuser's to delete from here: the page says so first.
    assert (
        "Deleting the programme 'Spring cohort' would result in deleting related objects, but "
        "your account doesn't have permission to delete the following types of objects"
    ) in words(page.content.decode())
    assert page.context["perms_lacking"] == {
        "mentor application",
        "board member",
        "pair",
        "ground rules version",
        "event",
    }
    named = [words(line) for line in page.context["protected"]]
    assert f"Mentor application: {application.applicant} → Spring cohort" in named
    assert f"Board member: {joined.user.full_name}" in named
    assert f"Board member: {never_joined.email}" in named
    assert f"Board member: {paired.user.full_name}" in named
    assert f"Pair: {pair.mentor.applicant} and {paired.user.full_name}" in named
    going = words(str(page.context["deleted_objects"]))
    assert f"Briefing exemption: {exemption.person} exempted from the briefing" in going


# --- a grade -------------------------------------------------------------------------------


@pytest.fixture
def grade(db):
    return GradeFactory(name="Grade 7")


def applications_at(grade, count: int) -> None:
    """`count` more applications giving `grade`, each to a programme of its own."""
    for _ in range(count):
        MentorApplicationFactory(grade=grade)


def test_a_grades_delete_page_costs_the_same_for_two_or_eight_applications(coordinator, grade):
    url = reverse("admin:mentoring_grade_delete", args=[grade.pk])
    applications_at(grade, 2)
    few = queries_for(coordinator, url)

    applications_at(grade, 6)
    many = queries_for(coordinator, url)

    assert many == few


def test_deleting_selected_grades_asks_at_the_same_cost_for_two_or_eight_applications(
    coordinator, grade
):
    changelist = reverse("admin:mentoring_grade_changelist")
    applications_at(grade, 2)
    few = queries_to_confirm(coordinator, changelist, grade)

    applications_at(grade, 6)
    many = queries_to_confirm(coordinator, changelist, grade)

    assert many == few


def test_a_grades_delete_page_names_each_application_as_before(coordinator, grade):
    applications_at(grade, 2)

    page = coordinator.get(reverse("admin:mentoring_grade_delete", args=[grade.pk]))

    named = sorted(words(line) for line in page.context["protected"])
    assert named == sorted(
        f"Mentor application: {application.applicant} → {application.programme}"
        for application in MentorApplication.objects.filter(grade=grade)
    )


# --- a board member's place ----------------------------------------------------------------


def test_a_board_members_delete_page_costs_the_same_for_two_or_eight_themes(coordinator, cast):
    """Only a place never taken up is deleted (`BoardMember.is_removable`): nothing but the
    themes chosen for it goes with it."""
    member = board_member_invite(
        programme=cast.programme, email="vp-reserch@example.org", invited_by=cast.coordinator
    )
    url = reverse("admin:mentoring_boardmember_delete", args=[member.pk])
    themes = [
        Theme.objects.create(programme=cast.programme, name=f"Theme {n}", position=10 + n)
        for n in range(8)
    ]
    member.themes.set(themes[:2])
    few = queries_for(coordinator, url)

    member.themes.set(themes)
    many = queries_for(coordinator, url)

    assert many == few
