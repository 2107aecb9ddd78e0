"""A shorter notes retention breaks no date a pair's members were given unasked and untold.
The pair-ended emails and the pair page say "these will be deleted on <date>"; an office
that then shortened the period deleted them within a day, telling nobody. Now the save asks
first, naming the pairs and whom it emails; each member is emailed the new date (never
sooner than a week on) and how to download their data, and the daily run keeps to it."""

import re
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from mentoring.admin import programmes as programmes_admin
from mentoring.models import Match, MatchStatus, Programme
from mentoring.services.retention import notes_apply_retention
from tests.admin_pages import (
    confirmed,
    form_data,
    messages_shown,
    sign_in_for_real,
    went_back,
    words,
)
from tests.cast import switch_off
from tests.concurrency import held_open_after, needs_postgresql
from tests.factories import MatchFactory

pytestmark = pytest.mark.django_db

KIND = "mentoring/email/notes_retention_shortened"


@pytest.fixture
def office(client, cast):
    sign_in_for_real(client, cast, "coordinator")
    return client


def change_url(programme: Programme) -> str:
    return reverse("admin:mentoring_programme_change", args=[programme.pk])


def saving(office, programme, **changes):
    return office.post(
        change_url(programme), {**form_data(office.get(change_url(programme))), **changes}
    )


def ended(pair: Match, days_ago: int) -> None:
    Match.objects.filter(pk=pair.pk).update(
        status=MatchStatus.ENDED,
        ended_at=timezone.now() - timedelta(days=days_ago),
        end_reason="completed",
    )


def day(moment) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y}"


def test_shortening_emails_each_member_the_new_date_and_how_to_download_their_data(
    office, cast, mailoutbox, django_capture_on_commit_callbacks
):
    ended(cast.pair, 10)  # told: deleted 355 days from now
    told = day(timezone.now() + timedelta(days=355))
    now_on = day(timezone.now() + timedelta(days=20))  # 30 days after it ended

    page = saving(office, cast.programme, notes_retention_days="30")

    text = words(page.content.decode())
    assert (
        "means that what this ended pair of 2026/27 pilot wrote is deleted sooner than its "
        "members were told" in text
    )
    assert f"Maya Mentor and Bola Board, ended {day(timezone.now() - timedelta(days=10))}: " in text
    assert f"deleted on {now_on}, not {told}" in text
    assert (
        "2 people will be emailed the new date and how to download their data: Maya Mentor and "
        "Bola Board." in text
    )
    assert "Nobody is emailed" not in text
    assert OutboxMessage.objects.filter(kind=KIND).count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        saved = office.post(change_url(cast.programme), confirmed(page), follow=True)

    cast.programme.refresh_from_db()
    assert cast.programme.notes_retention_days == 30
    assert "2 people were emailed the new date their pairing's notes will be deleted." in " ".join(
        messages_shown(saved)
    )
    sent = {mail.to[0]: mail for mail in mailoutbox if mail.subject.startswith("Your pairing's")}
    assert sorted(sent) == ["bola@example.org", "maya@example.org"]
    to_maya = sent["maya@example.org"]
    assert to_maya.subject == f"Your pairing's notes will be deleted on {now_on}"
    html = to_maya.alternatives[0][0]
    # What the reader sees: the HTML's body, below its title (the subject).
    for said in (" ".join(to_maya.body.split()), words(html.split("<body>", 1)[1])):
        assert said.startswith("Dear Maya,")
        assert "now deletes a pairing's notes, action steps and shared purpose 30 days" in said
        assert "So the notes of your pairing with Bola Board, which ended on " in said
        assert f"will be deleted on {now_on}, not on {told} as you were told." in said
        assert "download your data from your profile page before that date" in said
    # To the profile page's section that says what the download holds, not the file itself.
    assert "https://mentoring.example.org/profile/#your-data-heading" in to_maya.body
    assert 'href="https://mentoring.example.org/profile/#your-data-heading"' in html
    assert "data.json" not in to_maya.body + html
    # The pair page says the same date.
    cast.pair.refresh_from_db()
    assert day(cast.pair.notes_delete_after) == now_on


