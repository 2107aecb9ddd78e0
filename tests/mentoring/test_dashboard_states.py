"""The dashboard follows the application: in each state the applicant reads where they
stand and their next step, and never a step that is not theirs (a briefing for someone
who will not be matched, or who has been briefed already)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.services import account_delete
from mentoring.models import Audience, BriefingExemption, EndReason, Match
from mentoring.services.matches import match_end
from tests.cast import sign_in_as
from tests.factories import (
    BriefedBoardMemberFactory,
    DraftApplicationFactory,
    EventFactory,
    HeldMeetingFactory,
    LineManagerRequestFactory,
    MeetingFactory,
    MentorApplicationFactory,
    RegistrationFactory,
    agree_ground_rules,
    attend_briefing,
)

pytestmark = pytest.mark.django_db

COME_TO_A_BRIEFING = "come to a mentor briefing"
BRIEFING_TITLE = "Mentor briefing: January"
NEXT_BRIEFING = f'Coming up:\n      <a href="/events/">{BRIEFING_TITLE}</a>'
REGISTERED = "You are registered for"
# The badge says what the sentence after it says: for the eye, read once (aria-hidden).
BRIEFED = 'aria-hidden="true">Briefed</span> You have been briefed.'


@pytest.fixture
def briefing(cast):
    """The programme's next mentor briefing, which an eligible, unbriefed applicant is shown."""
    return EventFactory(
        programme=cast.programme,
        audience=Audience.MENTORS,
        title=BRIEFING_TITLE,
        starts_at=timezone.now() + timedelta(days=7),  # before the cast's own briefing
    )


def dashboard(client, person) -> str:
    client.force_login(person)
    return client.get(reverse("dashboard")).content.decode()


def apply(cast, **fields):
    """The outsider's application to the cast's programme, in the state `fields` describe."""
    return MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider, **fields)


def test_a_draft_says_nothing_is_sent_and_leads_back_to_the_form(client, cast, briefing):
    DraftApplicationFactory(programme=cast.programme, applicant=cast.outsider)

    page = dashboard(client, cast.outsider)

    assert "Your application is a draft: nothing has been sent yet." in page
    assert "Next: finish your answers and submit them." in page
    assert f"{reverse('apply')}?programme=pilot" in page
    assert BRIEFING_TITLE not in page
    assert "Read your application" not in page


def test_a_draft_while_recruitment_is_closed_says_it_is_kept(client, cast):
    cast.programme.recruitment_open = False
    cast.programme.save(update_fields=["recruitment_open"])
    DraftApplicationFactory(programme=cast.programme, applicant=cast.outsider)

    page = dashboard(client, cast.outsider)

    assert "Recruitment is closed just now; your draft is kept until it opens again." in page
    assert "Next: finish your answers" not in page


@pytest.mark.parametrize("recruiting", [True, False])
def test_staff_who_have_not_applied_are_told_whether_they_can_apply_now(client, cast, recruiting):
    cast.programme.recruitment_open = recruiting
    cast.programme.save(update_fields=["recruitment_open"])

    page = dashboard(client, cast.outsider)

    closed = "2026/27 pilot is not recruiting reverse mentors just now; when it opens recruitment"
    assert (closed in page) is not recruiting
    assert ("Apply to be a reverse mentor" in page) is recruiting


def test_waiting_on_the_line_manager_says_who_was_asked(client, cast):
    cast.programme.line_manager_agreement = True
    cast.programme.save(update_fields=["line_manager_agreement"])
    application = apply(
        cast, line_manager_name="Lee Manager", line_manager_email="lee.manager@example.org"
    )
    LineManagerRequestFactory(application=application)

    page = dashboard(client, cast.outsider)

    assert "we are waiting for your line manager to agree" in page
    # The cast's mentor briefing has places: taking one is the next step, the only one.
    assert "We have emailed lee.manager@example.org" in page
    assert page.count("Next:") == 1
    assert 'fs-6">Waiting for your line manager</span>' in page
    assert "who will let you know by email" not in page


