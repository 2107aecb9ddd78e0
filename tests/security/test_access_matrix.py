"""Every URL of the site, requested by every role: what each of them gets.

The URL resolver is walked (the admin included: each registered model's pages, the match
board, survey results, the report, allauth's pages), the ids, slugs and tokens of real
objects of the shared cast are filled in, and each URL is requested by each role after a
real sign-in (password, then the authenticator code for the programme office). A URL
pattern without a line in the tables below fails the test, so no page is added untested.

What each cell means:
    200, 403, 404, 405, 410    that status
    login      redirected to sign in (allauth's page, or the admin's, which hands over)
    mfa        redirected to the authenticator set-up, and nowhere else
    moved      redirected somewhere else on the site (after a sign-in, an admin shortcut)
"""

import re
import uuid
from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.audit import audit_record
from accounts.models import AuditAction
from accounts.outbox import outbox_write
from accounts.tokens import hash_token
from evaluation.models import Survey
from matching.models import MatchingSettings
from mentoring.models import (
    ApplicationStatus,
    BriefingExemption,
    CohortMessage,
    Event,
    GroundRules,
    LineManagerRequest,
    Meeting,
    MentorApplication,
    PairRequest,
    ProgrammeStatus,
    Reminder,
)
from mentoring.services.pairs import calendar_feed_for
from tests.admin_pages import sign_in_for_real
from tests.cast import WITHOUT_AUTHENTICATOR
from tests.factories import (
    ConflictOfInterestFactory,
    EventFactory,
    InvitationFactory,
    MeetingFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
    SurveyFactory,
)

ROLES = [
    "anonymous",
    "mentor",
    "other_mentor",
    "board_member",
    "coordinator",
    WITHOUT_AUTHENTICATOR,
    "superuser",
]

