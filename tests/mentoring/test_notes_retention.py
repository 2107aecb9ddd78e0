"""Retention: what an ended pair wrote (notes, action steps' text, reviews, reasons for changes,
the shared purpose) is deleted once its programme's retention period has passed; dates,
counts and statuses stay for the report. Run by beat and by `manage.py apply_retention`,
idempotent, with a fixed number of queries; the pages say when it happens."""

import re
from io import StringIO

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.models import (
    ActionReview,
    ActionStep,
    Match,
    MatchStatus,
    Meeting,
    MeetingStatus,
    Programme,
)
from mentoring.services.retention import notes_apply_retention
from tests.factories import (
    ProgrammeFactory,
)
from tests.retention import (
    ACTION,
    DAY,
    NOTE,
    pair_that_wrote,
    what_it_wrote,
)

pytestmark = pytest.mark.django_db


def test_a_new_programme_keeps_notes_a_year_after_a_pairing_ends():
    assert ProgrammeFactory().notes_retention_days == 365


def test_what_a_pair_wrote_is_deleted_once_the_period_has_passed():
    pair = pair_that_wrote(ended_days_ago=366)
    assert len(what_it_wrote(pair)) == 7

    result = notes_apply_retention()

    assert what_it_wrote(pair) == []
    assert (result.pairs, result.notes, result.action_steps) == (1, 2, 1)
    assert pair.notes_deleted_at is not None


def test_what_the_report_counts_stays():
    pair = pair_that_wrote(ended_days_ago=400)
    before = list(Meeting.objects.filter(match=pair).values_list("starts_at", "status", "minutes"))

    notes_apply_retention()

    after = list(Meeting.objects.filter(match=pair).values_list("starts_at", "status", "minutes"))
    assert after == before
    assert ActionStep.objects.filter(match=pair, status="done").count() == 1
    assert ActionReview.objects.filter(action__match=pair).count() == 1
    pair.refresh_from_db()
    assert (pair.status, pair.end_reason) == (MatchStatus.ENDED, "completed")


def test_the_database_keeps_no_trace_of_the_text():
    pair = pair_that_wrote(ended_days_ago=400)
    notes_apply_retention()
    table = connection.ops.quote_name(Match._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT purpose FROM {table} WHERE id = %s", [pair.pk])
        assert cursor.fetchone() == ("",)


@pytest.mark.parametrize(
    ("ended_days_ago", "retention_days"),
    [(None, 365), (364, 365), (30, 365), (5000, None)],
    ids=["active", "a day to go", "recently ended", "programme keeps notes"],
)
def test_other_pairs_keep_what_they_wrote(ended_days_ago, retention_days):
    programme = ProgrammeFactory(notes_retention_days=retention_days)
    pair = pair_that_wrote(programme, ended_days_ago=ended_days_ago)

    assert notes_apply_retention().pairs == 0

    assert len(what_it_wrote(pair)) == 7
    assert pair.notes_deleted_at is None


def test_each_programme_has_its_own_period():
    short = pair_that_wrote(ProgrammeFactory(notes_retention_days=30), ended_days_ago=31)
    long = pair_that_wrote(ProgrammeFactory(notes_retention_days=90), ended_days_ago=31)

    notes_apply_retention()

    assert what_it_wrote(short) == []
    assert len(what_it_wrote(long)) == 7


def test_running_it_again_changes_nothing():
    pair = pair_that_wrote(ended_days_ago=400)
    first = notes_apply_retention()
    deleted_at = Match.objects.get(pk=pair.pk).notes_deleted_at

    again = notes_apply_retention()

    assert first.pairs == 1
    assert (again.pairs, again.notes, again.action_steps) == (0, 0, 0)
    assert Match.objects.get(pk=pair.pk).notes_deleted_at == deleted_at


def test_the_query_count_does_not_grow_with_the_backlog():
    programmes = [ProgrammeFactory(), ProgrammeFactory(notes_retention_days=30)]
    pair_that_wrote(programmes[0], ended_days_ago=400)
    with CaptureQueriesContext(connection) as one:
        notes_apply_retention()

    for index in range(8):
        pair_that_wrote(programmes[index % 2], ended_days_ago=400)
    with CaptureQueriesContext(connection) as eight:
        result = notes_apply_retention()

    assert result.pairs == 8
    assert len(eight) == len(one)
    # Programmes with a period, then one statement per table (notes, action steps, reviews,
    # meetings, pairs), plus the transaction's savepoint.
    assert len(eight) <= 8


def test_a_period_outside_1_to_3650_days_is_refused_by_the_database():
    programme = ProgrammeFactory()
    for days in (0, 3651):
        with pytest.raises(IntegrityError), transaction.atomic():
            Programme.objects.filter(pk=programme.pk).update(notes_retention_days=days)


def test_the_command_dry_run_lists_what_would_go_and_deletes_nothing():
    pair = pair_that_wrote(ProgrammeFactory(name="2024 pilot"), ended_days_ago=400)
    out = StringIO()

    call_command("apply_retention", "--dry-run", stdout=out)

    printed = out.getvalue()
    assert "what 1 ended pair(s) wrote (2 meeting note(s), 1 action step(s))" in printed
    assert f"pair #{pair.pk} in 2024 pilot" in printed
    assert NOTE not in printed
    assert ACTION not in printed
    assert len(what_it_wrote(pair)) == 7


def test_the_command_deletes_and_says_how_much():
    pair = pair_that_wrote(ended_days_ago=400)
    out = StringIO()

    call_command("apply_retention", stdout=out)

    assert "Deleted what 1 ended pair(s) wrote: 2 meeting note(s)" in out.getvalue()
    assert what_it_wrote(pair) == []


def test_beat_runs_it_hourly_and_so_does_the_embedded_mode():
    (entry,) = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "mentoring.tasks.notes_apply_retention"
    ]
    assert entry["schedule"] == crontab(minute=15)
    pair = pair_that_wrote(ended_days_ago=400)
    out = StringIO()

    call_command("run_periodic", "--once", stdout=out)

    assert "delete-old-pair-notes: done" in out.getvalue()
    assert what_it_wrote(pair) == []