def declined_by_line_manager(cast):
    """The outsider applied to the cast's programme, which asks line managers, and theirs
    declined."""
    cast.programme.line_manager_agreement = True
    cast.programme.save(update_fields=["line_manager_agreement"])
    application = apply(
        cast, line_manager_name="Lee Manager", line_manager_email="lee.manager@example.org"
    )
    LineManagerRequestFactory(
        application=application,
        decision="declined",
        reason="Short-staffed.",
        answered_at="2026-01-05T10:00Z",
    )


def test_a_line_manager_who_declined_is_followed_up_by_the_office(client, cast, briefing):
    declined_by_line_manager(cast)

    for page in (
        dashboard(client, cast.outsider),
        client.get(f"{reverse('apply')}?programme=pilot").content.decode(),
        client.get("/programmes/pilot/").content.decode(),
    ):
        assert "Your line manager did not agree to you taking part this time" in page
        assert "your application cannot go any further" in page
        assert 'fs-6">Your line manager did not agree</span>' in page  # not "Submitted"
        assert "mailto:" in page  # whom to write to
        assert BRIEFING_TITLE not in page
        assert "Not briefed yet" not in page
        assert "Coming up:" not in page


def test_a_line_manager_who_declined_takes_the_briefings_off_the_events_page(
    client, cast, briefing
):
    declined_by_line_manager(cast)
    client.force_login(cast.outsider)

    page = client.get(reverse("events")).content.decode()

    assert BRIEFING_TITLE not in page
    assert "Register" not in page
    assert "your application cannot go any further and its briefings are not for you" in page
    response = client.post(reverse("event_register", args=[briefing.pk]))
    assert response.status_code == 404
    assert not briefing.registrations.exists()


def test_a_submitted_application_points_an_unbriefed_applicant_to_the_briefing(
    client, cast, briefing
):
    apply(cast)

    page = dashboard(client, cast.outsider)

    assert "Your application is with the programme office" in page
    assert page.count(NEXT_BRIEFING) == 1
    assert REGISTERED not in page
    assert "Read your application" in page


@pytest.mark.parametrize("status", ["submitted", "accepted"])
def test_an_unbriefed_applicant_is_told_to_register_for_the_next_briefing(
    client, cast, briefing, status
):
    apply(cast, status=status)

    page = dashboard(client, cast.outsider)

    assert (
        f'Next: <a href="/events/#event-{briefing.pk}-title">register for it</a> on the events '
        "page." in page
    )


def test_a_full_briefing_is_said_to_be_full_not_offered(client, cast, briefing):
    """When it is the only one to come: with room at a later one, that one is named
    (tests/mentoring/test_the_next_briefing_named_is_one_with_a_place_to_take.py)."""
    briefing.capacity = 1
    briefing.save(update_fields=["capacity"])
    RegistrationFactory(event=briefing)
    held = timezone.now() - timedelta(days=30)
    cast.programme.events.exclude(pk=briefing.pk).update(
        starts_at=held, ends_at=held + timedelta(hours=3)
    )
    apply(cast)

    page = dashboard(client, cast.outsider)

    assert page.count(NEXT_BRIEFING) == 1
    assert "It is full just now. A place comes free when someone gives theirs up" in page
    assert "register for it" not in page


def test_a_withdrawn_applicant_is_given_the_programme_offices_address(client, cast):
    apply(cast, status="withdrawn")

    page = dashboard(client, cast.outsider)

    address = cast.programme.contact_email
    assert f'write to the programme office at <a href="mailto:{address}">{address}</a>.' in page


@pytest.mark.parametrize("status", ["submitted", "accepted"])
def test_an_applicant_registered_for_a_briefing_is_told_to_come_to_that_one(
    client, cast, briefing, status
):
    apply(cast, status=status)
    RegistrationFactory(event=briefing, person=cast.outsider)

    page = dashboard(client, cast.outsider)

    when = date_format(timezone.localtime(briefing.starts_at), "l j F Y, H:i")
    # Said once, in the application's card, with the briefing's title and time.
    assert page.lower().count("registered for") == 1
    assert f'{REGISTERED}\n      <a href="/events/">{BRIEFING_TITLE}</a>, {when}.' in page
    assert page.count(when) == 1
    assert "Coming up:" not in page
    assert "register for it" not in page


