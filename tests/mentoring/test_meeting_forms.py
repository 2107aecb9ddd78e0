"""What the pair's forms show and say: the date a meeting is on, the override for a warning
only once it is warned, and the project's own words for text that is too long."""

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Meeting, MeetingStatus
from mentoring.selectors.pairs import pair_view
from tests.factories import (
    ActionStepFactory,
    EventFactory,
    HeldMeetingFactory,
    MeetingFactory,
    RegistrationFactory,
    agree_ground_rules,
)
from tests.meetings import book_anyway, in_days, log_answers, proposal_answers
from tests.pages import page_html
from tests.winter import LONDON

pytestmark = pytest.mark.django_db

TOO_LONG_200 = "This can be up to 200 characters long. Please shorten it."


@pytest.fixture
def maya(client, cast):
    client.force_login(cast.mentor)
    return client


def _outside_the_window(cast):
    return pair_view(cast.pair, cast.mentor).window.closes + timedelta(days=7)


# --- the date ------------------------------------------------------------------------------


def test_suggesting_another_time_starts_from_the_meetings_date_as_the_browser_reads_it(cast, maya):
    # Half past midnight in summer in London is still the day before in UTC.
    day = date(timezone.localdate().year + 1, 7, 1)
    meeting = MeetingFactory(
        match=cast.pair, starts_at=datetime.combine(day, time(0, 30), tzinfo=LONDON)
    )

    page = page_html(maya.get(reverse("meeting_change", args=[meeting.pk])))

    assert f'type="date" name="day" value="{day.isoformat()}"' in page
    assert 'type="time" name="start" value="00:30"' in page
    assert f"{day:%d/%m/%Y}" not in page


# --- "Propose it anyway" ----------------------------------------------------------------------


def test_a_fresh_form_offers_no_override(cast, maya):
    meeting = MeetingFactory(match=cast.pair)

    for url in (
        reverse("meeting_new", args=[cast.pair.pk]),
        reverse("meeting_change", args=[meeting.pk]),
    ):
        assert "Propose it anyway" not in page_html(maya.get(url))


def test_ticking_the_override_before_any_warning_still_shows_the_warning(cast, maya):
    response = maya.post(
        reverse("meeting_new", args=[cast.pair.pk]),
        proposal_answers(_outside_the_window(cast), confirm="on"),
    )

    page = page_html(response)
    assert "is after the due date" in page
    assert "Propose it anyway" in page
    assert "checked" not in re.search(r'<input[^>]*name="confirm"[^>]*>', page).group(0)
    assert not Meeting.objects.exists()


def test_confirming_one_warning_does_not_skip_a_new_one(cast, maya):
    url = reverse("meeting_new", args=[cast.pair.pk])
    day = _outside_the_window(cast)
    event = EventFactory(
        programme=cast.programme,
        title="Anti-racism learning circle",
        starts_at=datetime.combine(day, time(14, 0), tzinfo=LONDON),
        ends_at=datetime.combine(day, time(16, 0), tzinfo=LONDON),
    )
    RegistrationFactory(event=event, person=cast.mentor)
    warned = maya.post(url, proposal_answers(day, "10:00", "11:00"))

    # The person ticks "Propose it anyway" for the window, but moves the time onto the event.
    response = maya.post(url, book_anyway(warned, proposal_answers(day, "14:30", "15:30")))

    assert "It overlaps Anti-racism learning circle" in page_html(response)
    assert not Meeting.objects.exists()


def test_the_tick_to_go_ahead_names_the_step_the_button_takes(cast, maya):
    meeting = MeetingFactory(match=cast.pair)
    day = in_days(600)  # far outside any window the pair's next meeting is due in

    for url, button in (
        (reverse("meeting_new", args=[cast.pair.pk]), "Propose this meeting"),
        (reverse("meeting_change", args=[meeting.pk]), "Propose the new time"),
    ):
        page = page_html(maya.post(url, proposal_answers(day)))

        assert re.search(r'<label[^>]*for="id_confirm"[^>]*>\s*Propose it anyway', page)
        assert f'<button type="submit" class="btn btn-primary">{button}</button>' in page
        assert "Book" not in page


# --- too long ------------------------------------------------------------------------------


