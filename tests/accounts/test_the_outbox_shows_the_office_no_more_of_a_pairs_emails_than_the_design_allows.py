"""The office knows that a pair met and when, and how often its meetings were called off;
never who proposed, moved or dropped which meeting (DESIGN.md, Confidentiality). The outbox
shows an email between a pair's members by what it is ("Meeting update"), on its list, its
page and the confirmation before sending again, and is not searched by its subject's words:
enough to see what failed to reach whom, and send it again. The office's own emails keep
their subjects, and the email itself is sent as written."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import OfficeRecipient, outbox_send, outbox_write
from accounts.recipients import SUBJECT_HIDDEN
from mentoring.models.reminders import reminder_email_kind
from mentoring.services.meetings import MEETING_UPDATE, When, meeting_propose, meeting_reschedule
from tests.admin_pages import change_url, rows, signed_in_for_real, words

OUTBOX = "/admin/accounts/outboxmessage/"
MOVED = "suggested moving your meeting"

office = signed_in_for_real("coordinator")


@pytest.fixture
def moved(cast):
    """Maya proposed a meeting a fortnight on, then moved it a day later: Bola is told
    twice, and the second email failed."""
    start = timezone.now() + timedelta(days=14)
    meeting = meeting_propose(match=cast.pair, by=cast.mentor, when=When(start, 60))
    meeting_reschedule(
        meeting=meeting, by=cast.mentor, when=When(start + timedelta(days=1), 60), reason="Ill"
    )
    update = OutboxMessage.objects.filter(kind=MEETING_UPDATE, subject__contains=MOVED).get()
    update.status, update.last_error = OutboxStatus.FAILED, "421 try again later"
    update.save(update_fields=["status", "last_error"])
    return update


@pytest.fixture
def office_alert(cast):
    return outbox_write(
        kind=reminder_email_kind("cancelled_twice"),
        to=OfficeRecipient(cast.coordinator.email, cast.coordinator),
        subject="Two cancellations in a row: Maya Mentor and Bola Board",
        text="…",
    )


def test_the_list_shows_a_pairs_email_by_what_it_is_and_the_offices_by_its_subject(
    office, moved, office_alert
):
    response = office.get(OUTBOX)

    subjects = {row["subject_shown"] for row in rows(response)}
    assert subjects == {"Meeting update", "Two cancellations in a row: Maya Mentor and Bola Board"}
    page = words(response.content.decode())
    assert "Maya Mentor proposed" not in page
    assert MOVED not in page
    assert "bola@example.org" in page  # whom it is to, and that it failed, stay
    assert "421 try again later" in page


def test_a_pairs_emails_page_names_it_by_what_it_is(office, moved):
    page = words(office.get(change_url(moved)).content.decode())

    assert "Meeting update" in page
    assert MOVED not in page
    assert "Maya Mentor proposed" not in page


def test_the_outbox_is_not_searched_by_the_words_of_a_pairs_subject(office, moved, office_alert):
    def found(words: str) -> set[str]:
        return {row["subject_shown"] for row in rows(office.get(OUTBOX, {"q": words}))}

    assert found("suggested moving") == set()
    assert found("Maya Mentor") == {"Two cancellations in a row: Maya Mentor and Bola Board"}
    assert found("Meeting update") == {"Meeting update"}
    assert found("bola@example.org") == {"Meeting update"}  # the failed one, by its address


def test_the_list_is_not_sorted_by_a_pairs_subject(office, moved):
    response = office.get(OUTBOX)

    header = response.content.decode().split('class="column-subject_shown"')[1].split("</th>")[0]
    assert "sortable" not in header
    assert "?o=" not in header


def test_sending_again_names_a_pairs_email_by_what_it_is(office, moved):
    page = office.post(OUTBOX, {"action": "send_again", "_selected_action": [moved.pk]})

    shown = words(page.content.decode())
    assert "Meeting update, to bola@example.org" in shown
    assert MOVED not in shown


def test_the_email_itself_keeps_its_subject(moved):
    moved.refresh_from_db()
    OutboxMessage.objects.filter(pk=moved.pk).update(status=OutboxStatus.PENDING)

    outbox_send([moved.pk])

    [sent] = [each for each in mail.outbox if MOVED in each.subject]
    assert sent.subject == moved.subject
    assert sent.subject.startswith("Maya Mentor suggested moving your meeting on")


@pytest.mark.parametrize(
    ("kind", "shown_as"),
    [
        (MEETING_UPDATE, "Meeting update"),
        ("mentoring/email/match_introduction", "Introduction to a partner"),
        ("mentoring/email/pair_ended", "Pairing ended"),
        ("mentoring/email/partner_left", "Pairing ended"),
        ("mentoring/email/left_pair_meetings_off", "Meetings called off"),
        (reminder_email_kind("meeting_first_reminder"), "Meeting reminder"),
        (reminder_email_kind("meeting_last_reminder"), "Meeting reminder"),
        (reminder_email_kind("meeting_not_logged"), "Reminder to log a meeting"),
        (reminder_email_kind("window_open"), "Reminder to book a meeting"),
        (reminder_email_kind("first_contact"), "Reminder to book a meeting"),
    ],
)
def test_each_email_to_a_pairs_member_about_their_pair_is_shown_by_what_it_is(kind, shown_as):
    assert SUBJECT_HIDDEN[kind] == shown_as


@pytest.mark.parametrize(
    "kind",
    [
        reminder_email_kind("cancelled_twice"),
        reminder_email_kind("window_passed"),
        reminder_email_kind("first_contact_office"),
        "mentoring/email/pair_request",
        "mentoring/email/application_arrived",
        "accounts/email/invitation",
    ],
)
def test_the_offices_own_emails_and_the_rest_keep_their_subjects(kind):
    assert kind not in SUBJECT_HIDDEN
