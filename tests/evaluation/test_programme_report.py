"""The programme report: its numbers checked against a programme built by hand, who may open
it, that nobody is named on it, and that it costs the same few queries for 2 pairs or 20."""

import re
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Permission
from django.contrib.staticfiles import finders
from django.urls import reverse

from accounts.models import User
from evaluation.models import QuestionKind
from evaluation.report import _summary, endings_by_reason, expected_meetings, median_gap_days
from evaluation.results import Group
from evaluation.services import survey_answer
from mentoring.models import (
    ActionReview,
    ApplicationStatus,
    Audience,
    EndReason,
    EventKind,
    Match,
    MatchStatus,
    RegistrationStatus,
)
from mentoring.services.matches import match_end
from tests.admin_pages import sign_in_for_real, words
from tests.cast import ROLES
from tests.factories import (
    ActionStepFactory,
    BoardMemberFactory,
    BriefedBoardMemberFactory,
    DraftApplicationFactory,
    EventFactory,
    HeldMeetingFactory,
    MatchFactory,
    MeetingFactory,
    MentorApplicationFactory,
    MentorFactory,
    ProgrammeFactory,
    QuestionFactory,
    RegistrationFactory,
    SurveyFactory,
    UserFactory,
    attend_briefing,
)
from tests.pages import table_rows
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# Midday in winter: every date below is a whole number of days away, in one UTC offset.
NOW = datetime(2027, 3, 10, 12, 0, 10, tzinfo=LONDON)


def days_ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def report_url(programme) -> str:
    return reverse("programme_report", args=[programme.slug])


# --- the rules behind two of the numbers ------------------------------------------------------


def test_meetings_expected_count_whole_planned_gaps_for_each_pair():
    day = NOW.date()
    spans = [
        (day - timedelta(days=200), day),  # 4 gaps of 49 days, and some
        (day - timedelta(days=48), day),  # not a whole gap yet
        (day - timedelta(days=130), day - timedelta(days=70)),  # ended: 60 days
    ]

    assert expected_meetings(spans, gap_min_weeks=6, gap_max_weeks=8) == 4 + 0 + 1
    # A monthly programme (4 to 4 weeks): 28 days.
    assert expected_meetings(spans, gap_min_weeks=4, gap_max_weeks=4) == 7 + 1 + 2


def test_the_median_gap_is_over_every_pair_s_consecutive_meetings():
    day = NOW.date()
    held = {
        1: [day - timedelta(days=42), day - timedelta(days=91)],  # 49, out of order
        2: [day - timedelta(days=56), day - timedelta(days=21), day - timedelta(days=7)],
        3: [day],  # one meeting: no gap
    }

    assert median_gap_days(held) == 35
    assert median_gap_days({3: [day]}) is None


# --- a programme built by hand --------------------------------------------------------------


