"""A survey only for people in a pair (`Survey.pairs_only`: its questions are about a pair's
meetings) asks the mentors and board members who are in a pair during it: an active pair, or
one that ended after the survey opened (they answer about the meetings they had). Nobody
else sees anything of it: it is not listed, its address is a 404, nobody else is reminded,
and nobody else is counted among those it invited. A survey for everyone still asks the
accepted mentor and the board member who have no pair.

Beside the cast: Uma, an accepted mentor with no pair, and Ugo, a board member with no pair."""

from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from evaluation.audience import STILL_PAIRED, Side, invited_by_role, people_asked, role_for, role_in
from evaluation.models import Participation, Role, Survey, SurveyAudience
from evaluation.results import survey_results
from evaluation.selectors import asked_by_any_survey
from evaluation.services import SurveyError, survey_answer, surveys_count_invited
from mentoring.models import MatchStatus
from mentoring.reminders import reminders_dispatch
from tests.admin_pages import signed_in_for_real
from tests.factories import (
    BriefedBoardMemberFactory,
    MatchFactory,
    MentorFactory,
    ProgrammeFactory,
    QuestionFactory,
    SurveyFactory,
    UserFactory,
    close_survey,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NAV_LINK = ">Surveys</a>"


@pytest.fixture
def uma(cast):
    """An accepted, briefed mentor of the cast's programme, not (yet) in a pair."""
    person = UserFactory(full_name="Uma Unpaired", email="uma@example.org")
    return MentorFactory(programme=cast.programme, applicant=person).applicant


@pytest.fixture
def ugo(cast):
    """A board member of the cast's programme who has joined, not (yet) in a pair."""
    person = UserFactory(full_name="Ugo Unpaired", email="ugo@example.org")
    return BriefedBoardMemberFactory(programme=cast.programme, user=person).user


def ended_pair(programme, name: str, *, activated_at: datetime, ended_at: datetime):
    """A pair of `programme` that ended at `ended_at`: its mentor and board member."""
    mentor = UserFactory(full_name=f"{name} Mentor", email=f"{name.lower()}.m@example.org")
    member = UserFactory(full_name=f"{name} Board", email=f"{name.lower()}.b@example.org")
    pair = MatchFactory(
        mentor=MentorFactory(programme=programme, applicant=mentor),
        board_member=BriefedBoardMemberFactory(programme=programme, user=member),
        status=MatchStatus.ENDED,
        activated_at=activated_at,
        ended_at=ended_at,
    )
    return pair.mentor.applicant, pair.board_member.user


def a_survey(cast, title: str, **fields) -> Survey:
    """Open since yesterday, for a fortnight, to mentors and board members."""
    survey = SurveyFactory(programme=cast.programme, title=title, **fields)
    QuestionFactory(survey=survey, text="Our meetings are worth the time we give them.")
    return survey


@pytest.fixture
def pulse(cast):
    return a_survey(cast, "Mid-point pulse", pairs_only=True)


@pytest.fixture
def evaluation(cast):
    return a_survey(cast, "Pilot evaluation")


def listed(client, person) -> str:
    client.force_login(person)
    return client.get(reverse("surveys")).content.decode()


# --- the rule: a pure function, no database ---------------------------------------------------

OPENS = datetime(2027, 6, 7, 9, 0, tzinfo=LONDON)
CLOSES = OPENS + timedelta(days=14)


@pytest.mark.parametrize(
    ("pairs_only", "mentor", "board_member", "role"),
    [
        # Everyone: being in a pair or not does not matter.
        (False, Side(), None, Role.MENTOR),
        (False, None, Side(), Role.BOARD_MEMBER),
        # Only people in a pair.
        (True, Side(), None, None),  # never in a pair
        (True, None, Side(), None),
        (True, Side(STILL_PAIRED), None, Role.MENTOR),  # an active pair
        (True, None, Side(STILL_PAIRED), Role.BOARD_MEMBER),
        (True, Side(OPENS + timedelta(days=3)), None, Role.MENTOR),  # ended while open
        (True, Side(OPENS), None, Role.MENTOR),  # ended as it opened
        (True, Side(OPENS - timedelta(seconds=1)), None, None),  # ended before it opened
        # Paired just before it closed, and only once it had closed.
        (True, Side(STILL_PAIRED, paired_from=CLOSES - timedelta(seconds=1)), None, Role.MENTOR),
        (True, Side(STILL_PAIRED, paired_from=CLOSES), None, None),
        (True, None, Side(STILL_PAIRED, paired_from=CLOSES + timedelta(days=9)), None),
        (False, Side(STILL_PAIRED, paired_from=CLOSES), None, Role.MENTOR),
        # Mentor and board member of the programme, paired only as a board member.
        (True, Side(), Side(STILL_PAIRED), Role.BOARD_MEMBER),
        (False, Side(), Side(STILL_PAIRED), Role.MENTOR),
    ],
)
def test_a_survey_only_for_people_in_a_pair_asks_a_side_only_if_paired_during_it(
    pairs_only, mentor, board_member, role
):
    survey = Survey(
        audience=SurveyAudience.BOTH, pairs_only=pairs_only, opens_at=OPENS, closes_at=CLOSES
    )

    assert role_for(survey, mentor=mentor, board_member=board_member) == role


def test_the_pairs_rule_does_not_widen_the_audience():
    survey = Survey(audience=SurveyAudience.MENTORS, pairs_only=True, opens_at=OPENS)

    assert role_for(survey, mentor=None, board_member=Side(STILL_PAIRED)) is None


# --- /surveys/, /surveys/<id>/ and the navigation ---------------------------------------------


@pytest.mark.parametrize("person", ["uma", "ugo"])
def test_an_unpaired_person_sees_the_survey_for_everyone_and_nothing_of_the_pairs_one(
    client, request, pulse, evaluation, person
):
    html = listed(client, request.getfixturevalue(person))

    assert "Pilot evaluation" in html
    assert reverse("survey_answer", args=[evaluation.pk]) in html
    assert "Mid-point pulse" not in html
    assert reverse("survey_answer", args=[pulse.pk]) not in html


@pytest.mark.parametrize("person", ["mentor", "board_member", "other_mentor"])
def test_people_in_a_pair_are_asked_both(client, cast, uma, ugo, pulse, evaluation, person):
    html = listed(client, getattr(cast, person))

    assert "Mid-point pulse" in html
    assert "Pilot evaluation" in html
    for survey in (pulse, evaluation):
        assert client.get(reverse("survey_answer", args=[survey.pk])).status_code == 200


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("person", ["uma", "ugo"])
def test_the_pairs_survey_is_not_found_by_an_unpaired_person(
    client, request, pulse, evaluation, person, method
):
    client.force_login(request.getfixturevalue(person))
    url = reverse("survey_answer", args=[pulse.pk])
    question = pulse.questions.get()

    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, {"action": "submit", f"question_{question.pk}": "4"})

    assert response.status_code == 404
    assert "Mid-point pulse" not in response.content.decode()
    assert not Participation.objects.exists()
    # The survey for everyone is theirs to answer.
    assert client.get(reverse("survey_answer", args=[evaluation.pk])).status_code == 200


