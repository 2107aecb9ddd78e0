"""Every page each role opens, on a programme with something on each of them: a pair with
meetings past and to come, an event, an open survey and a closed one with results, people
still to match, a line manager's link and an invitation.

The security-header tests (tests/config/test_security_headers.py) request each page in
PAGES and the pages of every model in ADMIN_MODELS; the browser walk
(tests/e2e/test_no_policy_violations.py) opens the main ones. `furnish(cast)` makes the
objects; `Page.url(scene)` finds a page's address.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser

from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.audit import audit_record
from accounts.models import AuditAction, OutboxMessage, User
from evaluation.services import survey_answer
from matching.models import MatchingSettings
from mentoring.models import (
    Audience,
    BriefingExemption,
    CohortMessage,
    Meeting,
    PairRequest,
    Reminder,
)
from mentoring.models.cohorts import CohortAudience
from mentoring.services.pairs import calendar_feed_for
from tests.cast import Cast
from tests.factories import (
    ActionStepFactory,
    BoardMemberFactory,
    BriefedBoardMemberFactory,
    ConflictOfInterestFactory,
    DraftApplicationFactory,
    EventFactory,
    HeldMeetingFactory,
    InvitationFactory,
    LineManagerRequestFactory,
    MeetingFactory,
    MentorFactory,
    QuestionFactory,
    RegistrationFactory,
    SurveyFactory,
    add_one_question_of_each_kind,
    agree_ground_rules,
    close_survey,
)


@dataclass
class Scene:
    cast: Cast
    newcomer: User  # a board member who joined, with a profile to finish
    held: Meeting  # logged, with an action step
    to_log: Meeting  # its time has come, nobody logged it yet
    upcoming: Meeting  # confirmed, next week
    open_survey_id: int
    closed_survey_id: int  # five answers: its results show charts
    line_manager_token: str
    invitation_token: str
    email_confirmation_key: str  # an address the outsider added, still to confirm

    def person(self, role: str) -> User | None:
        return self.newcomer if role == "newcomer" else self.cast.person(role)


def furnish(cast: Cast) -> Scene:
    programme, pair = cast.programme, cast.pair
    agree_ground_rules(pair)
    held = HeldMeetingFactory(match=pair, starts_at=timezone.now() - timedelta(days=30))
    ActionStepFactory(meeting=held, match=pair)
    to_log = MeetingFactory(match=pair, starts_at=timezone.now() - timedelta(days=2))
    upcoming = MeetingFactory(match=pair)
    event = EventFactory(programme=programme, audience=Audience.JOINT)
    RegistrationFactory(event=event, person=cast.mentor)

    # A board member who joined and has a profile to finish: the dashboard shows how far.
    newcomer = BoardMemberFactory(
        programme=programme, learning_goals="", profile_completed_at=None
    ).user

    # Two people still to match on the board; the mentor has a recorded conflict elsewhere.
    waiting_mentor = MentorFactory(programme=programme)
    BriefedBoardMemberFactory(programme=programme)
    ConflictOfInterestFactory(mentor=waiting_mentor.applicant, board_member=cast.other_board_member)

    open_survey = SurveyFactory(programme=programme, title="Mid-point pulse")
    add_one_question_of_each_kind(open_survey)
    closed = SurveyFactory(programme=programme, title="Pilot evaluation")
    trust = QuestionFactory(survey=closed, text="We built trust.")
    suggestion = QuestionFactory(survey=closed, text="What should change?", kind="text")
    people = [cast.mentor, cast.board_member, cast.other_mentor, cast.other_board_member]
    people.append(waiting_mentor.applicant)
    for agree, person in enumerate(people, start=1):
        answers = {trust.pk: agree, suggestion.pk: f"Suggestion {agree}."}
        survey_answer(survey=closed, person=person, answers=answers)
    close_survey(closed)

    LineManagerRequestFactory(
        application=DraftApplicationFactory(programme=programme), token="line-manager-secret"
    )
    InvitationFactory(token="invitation-secret")
    added = EmailAddress.objects.create(
        user=cast.outsider, email="olu.second@example.org", verified=False, primary=False
    )
    # One row of each kind the admin lists that the steps above do not make.
    message = OutboxMessage.objects.create(to=cast.mentor.email, subject="Welcome", kind="test")
    Reminder.objects.create(
        kind="meeting_upcoming",
        object_id=upcoming.pk,
        to=cast.mentor.email,
        due_on=timezone.localdate(),
        programme=programme,
        message=message,
    )
    CohortMessage.objects.create(
        programme=programme,
        audience=CohortAudience.MENTORS,
        subject="Briefing moved",
        body="The briefing is now in room 2.",
        recipient_count=2,
        token=uuid.uuid4(),
    )
    BriefingExemption.objects.create(
        programme=programme, person=cast.other_mentor, note="Briefed last year."
    )
    PairRequest.objects.create(match=cast.other_pair, kind="end", raised_by=cast.other_mentor)
    MatchingSettings.for_programme(programme)
    with transaction.atomic():  # the audit trail's one row
        audit_record(
            actor=cast.coordinator,
            action=AuditAction.APPLICATION_DECIDED,
            obj=waiting_mentor,
            values={"status": ("submitted", "accepted")},
        )
    return Scene(
        cast=cast,
        newcomer=newcomer,
        held=held,
        to_log=to_log,
        upcoming=upcoming,
        open_survey_id=open_survey.pk,
        closed_survey_id=closed.pk,
        line_manager_token="line-manager-secret",
        invitation_token="invitation-secret",
        email_confirmation_key=EmailConfirmationHMAC(added).key,
    )


@dataclass(frozen=True)
class Page:
    role: str
    name: str
    url: Callable[[Scene], str]
    personal: bool = True  # shows personal or confidential content: never stored

    def __str__(self):
        return f"{self.role}: {self.name}"


def named(name: str, *args: Callable[[Scene], object]) -> Callable[[Scene], str]:
    return lambda scene: reverse(name, args=[arg(scene) for arg in args])


def slug(scene: Scene) -> str:
    return scene.cast.programme.slug


def programme_id(scene: Scene) -> int:
    return scene.cast.programme.pk


def pair_id(scene: Scene) -> int:
    return scene.cast.pair.pk


PAGES = [
    Page("anonymous", "home", named("home"), personal=False),
    Page("anonymous", "programme page", named("programme_detail", slug), personal=False),
    Page("anonymous", "sign in", named("account_login"), personal=False),
    Page("anonymous", "sign up", named("account_signup"), personal=False),
    Page("anonymous", "password reset", named("account_reset_password"), personal=False),
    Page("anonymous", "page not found", lambda scene: "/no-such-page/", personal=False),
    Page(
        "anonymous",
        "line manager's answer",
        named("line_manager_answer", lambda scene: scene.line_manager_token),
    ),
    Page(
        "anonymous",
        "invitation",
        named("invitation_accept", lambda scene: scene.invitation_token),
    ),
    Page("anonymous", "calendar feed", lambda s: _calendar_feed(s)),
    # Reached by the link emailed: names the person and the address, without a session.
    Page(
        "anonymous",
        "confirm an email address",
        named("account_confirm_email", lambda scene: scene.email_confirmation_key),
    ),
    Page("outsider", "dashboard", named("dashboard")),
    Page("outsider", "programme page", named("programme_detail", slug)),
    Page("mentor", "dashboard", named("dashboard")),
    Page("mentor", "profile", named("profile")),
    Page("mentor", "application", named("apply")),
    Page("mentor", "withdraw", named("apply_withdraw")),
    Page("mentor", "events", named("events")),
    Page("mentor", "event calendar file", lambda s: _event_calendar(s)),
    Page("mentor", "give up a place", lambda s: _give_up(s)),
    Page("mentor", "pair", named("match")),
    Page("mentor", "shared purpose", named("pair_purpose", pair_id)),
    Page("mentor", "plan the year", named("pair_plan", pair_id)),
    Page("mentor", "ask the office", named("pair_request", pair_id)),
    Page("mentor", "propose a meeting", named("meeting_new", pair_id)),
    Page("mentor", "meetings", named("meetings")),
    Page("mentor", "meeting", named("meeting_detail", lambda s: s.held.pk)),
    Page("mentor", "move a meeting", named("meeting_change", lambda s: s.upcoming.pk)),
    Page("mentor", "cancel a meeting", named("meeting_cancel", lambda s: s.upcoming.pk)),
    Page("mentor", "log a meeting", named("meeting_log", lambda s: s.to_log.pk)),
    Page("mentor", "meeting calendar file", named("meeting_calendar", lambda s: s.upcoming.pk)),
    Page("mentor", "surveys", named("surveys")),
    Page("mentor", "a survey", named("survey_answer", lambda s: s.open_survey_id)),
    Page("mentor", "email addresses", named("account_email")),
    Page("mentor", "password", named("account_change_password")),
    Page("mentor", "security", named("mfa_index")),
    Page("board_member", "dashboard", named("dashboard")),
    Page("board_member", "profile", named("profile")),
    Page("newcomer", "dashboard (profile to finish)", named("dashboard")),
    Page("newcomer", "profile (availability grid)", named("profile")),
    Page("board_member", "pair", named("match")),
    Page("board_member", "meetings", named("meetings")),
    Page("board_member", "meeting", named("meeting_detail", lambda s: s.upcoming.pk)),
    Page(
        "board_member",
        "meeting calendar file",
        named("meeting_calendar", lambda s: s.upcoming.pk),
    ),
    Page("board_member", "events", named("events")),
    Page("board_member", "surveys", named("surveys")),
    Page("board_member", "a survey", named("survey_answer", lambda s: s.open_survey_id)),
    Page("board_member", "email addresses", named("account_email")),
    Page("board_member", "password", named("account_change_password")),
    Page("coordinator", "admin start page", named("admin:index")),
    Page("coordinator", "match board", named("admin:matching_board", programme_id)),
    Page(
        "coordinator",
        "survey results",
        named("admin:evaluation_survey_results", lambda s: s.closed_survey_id),
    ),
    Page("coordinator", "survey from a template", named("admin:evaluation_survey_from_template")),
    Page("coordinator", "programme report", named("programme_report", slug)),
    Page("coordinator", "call off an event", lambda s: _call_off(s)),
    Page("coordinator", "security", named("mfa_index")),
]


def _event_calendar(scene: Scene) -> str:
    event = scene.cast.programme.events.first()
    return reverse("event_calendar", args=[event.pk])


def _give_up(scene: Scene) -> str:
    """The question before the mentor gives up their place at the joint event."""
    event = scene.cast.programme.events.get(audience=Audience.JOINT)
    return reverse("event_cancel", args=[event.pk])


def _call_off(scene: Scene) -> str:
    """The confirmation before the joint event (the mentor holds a place) is called off."""
    event = scene.cast.programme.events.get(audience=Audience.JOINT)
    return reverse("admin:mentoring_event_call_off", args=[event.pk])


def _calendar_feed(scene: Scene) -> str:
    """The mentor's calendar feed: a secret address a calendar app reads with no session."""
    token = calendar_feed_for(scene.cast.mentor).token
    return f"{reverse('calendar_feed')}?token={token}"


