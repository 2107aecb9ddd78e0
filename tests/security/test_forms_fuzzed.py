"""Every form of the site under fuzzing: odd data posted through the real page, as the
person the page is for, never answers with a server error, and a page that answers with
the form again (not a redirect) has saved nothing, not even half of it.

The fields are read from each page itself, so a field added later is fuzzed too; the pages
that only take a POST (a button) list what their button sends."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentoring.models import ApplicationStatus, MentorApplication
from tests.every_page import furnish
from tests.factories import (
    EventFactory,
    InvitationFactory,
    LineManagerRequestFactory,
    MeetingFactory,
    MentorFactory,
    SurveyFactory,
    add_one_question_of_each_kind,
)
from tests.security.forms_under_fuzz import ODD, form_fields, fuzzed, snapshot

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=20,
    deadline=None,
    database=None,  # nothing written to the working tree
    # The cast is built once per test, not per example, on purpose: examples run one
    # after another in the same transaction, so state left by one meets the next.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass
class World:
    """The cast, plus one of everything a form acts on."""

    cast: object
    past_meeting: object
    future_meeting: object
    proposed_meeting: object
    survey: object
    line_manager_token: str
    invitation_token: str


@pytest.fixture
def world(cast) -> World:
    furnish(cast)  # one row of every kind the admin lists (tests/every_page.py)
    now = timezone.now()
    survey = SurveyFactory(programme=cast.programme)
    add_one_question_of_each_kind(survey)
    LineManagerRequestFactory(token="fuzz-line-manager", application__programme=cast.programme)
    InvitationFactory(token="fuzz-invitation")
    EventFactory(programme=cast.programme)
    MentorFactory(programme=cast.programme)  # accepted, not yet matched: for the board
    return World(
        cast=cast,
        past_meeting=MeetingFactory(match=cast.pair, starts_at=now - timedelta(hours=1)),
        future_meeting=MeetingFactory(match=cast.pair, starts_at=now + timedelta(days=9)),
        proposed_meeting=MeetingFactory(
            match=cast.pair,
            status="proposed",
            starts_at=now + timedelta(days=20),
            proposed_by=cast.mentor,
        ),
        survey=survey,
        line_manager_token="fuzz-line-manager",
        invitation_token="fuzz-invitation",
    )


def client_for(world: World, role: str) -> Client:
    client = Client()
    person = world.cast.person(role) if role != "outsider" else world.cast.outsider
    if person is not None:
        client.force_login(person)
    return client


def post_and_check(client: Client, url: str, data: dict, *, saves_on_200: bool = False):
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code < 500
    if response.status_code != 302 and not saves_on_200:
        assert snapshot() == before, f"{url} answered {response.status_code} but saved"
    return response


def fuzz_page(world: World, role: str, url: str, *, saves_on_200=False, extra=None, runs=FUZZ):
    """Fuzz the form of the page at `url`, as `role`."""
    client = client_for(world, role)
    page = client.get(url)
    assert page.status_code == 200, f"{url} is not a form page for {role}"
    fields = form_fields(page.content.decode())
    fields.update(extra or {})

    @runs
    @given(data=fuzzed(fields))
    def run(data):
        post_and_check(client, url, data, saves_on_200=saves_on_200)

    run()


def fuzz_button(world: World, role: str, url: str, names: list[str]):
    """Fuzz a button's POST (no page of its own): each named value odd, or left out."""
    client = client_for(world, role)
    client.post(url)  # once first: a page may make what it shows on first sight (a token)

    @FUZZ
    @given(data=st.fixed_dictionaries({name: st.one_of(st.just([]), ODD) for name in names}))
    def run(data):
        post_and_check(client, url, data)

    run()


# --- the pages people use ------------------------------------------------------------------

PAGES = {
    # name: (role, url, saves_on_200)
    # The draft keeps every valid answer, whatever else is refused (said on the page).
    "apply": ("outsider", lambda w: reverse("apply"), True),
    "withdraw": ("mentor", lambda w: reverse("apply_withdraw"), False),
    "line manager": (
        "anonymous",
        lambda w: reverse("line_manager_answer", args=[w.line_manager_token]),
        False,
    ),
    "profile of a board member": ("board_member", lambda w: reverse("profile"), False),
    "profile of a mentor": ("mentor", lambda w: reverse("profile"), False),
    "shared purpose": ("mentor", lambda w: reverse("pair_purpose", args=[w.cast.pair.pk]), False),
    "plan the year": ("mentor", lambda w: reverse("pair_plan", args=[w.cast.pair.pk]), False),
    "to the office": ("mentor", lambda w: reverse("pair_request", args=[w.cast.pair.pk]), False),
    "new meeting": ("mentor", lambda w: reverse("meeting_new", args=[w.cast.pair.pk]), False),
    "move a meeting": (
        "mentor",
        lambda w: reverse("meeting_change", args=[w.future_meeting.pk]),
        False,
    ),
    "cancel a meeting": (
        "board_member",
        lambda w: reverse("meeting_cancel", args=[w.future_meeting.pk]),
        False,
    ),
    "log a meeting": ("mentor", lambda w: reverse("meeting_log", args=[w.past_meeting.pk]), False),
    "survey": ("mentor", lambda w: reverse("survey_answer", args=[w.survey.pk]), False),
    "sign up": ("anonymous", lambda w: reverse("account_signup"), False),
    "invitation": (
        "anonymous",
        lambda w: reverse("invitation_accept", args=[w.invitation_token]),
        False,
    ),
}