def test_an_unpaired_person_cannot_answer_the_pairs_survey_through_the_service(uma, pulse):
    question = pulse.questions.get()

    with pytest.raises(SurveyError, match="for other people in the programme"):
        survey_answer(survey=pulse, person=uma, answers={question.pk: 4})


def test_a_pairs_survey_for_board_members_is_a_404_to_an_unpaired_mentor(client, cast, uma):
    """A paired mentor is told it is for board members; an unpaired one hears nothing of it."""
    for_members = a_survey(
        cast, "Board members' pulse", pairs_only=True, audience=SurveyAudience.BOARD_MEMBERS
    )
    url = reverse("survey_answer", args=[for_members.pk])

    client.force_login(uma)
    assert client.get(url).status_code == 404
    client.force_login(cast.mentor)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("person", ["uma", "ugo"])
def test_no_surveys_link_for_an_unpaired_person_when_only_a_pairs_survey_asks_anyone(
    client, request, cast, pulse, person
):
    someone = request.getfixturevalue(person)
    client.force_login(someone)

    assert NAV_LINK not in client.get(reverse("dashboard")).content.decode()

    a_survey(cast, "Pilot evaluation")  # for everyone
    assert NAV_LINK in client.get(reverse("dashboard")).content.decode()


def test_someone_whose_pair_ends_while_the_survey_is_open_is_still_asked(client, cast, pulse):
    erin, eli = ended_pair(
        cast.programme,
        "Erin",
        activated_at=timezone.now() - timedelta(days=60),
        ended_at=pulse.opens_at + timedelta(hours=6),
    )

    for person in (erin, eli):
        assert "Mid-point pulse" in listed(client, person)
        assert client.get(reverse("survey_answer", args=[pulse.pk])).status_code == 200