@pytest.mark.parametrize("how", ["attended", "exempted"])
def test_a_briefed_applicant_is_not_told_to_come_to_a_briefing(client, cast, briefing, how):
    application = apply(cast)
    if how == "attended":
        attend_briefing(cast.outsider, cast.programme, Audience.MENTORS)
    else:
        BriefingExemption.objects.create(
            programme=cast.programme, person=cast.outsider, note="Briefed one-to-one."
        )

    page = dashboard(client, cast.outsider)

    assert page.count(BRIEFED) == 1
    assert page.lower().count("you have been briefed") == 1
    assert "Next: nothing for now." in page
    assert COME_TO_A_BRIEFING not in page
    assert "Not briefed yet" not in page
    assert application.programme.name in page


def test_an_ineligible_applicant_is_told_kindly_and_never_sent_to_a_briefing(
    client, cast, briefing
):
    apply(cast, eligible=False, has_conflict=True, conflict_details="An open grievance.")

    page = dashboard(client, cast.outsider)

    assert "you do not meet the criteria for a reverse mentor this time" in page
    assert "Your application explains why." in page
    assert "briefing" not in page.lower()
    # Nor do they find it on the events page.
    assert BRIEFING_TITLE not in client.get(reverse("events")).content.decode()


def test_an_ineligible_applicants_own_page_gives_the_reasons_and_thanks_them_once(client, cast):
    apply(cast, eligible=False, has_conflict=True, conflict_details="An open grievance.")
    client.force_login(cast.outsider)

    page = client.get(reverse("apply")).content.decode()

    assert "you do not meet the criteria for a reverse mentor this time" in page
    assert page.count("Thank you for wanting to take part.") == 1
    # Nothing more they need to do; withdrawing is offered as a choice, and said to be one.
    assert "If you would rather close your application now than wait for the programme" in page
    assert "Withdraw my application" in page


def test_an_accepted_mentor_registered_for_a_briefing_is_asked_to_come_to_it(
    client, cast, briefing
):
    apply(cast, status="accepted")
    RegistrationFactory(event=briefing, person=cast.outsider)

    page = dashboard(client, cast.outsider)

    assert f'You are registered for\n      <a href="/events/">{BRIEFING_TITLE}</a>' in page
    assert "Next: come to your briefing. After the briefings, the programme office" in page
    assert "nothing for now" not in page


@pytest.mark.parametrize("briefed", [False, True])
def test_an_accepted_mentor_waits_to_be_matched_after_the_briefing(client, cast, briefing, briefed):
    apply(cast, status="accepted")
    if briefed:
        attend_briefing(cast.outsider, cast.programme, Audience.MENTORS)

    page = dashboard(client, cast.outsider)

    assert "Welcome aboard. You are a reverse mentor in 2026/27 pilot." in page
    if briefed:
        assert page.count(BRIEFED) == 1
        assert "Next: nothing for now; the programme office will match you" in page
        assert BRIEFING_TITLE not in page
    else:
        assert page.count(NEXT_BRIEFING) == 1
        assert "After the briefings, the programme office will match you" in page


def test_a_paired_mentor_is_sent_to_their_pair_not_to_a_briefing(client, cast, briefing):
    page = dashboard(client, cast.mentor)

    assert "You are a reverse mentor in 2026/27 pilot, and you have been paired." in page
    assert reverse("match") in page
    assert COME_TO_A_BRIEFING not in page
    assert "Welcome aboard" not in page


@pytest.mark.parametrize("page", ["programme"])
def test_a_paired_mentor_with_no_meeting_yet_is_asked_to_agree_the_first(client, cast, page):
    assert "propose your first meeting</a> with Bola Board." in mentor_page(client, cast, page)


@pytest.mark.parametrize("page", ["programme"])
def test_a_paired_mentor_with_a_meeting_booked_is_told_when_it_is(client, cast, page):
    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=21))
    booked = MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(days=9))

    text = mentor_page(client, cast, page)

    assert "Next: your next meeting with Bola Board is on" in text
    assert timezone.localtime(booked.starts_at).strftime("%A %-d %B %Y, %H:%M") in text
    assert "propose your first meeting" not in text