# Pages outside the admin's model pages: one column per role, in the order of ROLES.
# The objects: the draft programme (a programme page), the cast's pair and its meeting,
# an event for mentors, a survey for everyone in the programme, a line manager's link and
# an invitation to someone new (tokens valid), allauth's links with made-up keys.
PAGES = {
    #                                         anon   mentor other  board  coord  no-2fa super
    "": "                                     200    moved  moved  moved  moved  mfa    moved",
    "programmes/<slug:slug>/": "              404    404    404    404    200    mfa    200",
    "dashboard/": "                           login  200    200    200    200    mfa    200",
    "apply/": "                               login  200    200    403    403    mfa    403",
    "apply/withdraw/": "                      login  200    200    moved  moved  mfa    moved",
    "apply/line-manager/<str:token>/": "      200    200    200    200    200    mfa    200",
    "profile/": "                             login  200    200    200    200    mfa    200",
    # The nudges are about pairs: not for the office, who take part in no programme.
    "profile/nudges/": "                      login  200    200    200    404    mfa    404",
    "profile/details/": "                     login  200    200    200    200    mfa    200",
    "profile/data.json": "                    login  200    200    200    200    mfa    200",
    "profile/delete/": "                      login  200    200    200    200    mfa    200",
    "match/": "                               login  200    200    200    200    mfa    200",
    "match/<int:pk>/rules/": "                login  moved  404    moved  404    mfa    404",
    "match/<int:pk>/purpose/": "              login  200    404    200    404    mfa    404",
    "match/<int:pk>/plan/": "                 login  200    404    200    404    mfa    404",
    "match/<int:pk>/office/": "               login  200    404    200    404    mfa    404",
    "match/<int:pk>/meetings/new/": "         login  200    404    200    404    mfa    404",
    "meetings/": "                            login  200    200    200    200    mfa    200",
    "meetings/calendar.ics": "                200    200    200    200    200    mfa    200",
    "meetings/calendar/new/": "               login  moved  moved  moved  moved  mfa    moved",
    "meetings/<int:pk>/": "                   login  200    404    200    404    mfa    404",
    "meetings/<int:pk>/accept/": "            login  moved  404    moved  404    mfa    404",
    "meetings/<int:pk>/change/": "            login  200    404    200    404    mfa    404",
    "meetings/<int:pk>/cancel/": "            login  200    404    200    404    mfa    404",
    "meetings/<int:pk>/log/": "               login  moved  404    moved  404    mfa    404",
    "meetings/<int:pk>/meeting.ics": "        login  200    404    200    404    mfa    404",
    "events/": "                              login  200    200    200    200    mfa    200",
    # A place is for those the event is for: the office sees every event, takes none.
    "events/<int:pk>/register/": "            login  moved  moved  404    404    mfa    404",
    "events/<int:pk>/cancel/": "              login  moved  moved  404    404    mfa    404",
    "events/<int:pk>/event.ics": "            login  200    200    404    200    mfa    200",
    "surveys/": "                             login  200    200    200    200    mfa    200",
    "surveys/<int:pk>/": "                    login  200    200    200    404    mfa    404",
    "healthz": "                              200    200    200    200    200    mfa    200",
    # allauth and the invitation
    "accounts/invitation/<str:token>/": "     200    200    200    200    200    mfa    200",
    "accounts/login/": "                      200    moved  moved  moved  moved  mfa    moved",
    "accounts/logout/": "                     moved  200    200    200    200    200    200",
    "accounts/inactive/": "                   200    200    200    200    200    mfa    200",
    "accounts/signup/": "                     200    moved  moved  moved  moved  mfa    moved",
    "accounts/reauthenticate/": "             login  200    200    200    200    200    200",
    "accounts/reauthenticate/code/": "        login  200    200    200    200    200    200",
    "accounts/reauthenticate/code/confirm/": "login  moved  moved  moved  moved  moved  moved",
    "accounts/email/": "                      login  200    200    200    200    mfa    200",
    "accounts/confirm-email/": "              200    200    200    200    200    mfa    200",
    "accounts/password/change/": "            login  200    200    200    200    mfa    200",
    "accounts/password/set/": "               login  moved  moved  moved  moved  mfa    moved",
    "accounts/password/reset/": "             200    200    200    200    200    mfa    200",
    "accounts/login/code/confirm/": "         login  moved  moved  moved  moved  mfa    moved",
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": "200    200    200    200    200    mfa    200",
    "accounts/password/reset/key/done/": "    200    200    200    200    200    mfa    200",
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
        "                                     200    200    200    200    200    mfa    200"
    ),
    "accounts/password/reset/done/": "        200    200    200    200    200    mfa    200",
    "accounts/2fa/": "                        login  200    200    200    200    200    200",
    "accounts/2fa/authenticate/": "           login  moved  moved  moved  moved  mfa    moved",
    "accounts/2fa/reauthenticate/": "         login  moved  moved  moved  200    mfa    200",
    "accounts/2fa/totp/activate/": "          login  moved  moved  moved  moved  moved  moved",
    "accounts/2fa/totp/deactivate/": "        login  404    404    404    moved  mfa    moved",
    "accounts/2fa/recovery-codes/": "         login  404    404    404    404    mfa    404",
    "accounts/2fa/recovery-codes/generate/": "login  moved  moved  moved  moved  mfa    moved",
    "accounts/2fa/recovery-codes/download/": "login  404    404    404    404    mfa    404",
    # the programme office: the admin site's own pages and the views added to it
    "admin/": "                               login  login  login  login  200    mfa    200",
    "admin/login/": "                         login  403    403    403    moved  mfa    moved",
    "admin/logout/": "                        moved  moved  moved  moved  405    mfa    405",
    "admin/password_change/": "               login  login  login  login  200    mfa    200",
    "admin/password_change/done/": "          login  login  login  login  200    mfa    200",
    "admin/autocomplete/": "                  login  login  login  login  403    mfa    403",
    "admin/jsi18n/": "                        login  login  login  login  200    mfa    200",
    "admin/r/<path:content_type_id>/<path:object_id>/": (
        "                                     login  login  login  login  moved  mfa    moved"
    ),
    "admin/<app_label>/": "                   login  login  login  login  200    mfa    200",
    "admin/(?P<url>.*)$": "                   login  login  login  login  404    mfa    404",
    "admin/report/<slug:slug>/": "            login  login  login  login  200    mfa    200",
    "admin/mentoring/mentorapplication/<path:object_id>/decide/<str:status>/": (
        "                                     login  login  login  login  200    mfa    200"
    ),
    # The scene's event is still to come: its call-off confirmation opens.
    "admin/mentoring/event/<path:object_id>/call-off/": (
        "                                     login  login  login  login  200    mfa    200"
    ),
    "admin/accounts/user/<id>/password/": "   login  login  login  login  403    mfa    200",
    "admin/mentoring/match/board/": "         login  login  login  login  moved  mfa    moved",
    "admin/mentoring/match/board/<int:programme_id>/": (
        "                                     login  login  login  login  200    mfa    200"
    ),
    "admin/mentoring/match/board/<int:programme_id>/propose/": (
        "                                     login  login  login  login  moved  mfa    moved"
    ),
    "admin/mentoring/match/board/<int:programme_id>/optimal/": (
        "                                     login  login  login  login  moved  mfa    moved"
    ),
    "admin/mentoring/match/board/<int:programme_id>/accept/": (
        "                                     login  login  login  login  moved  mfa    moved"
    ),
    "admin/mentoring/match/board/<int:programme_id>/discard/": (
        "                                     login  login  login  login  moved  mfa    moved"
    ),
    "admin/mentoring/match/board/<int:programme_id>/export/": (
        "                                     login  login  login  login  200    mfa    200"
    ),
    # Anything else under the board (an id in other digits): no page, not a pair's id.
    "admin/mentoring/match/board/<path:rest>": (
        "                                     login  login  login  login  404    mfa    404"
    ),
    "admin/evaluation/survey/from-template/": "login login  login  login  200    mfa    200",
    "admin/evaluation/survey/<int:survey_id>/results/": (
        "                                     login  login  login  login  200    mfa    200"
    ),
    "admin/evaluation/survey/<int:survey_id>/results.csv": (
        "                                     login  login  login  login  200    mfa    200"
    ),
}