def test_a_place_too_long_says_so_in_the_projects_words(cast, maya):
    response = maya.post(
        reverse("meeting_new", args=[cast.pair.pk]),
        proposal_answers(in_days(3), location="x" * 5000),
    )

    page = page_html(response)
    assert TOO_LONG_200 in page
    assert "Ensure this value" not in page
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("where", "field", "limit"),
    [
        ("meeting_change", "reason", 500),
        ("meeting_cancel", "reason", 500),
        ("pair_purpose", "purpose", 2000),
        ("pair_request", "note", 2000),
    ],
)
def test_each_pair_form_states_its_limit_in_the_projects_words(cast, maya, where, field, limit):
    meeting = MeetingFactory(match=cast.pair)
    target = cast.pair.pk if where.startswith("pair_") else meeting.pk
    data = proposal_answers(in_days(3)) | {"kind": "concern", field: "x" * (limit + 1)}

    page = page_html(maya.post(reverse(where, args=[target]), data))

    assert f"Up to {limit:,} characters." in page
    assert f"This can be up to {limit:,} characters long. Please shorten it." in page
    assert "Ensure this value" not in page


def test_a_long_action_step_gets_one_message_about_its_length(cast, maya):
    agree_ground_rules(cast.pair)
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=1))
    earlier = ActionStepFactory(meeting=HeldMeetingFactory(match=cast.pair))

    page = page_html(
        maya.post(
            reverse("meeting_log", args=[meeting.pk]),
            log_answers(
                actions=[("x" * 600, "mentor", in_days(10))],
                reviews=[(earlier, "done", "y" * 501)],
            ),
        )
    )

    assert "This can be up to 500 characters long. Please shorten it." in page
    assert "Say what will be done" not in page
    assert "Ensure this value" not in page
    assert not meeting.actions_recorded.exists()


@pytest.mark.parametrize(
    ("status", "question"),
    [
        (MeetingStatus.PROPOSED, "Why are you withdrawing it?"),
        (MeetingStatus.CONFIRMED, "Why are you cancelling?"),
    ],
)
def test_the_reason_asked_names_what_is_being_done(cast, maya, status, question):
    meeting = MeetingFactory(match=cast.pair, status=status)

    page = maya.get(reverse("meeting_cancel", args=[meeting.pk])).content.decode()

    assert question in page


def test_who_does_an_action_step_is_chosen_by_name(cast, maya):
    agree_ground_rules(cast.pair)  # before the first meeting can be logged
    held = HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=3))

    page = maya.get(reverse("meeting_log", args=[held.pk])).content.decode()

    options = re.findall(r'<option value="(mentor|board_member)"[^>]*>([^<]*)</option>', page)
    assert ("mentor", "Maya (you)") in options
    assert ("board_member", "Bola") in options


def test_the_meeting_page_names_who_does_each_action_step(client, cast):
    held = HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=3))
    ActionStepFactory(meeting=held, text="Read the survey results", owner="board_member")
    url = reverse("meeting_detail", args=[held.pk])

    client.force_login(cast.mentor)
    as_maya = client.get(url).content.decode()
    client.force_login(cast.board_member)
    as_bola = client.get(url).content.decode()

    assert re.search(r"Read the survey results <span[^>]*>· Bola ·", as_maya)
    assert re.search(r"Read the survey results <span[^>]*>· you ·", as_bola)
    assert "board member ·" not in as_maya


def test_the_log_forms_summary_says_which_action_step_each_message_is_about(cast, maya):
    agree_ground_rules(cast.pair)
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=2))
    data = log_answers(actions=[("Ask HR for the data", "mentor", timezone.localdate())]) | {
        "action-1-text": "Read the report",
        "action-1-owner": "board_member",
        "action-1-due_on": "2026-02-31",
    }

    page = page_html(maya.post(reverse("meeting_log", args=[meeting.pk]), data))

    start = page.index("There is a problem")
    summary = page[start : page.index("</ul>", start)]
    assert 'href="#id_action-1-due_on">New action step 2: Enter a real date.</a>' in summary
    assert not Meeting.objects.get(pk=meeting.pk).is_logged


def test_the_summary_links_to_book_it_anyway(cast, maya):
    response = maya.post(
        reverse("meeting_new", args=[cast.pair.pk]), proposal_answers(_outside_the_window(cast))
    )

    page = page_html(response)
    assert (
        '<a class="alert-link" href="#id_confirm">Check the warning, then tick '
        "“Propose it anyway” to go ahead.</a>" in page
    )
    assert 'type="checkbox" name="confirm"' in page