# Every model in the admin, as a superuser (a coordinator may not open some of them; the
# access matrix checks who may open what).
ADMIN_MODELS = [model._meta.label for model in admin.site._registry]


def admin_pages(label: str, request) -> list[tuple[str, bool]]:
    """The model's list, add form, and one object's form, history and delete confirmation:
    each page's address, and whether `request.user` may open it."""
    model = next(m for m in admin.site._registry if m._meta.label == label)
    model_admin = admin.site._registry[model]
    obj = model_admin.get_queryset(request).order_by("pk").first()
    assert obj is not None, f"furnish() makes no {label} to open"

    def url(view, *args):
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)

    may_see = model_admin.has_view_or_change_permission(request, obj)
    return [
        (url("changelist"), model_admin.has_view_or_change_permission(request)),
        (url("add"), model_admin.has_add_permission(request)),
        (url("change", obj.pk), may_see),
        (url("history", obj.pk), may_see),
        (url("delete", obj.pk), model_admin.has_delete_permission(request, obj)),
    ]


class InlineCode(HTMLParser):
    """What a strict Content Security Policy refuses, as found in a page's HTML: <style>
    elements, style="..." attributes, event-handler attributes (onclick=...), javascript:
    links and <script> elements with a body to run (a JSON data block runs nothing)."""

    RUNNABLE = {"", "text/javascript", "application/javascript", "module"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        line = f"line {self.getpos()[0]}"
        if tag == "style":
            self.found.append(f"<style> element ({line})")
        for name, value in attrs.items():
            if name == "style":
                self.found.append(f'style="{value}" on <{tag}> ({line})')
            elif name.startswith("on"):
                self.found.append(f"{name}= handler on <{tag}> ({line})")
            elif name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"javascript: {name} on <{tag}> ({line})")
        if tag == "script" and not attrs.get("src"):
            kind = (attrs.get("type") or "").lower()
            self._script = line if kind in self.RUNNABLE else None

    def handle_data(self, data):
        if self._script and data.strip():
            self.found.append(f"inline <script> ({self._script})")
            self._script = None

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found
