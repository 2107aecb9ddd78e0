from datetime import timedelta
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from accounts.models import OutboxMessage, User
from evaluation.audience import role_in
from evaluation.models import Answer, Participation, Response, Survey
from evaluation.results import survey_results
from evaluation.services import has_answered
from matching.selectors import match_board
from mentoring.models import (
    ActionStatus,
    ActionStep,
    ApplicationStatus,
    BoardMember,
    Event,
    Match,
    Meeting,
    MeetingStatus,
    Programme,
    Registration,
)

pytestmark = pytest.mark.django_db


def test_seed_demo_prints_one_login_per_line_and_the_coordinators_totp_secret():
    out = StringIO()
    call_command("seed_demo", "--force", stdout=out)
    lines = out.getvalue().splitlines()

    roles = [line.split()[0] for line in lines if "@" in line and len(line.split()) == 3]
    assert roles.count("coordinator") == 1
    assert roles.count("mentor") >= 3
    assert roles.count("board-member") >= 2
    assert any("TOTP secret" in line for line in lines)


def demo_counts() -> dict[str, int]:
    models = [
        User,
        Authenticator,
        Match,
        Meeting,
        Registration,
        Survey,
        Participation,
        Response,
        Answer,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_seed_demo_is_idempotent():
    call_command("seed_demo", "--force", stdout=StringIO())
    counts = demo_counts()
    surveys = list(Survey.objects.values_list("pk", "opens_at", "closes_at"))
    call_command("seed_demo", "--force", stdout=StringIO())
    assert demo_counts() == counts
    assert list(Survey.objects.values_list("pk", "opens_at", "closes_at")) == surveys


def test_seed_demo_run_twice_gives_the_demo_mentor_one_pair_with_its_history(client, settings):
    settings.DEBUG = True  # demo accounts sign in to the embedded demo only
    call_command("seed_demo", "--force", stdout=StringIO())
    call_command("seed_demo", "--force", stdout=StringIO())

    [pair] = Match.objects.active().filter(mentor__applicant__email="amara.okafor@example.org")
    assert pair.board_member.email == "provost@example.org"
    assert pair.agreements.count() == 2
    assert pair.purpose
    statuses = sorted(pair.meetings.values_list("status", flat=True))
    assert statuses == [MeetingStatus.CONFIRMED, MeetingStatus.HELD, MeetingStatus.HELD]
    held = list(pair.meetings.held().order_by("starts_at"))
    assert [meeting.notes.count() for meeting in held] == [2, 2]
    assert [meeting.reviews.count() for meeting in held] == [0, 2]
    actions = ActionStep.objects.filter(match=pair)
    assert sorted(actions.values_list("status", flat=True)) == sorted(
        [ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.OPEN]
    )

    client.force_login(User.objects.get(email="amara.okafor@example.org"))
    page = client.get("/match/").content.decode()
    assert "Jonathan Hale" in page
    assert "Next meeting:" in page
    assert page.count('<span class="badge text-bg-success">Held</span>') == 2
    assert "You agreed to this version." in page
    assert "Jonathan has agreed to this version." in page
    assert "how decisions taken by the Provost&#x27;s Board land" in page
    assert "Ask colleagues in the race equality network" in page  # in progress
    assert "Join a race equality network meeting as a listener" in page  # new
    assert "Ask HR how many technical staff" not in page  # done, so no longer open


def test_the_demo_pair_was_accepted_and_briefed_and_the_others_wait_to_be_matched():
    call_command("seed_demo", "--force", stdout=StringIO())
    board = match_board(Programme.objects.get(slug="2026-27-pilot"))

    [pair] = [p for p in board.active if p.mentor.applicant.email == "amara.okafor@example.org"]
    [mentor] = [m for m in board.mentors if m.pk == pair.mentor_id]
    assert mentor.status == ApplicationStatus.ACCEPTED
    assert mentor.is_briefed
    assert BoardMember.objects.with_briefed().get(pk=pair.board_member_id).is_briefed
    assert pair.activated_at > mentor.decided_at
    [row] = board.rows
    assert row.board_member.email == "cfo@example.org"
    assert [c.mentor.applicant.email for c in row.candidates] == ["tom.nguyen@example.org"]


def test_the_demo_coordinator_can_use_the_admin_at_once(client, settings):
    settings.DEBUG = True  # demo accounts sign in to the embedded demo only
    call_command("seed_demo", "--force", stdout=StringIO())
    coordinator = User.objects.get(email="office@example.org")
    assert coordinator.is_coordinator
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()
    client.force_login(coordinator)
    assert client.get("/admin/").status_code == 200


def test_run_periodic_once_runs_the_scheduled_tasks():
    Session.objects.create(
        session_key="old", session_data="", expire_date=timezone.now() - timezone.timedelta(days=1)
    )
    out = StringIO()
    call_command("run_periodic", "--once", stdout=out)
    assert "clear-expired-sessions: done" in out.getvalue()
    assert not Session.objects.filter(session_key="old").exists()


def test_mail_status_says_how_the_outbox_stands_and_when_reminders_last_ran():
    from accounts.models import OutboxMessage, OutboxStatus

    OutboxMessage.objects.create(kind="x", to="a@example.org", subject="Hello")
    OutboxMessage.objects.create(
        kind="x", to="b@example.org", status=OutboxStatus.FAILED, last_error="550 No such user"
    )
    call_command("run_periodic", "--once", stdout=StringIO())

    out = StringIO()
    call_command("mail_status", "--check", stdout=out)

    report = out.getvalue()
    assert "Outbox: 0 waiting, 0 sending, 0 stuck, 1 failed, 1 sent in the last 24 hours." in report
    assert "Reminders: the dispatcher last ran" in report


def test_mail_status_check_fails_when_the_dispatcher_has_not_run():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="dispatcher has not run lately"):
        call_command("mail_status", "--check", stdout=StringIO())


