"""The navigation is read once and kept (mentoring.navigation), yet each link comes and goes
with the change that causes it, whichever way the change is saved: a model's save, a
queryset's update or bulk create, a group membership. Each test loads a page first, so
that the person's navigation is kept, then changes something and loads a page again.

"Your pair" and "Meetings" are there only once the person is paired: before, those pages
would only say "not paired yet"."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import COORDINATORS_GROUP
from accounts.tokens import new_token
from evaluation.services import survey_copy
from matching.services import pair_activate
from mentoring.models import (
    LineManagerRequest,
    Match,
    MentorApplication,
    Programme,
    ProgrammeStatus,
)
from mentoring.navigation import facts_for
from mentoring.selectors.pairs import pairs_for
from mentoring.services.applications import application_withdraw
from mentoring.services.line_managers import line_manager_answer
from mentoring.services.matches import match_end, match_propose
from mentoring.services.mentees import board_members_join
from tests.cast import sign_in_as
from tests.factories import (
    BoardMemberFactory,
    BriefedBoardMemberFactory,
    DraftApplicationFactory,
    MatchFactory,
    MentorApplicationFactory,
    MentorFactory,
    ProgrammeFactory,
    QuestionFactory,
    SurveyFactory,
    line_manager_asked,
)

pytestmark = pytest.mark.django_db


def links(client) -> str:
    page = client.get(reverse("dashboard")).content.decode()
    return page[page.index('id="main-nav"') : page.index("</nav>")]


def pair_links(client) -> list[str]:
    shown = links(client)
    return [label for label in ("Your pair", "Meetings") if f"{label}</a>" in shown]


def test_a_board_member_place_linked_to_the_account_brings_the_events_link(client, cast):
    sign_in_as(client, cast, "outsider")
    assert "Events</a>" not in links(client)

    BoardMemberFactory(programme=cast.programme, user=None, email=cast.outsider.email)
    assert "Events</a>" not in links(client)  # a place waiting for the address
    board_members_join(user=cast.outsider)  # a queryset update: no save signal

    assert "Events</a>" in links(client)
    assert "My application</a>" not in links(client)
    assert pair_links(client) == []  # not matched yet


@pytest.mark.parametrize("part", ["submitted application", "accepted mentor", "board member"])
def test_taking_part_without_a_pair_brings_no_pair_links(client, cast, part):
    if part == "board member":
        BriefedBoardMemberFactory(programme=cast.programme, user=cast.outsider)
    else:
        status = "accepted" if part == "accepted mentor" else "submitted"
        MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider, status=status)
    sign_in_as(client, cast, "outsider")

    assert "Events</a>" in links(client)  # their briefings
    assert pair_links(client) == []  # whose pages would only say "not paired yet"


def test_a_pair_made_brings_its_links_to_both_and_its_end_leaves_the_pair_page(client, cast):
    mentor = MentorFactory(programme=cast.programme, applicant=cast.outsider)
    member = BriefedBoardMemberFactory(programme=cast.programme)
    sign_in_as(client, cast, "outsider")
    board_member = Client()
    board_member.force_login(member.user)
    assert pair_links(client) == pair_links(board_member) == []

    proposal = match_propose(
        mentor=mentor, board_member=member, score=80, reasons=[], proposed_by=cast.coordinator
    )
    assert pair_links(client) == []  # a proposal is the programme office's until confirmed
    pair_activate(match=proposal, by=cast.coordinator)

    assert pair_links(client) == pair_links(board_member) == ["Your pair", "Meetings"]

    assert match_end(match=proposal, reason="completed", by=cast.coordinator)  # an update
    # The pair page still shows the ended pair; the schedule has only current pairs.
    assert pair_links(client) == pair_links(board_member) == ["Your pair"]

    Match.objects.filter(pk=proposal.pk).delete()
    assert pair_links(client) == pair_links(board_member) == []


def test_a_withdrawn_application_takes_the_pair_links_away(client, cast):
    application = MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider)
    sign_in_as(client, cast, "outsider")
    assert "Events</a>" in links(client)

    assert application_withdraw(application=application)  # a queryset update

    assert "Events</a>" not in links(client)
    assert "My application</a>" in links(client)


def test_an_applicant_who_does_not_meet_the_criteria_has_no_events_link(client, cast):
    MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider, eligible=False)
    sign_in_as(client, cast, "outsider")

    assert "Events</a>" not in links(client)  # the briefings are not theirs (participations)
    assert "My application</a>" in links(client)


def test_a_line_manager_who_declines_takes_the_events_link_away(client, cast):
    asked = line_manager_asked(cast.programme, cast.outsider, "manager@example.org")
    sign_in_as(client, cast, "outsider")
    assert "Events</a>" in links(client)  # the briefings are theirs while the answer waits

    line_manager_answer(request=asked, agreed=False, reason="Too busy", answered_by=None)

    assert "Events</a>" not in links(client)  # a queryset update: no save signal
    assert "My application</a>" in links(client)


def test_only_the_line_managers_answer_has_the_navigation_read_again(client, cast):
    asked = line_manager_asked(cast.programme, cast.outsider, "manager@example.org")
    sign_in_as(client, cast, "outsider")
    assert navigation_read(client)

    # Saved or updated by a queryset, and the answer as it was (when the link went out; a new
    # link, as a reminder makes one): no fact the navigation reads.
    asked.sent_at -= timedelta(days=1)
    asked.save(update_fields=["sent_at"])
    token, token_hash = new_token()
    LineManagerRequest.objects.filter(pk=asked.pk).update(token=token, token_hash=token_hash)
    assert not navigation_read(client)

    line_manager_answer(request=asked, agreed=True, reason="", answered_by=None)
    assert navigation_read(client)
    asked.refresh_from_db()
    asked.save()  # a save that may change the answer is read again
    assert navigation_read(client)


def test_apply_until_they_have_applied_and_only_while_the_programme_recruits(client, cast):
    sign_in_as(client, cast, "outsider")
    assert "Apply</a>" in links(client)
    assert "My application</a>" not in links(client)

    DraftApplicationFactory(programme=cast.programme, applicant=cast.outsider)
    assert "My application</a>" in links(client)  # a draft is theirs to finish
    assert "Apply</a>" not in links(client)

    MentorApplication.objects.filter(applicant=cast.outsider).delete()
    cast.programme.recruitment_open = False
    cast.programme.save(update_fields=["recruitment_open"])
    assert "Apply</a>" not in links(client)  # a step they cannot take
    assert "My application</a>" not in links(client)


def test_a_survey_that_asks_them_brings_the_surveys_link(client, cast):
    sign_in_as(client, cast, "mentor")
    assert "Surveys</a>" not in links(client)

    SurveyFactory(programme=cast.programme, audience="board_members")
    assert "Surveys</a>" not in links(client)  # not theirs to answer
    survey = SurveyFactory(programme=cast.programme, audience="mentors")
    assert "Surveys</a>" not in links(client)  # open with nothing to answer yet: not offered
    QuestionFactory(survey=survey)

    assert "Surveys</a>" in links(client)


def test_a_survey_copied_to_ask_them_later_brings_the_surveys_link(client, cast):
    sign_in_as(client, cast, "mentor")
    survey = SurveyFactory(programme=cast.programme, audience="mentors")
    assert "Surveys</a>" not in links(client)  # open with nothing to answer yet: not offered

    survey_copy(survey=survey)  # saved in bulk: no save signal

    assert "Surveys</a>" in links(client)  # the copy, to open after this one closes


def test_joining_the_coordinators_leaves_the_participants_links(client, cast):
    sign_in_as(client, cast, "outsider")
    assert "Apply</a>" in links(client)

    cast.outsider.groups.add(Group.objects.get_or_create(name=COORDINATORS_GROUP)[0])

    assert "Apply</a>" not in links(client)
    assert "Profile</a>" in links(client)  # their data and account are theirs to manage


def test_the_programme_link_follows_the_newest_active_programme(client, cast):
    sign_in_as(client, cast, "outsider")
    assert cast.programme.get_absolute_url() in links(client)

    newer = ProgrammeFactory()  # as undated as the cast's, and made later
    assert newer.get_absolute_url() in links(client)

    newer.status, newer.recruitment_open = ProgrammeStatus.CLOSED, False
    newer.save()
    assert cast.programme.get_absolute_url() in links(client)
    assert newer.get_absolute_url() not in links(client)


def test_a_board_member_keeps_the_link_to_an_application_made_in_the_current_programme(
    client, cast
):
    cohort = ProgrammeFactory(starts_on=timezone.localdate() + timedelta(days=30))
    MentorApplicationFactory(programme=cohort, applicant=cast.board_member)
    sign_in_as(client, cast, "board_member")

    assert "My application</a>" in links(client)
    assert "Apply</a>" not in links(client)
    assert client.get(reverse("apply")).status_code == 200  # theirs, in the current programme


def test_a_dated_cohort_after_an_undated_pilot_is_the_current_one(client, cast):
    """Whatever the database's place for a missing date: the pilot (undated, made first)
    gives way to a cohort starting after the day the pilot was made."""
    cohort = ProgrammeFactory(starts_on=timezone.localdate() + timedelta(days=30))
    sign_in_as(client, cast, "outsider")

    assert cohort.get_absolute_url() in links(client)
    assert Programme.objects.current() == cohort

    # And an undated programme made today is newer than one that started a year ago.
    cohort.starts_on = timezone.localdate() - timedelta(days=365)
    cohort.save()
    assert Programme.objects.current() == cast.programme
    assert cast.programme.get_absolute_url() in links(client)


def navigation_read(client) -> bool:
    with CaptureQueriesContext(connection) as queries:
        links(client)
    return any('"programme_slug"' in query["sql"] for query in queries)


def test_the_navigation_is_read_once_and_kept(client, cast):
    sign_in_as(client, cast, "mentor")
    assert navigation_read(client)
    assert not navigation_read(client)

    # Someone signing in saves their last_login: not a change the navigation reads.
    cast.other_mentor.save(update_fields=["last_login"])
    assert not navigation_read(client)
    cast.other_mentor.save()
    assert navigation_read(client)


def test_proposals_and_a_pairs_purpose_leave_the_navigation_kept(client, cast):
    mentor = MentorFactory(programme=cast.programme)
    member = BriefedBoardMemberFactory(programme=cast.programme)
    sign_in_as(client, cast, "mentor")
    assert navigation_read(client)

    # Proposals are the programme office's: nobody's links follow them, nor a pair's purpose.
    proposal = match_propose(
        mentor=mentor, board_member=member, score=80, reasons=[], proposed_by=cast.coordinator
    )
    proposal.delete()
    cast.pair.purpose = "To understand how promotion panels are run."
    cast.pair.save(update_fields=["purpose"])
    assert not navigation_read(client)

    cast.pair.save()  # a save that may change its status is read again
    assert navigation_read(client)


@pytest.mark.parametrize("status", ["proposed", "active", "ended"])
@pytest.mark.parametrize("side", ["mentor", "board member"])
def test_the_pair_links_agree_with_what_the_pair_pages_show(cast, side, status):
    outsider = cast.outsider
    MatchFactory(
        mentor=MentorFactory(
            programme=cast.programme, **({"applicant": outsider} if side == "mentor" else {})
        ),
        board_member=BriefedBoardMemberFactory(
            programme=cast.programme, **({"user": outsider} if side == "board member" else {})
        ),
        status=status,
    )

    for person in (outsider, cast.mentor, cast.board_member, cast.coordinator):
        pairs = pairs_for(person)
        facts = facts_for(person)
        assert facts["paired"] == bool(pairs)
        assert facts["paired_now"] == any(pair.match.is_active for pair in pairs)


def test_what_other_code_kept_is_not_read(client, cast, monkeypatch):
    """A deploy that adds a fact, or changes a model kept pickled: entries kept by the code
    before it (its workers may still be running) are under another key, never read."""
    from django.core.cache import cache

    from mentoring import navigation

    sign_in_as(client, cast, "mentor")
    links(client)  # kept by this code
    generation = cache.get(navigation.GENERATION)
    key = f"navigation:person:{cast.mentor.pk}"
    with monkeypatch.context() as before:
        before.setattr(navigation, "_shape", lambda: "before")
        # What earlier code kept for her, under its key: facts it knew of, not today's.
        for earlier in (key, navigation.kept_key(key)):
            cache.set(earlier, (generation, {}))

    assert "Your pair</a>" in links(client)