@pytest.mark.parametrize(
    ("reasons", "counted"),
    [
        ([], []),
        (["completed"], [("completed", 1)]),
        (["withdrawn", "completed", "withdrawn"], [("completed", 1), ("withdrawn", 2)]),
        (["rematched", "withdrawn"], [("withdrawn", 1), ("rematched", 1)]),
    ],
)
def test_endings_are_counted_by_reason_in_the_order_the_office_is_asked(reasons, counted):
    assert endings_by_reason(reasons) == counted


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def cohort(frozen, cast):
    """The cast's programme with a known history (dates in days before NOW):

    Mentors' applications: the cast's two (accepted, briefed), one accepted and not briefed,
    one waitlisted (briefed: not counted), one submitted, one declined as ineligible, one
    withdrawn, and a draft (not counted). Board members: the cast's two (briefed), one joined
    and not briefed, one invited who has not joined.

    Pairs: the cast's pair (activated 200 days ago), the other pair (100 days ago), an ended
    pair (130 to 70 days ago) and a proposal (never activated). Planned gap: 49 days.
    """
    programme = cast.programme
    third = MentorFactory(programme=programme, briefed=False)
    waitlisted = MentorApplicationFactory(programme=programme, status=ApplicationStatus.WAITLISTED)
    attend_briefing(waitlisted.applicant, programme, Audience.MENTORS)
    submitted = MentorApplicationFactory(programme=programme)
    MentorApplicationFactory(programme=programme, status=ApplicationStatus.DECLINED, eligible=False)
    MentorApplicationFactory(programme=programme, status=ApplicationStatus.WITHDRAWN)
    DraftApplicationFactory(programme=programme)
    unbriefed = BoardMemberFactory(programme=programme)
    BoardMemberFactory(programme=programme, user=None, email="invited@example.org")

    Match.objects.filter(pk=cast.pair.pk).update(activated_at=days_ago(200))
    Match.objects.filter(pk=cast.other_pair.pk).update(activated_at=days_ago(100))
    ended = MatchFactory(
        mentor=third,
        board_member=unbriefed,
        status=MatchStatus.ENDED,
        activated_at=days_ago(130),
        ended_at=days_ago(70),
    )
    MatchFactory(mentor=submitted, board_member=unbriefed)  # proposed

    # Meetings held: 2 + 3 + 1; gaps 49, 35 and 14 days (median 35). Cancelled: 2 by the
    # mentor, 1 by the board member. Not counted: one booked, one that did not take place.
    held = {
        key: HeldMeetingFactory(match=pair, starts_at=days_ago(days))
        for key, pair, days in [
            ("pair 1", cast.pair, 91),
            ("pair 2", cast.pair, 42),
            ("other 1", cast.other_pair, 56),
            ("other 2", cast.other_pair, 21),
            ("other 3", cast.other_pair, 7),
            ("ended 1", ended, 110),
        ]
    }
    MeetingFactory(match=cast.pair, starts_at=days_ago(60), status="cancelled")  # board member
    for pair, days in [(cast.pair, 30), (cast.other_pair, 10)]:
        MeetingFactory(
            match=pair, starts_at=days_ago(days), status="cancelled", cancelled_by=pair.mentor_user
        )
    MeetingFactory(match=cast.pair, starts_at=NOW + timedelta(days=7))
    MeetingFactory(match=cast.pair, starts_at=days_ago(3), status="not_held")

    # Action steps: 4 recorded; 2 reviewed as done (one after being in progress), one
    # dropped, one still open.
    first = ActionStepFactory(meeting=held["pair 1"])
    ActionStepFactory(meeting=held["pair 2"])
    second = ActionStepFactory(meeting=held["other 1"])
    dropped = ActionStepFactory(meeting=held["other 2"])
    for action, meeting, status in [
        (first, held["pair 2"], "done"),
        (second, held["other 2"], "in_progress"),
        (second, held["other 3"], "done"),
        (dropped, held["other 3"], "dropped"),
    ]:
        ActionReview.objects.create(action=action, meeting=meeting, status=status)

    # The group evaluation: 4 holding a place, 3 attended; a briefing is not listed.
    evaluation = EventFactory(
        programme=programme,
        kind=EventKind.EVALUATION,
        audience=Audience.JOINT,
        title="Group evaluation and learning session",
        starts_at=days_ago(5),
    )
    for person, status in [
        (cast.mentor, RegistrationStatus.ATTENDED),
        (cast.board_member, RegistrationStatus.ATTENDED),
        (cast.other_mentor, RegistrationStatus.ATTENDED),
        (cast.other_board_member, RegistrationStatus.ABSENT),
        (third.applicant, RegistrationStatus.CANCELLED),
    ]:
        RegistrationFactory(event=evaluation, person=person, status=status)
    EventFactory(programme=programme, title="Mentor briefing for latecomers", starts_at=NOW)
    # Another evaluation session, called off before its day: nobody came, and it is not listed.
    called_off = EventFactory(
        programme=programme,
        kind=EventKind.EVALUATION,
        audience=Audience.JOINT,
        title="Spring learning session",
        starts_at=days_ago(3),
        called_off_at=days_ago(20),
        called_off_by=cast.coordinator,
    )
    RegistrationFactory(event=called_off, person=cast.mentor)

    # Surveys. Asked: 3 accepted mentors and 3 board members who have joined.
    pilot = SurveyFactory(
        programme=programme,
        title="Pilot evaluation",
        opens_at=days_ago(30),
        closes_at=days_ago(2),
        min_group_size=3,
    )
    trust = QuestionFactory(survey=pilot, text="My partner and I built a relationship of trust.")
    met = QuestionFactory(
        survey=pilot,
        text="How many times did you meet?",
        kind="single",
        choices=["Once", "Twice", "More"],
    )
    with time_machine.travel(days_ago(20), tick=False):
        for person, trusted, times in [
            (cast.mentor, 5, 1),
            (cast.other_mentor, 4, 1),
            (third.applicant, 3, 2),
            (cast.board_member, 2, 0),
            (cast.other_board_member, 4, 1),
        ]:
            survey_answer(survey=pilot, person=person, answers={trust.pk: trusted, met.pk: times})

    pulse = SurveyFactory(
        programme=programme,
        title="Mid-point pulse",
        audience="mentors",
        opens_at=days_ago(60),
        closes_at=days_ago(50),
        min_group_size=3,
    )
    worth = QuestionFactory(survey=pulse, text="Our meetings are worth the time we give them.")
    with time_machine.travel(days_ago(55), tick=False):
        for person in (cast.mentor, cast.other_mentor):
            survey_answer(survey=pulse, person=person, answers={worth.pk: 4})

    still_open = SurveyFactory(
        programme=programme,
        title="Closing pulse",
        opens_at=days_ago(1),
        closes_at=NOW + timedelta(days=10),
        min_group_size=3,
    )
    QuestionFactory(survey=still_open, text="A question whose results must wait.")
    survey_answer(
        survey=still_open,
        person=cast.mentor,
        answers={still_open.questions.get().pk: 5},
    )
    return programme


