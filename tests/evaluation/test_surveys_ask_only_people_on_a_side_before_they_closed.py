"""A survey asks a person only on a side (mentor, board member) they came onto before it
closed. Priya, a board member who joins today, was never asked the pilot evaluation that
closed a week ago: no "Surveys" link, nothing listed, its page a 404, not counted among those
it invited. A survey still open asks whoever is on a side now: joining while it is open
makes you asked.

Beside the cast: Priya, who accepts her invitation to the cast's programme today, and Pete,
a mentor accepted today."""

from collections import Counter
from datetime import datetime, timedelta
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation
from accounts.services import invitation_accept_new_user
from evaluation.audience import Side, invited_by_role, people_asked, role_for, role_in
from evaluation.models import Role, Survey, SurveyAudience
from evaluation.selectors import asked_by_any_survey
from evaluation.services import surveys_count_invited
from mentoring.models import BoardMember
from mentoring.services.mentees import board_member_invite
from tests.factories import (
    BoardMemberFactory,
    InvitationFactory,
    MentorFactory,
    ProgrammeFactory,
    QuestionFactory,
    SurveyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NAV_LINK = ">Surveys</a>"


def a_survey(cast, title: str, *, closed_days_ago: int | None = None) -> Survey:
    """Open for a fortnight, to mentors and board members: since yesterday, or closed
    `closed_days_ago`."""
    now = timezone.now()
    closes_at = now - timedelta(days=closed_days_ago) if closed_days_ago else None
    survey = SurveyFactory(
        programme=cast.programme,
        title=title,
        **(
            # Asking from its opening, as beat kept it: one that never asked asked nobody.
            {
                "opens_at": closes_at - timedelta(days=14),
                "closes_at": closes_at,
                "asked_at": closes_at - timedelta(days=14),
            }
            if closes_at
            else {}
        ),
    )
    QuestionFactory(survey=survey, text="The programme was worth the time I gave it.")
    return survey


@pytest.fixture
def pilot(cast):
    """The pilot evaluation, closed a week ago."""
    return a_survey(cast, "Pilot evaluation", closed_days_ago=7)


@pytest.fixture
def priya(cast):
    """Invited to the cast's programme as a board member today, and accepts at once."""
    board_member_invite(
        programme=cast.programme, email="priya@example.org", invited_by=cast.coordinator
    )
    return invitation_accept_new_user(
        invitation=Invitation.objects.get(email="priya@example.org"),
        full_name="Priya Patel",
        password="a-long-and-unusual-passphrase",
    )


@pytest.fixture
def pete(cast):
    """A mentor of the cast's programme, accepted today."""
    person = UserFactory(full_name="Pete Newcomer", email="pete@example.org")
    return MentorFactory(
        programme=cast.programme, applicant=person, decided_at=timezone.now()
    ).applicant


# --- the rule: a pure function, no database ---------------------------------------------------

OPENS = datetime(2026, 11, 9, 9, 0, tzinfo=LONDON)
CLOSES = datetime(2026, 11, 23, 17, 0, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("since", "asked"),
    [
        (OPENS - timedelta(days=30), True),  # before it opened
        (OPENS + timedelta(days=3), True),  # while it was open
        (CLOSES - timedelta(seconds=1), True),
        (CLOSES, False),  # as it closed
        (CLOSES + timedelta(days=7), False),  # after it closed
    ],
)
@pytest.mark.parametrize("side", ["mentor", "board_member"])
def test_a_survey_asks_a_side_only_if_joined_before_it_closed(side, since, asked):
    survey = Survey(audience=SurveyAudience.BOTH, opens_at=OPENS, closes_at=CLOSES)

    sides = {"mentor": None, "board_member": None, side: Side(since=since)}

    assert role_for(survey, **sides) == (side if asked else None)


def test_a_board_member_who_joined_after_it_closed_is_not_asked_as_the_mentor_they_were():
    survey = Survey(audience=SurveyAudience.BOTH, opens_at=OPENS, closes_at=CLOSES)
    late = Side(since=CLOSES + timedelta(days=1))

    assert role_for(survey, mentor=late, board_member=Side(since=OPENS)) == Role.BOARD_MEMBER
    assert role_for(survey, mentor=Side(since=OPENS), board_member=late) == Role.MENTOR


# --- joining records when ---------------------------------------------------------------------


def test_accepting_the_invitation_records_when_priya_joined(priya):
    member = BoardMember.objects.get(user=priya)

    assert timezone.now() - member.joined_at < timedelta(minutes=1)


def test_someone_added_with_an_account_joins_when_added(cast):
    person = UserFactory(full_name="Ada Account", email="ada@example.org")

    member = board_member_invite(
        programme=cast.programme, email=person.email, invited_by=cast.coordinator
    )

    assert member.user == person
    assert member.joined_at == member.invited_at


# --- what Priya and Pete see ------------------------------------------------------------------


@pytest.mark.parametrize("person", ["priya", "pete"])
def test_someone_who_joined_after_a_survey_closed_sees_nothing_of_it(
    client, request, pilot, person
):
    someone = request.getfixturevalue(person)
    client.force_login(someone)

    assert NAV_LINK not in client.get(reverse("dashboard")).content.decode()
    assert "Pilot evaluation" not in client.get(reverse("surveys")).content.decode()
    response = client.get(reverse("survey_answer", args=[pilot.pk]))
    assert response.status_code == 404
    assert "Pilot evaluation" not in response.content.decode()


def test_the_cast_who_were_there_still_see_the_closed_survey(client, cast, pilot, priya):
    client.force_login(cast.board_member)

    assert NAV_LINK in client.get(reverse("dashboard")).content.decode()
    assert "Pilot evaluation" in client.get(reverse("surveys")).content.decode()


@pytest.mark.parametrize("person", ["priya", "pete"])
def test_joining_while_a_survey_is_open_makes_you_asked(client, request, cast, pilot, person):
    someone = request.getfixturevalue(person)
    pulse = a_survey(cast, "Mid-point pulse")
    client.force_login(someone)

    assert NAV_LINK in client.get(reverse("dashboard")).content.decode()
    html = client.get(reverse("surveys")).content.decode()
    assert "Mid-point pulse" in html
    assert "Pilot evaluation" not in html
    assert client.get(reverse("survey_answer", args=[pulse.pk])).status_code == 200


def test_a_survey_for_the_other_side_is_still_a_404_to_someone_who_joined_after_it_closed(
    client, cast, priya
):
    """Not "this one is for mentors": she was not in the programme while it ran."""
    for_mentors = a_survey(cast, "Mentors' evaluation", closed_days_ago=7)
    Survey.objects.filter(pk=for_mentors.pk).update(audience=SurveyAudience.MENTORS)
    client.force_login(priya)

    assert client.get(reverse("survey_answer", args=[for_mentors.pk])).status_code == 404
    client.force_login(cast.board_member)
    assert client.get(reverse("survey_answer", args=[for_mentors.pk])).status_code == 403


# --- counting those invited -------------------------------------------------------------------


def test_someone_who_joined_after_it_closed_is_not_counted_as_invited(pilot, priya, pete):
    # The cast's two pairs only: Maya and Omar, Bola and Olive.
    assert invited_by_role(pilot) == Counter({Role.MENTOR: 2, Role.BOARD_MEMBER: 2})
    asked = [person for person, _role in people_asked([pilot])[pilot.pk]]
    assert priya not in asked
    assert pete not in asked

    assert surveys_count_invited() == 1
    pilot.refresh_from_db()
    assert pilot.invited_at_close == {Role.MENTOR: 2, Role.BOARD_MEMBER: 2}


# --- one rule everywhere ----------------------------------------------------------------------


@pytest.mark.parametrize("closed", [True, False])
@pytest.mark.parametrize("joined", ["a year ago", "today"])
@pytest.mark.parametrize("side", ["mentor", "board member"])
def test_the_navigation_the_list_and_the_counts_agree_with_role_in(side, joined, closed):
    programme = ProgrammeFactory()
    now = timezone.now()
    survey = SurveyFactory(
        programme=programme,
        opens_at=now - timedelta(days=21 if closed else 1),
        closes_at=now - timedelta(days=7) if closed else now + timedelta(days=13),
        asked_at=now - timedelta(days=21 if closed else 1),  # as beat kept it
    )
    QuestionFactory(survey=survey)  # offered: the navigation lists only such a survey
    since = now - timedelta(days=365) if joined == "a year ago" else now
    if side == "mentor":
        someone = MentorFactory(programme=programme, decided_at=since).applicant
    else:
        someone = BoardMemberFactory(programme=programme, joined_at=since).user

    asked = role_in(survey, someone) is not None

    assert asked == (joined == "a year ago" or not closed)
    assert asked_by_any_survey(someone) == asked
    assert (someone in [person for person, _role in people_asked([survey])[survey.pk]]) == asked
    assert sum(invited_by_role(survey).values()) == int(asked)


# --- the board members who had joined before the change ---------------------------------------


def test_the_migration_dates_each_joining_from_what_was_recorded_then(cast):
    now = timezone.now()
    invited = now - timedelta(days=40)
    # Had an account when invited: added at once.
    known = BoardMemberFactory(programme=cast.programme, user=UserFactory(), invited_at=invited)
    type(known.user).objects.filter(pk=known.user.pk).update(
        date_joined=invited - timedelta(days=1)
    )
    # Accepted the invitation ten days later.
    invitee = UserFactory(email="invitee@example.org")
    accepted = BoardMemberFactory(programme=cast.programme, user=invitee, invited_at=invited)
    type(invitee).objects.filter(pk=invitee.pk).update(date_joined=invited + timedelta(days=10))
    InvitationFactory(
        email=invitee.email, accepted_by=invitee, accepted_at=invited + timedelta(days=10)
    )
    # Signed up themselves instead, twenty days later.
    self_made = BoardMemberFactory(programme=cast.programme, user=UserFactory(), invited_at=invited)
    type(self_made.user).objects.filter(pk=self_made.user.pk).update(
        date_joined=invited + timedelta(days=20)
    )
    BoardMember.objects.update(joined_at=now)

    import_module("mentoring.migrations.0027_board_member_joined_at").joined_when_linked(apps, None)

    joined = dict(BoardMember.objects.values_list("pk", "joined_at"))
    assert joined[known.pk] == invited
    assert joined[accepted.pk] == invited + timedelta(days=10)
    assert joined[self_made.pk] == invited + timedelta(days=20)
