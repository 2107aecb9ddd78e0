import re

import pytest
from django.urls import reverse

from mentoring.eligibility import REASONS
from mentoring.models import ApplicationStatus, MentorApplication, ProgrammeStatus
from tests.applying import application_answers, apply_url, sent
from tests.cast import from_the_cast
from tests.factories import (
    DraftApplicationFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


programme = from_the_cast("programme")
applicant = from_the_cast("outsider")  # signed-up staff, in no programme yet


def new_applications(cast):
    """Every application but the cast's mentors' own."""
    return MentorApplication.objects.exclude(applicant__in=[cast.mentor, cast.other_mentor])


def test_anonymous_visitors_are_asked_to_sign_in(client, programme):
    response = client.get(apply_url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_staff_member_sees_the_application_form(client, applicant, programme):
    client.force_login(applicant)
    response = client.get(apply_url())
    assert response.status_code == 200
    assert "Apply to be a reverse mentor" in response.content.decode()
    assert "2026/27 pilot" in response.content.decode()


def test_a_coordinator_is_told_they_cannot_apply(client, cast, programme):
    client.force_login(cast.coordinator)
    response = client.get(apply_url())
    assert response.status_code == 403
    assert "Coordinators do not apply" in response.content.decode()
    assert client.post(apply_url(), application_answers(programme, submit="1")).status_code == 403
    assert not new_applications(cast).exists()


def test_apply_says_so_without_a_running_programme(client, applicant, programme):
    # More in test_apply_says_when_no_programme_takes_applications.py.
    programme.status, programme.recruitment_open = ProgrammeStatus.DRAFT, False
    programme.save()
    client.force_login(applicant)
    response = client.get(apply_url())
    assert response.status_code == 200
    assert "No programme is taking applications" in response.content.decode()


def test_a_draft_programme_cannot_be_applied_to(client, applicant, cast):
    draft = ProgrammeFactory(status=ProgrammeStatus.DRAFT, recruitment_open=False)
    client.force_login(applicant)
    assert client.get(apply_url(draft)).status_code == 404
    assert client.post(apply_url(draft), application_answers(draft, save="1")).status_code == 404
    assert not new_applications(cast).exists()


def test_another_applicant_never_sees_someone_elses_answers(client, programme):
    DraftApplicationFactory(programme=programme, bio="A very particular bio")
    client.force_login(UserFactory())
    content = client.get(apply_url()).content.decode()
    assert "A very particular bio" not in content


def test_saving_a_draft_keeps_the_answers_and_sends_nothing(
    client, applicant, programme, mailoutbox, cast
):
    client.force_login(applicant)
    response = client.post(
        apply_url(), {"save": "1", "bio": "Half a thought", "has_conflict": "no"}, follow=True
    )

    application = new_applications(cast).get()
    assert application.status == ApplicationStatus.DRAFT
    assert application.bio == "Half a thought"
    assert application.has_conflict is False
    assert application.can_commit_time is None
    content = response.content.decode()
    assert "Your draft is saved" in content
    assert "Half a thought" in content
    assert mailoutbox == []


def test_submitting_records_eligibility_and_emails_the_applicant(
    client, applicant, programme, mailoutbox, django_capture_on_commit_callbacks, cast
):
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = sent(client, apply_url(), application_answers(programme), follow=True)

    application = new_applications(cast).get()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.eligible is True
    assert application.submitted_at is not None
    assert application.availability == 0b10000010
    content = response.content.decode()
    assert "Thank you. Your application has been submitted." in content
    assert "From your answers, you can commit the time" in content
    [mail] = mailoutbox
    assert mail.subject == "We have received your reverse mentoring application"
    assert "you meet the criteria" in mail.body
    assert "you meet the criteria" in mail.alternatives[0][0]


def test_an_ineligible_applicant_is_told_why_kindly(
    client, applicant, programme, mailoutbox, django_capture_on_commit_callbacks, cast
):
    client.force_login(applicant)
    data = application_answers(
        programme, has_conflict="yes", conflict_details="An open grievance.", submit="1"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = sent(client, apply_url(), data, follow=True)

    assert new_applications(cast).get().eligible is False
    content = response.content.decode()
    assert "Thank you for being open about it." in content
    assert "Thank you for being open about it." in mailoutbox[0].body


def test_the_verdict_is_shown_on_the_draft_as_soon_as_it_is_known(client, applicant, programme):
    client.force_login(applicant)
    response = client.post(
        apply_url(), application_answers(programme, can_commit_time="no", save="1"), follow=True
    )
    content = response.content.decode()
    assert "From your answers, you do not meet the criteria this time" in content
    assert "hard to give just now" in content


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("can_commit_time", "Please answer whether you can commit the time."),
        ("has_conflict", "Please answer whether you have a current conflict of interest."),
        ("themes", "Choose at least one theme you care about."),
        ("availability", "Tick at least one time when you could usually meet."),
        ("learning_style", "Choose how you like to learn."),
        ("grade", "Choose your grade or level."),
    ],
)
def test_a_missing_answer_is_named_and_the_rest_is_kept_as_a_draft(
    client, applicant, programme, missing, message, cast
):
    client.force_login(applicant)
    response = client.post(
        apply_url(), application_answers(programme, submit="1", **{missing: None})
    )

    content = response.content.decode()
    assert message in content
    assert "Your draft is saved" in content
    application = new_applications(cast).get()
    assert application.status == ApplicationStatus.DRAFT
    assert application.bio == "Library assistant; I run the staff book club."


def test_a_statement_that_is_too_short_says_how_long_it_is(client, applicant, programme, cast):
    client.force_login(applicant)
    response = client.post(
        apply_url(),
        application_answers(programme, experience_statement="I have views.", submit="1"),
    )
    content = response.content.decode()
    assert "Write at least 100 characters (you have written 13)." in content
    assert "I have views." in content
    assert new_applications(cast).get().status == ApplicationStatus.DRAFT


def test_a_conflict_needs_details_to_be_sent(client, applicant, programme, cast):
    client.force_login(applicant)
    response = client.post(
        apply_url(), application_answers(programme, has_conflict="yes", submit="1")
    )
    assert "Please describe the conflict of interest" in response.content.decode()
    assert new_applications(cast).get().status == ApplicationStatus.DRAFT


def test_a_conflict_not_yet_described_loses_no_answer(client, applicant, programme, cast):
    """A new applicant's "Yes" to a conflict, its description still to write: every
    answer is in the draft, on the page and on the next visit; the dashboard offers the
    draft, not a fresh application."""
    client.force_login(applicant)
    page = client.post(
        apply_url(), application_answers(programme, has_conflict="yes", submit="1")
    ).content.decode()

    assert "Your draft is saved. To submit, fix the answers below." in page
    draft = new_applications(cast).get()
    assert draft.has_conflict is True
    assert draft.bio == "Library assistant; I run the staff book club."
    assert draft.themes.exists()
    assert (
        "Library assistant; I run the staff book club." in client.get(apply_url()).content.decode()
    )
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Continue your application" in dashboard
    assert "Apply to be a reverse mentor" not in dashboard


def test_saving_a_conflict_not_yet_described_keeps_the_draft(client, applicant, programme, cast):
    client.force_login(applicant)
    response = client.post(
        apply_url(), application_answers(programme, has_conflict="yes", save="1"), follow=True
    )

    assert "Your draft is saved. Come back to it whenever you like." in response.content.decode()
    assert new_applications(cast).get().has_conflict is True


TOO_LONG_BIO = "b" * 2_001


@pytest.mark.parametrize("button", ["save", "submit"])
def test_an_answer_refused_is_kept_on_the_page_and_the_rest_in_the_draft(
    client, applicant, programme, cast, button
):
    client.force_login(applicant)
    page = client.post(
        apply_url(), application_answers(programme, bio=TOO_LONG_BIO, **{button: "1"})
    ).content.decode()

    next_step = {
        "save": "Fix it below, then save again.",
        "submit": "To submit, fix the answers below.",
    }[button]
    assert (
        "Your draft is saved, except your answer to “A short bio for the board member you will "
        f"mentor”: it was not saved. {next_step}"
    ) in page
    assert TOO_LONG_BIO in page  # what was typed, to shorten
    draft = new_applications(cast).get()
    assert draft.status == ApplicationStatus.DRAFT
    assert draft.bio == ""
    assert draft.qualities_reflection == "I listen well; I want to challenge with more confidence."
    assert draft.can_commit_time is True


def test_a_refused_answer_leaves_the_drafts_earlier_answer_alone(
    client, applicant, programme, cast
):
    DraftApplicationFactory(programme=programme, applicant=applicant, bio="My earlier bio.")
    client.force_login(applicant)
    client.post(
        apply_url(),
        application_answers(programme, bio=TOO_LONG_BIO, department="Estates", save="1"),
    )

    draft = new_applications(cast).get()
    assert draft.bio == "My earlier bio."
    assert draft.department == "Estates"


def test_each_answer_refused_is_named(client, applicant, programme, cast):
    client.force_login(applicant)
    page = client.post(
        apply_url(), application_answers(programme, bio=TOO_LONG_BIO, grade="999999", save="1")
    ).content.decode()

    assert (
        "Your draft is saved, except your answers to “Grade or level” and “A short bio for "
        "the board member you will mentor”: they were not saved. Fix them below, then save "
        "again."
    ) in page
    assert new_applications(cast).get().grade is None


def test_nothing_saved_is_said_so(client, applicant, programme, cast):
    MentorApplicationFactory(programme=programme, applicant=applicant)
    client.force_login(applicant)
    page = client.post(
        apply_url(), application_answers(programme, bio="A new bio", save="1")
    ).content.decode()

    assert "Nothing was saved." in page
    assert "so it can no longer be changed" in page


def test_a_closed_recruitment_offers_no_submit_button_and_says_the_draft_is_kept(
    client, applicant, programme, cast
):
    client.force_login(applicant)
    assert 'name="submit"' in client.get(apply_url(programme)).content.decode()

    programme.recruitment_open = False
    programme.save()
    page = client.get(apply_url(programme)).content.decode()

    assert 'name="submit"' not in page  # a step they cannot take, not a greyed-out button
    assert 'name="save"' in page
    assert "it is kept, and you can send it if recruitment opens again" in page


def test_a_second_submission_from_another_tab_changes_nothing(client, applicant, programme, cast):
    client.force_login(applicant)
    sent(client, apply_url(), application_answers(programme))
    response = client.post(
        apply_url(), application_answers(programme, bio="Second tab's bio", submit="1")
    )

    content = response.content.decode()
    assert "You submitted this application on" in content
    assert "Second tab&#x27;s bio" in content  # what was typed is still on the page
    application = new_applications(cast).get()
    assert application.bio == "Library assistant; I run the staff book club."


def test_a_submitted_application_shows_its_status_not_the_form(client, applicant, programme):
    MentorApplicationFactory(programme=programme, applicant=applicant)
    client.force_login(applicant)
    content = client.get(apply_url()).content.decode()
    assert "Your application" in content
    assert "Submitted" in content
    assert "Withdraw my application" in content
    assert "Save draft" not in content


def test_an_applicant_withdraws(client, applicant, programme, cast):
    MentorApplicationFactory(programme=programme, applicant=applicant)
    client.force_login(applicant)
    response = client.post(
        reverse("apply_withdraw"), {"programme": programme.slug, "confirm": "1"}, follow=True
    )

    assert new_applications(cast).get().status == ApplicationStatus.WITHDRAWN
    assert "Your application is withdrawn" in response.content.decode()


def test_an_accepted_mentor_is_told_the_surveys_will_no_longer_ask_them(client, cast):
    client.force_login(cast.mentor)

    page = client.get(f"{reverse('apply_withdraw')}?programme={cast.programme.slug}")

    assert "the programme's surveys no longer ask you for your view" in page.content.decode()


def test_withdrawing_twice_says_there_is_nothing_to_withdraw(client, applicant, programme):
    MentorApplicationFactory(programme=programme, applicant=applicant, status="withdrawn")
    client.force_login(applicant)
    response = client.post(
        reverse("apply_withdraw"), {"programme": programme.slug, "confirm": "1"}, follow=True
    )
    assert "no application in progress" in response.content.decode()


def test_withdraw_only_touches_the_signed_in_persons_application(client, programme):
    other = MentorApplicationFactory(programme=programme)
    client.force_login(UserFactory())
    client.post(reverse("apply_withdraw"), {"programme": programme.slug, "confirm": "1"})
    other.refresh_from_db()
    assert other.status == ApplicationStatus.SUBMITTED


def test_withdraw_needs_a_confirmed_post(client, applicant, programme, cast):
    MentorApplicationFactory(programme=programme, applicant=applicant)
    client.force_login(applicant)
    confirmation = client.get(reverse("apply_withdraw"))
    assert confirmation.status_code == 200
    # Still under review: the surveys, which ask reverse mentors, are not said to be lost.
    assert "surveys no longer ask you" not in confirmation.content.decode()
    client.post(reverse("apply_withdraw"), {"programme": programme.slug})
    assert new_applications(cast).get().status == ApplicationStatus.SUBMITTED


def test_the_department_starts_from_the_profile(client, programme):
    client.force_login(UserFactory(department="Estates"))
    assert 'value="Estates"' in client.get(apply_url()).content.decode()


def test_the_form_shows_availability_as_a_weekday_grid(client, applicant, programme):
    client.force_login(applicant)
    content = client.get(apply_url()).content.decode()
    assert '<table class="table table-sm availability-grid' in content
    assert '<label class="visually-hidden" for="id_availability_tuesday_morning">' in content
    # Template comments are for us, not for applicants.
    assert "crispy" not in content
    assert "GOV.UK" not in content


# --- sending is confirmed first ---------------------------------------------------------------


def test_submitting_asks_first_naming_who_is_emailed_and_sends_nothing(
    client, applicant, programme, mailoutbox, cast
):
    programme.line_manager_agreement = True
    programme.save(update_fields=["line_manager_agreement"])
    client.force_login(applicant)
    data = application_answers(
        programme, line_manager_name="Lee Manager", line_manager_email="lee.manager@example.org"
    )

    page = client.post(apply_url(), {**data, "submit": "1"}).content.decode()

    assert "Send your application?" in page
    assert "Your line manager, Lee Manager (<strong>lee.manager@example.org</strong>)" in page
    assert f"You get a receipt at {applicant.email}." in page
    assert new_applications(cast).get().status == ApplicationStatus.DRAFT
    assert mailoutbox == []


def test_a_draft_changed_after_the_confirmation_is_not_sent_unseen(
    client, applicant, programme, mailoutbox, cast
):
    client.force_login(applicant)
    page = client.post(apply_url(), application_answers(programme, submit="1")).content.decode()
    shown = re.search(r'name="shown" value="([^"]+)"', page).group(1)
    client.post(
        apply_url(), application_answers(programme, bio="Changed in another tab.", save="1")
    )

    response = client.post(apply_url(), {"send": "yes", "shown": shown}, follow=True)

    assert "Your draft has changed since you confirmed it" in response.content.decode()
    assert new_applications(cast).get().status == ApplicationStatus.DRAFT
    assert mailoutbox == []


def test_the_confirmation_repeats_that_the_answers_do_not_meet_the_criteria(
    client, applicant, programme
):
    client.force_login(applicant)
    data = application_answers(programme, has_conflict="yes", conflict_details="An open grievance.")
    page = client.post(apply_url(), {**data, "submit": "1"}).content.decode()

    assert "Send your application?" in page
    assert "From your answers, you do not meet the criteria this time" in page
    assert REASONS["has_conflict"] in page


def test_the_confirmation_says_the_answers_meet_the_criteria(client, applicant, programme):
    client.force_login(applicant)
    page = client.post(apply_url(), application_answers(programme, submit="1")).content.decode()

    assert "Send your application?" in page
    assert "You meet the criteria for a reverse mentor" in page


def test_submitting_once_recruitment_closed_sends_nothing_and_asks_to_fix_nothing(
    client, applicant, programme, mailoutbox, cast
):
    """The page was opened while recruitment was open; the office closed it meanwhile.
    Every answer is complete, so none is to fix: the draft is kept, and the page says so once
    and no longer offers Submit."""
    programme.recruitment_open = False
    programme.recruitment_closed_message = "Recruitment is paused."
    programme.save()
    client.force_login(applicant)

    response = client.post(apply_url(programme), application_answers(programme, submit="1"))

    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Your draft is saved, but it was not sent: recruitment has closed" in page
    assert page.count("Recruitment is paused.") == 1
    assert "fix the answers" not in page
    assert "Submit application" not in page
    application = new_applications(cast).get()
    assert application.status == ApplicationStatus.DRAFT
    assert application.bio == "Library assistant; I run the staff book club."
    assert mailoutbox == []


def test_an_answer_refused_once_recruitment_closed_is_to_fix_and_save_not_to_submit(
    client, applicant, programme, cast
):
    programme.recruitment_open = False
    programme.save()
    client.force_login(applicant)

    page = client.post(
        apply_url(programme), application_answers(programme, department="x" * 10_000, submit="1")
    ).content.decode()

    assert "Fix it below, then save again." in page
    assert "To submit" not in page
    assert "Submit application" not in page