def survey_part(page: str, title: str) -> str:
    parts = page.split('<article class="report-survey">')
    [part] = [p for p in parts[1:] if f"<h3>{title}</h3>" in p]
    return part.split("</article>")[0]


@pytest.fixture
def page(cohort, client, cast):
    client.force_login(cast.coordinator)
    response = client.get(report_url(cohort))
    assert response.status_code == 200
    return response.content.decode()


def test_the_report_counts_recruitment_and_briefing(page):
    figures = {row[0]: row[1] for row in table_rows(page) if len(row) == 2}

    assert figures["Applications submitted"] == "7"  # 2 + 5, not the draft
    assert figures["Eligible"] == "6"  # not the declined one
    assert figures["Accepted"] == "3"
    assert figures["Mentors briefed"] == "2"  # accepted and briefed: not the waitlisted one
    assert figures["Board members invited"] == "4"
    assert figures["Board members joined"] == "3"
    assert figures["Board members briefed"] == "2"


def test_the_report_counts_pairs_meetings_cancellations_and_action_steps(page):
    figures = {row[0]: row[1] for row in table_rows(page) if len(row) == 2}

    assert figures["Pairs matched"] == "3"  # ever activated: not the proposal
    assert figures["Pairs active"] == "2"
    assert figures["Pairs ended"] == "1 (1 completed)"
    assert figures["Meetings held"] == "6"
    # 200 // 49 + 100 // 49 + 60 // 49 = 4 + 2 + 1
    assert figures["Meetings expected by the cadence"] == "7"
    assert figures["Held against expected"] == "86%"
    assert figures["Median gap between meetings (days)"] == "35"
    assert figures["Cancelled by the mentor"] == "2"
    assert figures["Cancelled by the board member"] == "1"
    assert "Cancelled by someone else" not in figures
    # The programme runs, and only two pairs logged action steps, fewer than its minimum group
    # size (5): their figures are withheld (counted once it has closed and enough pairs have:
    # test_the_report_withholds_action_step_figures_until_enough_pairs_recorded_them.py).
    assert figures["Action steps recorded"] == (
        "Shown once the programme has closed, and at least 5 pairs have recorded action steps, "
        "so that no pair's can be told apart. This programme has 3 pairs so far."
    )
    assert figures["Action steps completed"].startswith(
        "Shown once the programme has closed, and at least 5 pairs have"
    )
    # The formula is on the page, with this programme's gap.
    assert "The programme plans a meeting every 49 days" in page
    assert "divided by 49 and rounded down" in page


def test_the_report_counts_the_pairs_ended_by_the_reason_given_for_each(client, cast):
    match_end(match=cast.pair, reason=EndReason.COMPLETED, by=cast.coordinator)
    match_end(match=cast.other_pair, reason=EndReason.WITHDRAWN, by=cast.coordinator)

    client.force_login(cast.coordinator)
    page = client.get(report_url(cast.programme)).content.decode()

    figures = {row[0]: row[1] for row in table_rows(page) if len(row) == 2}
    assert figures["Pairs ended"] == "2 (1 completed, 1 withdrawn)"
    assert figures["Pairs active"] == "0"


