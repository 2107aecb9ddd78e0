"""Deleting an account takes the person's name and address out of what others wrote that
names them, as its page promises ("your name, email address, job title and department, here
and wherever they appear"): the office's messages to a group, its notes about other people
(a conflict of interest between two others, a briefing exemption, an application's notes,
why a pair ended) and the places of the pair's meetings, which the partner still sees."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.personal_data import DELETED_NAME
from matching.models import ConflictOfInterest
from mentoring.models import BriefingExemption, CohortMessage, Match, Meeting, MentorApplication
from mentoring.models.cohorts import CohortAudience
from mentoring.selectors.cohorts import cohort_recipients, recipients_fingerprint
from mentoring.services.cohorts import cohort_message_send
from tests.deleting import delete_own_account
from tests.factories import ConflictOfInterestFactory, HeldMeetingFactory

pytestmark = pytest.mark.django_db


def test_a_message_to_a_group_that_named_her_names_her_no_more_in_the_admin(client, cast):
    recipients = list(
        cohort_recipients(programme=cast.programme, audience=CohortAudience.MENTORS, event=None)
    )
    cohort_message_send(
        programme=cast.programme,
        audience=CohortAudience.MENTORS,
        event=None,
        subject="Welcome MAYA MENTOR to the pilot",
        body="Please welcome Maya Mentor (maya@example.org), who joins us as a mentor.",
        sent_by=cast.coordinator,
        token=uuid.uuid4(),
        fingerprint=recipients_fingerprint(recipients),
    )

    delete_own_account(client, cast.mentor)

    client.force_login(cast.superuser)
    record = CohortMessage.objects.get()
    listing = client.get(reverse("admin:mentoring_cohortmessage_changelist")).content.decode()
    page = client.get(
        reverse("admin:mentoring_cohortmessage_change", args=[record.pk])
    ).content.decode()
    for text in (listing, page):
        assert "maya mentor" not in text.lower()
        assert "maya@example.org" not in text
    assert (record.subject, record.body) == (
        f"Welcome {DELETED_NAME} to the pilot",
        f"Please welcome {DELETED_NAME} ({DELETED_NAME}), who joins us as a mentor.",
    )


def test_a_conflict_of_interest_between_two_others_that_named_her_loses_her_name(client, cast):
    ConflictOfInterestFactory(
        mentor=cast.other_mentor,
        board_member=cast.other_board_member,
        note="Both report to Maya Mentor",
    )

    delete_own_account(client, cast.mentor)

    client.force_login(cast.superuser)
    listing = client.get(reverse("admin:matching_conflictofinterest_changelist")).content.decode()
    assert "Maya Mentor" not in listing
    assert ConflictOfInterest.objects.get().note == f"Both report to {DELETED_NAME}"


def test_the_offices_notes_about_others_lose_her_name_and_address(client, cast):
    other_application = MentorApplication.objects.get(applicant=cast.other_mentor)
    MentorApplication.objects.filter(pk=other_application.pk).update(
        coordinator_notes="Referred by Maya Mentor"
    )
    Match.objects.filter(pk=cast.other_pair.pk).update(end_note="Ask maya@example.org why")
    exemption = BriefingExemption.objects.create(
        programme=cast.programme, person=cast.other_board_member, note="Briefed by Maya Mentor"
    )

    delete_own_account(client, cast.mentor)

    other_application.refresh_from_db()
    assert other_application.coordinator_notes == f"Referred by {DELETED_NAME}"
    assert Match.objects.get(pk=cast.other_pair.pk).end_note == f"Ask {DELETED_NAME} why"
    exemption.refresh_from_db()
    assert exemption.note == f"Briefed by {DELETED_NAME}"


def test_a_note_at_its_limit_that_named_her_loses_her_name_and_its_end(client, cast):
    """ "Deleted account" is longer than "Maya Mentor": the note keeps to its limit."""
    note = "Both report to Maya Mentor. ".ljust(300, "x")
    ConflictOfInterestFactory(
        mentor=cast.other_mentor, board_member=cast.other_board_member, note=note
    )

    delete_own_account(client, cast.mentor)

    kept = ConflictOfInterest.objects.get().note
    assert kept.startswith(f"Both report to {DELETED_NAME}. xxx")
    assert len(kept) == 300


def test_a_meeting_place_she_typed_with_her_name_loses_it_on_her_partners_page(client, cast):
    meeting = HeldMeetingFactory(
        match=cast.pair,
        starts_at=timezone.now() - timedelta(days=10),
        location="Maya Mentor's office, 3.12",
        online_url="https://meet.example.org/maya@example.org",
    )
    # Another pair's meeting naming her is theirs: she typed nothing there.
    theirs = HeldMeetingFactory(
        match=cast.other_pair,
        starts_at=timezone.now() - timedelta(days=10),
        location="Maya Mentor's office, 3.12",
    )

    delete_own_account(client, cast.mentor)

    client.force_login(cast.board_member)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Maya Mentor" not in page
    assert "maya@example.org" not in page
    meeting.refresh_from_db()
    assert (meeting.location, meeting.online_url) == (f"{DELETED_NAME}'s office, 3.12", "")
    assert Meeting.objects.get(pk=theirs.pk).location == "Maya Mentor's office, 3.12"