def test_notes_long_past_the_new_period_go_no_sooner_than_a_week_after_the_email(
    office, cast, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    ended(cast.pair, 90)
    a_week_on = timezone.now() + timedelta(days=7)

    page = saving(office, cast.programme, notes_retention_days="30")
    assert f"deleted on {day(a_week_on)}, not " in words(page.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        office.post(change_url(cast.programme), confirmed(page))

    [to_maya] = [mail for mail in mailoutbox if mail.to == ["maya@example.org"]]
    assert f"will be deleted on {day(a_week_on)}" in to_maya.body
    # The daily run keeps to the date the email gave, and the office's page of the pair too.
    assert notes_apply_retention().pairs == 0
    assert notes_apply_retention(now=a_week_on - timedelta(minutes=1)).pairs == 0
    cast.pair.refresh_from_db()
    assert not cast.pair.notes_deletion_due
    pair_page = words(
        office.get(reverse("admin:mentoring_match_change", args=[cast.pair.pk])).content.decode()
    )
    assert f"Kept until {day(a_week_on)}" in pair_page
    maya = Client()
    maya.force_login(cast.mentor)
    assert (
        f"will be deleted on {day(a_week_on)}, the date you were given: the programme now keeps "
        "them 30 days after a pairing ends, but never deletes them sooner than the date its "
        "members were told."
    ) in words(maya.get(reverse("match")).content.decode())
    time_machine.move_to(a_week_on, tick=False)
    sign_in_for_real(office, cast, "coordinator")  # a week on: signed out since
    due = words(
        office.get(reverse("admin:mentoring_match_change", args=[cast.pair.pk])).content.decode()
    )
    assert (
        "Due for deletion on the next retention run (hourly): the date its members were given, "
        f"{day(a_week_on)}, has passed."
    ) in due
    assert notes_apply_retention().pairs == 1


def test_a_member_who_cannot_be_emailed_is_named_as_not_emailed(
    office, cast, mailoutbox, django_capture_on_commit_callbacks
):
    ended(cast.pair, 10)
    switch_off(cast.board_member)

    page = saving(office, cast.programme, notes_retention_days="30")

    text = words(page.content.decode())
    assert (
        "1 person will be emailed the new date and how to download their data: Maya Mentor." in text
    )
    assert "Bola Board, whose account is switched off, is not emailed." in text
    with django_capture_on_commit_callbacks(execute=True):
        office.post(change_url(cast.programme), confirmed(page))
    assert [mail.to for mail in mailoutbox if mail.subject.startswith("Your pairing's")] == [
        ["maya@example.org"]
    ]


def test_going_back_from_the_retention_question_says_what_save_asks_again_not_closing(office, cast):
    ended(cast.pair, 10)
    page = saving(office, cast.programme, notes_retention_days="30")

    back = office.post(change_url(cast.programme), went_back(page), follow=True)

    said = " ".join(messages_shown(back))
    assert "Nothing was saved." in said
    assert "deleted sooner" in said
    assert "close" not in said
    cast.programme.refresh_from_db()
    assert cast.programme.notes_retention_days != 30


@pytest.mark.parametrize("period", ["400", ""])
def test_lengthening_the_period_or_keeping_notes_emails_nobody_and_asks_nothing(
    office, cast, mailoutbox, django_capture_on_commit_callbacks, period
):
    ended(cast.pair, 10)

    with django_capture_on_commit_callbacks(execute=True):
        page = saving(office, cast.programme, notes_retention_days=period)

    assert page.status_code == 302
    cast.programme.refresh_from_db()
    assert cast.programme.notes_retention_days == (int(period) if period else None)
    assert not OutboxMessage.objects.filter(kind=KIND).exists()


def test_shortening_with_no_ended_pairs_emails_nobody_and_asks_nothing(
    office, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = saving(office, cast.programme, notes_retention_days="30")

    assert page.status_code == 302
    cast.programme.refresh_from_db()
    assert cast.programme.notes_retention_days == 30
    assert not OutboxMessage.objects.filter(kind=KIND).exists()


def test_a_pair_whose_notes_were_due_within_the_week_anyway_keeps_that_date_and_is_not_emailed(
    office, cast, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    ended(cast.pair, 361)  # told: deleted in four days, which a week's notice would not bring on
    told = timezone.now() + timedelta(days=4)

    with django_capture_on_commit_callbacks(execute=True):
        page = saving(office, cast.programme, notes_retention_days="30")

    assert page.status_code == 302
    assert not OutboxMessage.objects.filter(kind=KIND).exists()
    # Not a day sooner than the date they were given: the daily run keeps to it.
    cast.pair.refresh_from_db()
    assert cast.pair.notes_kept_until == told
    assert notes_apply_retention().pairs == 0
    assert notes_apply_retention(now=told - timedelta(minutes=1)).pairs == 0
    # Its pair page says the date it was given, and nothing of an email it was not sent.
    maya = Client()
    maya.force_login(cast.mentor)
    pair_page = words(maya.get(reverse("match")).content.decode())
    assert f"will be deleted on {day(told)}, the date you were given" in pair_page
    assert "emailed" not in pair_page
    assert notes_apply_retention(now=told).pairs == 1


def test_a_pair_whose_new_date_is_the_day_it_was_told_is_held_to_it_and_not_emailed(
    office, cast, django_capture_on_commit_callbacks, time_machine
):
    # 10:00 in winter: a week on at 10:00 and the date it was told, at 15:00, are one day.
    time_machine.move_to(datetime(2027, 1, 12, 10, 0, tzinfo=UTC), tick=False)
    sign_in_for_real(office, cast, "coordinator")  # weeks on: signed out since
    told = timezone.now() + timedelta(days=7, hours=5)
    Match.objects.filter(pk=cast.pair.pk).update(
        status=MatchStatus.ENDED, ended_at=told - timedelta(days=365), end_reason="completed"
    )

    with django_capture_on_commit_callbacks(execute=True):
        page = saving(office, cast.programme, notes_retention_days="30")

    assert page.status_code == 302, "asked to email a 'new' date that is the same day"
    assert not OutboxMessage.objects.filter(kind=KIND).exists()
    cast.pair.refresh_from_db()
    assert cast.pair.notes_kept_until == told
    assert notes_apply_retention(now=told - timedelta(minutes=1)).pairs == 0


def test_a_pair_named_on_the_page_that_comes_within_a_week_of_its_date_before_yes_keeps_it(
    office, cast, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    ended(cast.pair, 357)  # told: deleted in eight days, so the page brings it on a day
    told = timezone.now() + timedelta(days=8)
    page = saving(office, cast.programme, notes_retention_days="30")
    assert "Maya Mentor and Bola Board, ended " in words(page.content.decode())

    time_machine.move_to(timezone.now() + timedelta(days=2), tick=False)  # now six days left
    sign_in_for_real(office, cast, "coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        office.post(change_url(cast.programme), confirmed(page))

    cast.programme.refresh_from_db()
    assert cast.programme.notes_retention_days == 30
    assert not [mail for mail in mailoutbox if mail.subject.startswith("Your pairing's")]
    assert notes_apply_retention(now=told - timedelta(minutes=1)).pairs == 0
    assert notes_apply_retention(now=told).pairs == 1


def test_a_yes_that_finds_no_date_left_to_bring_forward_says_nobody_was_emailed_and_why(
    office, cast, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    ended(cast.pair, 357)  # told: deleted in eight days, so the page brings it on a day
    other = MatchFactory(board_member__programme=cast.programme)
    ended(other, 356)  # told: in nine days
    page = saving(office, cast.programme, notes_retention_days="30")
    assert "4 people will be emailed the new date" in words(page.content.decode())

    time_machine.move_to(timezone.now() + timedelta(days=3), tick=False)  # within the week
    sign_in_for_real(office, cast, "coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        saved = office.post(change_url(cast.programme), confirmed(page), follow=True)

    said = " ".join(messages_shown(saved))
    assert (
        "No pair's notes were brought forward and nobody was emailed: since the confirmation "
        "page was shown, each of the 2 ended pairs it named has come within 7 days of the "
        "date its members were given, so keeps that date."
    ) in said
    assert "emailed the new date" not in said
    assert not [mail for mail in mailoutbox if mail.subject.startswith("Your pairing's")]
    cast.programme.refresh_from_db()
    assert cast.programme.notes_retention_days == 30


@pytest.mark.parametrize(
    ("pairs", "title"),
    [
        (1, "Delete sooner what 1 ended pair wrote?"),
        (2, "Delete sooner what 2 ended pairs wrote?"),
    ],
)
def test_the_question_asks_whether_to_bring_forward_the_deletion_naming_how_many_pairs(
    office, cast, pairs, title
):
    ended(cast.pair, 10)
    if pairs == 2:
        ended(MatchFactory(board_member__programme=cast.programme), 20)

    page = saving(office, cast.programme, notes_retention_days="30")

    markup = page.content.decode()
    assert [words(heading) for heading in re.findall(r"<h1[^>]*>(.*?)</h1>", markup, re.S)] == [
        title
    ]
    assert words(re.search(r"<title>(.*?)</title>", markup, re.S)[1]).startswith(f"{title} |")
    assert f"Pairs whose notes are deleted sooner ({pairs})" in words(markup)


def test_a_second_shortening_calls_off_the_first_email_still_waiting_to_go(
    office, cast, mailoutbox, django_capture_on_commit_callbacks
):
    ended(cast.pair, 10)
    office.post(
        change_url(cast.programme),
        confirmed(saving(office, cast.programme, notes_retention_days="90")),
    )
    first = list(OutboxMessage.objects.filter(kind=KIND).order_by("pk"))
    assert [message.status for message in first] == [OutboxStatus.PENDING] * 2  # mail away

    with django_capture_on_commit_callbacks(execute=True):
        office.post(
            change_url(cast.programme),
            confirmed(saving(office, cast.programme, notes_retention_days="30")),
        )

    for message in first:
        message.refresh_from_db()
        assert message.status == OutboxStatus.CANCELLED
    now_on = day(timezone.now() + timedelta(days=20))
    sent = [mail for mail in mailoutbox if mail.subject.startswith("Your pairing's")]
    assert sorted(mail.to[0] for mail in sent) == ["bola@example.org", "maya@example.org"]
    assert {mail.subject for mail in sent} == {f"Your pairing's notes will be deleted on {now_on}"}


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_two_of_the_office_shortening_at_once_leave_each_member_one_date_to_be_told(office, cast):
    ended(cast.pair, 10)
    other = Client()
    sign_in_for_real(other, cast, "superuser")  # a colleague at the same moment
    to_90 = saving(office, cast.programme, notes_retention_days="90")
    to_30 = saving(other, cast.programme, notes_retention_days="30")

    with mock.patch("accounts.outbox.enqueue"):  # the mail server away: both would wait
        held_open_after(
            programmes_admin,
            "notes_retention_shortened",
            lambda: office.post(change_url(cast.programme), confirmed(to_90)),
            lambda: other.post(change_url(cast.programme), confirmed(to_30)),
        )

    # The second save waited for the first and counted from it (or was refused as stale):
    # whichever, each member has one email still to go, giving the date the pair keeps.
    cast.pair.refresh_from_db()
    waiting = OutboxMessage.objects.filter(kind=KIND).exclude(status=OutboxStatus.CANCELLED)
    assert sorted(waiting.values_list("to", flat=True)) == ["bola@example.org", "maya@example.org"]
    assert {message.subject for message in waiting} == {
        f"Your pairing's notes will be deleted on {day(cast.pair.notes_delete_after)}"
    }