def test_the_report_shows_response_rates_and_the_thresholded_results_of_closed_surveys(page):
    pilot = table_rows(survey_part(page, "Pilot evaluation"))

    assert ["Mentors", "3", "3", "100%"] in pilot
    assert ["Board members", "3", "2", "67%"] in pilot
    assert ["Everyone", "6", "5", "83%"] in pilot
    # 5 answered, 2 of them board members: fewer than 3, so the groups are not shown apart.
    [trust] = [row for row in pilot if row[0].startswith("My partner and I")]
    assert trust[1] == "5"
    assert "Everyone: mean 3.6 (1 to 5)" in trust[2]
    assert "Mentors:" not in trust[2]
    # True of both questions: said once for the survey, not in each row.
    part = survey_part(page, "Pilot evaluation")
    assert part.count("not shown apart: one of the groups is smaller than 3") == 1
    assert "not shown apart" not in trust[2]
    [met] = [row for row in pilot if row[0] == "How many times did you meet?"]
    assert "Everyone: most chosen: Twice (3 of 5)" in met[2]


def test_a_closed_survey_answered_by_fewer_than_the_minimum_is_withheld(page):
    pulse = table_rows(survey_part(page, "Mid-point pulse"))

    assert ["Mentors", "3", "2", "67%"] in pulse
    [worth] = [row for row in pulse if row[0].startswith("Our meetings are worth")]
    assert worth[1] == "—"
    assert worth[2] == "Withheld."
    part = survey_part(page, "Mid-point pulse")
    assert (
        part.count(
            "Each question was answered by fewer than 3 people, so all the results are withheld "
            "to protect them."
        )
        == 1
    )
    assert "mean 4" not in part


def test_an_open_survey_shows_its_response_rate_and_no_results(page):
    part = survey_part(page, "Closing pulse")

    assert ["Mentors", "3", "1", "33%"] in table_rows(part)
    assert "results once it has closed" in part
    assert "A question whose results must wait." not in page


def test_the_report_lists_the_group_evaluation_with_its_attendance(page):
    rows = table_rows(page)

    assert [
        "Group evaluation and learning session (Evaluation and learning activity)",
        "5 March 2027",
        "4",
        "3",
    ] in rows
    assert "Mentor briefing for latecomers" not in page
    assert "Spring learning session" not in page


def test_nobody_is_named_on_the_report(page, cast):
    text = re.sub(r"\s+", " ", page)

    for person in User.objects.all():
        assert person.full_name not in text, person.full_name
        assert person.email not in text, person.email
    # Not even the coordinator reading it, in the admin's greeting.
    assert "Welcome," not in text
    for role in ROLES[1:]:
        assert cast.person(role).get_short_name() not in text


def test_the_report_is_printable_without_the_admin_around_it(page):
    assert '<link rel="stylesheet" href="/static/css/report.css">' in page
    with open(finders.find("css/report.css")) as stylesheet:
        css = stylesheet.read()
    assert "@media print" in css
    assert "size: A4" in css
    assert "break-before: page" in css
    assert "#header" in css
    assert ".breadcrumbs" in css
    assert "http" not in css  # nothing fetched from elsewhere


def test_the_programme_list_links_to_each_programme_s_report(cohort, client, cast):
    client.force_login(cast.coordinator)

    changelist = client.get(reverse("admin:mentoring_programme_changelist")).content.decode()
    change = client.get(
        reverse("admin:mentoring_programme_change", args=[cohort.pk])
    ).content.decode()

    assert f'href="/admin/report/{cohort.slug}/"' in changelist
    assert f'href="/admin/report/{cohort.slug}/"' in change


def test_an_unknown_programme_is_not_found(client, cast):
    client.force_login(cast.coordinator)

    assert client.get("/admin/report/no-such-programme/").status_code == 404


# --- who may open it --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_the_programme_office_opens_the_report(client, cast, role):
    url = report_url(cast.programme)
    sign_in_for_real(client, cast, role)

    response = client.get(url)

    if role in ("coordinator", "superuser"):
        assert response.status_code == 200
        assert "2026/27 pilot: programme report" in response.content.decode()
    elif role == "anonymous":
        assert response.status_code == 302
        final, _ = client.get(url, follow=True).redirect_chain[-1]
        assert final.startswith(reverse("account_login"))
    else:
        assert response.status_code == 302
        assert client.get(url, follow=True).status_code == 403


def test_staff_need_an_authenticator_and_the_programme_permission(client, cast):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    response = client.get(report_url(cast.programme))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")

    TOTP.activate(staff, generate_totp_secret())
    assert client.get(report_url(cast.programme)).status_code == 403

    staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="mentoring", codename="view_programme")
    )
    staff = User.objects.get(pk=staff.pk)  # permissions are cached on the instance
    client.force_login(staff)
    assert client.get(report_url(cast.programme)).status_code == 200


