"""A shorter notes retention breaks no date a pair's members were given unasked and untold.
The pair-ended emails and the pair page say "these will be deleted on <date>"; an office
that then shortened the period deleted them within a day, telling nobody. Now the save asks
first, naming the pairs and whom it emails; each member is emailed the new date (never
sooner than a week on) and how to download their data, and the daily run keeps to it."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboxMessage
from mentoring.models import Match, MatchStatus, Programme
from mentoring.services.retention import notes_apply_retention
from tests.admin_pages import confirmed, form_data, messages_shown, sign_in_for_real, words
from tests.cast import switch_off

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
    assert f"Maya Mentor and Bola Board, ended {day(timezone.now() - timedelta(days=10))}: " in text
    assert f"deleted on {now_on}, not {told}" in text
    assert (
        "2 people are emailed the new date and how to download their data: Maya Mentor and "
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
    for said in (" ".join(to_maya.body.split()), words(html)):
        assert said.startswith("Dear Maya,")
        assert "now deletes a pairing's notes, action steps and shared purpose 30 days" in said
        assert "with Bola Board, which ended on " in said
        assert f"will be deleted on {now_on}, not on {told} as you were told." in said
        assert "download your data" in said
    assert "https://mentoring.example.org/profile/data.json" in to_maya.body
    assert 'href="https://mentoring.example.org/profile/data.json"' in html
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
        f"will be deleted on {day(a_week_on)}: the programme now keeps them 30 days after a "
        "pairing ends, and you were emailed the new date."
    ) in words(maya.get(reverse("match")).content.decode())
    time_machine.move_to(a_week_on, tick=False)
    sign_in_for_real(office, cast, "coordinator")  # a week on: signed out since
    due = words(
        office.get(reverse("admin:mentoring_match_change", args=[cast.pair.pk])).content.decode()
    )
    assert (
        "Due for deletion on the next daily retention run: the notice its members were given of "
        f"a shorter period ran out on {day(a_week_on)}."
    ) in due
    assert notes_apply_retention().pairs == 1


def test_a_member_who_cannot_be_emailed_is_named_as_not_emailed(
    office, cast, mailoutbox, django_capture_on_commit_callbacks
):
    ended(cast.pair, 10)
    switch_off(cast.board_member)

    page = saving(office, cast.programme, notes_retention_days="30")

    text = words(page.content.decode())
    assert "1 person is emailed the new date and how to download their data: Maya Mentor." in text
    assert "Bola Board, whose account is switched off, is not emailed." in text
    with django_capture_on_commit_callbacks(execute=True):
        office.post(change_url(cast.programme), confirmed(page))
    assert [mail.to for mail in mailoutbox if mail.subject.startswith("Your pairing's")] == [
        ["maya@example.org"]
    ]


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


def test_a_pair_whose_notes_were_due_within_the_week_anyway_is_not_emailed(
    office, cast, django_capture_on_commit_callbacks
):
    ended(cast.pair, 361)  # told: deleted in four days, which a week's notice would not bring on

    with django_capture_on_commit_callbacks(execute=True):
        page = saving(office, cast.programme, notes_retention_days="30")

    assert page.status_code == 302
    assert not OutboxMessage.objects.filter(kind=KIND).exists()
