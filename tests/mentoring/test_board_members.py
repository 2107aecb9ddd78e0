"""Board members are invited by the programme office, join through the invitation, complete
their profile, and are told on their dashboard whether they have been briefed."""

import html
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.bounds import NOT_OFFERED
from accounts.models import Invitation, User
from matching.models import MatchingSettings
from matching.scoring import Weight
from mentoring.availability import to_mask
from mentoring.models import (
    Audience,
    BoardMember,
    BriefingExemption,
    EndReason,
    EventKind,
    MentorApplication,
    RegistrationStatus,
)
from mentoring.services.matches import match_end
from tests.admin_pages import messages_shown, save_change_form, words
from tests.briefings import cast_briefings_held
from tests.cast import from_the_cast
from tests.factories import (
    ACCEPT_INVITATION,
    ACCEPT_LINK,
    BoardFactory,
    BoardMemberFactory,
    EventFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
    RegistrationFactory,
    UserFactory,
    profile_answers,
)
from tests.opened_now import post_opened_now

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 9, 15, 10, 0, tzinfo=LONDON)

INVITE = reverse("admin:mentoring_boardmember_add")
PROFILE = reverse("profile")
DASHBOARD = reverse("dashboard")


@pytest.fixture(autouse=True)
def _mid_september(time_machine):
    time_machine.move_to(NOW, tick=False)


programme = from_the_cast("programme", first=cast_briefings_held)  # briefings over by now
coordinator = from_the_cast("coordinator")
staff_member = from_the_cast("outsider")  # Olu, signed-up staff in no programme


def new_board_members(cast):
    """Every board member but the cast's own two."""
    return BoardMember.objects.exclude(
        pk__in=[cast.pair.board_member_id, cast.other_pair.board_member_id]
    )


def new_applications(cast):
    """Every application but the cast's own two mentors'."""
    return MentorApplication.objects.exclude(
        pk__in=[cast.pair.mentor_id, cast.other_pair.mentor_id]
    )


@pytest.fixture
def medics():
    return ProgrammeFactory(
        name="Medical School cohort", slug="medics", themes=["Clinical hierarchy"]
    )


@pytest.fixture
def provosts_board():
    return BoardFactory(name="Provost's Board")


@pytest.fixture
def office(client, coordinator):
    """The coordinator's browser, signed in to the programme office."""
    client.force_login(coordinator)
    return client


@pytest.fixture
def board_member(programme):
    """Jonathan Hale, the Provost: joined the pilot, profile complete."""
    return BoardMemberFactory(
        programme=programme,
        user=UserFactory(full_name="Jonathan Hale", email="jonathan@example.org"),
    ).user


@pytest.fixture
def newcomer(programme):
    """Nadia Noor, a board member who has just joined and not yet answered anything."""
    return BoardMemberFactory(
        programme=programme,
        user=UserFactory(full_name="Nadia Noor", email="nadia@example.org"),
        board=None,
        role_title="",
        department="",
        learning_goals="",
        learning_style="",
        interaction_approach="",
        availability=0,
        bio="",
        themes=[],
        profile_completed_at=None,
    )


@pytest.fixture
def mentor(programme):
    """Priya Patel, a mentor in the pilot."""
    return MentorApplicationFactory(
        programme=programme,
        applicant=UserFactory(full_name="Priya Patel", email="priya@example.org"),
        status="accepted",
    ).applicant


def invite(client, data: dict, **kwargs):
    """The add form, then its confirmation: nothing is saved before the second POST."""
    asked = client.post(INVITE, data)
    assert asked.status_code == 200
    assert "Yes, invite and email them" in asked.content.decode()
    return client.post(INVITE, {**data, "confirmed": "yes"}, **kwargs)


# --- inviting -------------------------------------------------------------------------------


