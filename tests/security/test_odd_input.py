"""Each input that once answered with a server error, or was taken without a word, now
answers with a message: NUL characters in an address, digits that are not ASCII, a year
9999, an integer past the database's range, and text far longer than anyone would write."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.bounds import NOT_OFFERED, posted_number
from mentoring.forms.applications import MentorApplicationForm
from mentoring.models import (
    ActionStep,
    BoardMember,
    Event,
    GroundRules,
    Match,
    MentorApplication,
    Programme,
)
from tests.factories import (
    BoardFactory,
    BriefedBoardMemberFactory,
    GradeFactory,
    MeetingFactory,
    MentorFactory,
    agree_ground_rules,
)

pytestmark = pytest.mark.django_db

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + n) for n in range(10)))


def _signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


# --- NUL characters in the address -------------------------------------------------------


@pytest.mark.parametrize("path", ["/apply/", "/apply/withdraw/", "/profile/", "/events/"])
def test_a_nul_character_in_the_query_string_is_not_found_not_a_server_error(cast, path):
    response = _signed_in(cast.board_member).get(f"{path}?programme=%00")

    assert response.status_code == 404


# --- ids in digits that are not ASCII ----------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ("42", 42),
        ("0", 0),
        ("", None),
        ("²", None),  # a digit to isdigit(), refused by int(): once a server error
        ("٤٢", None),  # Arabic-Indic 42: int() reads it as 42
        ("42".translate(FULL_WIDTH), None),
        ("4 2", None),
        ("-1", None),
        ("1" * 19, None),  # past a bigint
        (None, None),
    ],
)
def test_only_ascii_digits_are_read_as_a_number(sent, read):
    assert posted_number(sent) == read


@pytest.fixture
def unmatched(cast):
    mentor = MentorFactory(programme=cast.programme)
    member = BriefedBoardMemberFactory(programme=cast.programme)
    return mentor, member


def _propose(cast, mentor_id: str, member_id: str):
    url = reverse("admin:matching_board_propose", args=[cast.programme.pk])
    return _signed_in(cast.coordinator).post(url, {"mentor": mentor_id, "board_member": member_id})


def test_a_superscript_digit_as_an_id_on_the_match_board_is_not_found(cast, unmatched):
    response = _propose(cast, "²", "²")

    assert response.status_code == 404


@pytest.mark.parametrize("digits", [ARABIC_INDIC, FULL_WIDTH])
def test_an_id_in_other_digits_on_the_match_board_proposes_nobody(cast, unmatched, digits):
    mentor, member = unmatched
    before = Match.objects.count()

    response = _propose(cast, str(mentor.pk).translate(digits), str(member.pk).translate(digits))

    assert response.status_code == 404
    assert Match.objects.count() == before


@pytest.mark.parametrize("digits", [ARABIC_INDIC, FULL_WIDTH])
def test_a_grade_chosen_in_other_digits_is_refused_and_left_out_of_the_draft(cast, digits):
    grade = GradeFactory()

    response = _signed_in(cast.outsider).post(
        reverse("apply"), _application(cast, grade=str(grade.pk).translate(digits))
    )

    assert response.status_code == 200
    assert NOT_OFFERED in response.content.decode()
    draft = MentorApplication.objects.get(applicant=cast.outsider)
    assert (draft.grade, draft.bio) == (None, "Library assistant.")


def test_a_board_chosen_in_other_digits_leaves_the_profile_unchanged(cast):
    member = BoardMember.objects.get(user=cast.board_member)
    board_before = member.board_id
    other = BoardFactory(name="Council")

    response = _signed_in(cast.board_member).post(
        reverse("profile"), _profile(cast, board=str(other.pk).translate(ARABIC_INDIC))
    )

    assert response.status_code == 200
    member.refresh_from_db()
    assert member.board_id == board_before


def test_a_theme_id_past_the_databases_integers_is_refused_without_asking_it(
    cast, django_assert_num_queries
):
    form = MentorApplicationForm(programme=cast.programme, applicant=cast.outsider)
    field = form.fields["themes"]

    # SQLite (the embedded demo) cannot even bind such a number: a server error, once.
    with django_assert_num_queries(0), pytest.raises(ValidationError):
        field.clean(["1" * 20])


# --- a year 9999 ---------------------------------------------------------------------------


def _event(cast, day: str, **changes) -> dict:
    return {
        "programme": cast.programme.pk,
        "kind": "briefing",
        "audience": "mentors",
        "title": "Mentor briefing",
        "description": "",
        "starts_at_0": day,
        "starts_at_1": "23:00",
        "ends_at_0": "",
        "ends_at_1": "",
        "location": "Room 1",
        "online_url": "",
        "capacity": "20",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
        **changes,
    }


def test_an_event_in_the_year_9999_is_refused_with_the_range_stated(cast):
    before = Event.objects.count()

    response = _signed_in(cast.coordinator).post(
        reverse("admin:mentoring_event_add"), _event(cast, "9999-12-31")
    )

    assert response.status_code == 200
    assert "Enter a date between the years 2000 and 2100." in response.content.decode()
    assert Event.objects.count() == before


def test_an_action_step_due_in_the_year_9999_is_refused_and_nothing_is_logged(cast):
    agree_ground_rules(cast.pair)
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=1))
    data = {
        "held": "yes",
        "actual_minutes": "55",
        "note": "",
        "action-TOTAL_FORMS": "3",
        "action-INITIAL_FORMS": "0",
        "action-MIN_NUM_FORMS": "0",
        "action-MAX_NUM_FORMS": "3",
        "action-0-text": "Ask HR for the data",
        "action-0-owner": "mentor",
        "action-0-due_on": "9999-12-31",
    }

    response = _signed_in(cast.mentor).post(reverse("meeting_log", args=[meeting.pk]), data)

    assert response.status_code == 200
    assert "Choose a due date in 2100 at the latest." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "confirmed"
    assert not ActionStep.objects.filter(match=cast.pair).exists()


def test_a_programme_starting_in_the_year_9999_is_refused(cast):
    response = _signed_in(cast.superuser).post(
        reverse("admin:mentoring_programme_change", args=[cast.programme.pk]),
        {"name": "x", "slug": "x", "starts_on": "9999-01-01"},
    )

    assert "Enter a date between the years 2000 and 2100." in response.content.decode()
    cast.programme.refresh_from_db()
    assert cast.programme.starts_on is None or cast.programme.starts_on.year < 9999


# --- free text, bounded ------------------------------------------------------------------


def _application(cast, **changes) -> dict:
    return {
        "can_commit_time": "yes",
        "department": "Library Services",
        "grade": GradeFactory().pk,
        "bio": "Library assistant.",
        **changes,
    }


def test_a_100_kb_statement_is_refused_with_the_limit_and_left_out_of_the_draft(cast):
    response = _signed_in(cast.outsider).post(
        reverse("apply"), _application(cast, experience_statement="x" * 100_000)
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "This can be up to 3,000 characters long. Please shorten it." in page
    draft = MentorApplication.objects.get(applicant=cast.outsider)
    assert (draft.experience_statement, draft.bio) == ("", "Library assistant.")


def test_the_application_states_each_limit_beside_its_field(cast):
    page = _signed_in(cast.outsider).get(reverse("apply")).content.decode()

    assert "Up to 3,000 characters." in page  # the statement and the reflection
    assert "Up to 2,000 characters." in page  # the bio
    assert "Up to 1,000 characters." in page  # the conflict of interest
    assert 'maxlength="3000"' in page


def _profile(cast, **changes) -> dict:
    return {
        "board": BoardFactory(name="Provost's Board").pk,
        "role_title": "Vice-Provost",
        "department": "Provost's Office",
        "learning_goals": "What it is like to raise a concern here.",
        "learning_style": "reflector",
        "interaction_approach": "diplomatic",
        "availability": ["1", "7"],
        "bio": "Vice-Provost for five years.",
        **changes,
    }


def test_a_10000_character_bio_is_refused_with_the_limit_and_the_profile_is_unchanged(cast):
    member = BoardMember.objects.get(user=cast.board_member)
    bio_before = member.bio

    response = _signed_in(cast.board_member).post(
        reverse("profile"), _profile(cast, bio="y" * 10_000)
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "This can be up to 2,000 characters long. Please shorten it." in page
    assert "Up to 2,000 characters." in page
    member.refresh_from_db()
    assert member.bio == bio_before


def test_the_database_refuses_an_over_long_bio_written_around_the_forms(cast):
    member = BoardMember.objects.get(user=cast.board_member)
    member.bio = "z" * 2_001

    with pytest.raises(IntegrityError), transaction.atomic():
        member.save(update_fields=["bio"])


def test_the_database_refuses_over_long_ground_rules(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        GroundRules.objects.create(programme=cast.programme, version=1, text="r" * 10_001)


def test_the_database_refuses_a_programme_dated_in_the_year_9999(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.filter(pk=cast.programme.pk).update(
            starts_on=timezone.localdate().replace(year=9999)
        )


def test_a_line_managers_reason_is_bounded_with_the_limit_stated():
    from mentoring.forms.applications import LineManagerAnswerForm

    form = LineManagerAnswerForm(
        {"decision": "no", "reason": "r" * 1_001}, office_emailed_on_yes=True
    )

    assert not form.is_valid()
    assert "Up to 1,000 characters." in form.fields["reason"].help_text
    assert form.errors["reason"] == ["This can be up to 1,000 characters long. Please shorten it."]


# --- found by fuzzing (tests/security/test_forms_fuzzed.py) ----------------------------------


def test_a_nul_character_posted_as_the_programme_to_withdraw_from_is_not_found(cast):
    response = _signed_in(cast.mentor).post(reverse("apply_withdraw"), {"programme": "\x00"})

    assert response.status_code == 404
    assert MentorApplication.objects.get(applicant=cast.mentor).status == "accepted"


@pytest.mark.parametrize("sent", [" ", "²"])
def test_an_admin_choice_of_a_person_sent_something_that_is_not_an_id_says_so(cast, sent):
    response = _signed_in(cast.superuser).post(
        reverse("admin:mentoring_briefingexemption_add"),
        {"person": sent, "programme": cast.programme.pk, "note": "Briefed last year"},
    )

    assert response.status_code == 200
    assert "Choose someone taking part from the list." in response.content.decode()


def test_a_forged_count_of_question_rows_is_refused_without_building_thousands(cast):
    from evaluation.models import Survey

    response = _signed_in(cast.superuser).post(
        reverse("admin:evaluation_survey_add"),
        {
            "programme": cast.programme.pk,
            "title": "Evaluation",
            "audience": "both",
            "questions-TOTAL_FORMS": "5000",
            "questions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "Please submit at most 100 forms." in response.content.decode()
    assert not Survey.objects.exists()


@pytest.mark.parametrize(
    ("capacity", "message"),
    [
        ("0", "An event has room for at least 1 person."),
        ("-3", "An event has room for at least 1 person."),
        ("10001", "An event has room for at most 10,000 people."),
        ("99999999999999999999", "An event has room for at most 10,000 people."),
    ],
)
def test_an_events_room_out_of_range_is_refused_with_the_range_stated(cast, capacity, message):
    before = Event.objects.count()

    response = _signed_in(cast.coordinator).post(
        reverse("admin:mentoring_event_add"), _event(cast, "2030-01-15", capacity=capacity)
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "How many people can come: 1 to 10,000." in page
    assert "greater than or equal" not in page
    assert Event.objects.count() == before


# --- Requests no page sends, made by hand --------------------------------------------------


def test_an_application_posted_empty_keeps_a_draft_and_says_what_is_missing(cast):
    """The CSRF token in a header, as a script sends it, and no field in the body."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.outsider)
    client.get(reverse("apply"))
    token = client.cookies["csrftoken"].value

    response = client.post(reverse("apply"), {"submit": ""}, HTTP_X_CSRFTOKEN=token)
    empty = client.post(reverse("apply"), {}, HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 200
    assert "Choose at least one theme you care about." in response.content.decode()
    assert empty.status_code == 302  # an empty draft, kept
    assert MentorApplication.objects.get(applicant=cast.outsider).is_draft


@pytest.mark.parametrize("view", ["change", "delete"])
def test_an_empty_to_field_in_an_admin_address_names_the_objects_own_id(cast, view):
    url = reverse(f"admin:mentoring_programme_{view}", args=[cast.programme.pk])

    response = _signed_in(cast.superuser).get(f"{url}?_to_field=")

    assert response.status_code == 200
    assert "2026/27 pilot" in response.content.decode()


@pytest.mark.parametrize("sent", ["abc", "", "1.5", "\x00", "3".translate(ARABIC_INDIC)])
def test_an_action_on_rows_that_are_not_ids_does_nothing_and_says_so(cast, sent):
    application = MentorFactory(programme=cast.programme, status="submitted")
    changelist = reverse("admin:mentoring_mentorapplication_changelist")
    chosen = {"action": "export_csv", "_selected_action": [str(application.pk), sent]}

    response = _signed_in(cast.superuser).post(changelist, {**chosen, "index": "0"}, follow=True)

    assert response.redirect_chain[-1][0].endswith(changelist)
    assert "The rows chosen could not be read, so nothing was done." in (response.content.decode())
    assert response["Content-Type"].startswith("text/html")  # no file of anyone's rows
