"""What a pair says is theirs alone: tried from every role, every admin page, the export,
every email sent on the way, and the database itself."""

import contextlib
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core import mail
from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from mentoring.models import ActionReview, Match, Meeting, MeetingNote
from mentoring.services.meetings import NewAction, Review, meeting_cancel
from mentoring.services.pairs import pair_request_raise
from tests.cast import MEMBERS, OUTSIDERS, ROLES, sign_in_as
from tests.factories import MeetingFactory, agree_ground_rules
from tests.meetings import meeting_logged

pytestmark = pytest.mark.django_db

SECRETS = {
    "mentor's note": "Axolotl-7 mentor note",
    "board member's note": "Blobfish-7 board note",
    "purpose": "Capybara-7 shared purpose",
    "action step": "Dugong-7 action step",
    "what it will take": "Echidna-7 what it needs",
    "review": "Fossa-7 review note",
    "cancellation reason": "Gharial-7 cancellation reason",
}


def leaks(text: str) -> list[str]:
    return [name for name, secret in SECRETS.items() if secret in text]


@pytest.fixture
def journey(cast, client, django_capture_on_commit_callbacks):
    """The pair's year so far, through the pages and services the members use; every email
    it sends stays in mail.outbox."""
    pair, mentor, member = cast.pair, cast.mentor, cast.board_member
    agree_ground_rules(pair)
    week = timedelta(weeks=1)
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(mentor)
        response = client.post(
            reverse("pair_purpose", args=[pair.pk]), {"purpose": SECRETS["purpose"]}
        )
        assert response.status_code == 302
        client.logout()
        first = MeetingFactory(match=pair, starts_at=timezone.now() - 6 * week)
        second = MeetingFactory(match=pair, starts_at=timezone.now() - week)
        upcoming = MeetingFactory(match=pair, starts_at=timezone.now() + 2 * week)
        themes = list(cast.programme.themes.all()[:1])
        meeting_logged(
            first,
            mentor,
            themes=themes,
            note=SECRETS["mentor's note"],
            new_actions=[
                NewAction(
                    SECRETS["action step"], "board_member", None, SECRETS["what it will take"]
                )
            ],
        )
        action = pair.action_steps.get()
        meeting_logged(
            second,
            member,
            themes=themes,
            note=SECRETS["board member's note"],
            reviews=[Review(action.pk, "done", SECRETS["review"])],
        )
        meeting_cancel(meeting=upcoming, by=member, reason=SECRETS["cancellation reason"])
        pair_request_raise(match=pair, person=mentor, kind="concern", note="Office-only words")
    assert MeetingNote.objects.count() == 2
    assert ActionReview.objects.count() == 1
    assert mail.outbox, "the journey sends emails (cancellation, the office's alert)"
    return {"meetings": [first, second, upcoming], "action": action}


def pair_pages(cast, journey) -> list[str]:
    pk = cast.pair.pk
    pages = [reverse(name, args=[pk]) for name in ("pair_purpose", "pair_plan", "pair_request")]
    pages.append(reverse("meeting_new", args=[pk]))
    for meeting in journey["meetings"]:
        for name in ("meeting_detail", "meeting_log", "meeting_change", "meeting_calendar"):
            pages.append(reverse(name, args=[meeting.pk]))
    return pages


@pytest.mark.parametrize("role", MEMBERS)
def test_the_two_members_see_everything_they_wrote(client, cast, journey, role):
    sign_in_as(client, cast, role)

    seen = client.get(reverse("match")).content.decode()
    for meeting in journey["meetings"]:
        seen += client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()

    assert sorted(leaks(seen)) == sorted(SECRETS)


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_get_404_on_every_page_of_the_pair(client, cast, journey, role):
    sign_in_as(client, cast, role)

    for url in pair_pages(cast, journey):
        response = client.get(url)
        assert response.status_code == 404, url
        assert leaks(response.content.decode()) == []


@pytest.mark.parametrize("role", ROLES)
def test_nobody_else_sees_any_of_it_on_their_own_pages(client, cast, journey, role):
    sign_in_as(client, cast, role)

    for name in ("home", "dashboard", "match", "meetings", "events", "profile"):
        response = client.get(reverse(name))
        if role in MEMBERS and name in ("match", "meetings"):
            continue
        assert leaks(response.content.decode()) == [], name


def test_anonymous_visitors_are_sent_to_sign_in_from_the_pair_pages(client, cast, journey):
    for url in pair_pages(cast, journey):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login"))


def admin_pages(cast):
    """Every registered admin's list, and the change page of its first object (and of the
    pair itself, for the admins of pairs)."""
    for model, _model_admin in admin.site._registry.items():
        opts = model._meta
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:1])
        if issubclass(model, Match):
            pks.append(cast.pair.pk)
        for pk in pks:
            with contextlib.suppress(NoReverseMatch):
                yield reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])


@pytest.mark.parametrize("role", ["coordinator", "superuser"])
def test_the_admin_shows_none_of_it_on_any_page(client, cast, journey, role):
    sign_in_as(client, cast, role)

    reached = []
    for url in admin_pages(cast):
        response = client.get(url)
        assert leaks(response.content.decode()) == [], url
        if response.status_code == 200:
            reached.append(url)

    assert reverse("admin:mentoring_match_change", args=[cast.pair.pk]) in reached
    assert reverse("admin:mentoring_pairhealth_changelist") in reached
    assert reverse("admin:mentoring_pairrequest_changelist") in reached


def test_confidential_models_have_no_admin():
    registered = {model.__name__ for model in admin.site._registry}

    assert not registered & {"Meeting", "MeetingNote", "ActionStep", "ActionReview"}


def test_the_matches_export_contains_none_of_it(client, cast, journey):
    sign_in_as(client, cast, "coordinator")

    exported = client.post(
        reverse("admin:mentoring_match_changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(Match.objects.values_list("pk", flat=True)),
        },
    )
    board = client.get(reverse("admin:matching_board_export", args=[cast.programme.pk]))

    for response in (exported, board):
        assert response["Content-Type"].startswith("text/csv")
        content = response.content.decode()
        assert "maya@example.org" in content
        assert leaks(content) == []


def test_no_email_sent_on_the_way_contains_any_of_it(journey):
    for message in mail.outbox:
        parts = [message.subject, message.body, *(c for c, _ in message.alternatives)]
        parts += [str(content) for _, content, _ in message.attachments]
        assert leaks("\n".join(parts)) == [], message.subject


def test_the_database_holds_none_of_it_in_clear(journey):
    tables = connection.introspection.table_names()
    assert "mentoring_meetingnote" in tables

    found = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                text = " ".join(
                    bytes(cell).decode(errors="replace")
                    if isinstance(cell, bytes | memoryview)
                    else str(cell)
                    for cell in row
                )
                if names := leaks(text):
                    found[table] = names
    assert found == {}
    # The members still read it back: it is encrypted, not lost.
    assert (
        Meeting.objects.get(pk=journey["meetings"][2].pk).change_reason
        == (SECRETS["cancellation reason"])
    )