@pytest.mark.parametrize("page", ["programme"])
def test_a_paired_mentor_after_a_meeting_is_asked_to_propose_the_next(client, cast, page):
    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=21))

    text = mentor_page(client, cast, page)

    assert "propose your next meeting</a> with Bola Board; it is due between" in text
    assert reverse("meeting_new", args=[cast.pair.pk]) in text
    assert "propose your first meeting" not in text


def test_the_dashboard_says_the_pairs_next_meeting_once_in_the_pair_card(client, cast):
    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=21))
    booked = MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(days=9))
    when = timezone.localtime(booked.starts_at).strftime("%A %-d %B %Y, %H:%M")

    page = dashboard(client, cast.mentor)

    assert page.count(when) == 1
    assert "<strong>Next meeting:</strong>" in page  # the pair card
    assert "Next: your next meeting with Bola Board" not in page
    # The application card says only that they are paired; the pair card links to the pair.
    assert "You are a reverse mentor in 2026/27 pilot, and you have been paired." in page
    assert page.count("o to your pair") == 1


def test_a_paired_board_members_dashboard_says_the_pairing_once_in_the_pair_card(client, cast):
    page = dashboard(client, cast.board_member)

    assert page.count("You are paired with") == 1
    assert "You are paired with Maya Mentor" in page  # the pair card
    # Their board member card leaves the pair to its card, as a paired mentor's application does.
    assert "2026/27 pilot: you are a board member" in page
    assert page.count("o to your pair") == 1
    assert "Not briefed yet" not in page


@pytest.mark.parametrize(
    ("person", "partner"), [("mentor", "Bola Board"), ("board_member", "Maya Mentor")]
)
def test_after_the_office_ends_a_pair_both_are_told_when_and_what_next(
    client, cast, person, partner
):
    match_end(match=cast.pair, reason=EndReason.COMPLETED)
    ended_on = timezone.localdate(Match.objects.get(pk=cast.pair.pk).ended_at)

    page = dashboard(client, getattr(cast, person))

    assert f"Your pairing with {partner} ended on {ended_on:%-d %B %Y}." in page
    assert "keeps its history, read-only" in page
    assert "To talk about what happens next, write to the programme office" in page
    assert "will match you" not in page
    assert "You are paired with" not in page


@pytest.mark.parametrize("reason", [EndReason.COMPLETED, EndReason.WITHDRAWN])
def test_a_board_member_whose_pair_ended_is_not_told_of_their_profile_as_a_step(
    client, cast, reason
):
    """The profile was for matching: once the pair ended, the card says what happens next,
    as the programme page does, not "Your profile is complete" or a link to complete it."""
    match_end(match=cast.pair, reason=reason)

    page = dashboard(client, cast.board_member)

    assert "2026/27 pilot: you are a board member" in page
    assert "Your pairing with Maya Mentor ended on" in page
    assert "Your profile is" not in page
    assert "our profile</a>" not in page


def mentor_page(client, cast, page) -> str:
    client.force_login(cast.mentor)
    path = reverse("dashboard") if page == "dashboard" else "/programmes/pilot/"
    return client.get(path).content.decode()


@pytest.mark.parametrize(
    ("status", "where", "next_step"),
    [
        ("waitlisted", "You are on the waiting list.", "If a place comes up in this cohort"),
        (
            "declined",
            "The programme office could not offer you a place this time.",
            "we hope you will consider a later cohort",
        ),
        (
            "withdrawn",
            "You withdrew this application.",
            "If you would like to take part after all, write to the programme office at",
        ),
    ],
)
def test_a_decided_or_withdrawn_application_says_where_it_stands(
    client, cast, status, where, next_step
):
    apply(cast, status=status)

    page = dashboard(client, cast.outsider)

    assert where in page
    assert next_step in page
    assert COME_TO_A_BRIEFING not in page
    assert "Welcome aboard" not in page