# Each registered model's admin pages: its list, add, history, delete and change pages
# (and the bare object address, which moves on to the change page), for the coordinator
# and for the superuser. Everyone else is sent to sign in, the coordinator without an
# authenticator to set one up. Who may do what, and what signs a person in (groups,
# authenticators, email addresses), is the superuser's alone; an authenticator is set up by
# its owner, the superuser only seeing or removing it.
#                                   list  add   hist  del   change
MODEL_PAGES = {
    "auth.group": (
        "                           403   403   403   403   403",
        "                           200   200   200   200   200",
    ),
    "account.emailaddress": (
        "                           403   403   403   403   403",
        "                           200   200   200   200   200",
    ),
    "mfa.authenticator": (
        "                           403   403   403   403   403",
        "                           200   403   200   200   200",
    ),
    "accounts.user": (
        "                           200   403   200   403   200",
        "                           200   200   200   403   200",
    ),
    "accounts.auditevent": (
        "                           200   403   200   403   200",
        "                           200   403   200   403   200",
    ),
    "accounts.invitation": (
        "                           200   403   200   403   200",
        "                           200   403   200   403   200",
    ),
    "accounts.outboxmessage": (
        "                           200   403   200   403   200",
        "                           200   403   200   403   200",
    ),
    "mentoring.mentorapplication": (
        "                           200   403   200   403   200",
        "                           200   403   200   403   200",
    ),
    "mentoring.cohortmessage": (
        "                           200   200   200   403   200",
        "                           200   200   200   403   200",
    ),
    "mentoring.event": (
        "                           200   200   200   200   200",
        "                           200   200   200   200   200",
    ),
    "mentoring.registration": (  # a place is given up or marked absent, never deleted
        "                           200   403   200   403   200",
        "                           200   403   200   403   200",
    ),
    "mentoring.briefingexemption": (
        "                           200   200   200   200   200",
        "                           200   200   200   200   200",
    ),
    "mentoring.linemanagerrequest": (
        "                           200   403   200   403   200",
        "                           200   403   200   403   200",
    ),
    "mentoring.board": (
        "                           200   200   200   200   200",
        "                           200   200   200   200   200",
    ),
    # The cast's board member has joined: nobody removes them (one who never joined may be,
    # tests/mentoring/test_a_board_member_who_never_joined_can_be_removed.py).
    "mentoring.boardmember": (
        "                           200   200   200   403   200",
        "                           200   200   200   403   200",
    ),
    "mentoring.groundrules": (
        "                           200   200   200   403   200",
        "                           200   200   200   403   200",
    ),
    "mentoring.pairrequest": (
        "                           200   403   200   403   200",
        "                           200   403   200   403   200",
    ),
    "mentoring.pairhealth": (
        "                           200   403   403   403   403",
        "                           200   403   403   403   403",
    ),
    "mentoring.programme": (
        "                           200   200   200   403   200",
        "                           200   200   200   200   200",
    ),
    "mentoring.grade": (
        "                           200   200   200   200   200",
        "                           200   200   200   200   200",
    ),
    "mentoring.reminder": (
        "                           200   403   200   403   200",
        "                           200   403   200   403   200",
    ),
    "matching.conflictofinterest": (
        "                           200   200   200   200   200",
        "                           200   200   200   200   200",
    ),
    "matching.matchingsettings": (
        "                           200   200   200   403   200",
        "                           200   200   200   200   200",
    ),
    "mentoring.match": (
        "                           200   403   200   403   200",
        "                           200   403   200   403   200",
    ),
    "evaluation.survey": (
        "                           200   200   200   403   200",
        "                           200   200   200   200   200",
    ),
}
MODEL_PAGE_SUFFIXES = [
    "",
    "add/",
    "<path:object_id>/history/",
    "<path:object_id>/delete/",
    "<path:object_id>/change/",
]