def test_inviting_a_new_address_sends_an_invitation_and_waits_for_them_to_join(
    office, programme, provosts_board, mailoutbox, django_capture_on_commit_callbacks, cast
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(
            office,
            {
                "programme": programme.pk,
                "email": "Provost@Example.com",
                "board": provosts_board.pk,
                "role_title": "Provost",
            },
            follow=True,
        )

    # Who was emailed what, not Django's "was added successfully".
    assert messages_shown(response) == [
        "An invitation link to 2026/27 pilot as a board member was emailed to "
        "provost@example.com. They show here as not joined until they accept it."
    ]
    member = new_board_members(cast).get()
    assert member.email == "provost@example.com"
    assert member.user is None
    assert (member.board, member.role_title) == (provosts_board, "Provost")
    assert Invitation.objects.get().email == "provost@example.com"
    [mail] = mailoutbox
    assert mail.to == ["provost@example.com"]
    assert mail.subject == "You are invited to join 2026/27 pilot as a board member"
    assert ACCEPT_LINK.search(mail.body)
    assert ACCEPT_LINK.search(mail.alternatives[0][0])
    assert (
        "(not joined yet)"
        in office.get(reverse("admin:mentoring_boardmember_changelist")).content.decode()
    )


def test_accepting_the_invitation_makes_them_a_board_member_with_a_profile_to_complete(
    office, programme, provosts_board, mailoutbox, django_capture_on_commit_callbacks, cast
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(
            office,
            {
                "programme": programme.pk,
                "email": "provost@example.com",
                "board": provosts_board.pk,
                "role_title": "Provost",
            },
        )
    [mail] = mailoutbox
    office.logout()

    response = office.post(ACCEPT_LINK.search(mail.body).group(1), ACCEPT_INVITATION, follow=True)

    jonathan = User.objects.get(email="provost@example.com")
    assert new_board_members(cast).get().user == jonathan
    assert response.redirect_chain[-1][0] == DASHBOARD
    content = response.content.decode()
    assert "Welcome, Jonathan" in content
    assert "2026/27 pilot: you are a board member" in content
    # Board and role came with the invitation: 2 of the 9 answers.
    assert "Your profile is 22% complete." in content
    assert "Complete your profile" in content
    assert f'href="{PROFILE}?programme=pilot"' in content


def test_inviting_someone_who_already_has_an_account_adds_them_at_once(
    office, programme, provosts_board, mailoutbox, django_capture_on_commit_callbacks, cast
):
    jonathan = UserFactory(full_name="Jonathan Hale", email="jonathan@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(
            office,
            {
                "programme": programme.pk,
                "email": "Jonathan@Example.org",
                "board": provosts_board.pk,
                "role_title": "Provost",
            },
            follow=True,
        )

    assert messages_shown(response) == [
        "Added jonathan@example.org to 2026/27 pilot as a board member and told them by email."
    ]
    assert new_board_members(cast).get().user == jonathan
    assert not Invitation.objects.exists()
    [mail] = mailoutbox
    assert mail.to == ["jonathan@example.org"]
    assert mail.subject == "You are a board member in 2026/27 pilot"
    assert "Dear Jonathan," in mail.body
    assert "added you to 2026/27 pilot as a board member" in mail.body
    assert "https://mentoring.example.org/profile/?programme=pilot" in mail.body
    html = mail.alternatives[0][0]
    assert "Dear Jonathan," in html
    assert 'href="https://mentoring.example.org/profile/?programme=pilot"' in html
    assert 'href="https://mentoring.example.org/events/"' in html


@pytest.mark.parametrize(
    ("email", "says"),
    [
        (
            "Provost@Example.com",
            "provost@example.com has no account yet, so they will be emailed an invitation "
            "link to 2026/27 pilot as a board member.",
        ),
        (
            "Jonathan@Example.org",
            "jonathan@example.org already has an account, so they are added to 2026/27 pilot "
            "as a board member at once and told by email.",
        ),
    ],
)
def test_nothing_is_saved_and_nobody_is_emailed_until_the_invitation_is_confirmed(
    office,
    programme,
    provosts_board,
    mailoutbox,
    django_capture_on_commit_callbacks,
    email,
    says,
    cast,
):
    UserFactory(full_name="Jonathan Hale", email="jonathan@example.org")
    data = {
        "programme": programme.pk,
        "email": email,
        "board": provosts_board.pk,
        "role_title": "Provost",
    }

    with django_capture_on_commit_callbacks(execute=True):
        asked = office.post(INVITE, data)

    assert asked.status_code == 200
    content = html.unescape(asked.content.decode())
    assert says in content
    assert email.lower() in content
    assert 'value="Yes, invite and email them"' in content
    for name, value in data.items():
        assert f'<input type="hidden" name="{name}" value="{value}">' in content
    assert '<input type="hidden" name="confirmed" value="yes">' in content
    assert not new_board_members(cast).exists()
    assert not Invitation.objects.exists()
    assert mailoutbox == []

    # "No, go back" returns to the add form with the answers kept; still nothing happens.
    [back] = re.findall(r'href="([^"]+)" class="button cancel-link">No, go back', content)
    form = office.get(back)
    assert form.context["adminform"].form.initial["email"] == email
    assert not new_board_members(cast).exists()
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        office.post(INVITE, {**data, "confirmed": "yes"})

    assert new_board_members(cast).get().email == email.lower()
    [mail] = mailoutbox
    assert mail.to == [email.lower()]


def test_inviting_the_same_address_twice_to_a_programme_is_refused_clearly(
    office, programme, provosts_board, mailoutbox, django_capture_on_commit_callbacks, cast
):
    BoardMemberFactory(
        programme=programme,
        user=UserFactory(email="provost@example.com"),
        email="provost@example.com",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            INVITE,
            {
                "programme": programme.pk,
                "email": "PROVOST@example.com",
                "board": provosts_board.pk,
                "role_title": "Provost",
            },
        )

    assert response.status_code == 200
    assert "This person is already a board member in this programme." in response.content.decode()
    assert new_board_members(cast).count() == 1
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_inviting_again_an_address_still_to_join_says_the_invitation_is_waiting_and_how_to_resend(
    office, programme, provosts_board, mailoutbox, django_capture_on_commit_callbacks
):
    data = {"programme": programme.pk, "email": "provost@example.com", "board": provosts_board.pk}
    with django_capture_on_commit_callbacks(execute=True):
        invite(office, data)
    mailoutbox.clear()

    page = html.unescape(office.post(INVITE, data).content.decode())

    assert "already a board member" not in page
    assert (
        f"provost@example.com was invited to {programme} on 15 September 2026, 10:00 BST and "
        "has not joined yet. Their invitation link works until 29 September 2026, 10:00 BST."
    ) in page
    assert "choose “Send a new invitation to those who have not joined”" in page
    assert Invitation.objects.count() == 1
    assert mailoutbox == []

    Invitation.objects.update(created_at=NOW - timedelta(days=2), expires_at=NOW)
    page = html.unescape(office.post(INVITE, data).content.decode())
    assert "Their invitation link expired on 15 September 2026, 10:00 BST." in page


def test_the_same_person_can_be_a_board_member_in_another_programme(
    office, programme, medics, board_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(office, {"programme": medics.pk, "email": "jonathan@example.org"})

    assert set(
        BoardMember.objects.filter(user=board_member).values_list("programme__slug", flat=True)
    ) == {"pilot", "medics"}


def test_an_address_invited_to_a_second_programme_is_told_of_both_and_joins_both(
    office, programme, medics, mailoutbox, django_capture_on_commit_callbacks, cast
):
    for invited_to in (programme, medics):  # the first email delivered before the second
        with django_capture_on_commit_callbacks(execute=True):
            invite(office, {"programme": invited_to.pk, "email": "provost@example.com"})
    _first, second = mailoutbox
    office.logout()

    # One link is open for an address: the second replaced the first, and joins both places.
    assert second.subject == (
        f"You are invited to join 2026/27 pilot and {medics.name} as a board member"
    )
    link = ACCEPT_LINK.search(second.body).group(1)
    page = office.get(link).content.decode()
    assert f"to join 2026/27 pilot and {medics.name} as a board member" in page
    office.post(link, ACCEPT_INVITATION)
    assert set(
        BoardMember.objects.filter(user__email="provost@example.com").values_list(
            "programme__slug", flat=True
        )
    ) == {"pilot", medics.slug}


# --- the profile ----------------------------------------------------------------------------


def test_anonymous_visitors_are_asked_to_sign_in_for_the_profile(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("person", ["mentor", "staff_member"])
def test_someone_who_is_not_a_board_member_sees_their_account_and_calendar_not_the_questions(
    client, request, person
):
    user = request.getfixturevalue(person)
    client.force_login(user)

    page = client.get(PROFILE).content.decode()

    assert user.email in page
    assert "Your calendar address" in page
    assert "What would you like to learn" not in page
    # Their page saves account details only (profile_details): the questions are not theirs.
    assert post_opened_now(client, PROFILE, {"learning_goals": "Forged"}).status_code == 405
    assert not BoardMember.objects.filter(user=user).exists()


def test_a_board_member_has_no_profile_in_a_programme_they_are_not_part_of(
    client, board_member, medics
):
    client.force_login(board_member)
    assert client.get(f"{PROFILE}?programme=medics").status_code == 404


def test_a_board_member_sees_their_profile_with_their_programmes_themes_only(
    client, newcomer, medics
):
    client.force_login(newcomer.user)

    response = client.get(PROFILE)

    assert response.status_code == 200
    content = response.content.decode()
    assert "2026/27 pilot" in content
    assert "Anti-racism" in content
    assert "Culture change" in content
    assert "Clinical hierarchy" not in content


def test_completing_the_profile_saves_it_and_the_dashboard_shows_it_complete(
    client, programme, newcomer
):
    client.force_login(newcomer.user)

    response = post_opened_now(client, PROFILE, profile_answers(programme), follow=True)

    assert response.redirect_chain == [(DASHBOARD, 302)]
    assert messages_shown(response) == ["Your profile is saved."]
    content = response.content.decode()
    assert "Your profile is complete." in content
    assert "Review your profile" in content
    assert "Complete your profile" not in content
    assert "Not briefed yet</span>" in content
    newcomer.refresh_from_db()
    assert newcomer.profile_completed_at == NOW
    assert newcomer.board.name == "Provost's Board"
    assert newcomer.learning_goals.startswith("What it is like to raise a concern")
    assert newcomer.availability == to_mask([("Monday", "afternoon"), ("Wednesday", "afternoon")])
    assert [theme.name for theme in newcomer.themes.all()] == ["Culture change"]


def test_where_the_programme_pairs_only_people_sharing_a_theme_the_profile_asks_for_one(
    client, programme, newcomer
):
    """Shared themes weighed Mandatory block every pair sharing none: a profile without a
    theme would be "complete", promised a match, and blocked with every mentor."""
    MatchingSettings.objects.update_or_create(
        programme=programme, defaults={"themes_weight": Weight.MANDATORY}
    )
    client.force_login(newcomer.user)

    response = post_opened_now(client, PROFILE, profile_answers(programme, themes=None))

    assert response.status_code == 200
    assert (
        words(response.content.decode()).count(
            "Choose at least one theme: your programme pairs people who share one."
        )
        == 2
    )  # the summary at the top, and beside the question
    newcomer.refresh_from_db()
    assert newcomer.profile_completed_at is None
    assert post_opened_now(client, PROFILE, profile_answers(programme)).status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.profile_completed_at is not None


def test_a_profile_completed_without_a_theme_is_reopened_once_themes_are_mandatory(
    client, programme, newcomer, coordinator
):
    """Completed before the office weighed shared themes Mandatory, a profile without a theme
    was blocked with every mentor, yet still "complete", promised a match. Saving the
    setting makes it incomplete again, saying so; the board member is asked for a theme."""
    client.force_login(newcomer.user)
    post_opened_now(client, PROFILE, profile_answers(programme, themes=None))
    newcomer.refresh_from_db()
    assert newcomer.profile_completed_at is not None
    settings, _ = MatchingSettings.objects.get_or_create(programme=programme)

    client.force_login(coordinator)
    url = reverse("admin:matching_matchingsettings_change", args=[settings.pk])
    saved = save_change_form(client, url, themes_weight=Weight.MANDATORY)

    assert (
        "1 board member completed a profile without a theme, now needed to be matched: it is "
        "no longer complete"
    ) in " ".join(messages_shown(client.get(saved.url)))
    newcomer.refresh_from_db()
    assert newcomer.profile_completed_at is None
    client.force_login(newcomer.user)
    assert "Complete your profile" in words(client.get(reverse("dashboard")).content.decode())


def test_a_profile_without_availability_is_refused_and_keeps_what_was_typed(
    client, programme, newcomer
):
    client.force_login(newcomer.user)

    response = client.post(
        PROFILE,
        profile_answers(
            programme,
            availability=None,
            learning_goals="How a restructure feels from the front desk.",
        ),
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Tick at least one time when you could usually meet." in content
    assert "How a restructure feels from the front desk." in content
    assert 'value="Vice-Provost"' in content
    newcomer.refresh_from_db()
    assert newcomer.learning_goals == ""
    assert newcomer.role_title == ""
    assert newcomer.profile_completed_at is None
    assert not newcomer.themes.exists()


def test_a_theme_from_another_programme_cannot_be_slipped_into_the_profile(
    client, programme, medics, newcomer
):
    client.force_login(newcomer.user)
    forged = medics.themes.get().pk

    response = post_opened_now(client, PROFILE, profile_answers(programme, themes=[forged]))

    assert response.status_code == 200
    assert NOT_OFFERED in response.content.decode()
    assert not newcomer.themes.exists()


def change_url(member):
    return reverse("admin:mentoring_boardmember_change", args=[member.pk])


def test_a_coordinator_opens_a_board_members_profile_in_the_admin(office, board_member):
    member = BoardMember.objects.get(user=board_member)

    response = office.get(change_url(member))

    assert response.status_code == 200
    content = response.content.decode()
    assert "How decisions at the top feel to colleagues without positional power." in content
    assert "Tuesday morning, Friday afternoon" in content


def test_a_coordinator_edits_a_board_members_profile_in_the_admin(office, programme, board_member):
    member = BoardMember.objects.get(user=board_member)

    response = office.post(
        change_url(member),
        profile_answers(programme, learning_goals="Agreed by phone: how to hear challenge well."),
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.learning_goals == "Agreed by phone: how to hear challenge well."
    assert member.role_title == "Vice-Provost"
    assert member.is_profile_complete


def test_a_coordinator_who_completes_a_profile_in_the_admin_marks_it_complete(
    office, programme, newcomer
):
    response = office.post(change_url(newcomer), profile_answers(programme))

    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.is_profile_complete


def test_a_coordinator_who_clears_a_needed_answer_in_the_admin_gets_a_message_not_an_error(
    office, programme, board_member
):
    member = BoardMember.objects.get(user=board_member)

    response = office.post(change_url(member), profile_answers(programme, learning_goals=""))

    # Either the admin explains what is missing, or it saves the profile as no longer complete.
    assert response.status_code in (200, 302)
    member.refresh_from_db()
    assert member.is_profile_complete == bool(member.learning_goals)


# --- applying -------------------------------------------------------------------------------


def test_a_board_member_cannot_apply_to_be_a_mentor_in_their_programme(
    client, programme, board_member, cast
):
    client.force_login(board_member)
    url = f"{reverse('apply')}?programme=pilot"

    for response in (client.get(url), client.post(url, {"submit": "1", "bio": "Forged"})):
        assert response.status_code == 403
        assert "You take part as a board member" in response.content.decode()
    assert not new_applications(cast).exists()


def refused_page(client, person) -> str:
    client.force_login(person)
    response = client.get(f"{reverse('apply')}?programme=pilot")
    assert response.status_code == 403
    return response.content.decode()


COMPLETE_YOUR_PROFILE = "to help the programme office find you a good match"


def test_a_paired_board_member_refused_the_form_is_pointed_to_their_pair(client, cast):
    page = refused_page(client, cast.board_member)

    assert "You are paired with Maya Mentor, your reverse mentor" in page
    assert reverse("match") in page
    assert COMPLETE_YOUR_PROFILE not in page


def test_a_board_member_whose_pair_ended_is_told_so(client, cast):
    match_end(match=cast.pair, reason=EndReason.COMPLETED)

    page = refused_page(client, cast.board_member)

    assert "Your pairing with Maya Mentor ended on" in page
    assert "keeps its history, read-only" in page
    assert COMPLETE_YOUR_PROFILE not in page


WRITE_TO_THE_OFFICE = "To talk about what happens next, write to the programme office"


def test_a_board_member_whose_pair_ran_its_course_is_pointed_to_her_later_programme(client, cast):
    """As her dashboard and the pilot's page say (mentoring.selectors.place_elsewhere)."""
    match_end(match=cast.pair, reason=EndReason.COMPLETED)
    later = ProgrammeFactory(name="2027/28 cohort", slug="cohort-two", starts_on=date(2027, 9, 1))
    BoardMemberFactory(programme=later, user=cast.board_member)

    page = refused_page(client, cast.board_member)

    assert "what happens next for you is in" in words(page)
    assert 'href="/programmes/cohort-two/">2027/28 cohort</a>' in page
    assert WRITE_TO_THE_OFFICE not in words(page)


def test_a_board_member_whose_pair_ran_its_course_with_no_later_place_writes_to_the_office(
    client, cast
):
    match_end(match=cast.pair, reason=EndReason.COMPLETED)

    page = words(refused_page(client, cast.board_member))

    assert WRITE_TO_THE_OFFICE in page
    assert "what happens next for you is in" not in page


def test_a_briefed_board_member_with_a_complete_profile_waits_to_be_matched(client, cast):
    cast.pair.delete()

    page = refused_page(client, cast.board_member)

    assert "Your profile is complete" in page
    assert "You have been briefed, and the programme office will match you" in page
    assert COMPLETE_YOUR_PROFILE not in page


def test_a_paired_board_member_is_offered_to_add_to_their_profile_not_to_complete_it(client, cast):
    BoardMember.objects.filter(user=cast.board_member).update(profile_completed_at=None)
    client.force_login(cast.board_member)

    page = client.get(DASHBOARD).content.decode()

    assert "Add to your profile</a>: your reverse mentor sees your themes and short bio." in page
    assert "Complete your profile" not in page


def test_a_board_member_with_an_incomplete_profile_is_asked_to_complete_it(client, cast):
    cast.pair.delete()
    BoardMember.objects.filter(user=cast.board_member).update(profile_completed_at=None)

    page = refused_page(client, cast.board_member)

    assert f"Complete your profile</a> {COMPLETE_YOUR_PROFILE}" in page


# --- briefed or not, on the dashboard -------------------------------------------------------

# The badge says what the sentence after it says: for the eye, read once (aria-hidden).
BRIEFED = 'aria-hidden="true">Briefed</span> You have been briefed.'
NOT_BRIEFED = "Not briefed yet</span>"


def attend(person, programme, *, audience, kind=EventKind.BRIEFING, status="attended"):
    """`person` took part (or not) in a past event of `programme`."""
    event = EventFactory(
        programme=programme, audience=audience, kind=kind, starts_at=NOW - timedelta(days=7)
    )
    return RegistrationFactory(event=event, person=person, status=status)


def dashboard(client, person) -> str:
    client.force_login(person)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("person", "audience", "kind", "status", "briefed"),
    [
        ("board_member", Audience.BOARD_MEMBERS, EventKind.BRIEFING, "attended", True),
        ("board_member", Audience.JOINT, EventKind.BRIEFING, "attended", True),
        ("board_member", Audience.MENTORS, EventKind.BRIEFING, "attended", False),
        ("board_member", Audience.BOARD_MEMBERS, EventKind.EVALUATION, "attended", False),
        ("board_member", Audience.BOARD_MEMBERS, EventKind.BRIEFING, "absent", False),
        ("board_member", Audience.BOARD_MEMBERS, EventKind.BRIEFING, "registered", False),
        ("mentor", Audience.MENTORS, EventKind.BRIEFING, "attended", True),
        ("mentor", Audience.JOINT, EventKind.BRIEFING, "attended", True),
        ("mentor", Audience.BOARD_MEMBERS, EventKind.BRIEFING, "attended", False),
        ("mentor", Audience.MENTORS, EventKind.EVALUATION, "attended", False),
        ("mentor", Audience.MENTORS, EventKind.BRIEFING, "absent", False),
    ],
)
def test_only_attending_a_briefing_for_ones_own_audience_counts_as_briefed(
    client, request, programme, person, audience, kind, status, briefed
):
    person = request.getfixturevalue(person)
    attend(person, programme, audience=audience, kind=kind, status=status)

    content = dashboard(client, person)

    assert (BRIEFED in content) is briefed
    assert (NOT_BRIEFED in content) is not briefed


@pytest.mark.parametrize("person", ["board_member", "mentor"])
def test_a_briefing_in_another_programme_does_not_count(client, request, medics, person):
    person = request.getfixturevalue(person)
    attend(person, medics, audience=Audience.JOINT)
    assert NOT_BRIEFED in dashboard(client, person)


@pytest.mark.parametrize("person", ["board_member", "mentor"])
def test_an_exemption_recorded_by_the_programme_office_counts_as_briefed(
    client, request, programme, coordinator, person
):
    person = request.getfixturevalue(person)
    BriefingExemption.objects.create(
        programme=programme, person=person, note="Briefed one-to-one.", recorded_by=coordinator
    )
    assert BRIEFED in dashboard(client, person)


@pytest.mark.parametrize("person", ["board_member", "mentor"])
def test_an_exemption_in_another_programme_does_not_count(client, request, medics, person):
    person = request.getfixturevalue(person)
    BriefingExemption.objects.create(programme=medics, person=person, note="Other cohort.")
    assert NOT_BRIEFED in dashboard(client, person)


@pytest.mark.parametrize(
    ("person", "own_briefing", "others_briefing"),
    [
        ("board_member", "Board-member briefing", "Mentor briefing"),
        ("mentor", "Mentor briefing", "Board-member briefing"),
    ],
)
def test_someone_not_yet_briefed_is_shown_the_next_briefing_for_them(
    client, request, programme, person, own_briefing, others_briefing
):
    EventFactory(
        programme=programme,
        audience=Audience.MENTORS,
        title="Mentor briefing",
        starts_at=datetime(2026, 10, 6, 9, 30, tzinfo=LONDON),
    )
    EventFactory(
        programme=programme,
        audience=Audience.BOARD_MEMBERS,
        title="Board-member briefing",
        starts_at=datetime(2026, 10, 6, 14, 0, tzinfo=LONDON),
    )

    content = dashboard(client, request.getfixturevalue(person))

    assert NOT_BRIEFED in content
    assert re.search(
        rf'Coming up:\s+<a href="/events/">{own_briefing}</a>, Tuesday 6 October 2026', content
    )
    assert others_briefing not in content


def test_a_joint_briefing_is_offered_to_board_members_too(client, programme, board_member):
    EventFactory(
        programme=programme,
        audience=Audience.JOINT,
        title="Joint briefing",
        starts_at=datetime(2026, 10, 9, 9, 30, tzinfo=LONDON),
    )
    assert '<a href="/events/">Joint briefing</a>, Friday 9 October 2026' in dashboard(
        client, board_member
    )


def test_someone_registered_for_a_briefing_is_reminded_of_it(client, programme, board_member):
    EventFactory(
        programme=programme,
        audience=Audience.BOARD_MEMBERS,
        title="Early board-member briefing",
        starts_at=datetime(2026, 10, 1, 9, 30, tzinfo=LONDON),
    )
    later = EventFactory(
        programme=programme,
        audience=Audience.BOARD_MEMBERS,
        title="Later board-member briefing",
        starts_at=datetime(2026, 11, 3, 9, 30, tzinfo=LONDON),
    )
    RegistrationFactory(event=later, person=board_member)

    content = dashboard(client, board_member)

    assert "You are registered for" in content
    assert '<a href="/events/">Later board-member briefing</a>' in content
    assert "Early board-member briefing" not in content


def test_without_a_briefing_scheduled_the_dashboard_says_the_office_will_write(
    client, board_member
):
    assert "No briefing is scheduled for you yet" in dashboard(client, board_member)


def test_once_briefed_the_next_briefing_is_no_longer_offered(client, programme, board_member):
    attend(board_member, programme, audience=Audience.BOARD_MEMBERS)
    EventFactory(programme=programme, audience=Audience.BOARD_MEMBERS, title="Another briefing")

    content = dashboard(client, board_member)

    assert BRIEFED in content
    assert "Another briefing" not in content


def test_the_registration_status_shown_is_the_persons_own(client, programme, board_member):
    briefing = EventFactory(
        programme=programme, audience=Audience.BOARD_MEMBERS, title="Board-member briefing"
    )
    RegistrationFactory(event=briefing, status=RegistrationStatus.REGISTERED)

    content = dashboard(client, board_member)

    assert "Coming up:" in content
    assert "You are registered for" not in content