def test_declined_and_withdrawn_applicants_are_not_offered_a_briefing(client, cast, briefing):
    apply(cast, status="declined")
    assert BRIEFING_TITLE not in dashboard(client, cast.outsider)


def test_the_application_page_says_the_same_as_the_dashboard(client, cast, briefing):
    apply(cast, eligible=False, has_conflict=True, conflict_details="An open grievance.")
    sign_in_as(client, cast, "outsider")

    page = client.get(f"{reverse('apply')}?programme=pilot").content.decode()

    assert "you do not meet the criteria for a reverse mentor this time" in page
    assert COME_TO_A_BRIEFING not in page


@pytest.mark.parametrize(
    ("briefed", "complete", "told"),
    [(True, True, True), (True, False, False), (False, True, False)],
    ids=["briefed-complete", "briefed-incomplete", "not-briefed"],
)
def test_an_unpaired_board_member_ready_to_match_is_told_what_happens_next(
    client, cast, briefed, complete, told
):
    member = BriefedBoardMemberFactory(
        programme=cast.programme,
        briefed=briefed,
        profile_completed_at=timezone.now() if complete else None,
    )

    page = dashboard(client, member.user)

    next_step = "Next: the programme office will match you with a reverse mentor"
    assert (next_step in page) is told


@pytest.mark.parametrize("person", ["mentor", "board_member"])
def test_a_partner_who_deleted_their_account_is_spoken_of_not_named(client, cast, person):
    partner = cast.board_member if person == "mentor" else cast.mentor
    account_delete(user=partner, by=partner)
    ended_on = timezone.localdate(Match.objects.get(pk=cast.pair.pk).ended_at)

    page = dashboard(client, getattr(cast, person))
    pairs = client.get(reverse("match")).content.decode()

    assert (
        f"Your pairing ended on {ended_on:%-d %B %Y} "
        "(your partner has since deleted their account)." in page
    )
    assert "this pairing has ended (your partner has since deleted their account)." in pairs
    assert re.search(r'class="h5">\s*2026/27 pilot</h3>', pairs)  # the earlier pair's heading
    for said in (page, pairs):
        assert "Deleted account" not in said


def test_a_proposed_meeting_to_answer_links_to_it(client, cast):
    proposed = MeetingFactory(
        match=cast.pair, status="proposed", confirmed_at=None, proposed_by=cast.mentor
    )

    page = dashboard(client, cast.board_member)

    when = date_format(timezone.localtime(proposed.starts_at), "l j F Y, H:i")
    link = reverse("meeting_detail", args=[proposed.pk])
    assert f'waiting for your answer: <a href="{link}">answer the one on {when}</a>.' in page


def test_a_meeting_to_log_links_to_its_log(client, cast):
    """Once both agreed the ground rules (before, no page offers the log:
    test_no_page_offers_a_log_before_both_agreed_the_ground_rules)."""
    agree_ground_rules(cast.pair)
    past = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=2))

    page = dashboard(client, cast.mentor)

    when = date_format(timezone.localtime(past.starts_at), "l j F Y")
    link = reverse("meeting_log", args=[past.pk])
    assert f'1 meeting to log: <a href="{link}">log the one on {when}</a>.' in page


def test_a_pair_still_to_set_up_is_told_its_first_meeting_then_what_to_set_up(client, cast):
    """Neither rules agreed nor purpose written, and no meeting held or booked: the first
    meeting to propose is next, and setting the pair up is still to do together, in the
    programme page's order and words; the status above asks nothing more."""
    words = " ".join(re.sub(r"<[^>]+>", "", dashboard(client, cast.mentor)).split())
    programme = " ".join(
        re.sub(
            r"<[^>]+>", "", client.get(reverse("programme_detail", args=["pilot"])).content.decode()
        ).split()
    )

    still = (
        "Still to do together with Bola: agree the ground rules (you both do, before your first "
        "meeting is logged); write your shared purpose."
    )
    assert "Next: propose your first meeting with Bola." in words
    assert words.index("Next: propose your first meeting") < words.index(still)
    assert words.count("propose your first meeting") == 1
    assert programme.index("propose your first meeting") < programme.index(still)