@pytest.mark.parametrize("name", PAGES)
def test_a_page_people_use_never_fails_and_never_half_saves(world, name):
    role, url, saves_on_200 = PAGES[name]
    fuzz_page(world, role, url(world), saves_on_200=saves_on_200)


def test_submitting_an_application_with_odd_answers_never_sends_an_incomplete_one(world):
    """With "submit", a valid draft is kept even when something is missing (nothing typed
    is lost); what must never happen is an application sent that is not complete."""
    client = client_for(world, "outsider")
    url = reverse("apply")
    fields = form_fields(client.get(url).content.decode())

    @FUZZ
    @given(data=fuzzed(fields))
    def run(data):
        response = client.post(url, {**data, "submit": "1"})
        assert response.status_code < 500
        if response.status_code != 302:
            assert not MentorApplication.objects.filter(applicant=world.cast.outsider).exclude(
                status=ApplicationStatus.DRAFT
            )

    run()


BUTTONS = {
    "agree the ground rules": (
        "mentor",
        lambda w: reverse("pair_rules_agree", args=[w.cast.pair.pk]),
        ["version"],
    ),
    "accept a meeting": (
        "board_member",
        lambda w: reverse("meeting_accept", args=[w.proposed_meeting.pk]),
        ["sequence"],
    ),
    "nudges": ("mentor", lambda w: reverse("profile_nudges"), ["wants_nudges"]),
    "calendar address": ("mentor", lambda w: reverse("calendar_feed_new"), ["next"]),
    "withdraw, confirmed": ("mentor", lambda w: reverse("apply_withdraw"), ["programme"]),
}


@pytest.mark.parametrize("name", BUTTONS)
def test_a_button_with_odd_values_never_fails(world, name):
    role, url, names = BUTTONS[name]
    fuzz_button(world, role, url(world), names)


# --- the programme office's admin ------------------------------------------------------------


ADMIN_MODELS = {
    f"{model._meta.app_label}.{model._meta.model_name}": model for model in admin.site._registry
}
FEW = settings(FUZZ, max_examples=8)


@pytest.mark.parametrize("name", ADMIN_MODELS)
def test_every_admin_form_never_fails_and_never_half_saves(world, name):
    """The add page and the change page of the first row, of every model in the admin."""
    model = ADMIN_MODELS[name]
    model_admin = admin.site._registry[model]
    request = type("Request", (), {"user": world.cast.superuser})()
    app, model_name = name.split(".")
    if model_admin.has_add_permission(request):
        fuzz_page(world, "superuser", reverse(f"admin:{app}_{model_name}_add"), runs=FEW)
    first = model._default_manager.order_by("pk").first()
    assert first is not None, f"the fuzzing world makes no {name} to open"
    if model_admin.has_change_permission(request, first):
        url = reverse(f"admin:{app}_{model_name}_change", args=[first.pk])
        fuzz_page(world, "superuser", url, runs=FEW)


def test_the_admins_own_pages_never_fail(world):
    fuzz_page(world, "superuser", reverse("admin:evaluation_survey_from_template"))
    fuzz_page(
        world,
        "superuser",
        reverse("admin:mentoring_cohortmessage_add"),
        extra={"step": ["preview"]},
    )
    # Calling off the event the mentor holds a place at (once called off, it leads back to
    # the event's page).
    event = world.cast.programme.events.get(audience="joint")
    fuzz_page(world, "superuser", reverse("admin:mentoring_event_call_off", args=[event.pk]))


@pytest.mark.parametrize("step", ["propose", "accept", "discard"])
def test_the_match_board_with_odd_ids_never_fails(world, step):
    url = reverse(f"admin:matching_board_{step}", args=[world.cast.programme.pk])
    fuzz_button(world, "coordinator", url, ["mentor", "board_member", "match"])