def model_page_expectations(label: str) -> dict[str, dict[str, str]]:
    """The MODEL_PAGES line of one model, as {route: {role: outcome}}."""
    app_label, model_name = label.split(".")
    coordinator, superuser = (cells.split() for cells in MODEL_PAGES[label])
    prefix = f"admin/{app_label}/{model_name}/"
    rows = {}
    for suffix, for_coordinator, for_superuser in zip(
        [*MODEL_PAGE_SUFFIXES, "<path:object_id>/"],
        [*coordinator, "moved"],
        [*superuser, "moved"],
        strict=True,
    ):
        rows[prefix + suffix] = {
            **dict.fromkeys(["anonymous", "mentor", "other_mentor", "board_member"], "login"),
            "coordinator": for_coordinator,
            WITHOUT_AUTHENTICATOR: "mfa",
            "superuser": for_superuser,
        }
    return rows


def expectations() -> dict[str, dict[str, str]]:
    table = {route: dict(zip(ROLES, cells.split(), strict=True)) for route, cells in PAGES.items()}
    for model in admin.site._registry:
        table.update(model_page_expectations(model._meta.label_lower))
    return table


def url_patterns(patterns=None, prefix=""):
    """Every URL pattern of the site, as (route, view name): the route is the pattern's
    text with its includes' prefixes, as Django prints it; the admin's list of one app's
    models (a pattern naming every app, in no fixed order) as `admin/<app_label>/`."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif pattern.name == "app_list":
            yield prefix + "<app_label>/", pattern.name
        else:
            yield prefix + str(pattern.pattern), pattern.name


# The pages that only take a form: they are sent one (empty), to see who may send it.
POSTED = {
    "profile/nudges/",
    "profile/details/",
    "match/<int:pk>/rules/",
    "meetings/calendar/new/",
    "meetings/<int:pk>/accept/",
    "events/<int:pk>/register/",
    "events/<int:pk>/cancel/",
}


# --- the objects the URLs are about ---------------------------------------------------------


@dataclass
class Scene:
    """One real object for each parameter of each URL."""

    draft_slug: str
    meeting: Meeting
    event: Event
    survey: Survey
    line_manager_token: str
    invitation_token: str
    calendar_token: str
    application: MentorApplication
    admin_objects: dict[str, object]


LINE_MANAGER_TOKEN = "line-manager-token-for-the-matrix"
INVITATION_TOKEN = "invitation-token-for-the-matrix"


@pytest.fixture
def scene(cast) -> Scene:
    programme = cast.programme
    draft = ProgrammeFactory(
        name="Next year's cohort", slug="next-year", status="draft", recruitment_open=False
    )
    assert draft.status == ProgrammeStatus.DRAFT
    meeting = MeetingFactory(
        match=cast.pair, status="proposed", proposed_by=cast.board_member, confirmed_at=None
    )
    event = EventFactory(programme=programme, title="Mentor briefing")
    survey = SurveyFactory(programme=programme)
    application = MentorApplicationFactory(
        programme=programme, applicant=cast.outsider, status=ApplicationStatus.SUBMITTED
    )
    LineManagerRequest.objects.create(
        application=application,
        email="lee.manager@example.org",
        token_hash=hash_token(LINE_MANAGER_TOKEN),
        token=LINE_MANAGER_TOKEN,
    )
    InvitationFactory(email="newcomer@example.org", token=INVITATION_TOKEN)
    outbox_write(kind="matrix", to="maya@example.org", subject="Hello", text="Hello", html="")
    CohortMessage.objects.create(
        programme=programme,
        audience="mentors",
        subject="Briefing",
        body="See you there.",
        sent_by=cast.coordinator,
        recipient_count=2,
        token=uuid.uuid4(),
    )
    BriefingExemption.objects.create(
        programme=programme, person=cast.mentor, note="Briefed last year.", recorded_by=None
    )
    if not GroundRules.objects.filter(programme=programme).exists():
        GroundRules.objects.create(programme=programme, version=1, text="Confidential.")
    PairRequest.objects.create(match=cast.pair, kind="concern", raised_by=cast.mentor)
    Reminder.objects.create(
        kind="meeting_upcoming",
        object_id=meeting.pk,
        to=cast.mentor.email,
        recipient=cast.mentor,
        due_on=timezone.localdate(),
        programme=programme,
    )
    ConflictOfInterestFactory(mentor=cast.mentor, board_member=cast.other_board_member)
    MatchingSettings.objects.get_or_create(programme=programme)
    with transaction.atomic():
        audit_record(
            actor=cast.coordinator,
            action=AuditAction.APPLICATION_DECIDED,
            obj=application,
            values={"status": ("submitted", "accepted")},
        )
    specific = {
        "auth.group": Group.objects.get(name="Coordinators"),
        "mfa.authenticator": Authenticator.objects.filter(user=cast.coordinator).first(),
        "account.emailaddress": EmailAddress.objects.get(user=cast.mentor),
        "accounts.user": cast.mentor,
        "mentoring.mentorapplication": application,
        "mentoring.match": cast.pair,
        "mentoring.pairhealth": cast.pair,
        "mentoring.programme": programme,
        "mentoring.event": event,
        "evaluation.survey": survey,
    }
    admin_objects = {}
    for model in admin.site._registry:
        label = model._meta.label_lower
        found = specific.get(label) or model._default_manager.order_by("pk").first()
        assert found is not None, f"the matrix needs one {label} to open its admin pages"
        admin_objects[label] = found
    return Scene(
        draft_slug=draft.slug,
        meeting=meeting,
        event=event,
        survey=survey,
        line_manager_token=LINE_MANAGER_TOKEN,
        invitation_token=INVITATION_TOKEN,
        calendar_token=calendar_feed_for(cast.mentor).token,
        application=application,
        admin_objects=admin_objects,
    )


PARAMETER = re.compile(r"<(?:\w+:)?(?P<name>\w+)>|\(\?P<(?P<group>\w+)>[^)]*\)")


def url_for(route: str, name: str | None, cast, scene: Scene) -> str:
    """The route with a real object's id, slug or token in each parameter."""
    model_page = re.match(r"admin/(\w+)/(\w+)/<path:object_id>/", route)

    def value(match) -> str:
        parameter = match.group("name") or match.group("group")
        match parameter:
            case "object_id" if route.startswith("admin/r/"):
                return str(cast.programme.pk)
            case "content_type_id":
                return str(ContentType.objects.get_for_model(cast.programme).pk)
            case "object_id":
                return str(scene.admin_objects[f"{model_page[1]}.{model_page[2]}"].pk)
            case "slug":
                return scene.draft_slug if name == "programme_detail" else cast.programme.slug
            case "pk" if route.startswith("match/"):
                return str(cast.pair.pk)
            case "pk" if route.startswith("meetings/"):
                return str(scene.meeting.pk)
            case "pk" if route.startswith("events/"):
                return str(scene.event.pk)
            case "pk" | "survey_id":
                return str(scene.survey.pk)
            case "programme_id":
                return str(cast.programme.pk)
            case "token" if name == "line_manager_answer":
                return scene.line_manager_token
            case "token":
                return scene.invitation_token
            case "id":
                return str(cast.mentor.pk)
            case "status":
                return ApplicationStatus.ACCEPTED
            case "app_label":
                return "mentoring"
            case "url":
                return "no-such-page/"
            case "key":
                return "made-up-key"
            case "uidb36":
                return "1"
            case "rest":
                return "\u0663/"
        raise AssertionError(f"No object for <{parameter}> in {route}: add one to url_for")

    path = "/" + PARAMETER.sub(value, route).replace("^", "").replace("$", "")
    if name == "calendar_feed":  # the mentor's subscribable calendar: its secret is the key
        path += f"?token={scene.calendar_token}"
    return path