def test_mail_status_check_fails_on_an_email_stuck_in_sending():
    from django.core.management.base import CommandError

    from accounts.models import OutboxMessage, OutboxStatus

    call_command("run_periodic", "--once", stdout=StringIO())
    OutboxMessage.objects.create(
        kind="x",
        to="a@example.org",
        status=OutboxStatus.SENDING,
        sending_since=timezone.now() - timezone.timedelta(hours=2),
    )

    with pytest.raises(CommandError, match="1 email\\(s\\) stuck in sending"):
        call_command("mail_status", "--check", stdout=StringIO())


def test_seed_demo_adds_a_pilot_evaluation_closed_a_week_ago_with_results_for_each_side():
    call_command("seed_demo", "--force", stdout=StringIO())
    call_command("seed_demo", "--force", stdout=StringIO())
    programme = Programme.objects.get(slug="2026-27-pilot")

    [pilot] = Survey.objects.filter(programme=programme, title="Pilot evaluation")
    now = timezone.now()
    assert now - timedelta(days=8) < pilot.closes_at < now - timedelta(days=6)
    assert pilot.questions.count() == 13  # the ready-made template
    # Closed: its sealed answers were opened as it was seeded, as beat would.
    assert not pilot.ballots.exists()
    results = survey_results(pilot)
    # Five on each side answered (the minimum): everyone in a pair, the only people it asks
    # (its questions are about "my partner"), so not Tom, accepted but never paired.
    assert pilot.pairs_only
    assert [(r.label, r.invited, r.answered) for r in results.rates] == [
        ("Mentors", 5, 5),
        ("Board members", 5, 5),
    ]
    # Counted as it closed, as beat does: whoever joins the demo later, these stay.
    assert pilot.invited_at_close == {"mentor": 5, "board_member": 5}
    trust = results.questions[0]
    assert not trust.withheld
    assert [group.label for group in trust.groups] == ["Everyone", "Mentors", "Board members"]
    # Answered through the service, then moved into the past: dates inside the window only.
    days = set(Response.objects.filter(survey=pilot).values_list("submitted_on", flat=True))
    assert all(
        timezone.localdate(pilot.opens_at) <= day <= timezone.localdate(pilot.closes_at)
        for day in days
    )


def test_seed_demo_leaves_an_open_pulse_for_the_demo_mentor_to_answer():
    call_command("seed_demo", "--force", stdout=StringIO())
    amara = User.objects.get(email="amara.okafor@example.org")

    [pulse] = Survey.objects.filter(title="Mid-point pulse")

    assert pulse.is_open
    assert role_in(pulse, amara) == "mentor"
    # About "our meetings": only for people in a pair, so not Tom, accepted but not paired.
    assert pulse.pairs_only
    tom = User.objects.get(email="tom.nguyen@example.org")
    assert role_in(pulse, tom) is None
    assert not has_answered(pulse, amara)
    # Three others have: too few for results, so the office sees them withheld; their
    # answers wait sealed until it closes.
    assert pulse.participations.count() == 3
    assert pulse.ballots.count() == 3
    assert not pulse.responses.exists()
    assert all(item.withheld for item in survey_results(pulse).questions)


def test_the_demo_coordinator_sees_the_programme_report(client, settings):
    settings.DEBUG = True  # demo accounts sign in to the embedded demo only
    call_command("seed_demo", "--force", stdout=StringIO())
    client.force_login(User.objects.get(email="office@example.org"))

    page = client.get("/admin/report/2026-27-pilot/").content.decode()

    assert "Reverse Mentoring 2026/27: programme report" in page
    assert "Pilot evaluation" in page
    assert "Mid-point pulse" in page
    assert "Amara" not in page
    assert "Jonathan" not in page


def test_seed_demo_refuses_to_run_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False

    with pytest.raises(CommandError, match="runs only with DEBUG=1"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(email="office@example.org").exists()


def test_seed_demo_runs_with_debug_on(settings):
    settings.DEBUG = True

    call_command("seed_demo", stdout=StringIO())

    assert User.objects.filter(email="office@example.org").exists()


def test_the_demo_has_a_learning_session_called_off_whose_pair_was_told(client, settings):
    settings.DEBUG = True  # demo accounts sign in to the embedded demo only
    call_command("seed_demo", "--force", stdout=StringIO())
    event = Event.objects.get(title="Mid-point learning session")
    assert event.is_called_off
    assert timezone.now() < event.starts_at
    told = {message.to for message in OutboxMessage.objects.filter(subject__icontains="called off")}
    assert told == {"amara.okafor@example.org", "provost@example.org"}

    client.force_login(User.objects.get(email="office@example.org"))
    page = client.get(f"/admin/mentoring/event/{event.pk}/change/").content.decode()
    assert "2 people holding a place were emailed, with a calendar file" in page
    client.force_login(User.objects.get(email="amara.okafor@example.org"))
    page = client.get("/events/").content.decode()
    assert "The programme office has called off this event, where you had a place." in page