# --- what people and the office see ------------------------------------------------------


def test_the_pair_page_says_when_the_notes_of_an_ended_pair_go(client):
    pair = pair_that_wrote(ended_days_ago=10)
    due = timezone.localtime(pair.ended_at + 365 * DAY)
    client.force_login(pair.mentor.applicant)

    page = client.get(reverse("match")).content.decode()

    assert f"will be deleted on {due:%-d %B %Y}, 365 days after it ended" in page


def test_the_pair_page_never_gives_a_deletion_day_gone_by(client):
    """Past its period, waiting for the daily run (or a shorter period just saved): the
    notes go within a day, not "on" a day already past."""
    pair = pair_that_wrote(ended_days_ago=400)
    past = timezone.localtime(pair.ended_at + 365 * DAY)
    client.force_login(pair.mentor.applicant)

    page = " ".join(client.get(reverse("match")).content.decode().split())

    assert f"{past:%-d %B %Y}" not in page
    assert "(365 days) has passed: this pairing's are deleted within a day." in page


def test_the_pair_page_says_when_notes_were_deleted(client):
    pair = pair_that_wrote(ended_days_ago=400)
    notes_apply_retention()
    client.force_login(pair.board_member.user)

    page = client.get(reverse("match")).content.decode()

    assert f"were deleted on {timezone.localdate():%-d %B %Y}" in page


def test_an_active_pair_is_told_how_long_notes_are_kept(client):
    pair = pair_that_wrote(ended_days_ago=None)
    client.force_login(pair.mentor.applicant)

    page = client.get(reverse("match")).content.decode()

    assert "are deleted 365 days after a pairing ends" in page


def test_the_meeting_page_says_when_its_notes_go(client):
    pair = pair_that_wrote(ended_days_ago=10)
    meeting = Meeting.objects.filter(match=pair, status=MeetingStatus.HELD).first()
    due = timezone.localtime(pair.ended_at + 365 * DAY)
    client.force_login(pair.mentor.applicant)

    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()

    assert f"will be deleted on {due:%-d %B %Y}" in page


def test_the_programme_admin_shows_the_setting(client, cast):
    client.force_login(cast.coordinator)

    page = client.get(reverse("admin:mentoring_programme_change", args=[cast.programme.pk]))

    assert page.status_code == 200
    assert 'name="notes_retention_days"' in page.content.decode()
    assert "delete a pair&#x27;s notes after (days)" in page.content.decode().lower()


@pytest.mark.parametrize("typed", ["0", "-5", "3651", "99999999999999999999"])
def test_a_period_outside_1_to_3650_days_is_refused_in_the_admin_with_the_range_stated(
    client, cast, typed
):
    client.force_login(cast.coordinator)
    url = reverse("admin:mentoring_programme_change", args=[cast.programme.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields} | {
        "notes_retention_days": typed
    }

    refused = type(form)(data=data, instance=cast.programme)

    assert refused.errors["notes_retention_days"] == [
        "Enter between 1 and 3,650 days, or leave it empty to keep the notes."
    ]
    assert not refused.non_field_errors()  # said once, beside the field


def test_the_programme_admin_states_the_periods_bounds_beside_its_box(client, cast):
    client.force_login(cast.coordinator)

    page = client.get(reverse("admin:mentoring_programme_change", args=[cast.programme.pk]))

    # A box of text with the numeric keypad (no `min` or `max`): the bounds are in words.
    field = re.search(r'<input[^>]*name="notes_retention_days"[^>]*>', page.content.decode())
    assert 'inputmode="numeric"' in field.group(0)
    assert "1 to 3,650 days" in page.content.decode()