def test_survey_results_are_on_the_report_only_for_those_who_may_see_surveys(client, cast):
    """As the survey's own results page: a staff member who may see programmes but not
    surveys reads the report without them."""
    survey = SurveyFactory(programme=cast.programme, title="Midpoint check-in")
    staff = UserFactory(is_staff=True)
    TOTP.activate(staff, generate_totp_secret())
    staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="mentoring", codename="view_programme")
    )
    client.force_login(User.objects.get(pk=staff.pk))

    page = words(client.get(report_url(cast.programme)).content.decode())

    assert survey.title not in page
    assert "Survey results are shown to those in the programme office who may see surveys" in page
    staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="evaluation", codename="view_survey")
    )
    client.force_login(User.objects.get(pk=staff.pk))
    assert survey.title in words(client.get(report_url(cast.programme)).content.decode())


# --- what it costs ---------------------------------------------------------------------------


def programme_with_pairs(n: int):
    """`n` pairs (every other one ended, completed or withdrawn), each with two meetings
    held, a cancellation, an action step done and a place at the evaluation event; and one
    closed survey."""
    programme = ProgrammeFactory()
    event = EventFactory(
        programme=programme,
        kind=EventKind.EVALUATION,
        audience=Audience.JOINT,
        starts_at=days_ago(2),
    )
    endings = ["", EndReason.COMPLETED, "", EndReason.WITHDRAWN]  # "": still active
    for i in range(n):
        reason = endings[i % len(endings)]
        pair = MatchFactory(
            board_member=BriefedBoardMemberFactory(programme=programme),
            status=MatchStatus.ENDED if reason else MatchStatus.ACTIVE,
            end_reason=reason,
            activated_at=days_ago(120),
        )
        earlier = HeldMeetingFactory(match=pair, starts_at=days_ago(90))
        later = HeldMeetingFactory(match=pair, starts_at=days_ago(40))
        MeetingFactory(match=pair, starts_at=days_ago(60), status="cancelled")
        action = ActionStepFactory(meeting=earlier)
        ActionReview.objects.create(action=action, meeting=later, status="done")
        RegistrationFactory(
            event=event, person=pair.mentor_user, status=RegistrationStatus.ATTENDED
        )
    survey = SurveyFactory(
        programme=programme, opens_at=days_ago(30), closes_at=days_ago(1), min_group_size=3
    )
    QuestionFactory(survey=survey)
    return programme


def test_the_report_costs_the_same_queries_for_2_pairs_or_20(frozen, client, coordinator):
    client.force_login(coordinator)
    small = queries_for(client, report_url(programme_with_pairs(2)))
    large = queries_for(client, report_url(programme_with_pairs(20)))

    assert large == small
    # Session, user, and whether they have an authenticator, are a coordinator, and their
    # permissions (one query: accounts.access.staff_facts_read) (3), the programme (1), then:
    # applications, board members, pairs, meetings, events, the surveys (6: no action steps,
    # whose figures a closed programme keeps on its row, `Programme.actions_at_close`, and an
    # open one withholds), and the surveys' results, read together whatever their number
    # (evaluation.results.surveys_results: their locks, whether sealed answers are left to
    # open, questions, answers, responses by role, and who the programme's surveys ask and
    # who answered but is asked no more: none once every closed survey has been counted),
    # with the lock's savepoint and its release inside this test's transaction (8).
    assert small == 3 + 1 + 6 + 8, small


def test_a_closed_programmes_report_reads_its_action_figures_without_counting(
    frozen, client, coordinator
):
    """The same queries as the open programme's above: the figures kept as it closed are on
    the programme's row, read with it."""
    client.force_login(coordinator)
    programme = programme_with_pairs(2)
    programme.status, programme.recruitment_open = "closed", False
    programme.save()

    assert queries_for(client, report_url(programme)) == 3 + 1 + 6 + 8


def test_a_whole_mean_reads_as_the_survey_results_write_it():
    """statistics.mean of whole numbers is a whole number: "mean 4.0", not "mean 4"."""
    likert = SimpleNamespace(kind=QuestionKind.LIKERT)

    assert _summary(likert, Group(label="Everyone", count=5, mean=4)) == "mean 4.0 (1 to 5)"