def test_someone_whose_pair_ended_before_the_survey_opened_is_not_asked(
    client, cast, pulse, evaluation
):
    pat, pia = ended_pair(
        cast.programme,
        "Pat",
        activated_at=timezone.now() - timedelta(days=60),
        ended_at=pulse.opens_at - timedelta(days=2),
    )

    for person in (pat, pia):
        assert "Mid-point pulse" not in listed(client, person)
        assert client.get(reverse("survey_answer", args=[pulse.pk])).status_code == 404
        assert client.get(reverse("survey_answer", args=[evaluation.pk])).status_code == 200


def test_a_proposed_pair_is_not_yet_a_pair(client, cast, uma, ugo, pulse):
    MatchFactory(
        mentor=uma.mentor_applications.get(),
        board_member=ugo.board_memberships.get(),
        status=MatchStatus.PROPOSED,
    )

    assert "Mid-point pulse" not in listed(client, uma)


def test_an_unpaired_person_is_asked_once_paired(client, cast, uma, ugo, pulse):
    MatchFactory(
        mentor=uma.mentor_applications.get(),
        board_member=ugo.board_memberships.get(),
        status=MatchStatus.ACTIVE,
    )

    for person in (uma, ugo):
        assert "Mid-point pulse" in listed(client, person)


# --- counting those invited -------------------------------------------------------------------


def test_only_the_people_in_a_pair_are_counted_as_invited(cast, uma, ugo, pulse, evaluation):
    ended_pair(
        cast.programme,
        "Erin",
        activated_at=timezone.now() - timedelta(days=60),
        ended_at=pulse.opens_at + timedelta(hours=6),
    )
    ended_pair(
        cast.programme,
        "Pat",
        activated_at=timezone.now() - timedelta(days=60),
        ended_at=pulse.opens_at - timedelta(days=2),
    )

    # Maya, Omar and Erin; Bola, Olive and Erin's board member.
    assert invited_by_role(pulse) == Counter({Role.MENTOR: 3, Role.BOARD_MEMBER: 3})
    # Those and Uma, Pat; Ugo, Pat's board member.
    assert invited_by_role(evaluation) == Counter({Role.MENTOR: 5, Role.BOARD_MEMBER: 5})
    # The same people the reminders go to, one by one.
    for survey in (pulse, evaluation):
        asked = people_asked([survey])[survey.pk]
        assert invited_by_role(survey) == Counter(role for _person, role in asked)
    assert uma not in [person for person, _role in people_asked([pulse])[pulse.pk]]
    # The office's response rate says the same (at a minimum group of 3, each side apart).
    pulse.min_group_size = 3
    assert [(rate.label, rate.invited) for rate in survey_results(pulse).rates] == [
        ("Mentors", 3),
        ("Board members", 3),
    ]


def test_a_closed_pairs_survey_keeps_counting_only_the_people_in_a_pair(
    cast, uma, ugo, pulse, evaluation
):
    close_survey(pulse)
    close_survey(evaluation)

    assert surveys_count_invited() == 2

    pulse.refresh_from_db()
    evaluation.refresh_from_db()
    assert pulse.invited_at_close == {Role.MENTOR: 2, Role.BOARD_MEMBER: 2}
    assert evaluation.invited_at_close == {Role.MENTOR: 3, Role.BOARD_MEMBER: 3}


# --- reminders --------------------------------------------------------------------------------


def at(day: int, hour: int) -> datetime:
    return datetime(2027, 6, day, hour, tzinfo=LONDON)