def outcome(response) -> str:
    """A cell of the matrix (see the module's docstring), with where a redirect went."""
    if response.status_code != 302:
        return str(response.status_code)
    location = response.url
    if location.startswith((reverse("account_login"), reverse("admin:login"))):
        return "login"
    if location == reverse("mfa_activate_totp"):
        return "mfa"
    return f"moved (to {location})"


# --- the tests -----------------------------------------------------------------------------


def test_every_url_pattern_has_a_line_in_the_matrix(db):
    table = expectations()
    missing = [route for route, _ in url_patterns() if route not in table]
    assert missing == [], f"Add these URL patterns to the access matrix: {missing}"
    stale = sorted(set(table) - {route for route, _ in url_patterns()})
    assert stale == [], f"The matrix lists URL patterns that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_the_matrix_says(client, cast, scene, role):
    # A real sign-in: password, then (for the programme office) the authenticator code.
    sign_in_for_real(client, cast, role)
    table = expectations()

    answered, expected = {}, {}
    for route, name in url_patterns():
        url = url_for(route, name, cast, scene)
        response = client.post(url) if route in POSTED else client.get(url)
        answered[route] = outcome(response)
        expected[route] = table[route][role]

    wrong = [
        f"{route}: {url_for(route, name, cast, scene)} answered {answered[route]}, "
        f"the matrix says {expected[route]}"
        for route, name in url_patterns()
        if answered[route].split()[0] != expected[route]
    ]
    assert wrong == [], "\n".join(wrong)