def test_the_reminders_of_a_pairs_survey_go_only_to_people_in_a_pair(
    cast, uma, ugo, django_capture_on_commit_callbacks, mailoutbox
):
    for title, pairs_only in [("Mid-point pulse", True), ("Pilot evaluation", False)]:
        a_survey(cast, title, pairs_only=pairs_only, opens_at=at(7, 0), closes_at=at(21, 17))
    erin, eli = ended_pair(
        cast.programme,
        "Erin",
        activated_at=timezone.now() - timedelta(days=60),
        ended_at=at(7, 6),  # after the surveys opened
    )

    with (
        time_machine.travel(at(7, 8), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders_dispatch()

    def sent(title):
        return sorted(
            address for mail in mailoutbox if title in mail.subject for address in mail.to
        )

    paired = sorted(
        person.email
        for person in (cast.mentor, cast.board_member, cast.other_mentor, cast.other_board_member)
    )
    assert sent("Mid-point pulse") == sorted([*paired, erin.email, eli.email])
    assert sent("Pilot evaluation") == sorted(
        [*paired, erin.email, eli.email, uma.email, ugo.email]
    )


# --- one rule everywhere ----------------------------------------------------------------------

PEOPLE = [
    "unpaired mentor",
    "paired mentor",
    "mentor of a pair ended while open",
    "mentor of a pair ended before",
    "mentor of a proposal",
    "mentor paired while open",
    "mentor paired after it closed",
    "unpaired board member",
    "paired board member",
    "board member of a pair ended while open",
    "board member of a pair ended before",
    "board member paired after it closed",
]


@pytest.mark.parametrize("audience", SurveyAudience.values)
@pytest.mark.parametrize("pairs_only", [True, False])
@pytest.mark.parametrize("person", PEOPLE)
def test_the_navigation_the_list_and_the_reminders_agree_with_role_in(audience, pairs_only, person):
    programme = ProgrammeFactory()
    survey = SurveyFactory(programme=programme, audience=audience, pairs_only=pairs_only)
    QuestionFactory(survey=survey)  # offered: the navigation lists only such a survey
    status, ended_at = MatchStatus.ENDED, None
    activated_at = survey.opens_at - timedelta(days=30)
    if "paired while open" in person:
        status, activated_at = MatchStatus.ACTIVE, survey.opens_at + timedelta(hours=1)
    elif "paired after it closed" in person:
        status, activated_at = MatchStatus.ACTIVE, survey.closes_at + timedelta(hours=1)
    elif "ended while open" in person:
        ended_at = survey.opens_at + timedelta(hours=1)
    elif "ended before" in person:
        ended_at = survey.opens_at - timedelta(hours=1)
    elif person.startswith("paired"):
        status = MatchStatus.ACTIVE
    elif "proposal" in person:
        status = MatchStatus.PROPOSED
    pair = None
    if not person.startswith("unpaired"):
        pair = MatchFactory(
            mentor=MentorFactory(programme=programme),
            board_member=BriefedBoardMemberFactory(programme=programme),
            status=status,
            activated_at=None if status == MatchStatus.PROPOSED else activated_at,
            ended_at=ended_at,
        )
    if "mentor" in person.split(" of ")[0]:
        someone = pair.mentor.applicant if pair else MentorFactory(programme=programme).applicant
    else:
        someone = (
            pair.board_member.user if pair else BriefedBoardMemberFactory(programme=programme).user
        )

    asked = role_in(survey, someone) is not None

    if pairs_only and "after it closed" in person:
        assert not asked  # a survey about the pair's meetings, over before they had any
    assert asked_by_any_survey(someone) == asked
    assert (someone in [person for person, _role in people_asked([survey])[survey.pk]]) == asked
    assert sum(invited_by_role(survey).values()) == len(people_asked([survey])[survey.pk])


# --- the office -------------------------------------------------------------------------------

office = signed_in_for_real("coordinator")


def test_the_survey_form_says_who_a_pairs_survey_asks(office):
    html = office.get(reverse("admin:evaluation_survey_add")).content.decode()

    assert "Only people in a pair" in html
    assert "active now, or ended since the survey opened; paired before it closed" in html
    assert "Left empty, it asks every accepted mentor and every board member" in html


@pytest.mark.parametrize(
    ("template", "offered_as"),
    [
        ("pulse", "Mid-point pulse (3 questions, only for people in a pair)"),
        # About "my partner" and "our meetings", like the pulse.
        ("pilot", "Pilot evaluation (13 questions, only for people in a pair)"),
    ],
)
def test_a_survey_from_a_ready_made_template_asks_only_people_in_a_pair(
    office, cast, uma, ugo, template, offered_as
):
    html = office.get(reverse("admin:evaluation_survey_from_template")).content.decode()
    assert offered_as in html
    opens_on = timezone.localdate() + timedelta(days=7)

    office.post(
        reverse("admin:evaluation_survey_from_template"),
        {
            "programme": cast.programme.pk,
            "template": template,
            "opens_on": opens_on.isoformat(),
            "closes_on": (opens_on + timedelta(days=14)).isoformat(),
        },
    )

    survey = Survey.objects.get()
    asked = {person for person, _role in people_asked([survey])[survey.pk]}
    assert asked == {cast.mentor, cast.board_member, cast.other_mentor, cast.other_board_member}
    assert role_in(survey, uma) is None
    assert role_in(survey, ugo) is None
