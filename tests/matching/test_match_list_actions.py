"""The admin list of matches ends active pairs with a reason and accepts proposals, checking
the same blocks as the board. Both ask first, naming everyone who will be emailed; ending
tells both people of each pair that it has ended."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring.models import (
    EndReason,
    Match,
    MatchStatus,
    MeetingStatus,
    PairRequest,
    PairRequestKind,
)
from tests.admin_pages import (
    choose_and_confirm,
    confirmed,
    recipients_named,
    sign_in_for_real,
    staff_who_may,
    words,
)
from tests.factories import MatchFactory, MeetingFactory
from tests.matching.blocked_pairs import conflict_of_interest
from tests.matching.board import messages_shown

pytestmark = pytest.mark.django_db


CHANGELIST = reverse("admin:mentoring_match_changelist")


def chosen(client, action, *matches):
    """The page shown on choosing the action, before anything is changed or sent."""
    return client.post(CHANGELIST, {"action": action, "_selected_action": [m.pk for m in matches]})


# --- ending pairs -----------------------------------------------------------------------------


def test_ending_a_pair_with_no_meetings_to_come_speaks_of_none(office, programme, priya, grace):
    active = MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)

    text = words(chosen(office, "end_withdrawn", active).content.decode())

    assert "Both people in each are emailed that it has ended (not why). This cannot" in text
    assert "called off" not in text
    assert "calendar file" not in text


def test_ending_asks_first_naming_both_people_and_changes_nothing(
    office, programme, priya, tom, grace, harold, django_capture_on_commit_callbacks
):
    active = MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)
    proposal = MatchFactory(mentor=tom, board_member=harold)
    meeting = MeetingFactory(match=active)

    with django_capture_on_commit_callbacks(execute=True):
        page = chosen(office, "end_completed", active, proposal)

    assert page.status_code == 200
    text = words(page.content.decode())
    assert "End 1 pair (completed)?" in text
    assert "meetings still to come are called off" in text
    assert "emailed that it is recorded as completed, and thanked, with those meetings" in text
    when = timezone.localtime(meeting.starts_at).strftime("%A %-d %B %Y, %H:%M")
    assert f"Meetings called off (1) Priya Patel and Grace Okafor: {when}" in text
    assert recipients_named(page) == [
        "Priya Patel (priya@example.org): paired with Grace Okafor",
        "Grace Okafor (grace@example.com): paired with Priya Patel",
    ]
    assert "Tom Tran and Harold Hughes: not an active pair (proposed)" in text
    assert 'value="Yes, end 1 pair and email 2 people"' in page.content.decode()
    active.refresh_from_db()
    meeting.refresh_from_db()
    assert (active.status, active.ended_at) == (MatchStatus.ACTIVE, None)
    assert meeting.status == MeetingStatus.CONFIRMED
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("action", "reason", "said"),
    [
        ("end_completed", EndReason.COMPLETED, "completed"),
        ("end_withdrawn", EndReason.WITHDRAWN, "withdrawn"),
        ("end_rematched", EndReason.REMATCHED, "rematched"),
    ],
)
def test_confirming_ends_the_pair_cancels_its_meetings_and_tells_both_people(
    office,
    programme,
    priya,
    tom,
    grace,
    harold,
    action,
    reason,
    said,
    django_capture_on_commit_callbacks,
):
    active = MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)
    proposal = MatchFactory(mentor=tom, board_member=harold)
    meeting = MeetingFactory(match=active)

    with django_capture_on_commit_callbacks(execute=True):
        response = choose_and_confirm(office, CHANGELIST, action, active, proposal, follow=True)

    assert messages_shown(response) == [
        f"1 pair ended ({said}); both people in each were told by email. Add a note on each "
        "pair if useful."
    ]
    active.refresh_from_db()
    assert (active.status, active.end_reason) == (MatchStatus.ENDED, reason)
    assert active.ended_at is not None
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DROPPED
    proposal.refresh_from_db()  # only active pairs end
    assert (proposal.status, proposal.ended_at) == (MatchStatus.PROPOSED, None)
    assert sorted(m.to[0] for m in mail.outbox) == ["grace@example.com", "priya@example.org"]
    # Each is told the meeting is off, with a calendar file that cancels it; a completed
    # pairing is thanked, not told that "nobody is to blame".
    ended_words = "has come to its end" if reason == EndReason.COMPLETED else "has ended your"
    when = timezone.localtime(meeting.starts_at).strftime("%A %-d %B %Y, %H:%M %Z")
    partner = {"priya@example.org": "Grace Okafor", "grace@example.com": "Priya Patel"}
    for message in mail.outbox:
        assert message.subject == f"Your pairing with {partner[message.to[0]]} has ended"
        for text in (message.body, message.alternatives[0][0]):
            assert ended_words in text
            assert ("nobody is to blame" in text) == (reason != EndReason.COMPLETED)
            assert f"Your meeting on {when} is off." in text
        [(name, ics, kind)] = message.attachments
        assert (name, kind) == ("meetings.ics", "text/calendar")
        assert f"UID:meeting-{meeting.pk}@" in ics
        assert "STATUS:CANCELLED" in ics
    to_priya = next(m for m in mail.outbox if m.to == ["priya@example.org"])
    assert "our pairing with Grace Okafor" in to_priya.body


def test_ending_two_pairs_names_all_four_people_and_counts_the_pairs(
    office, programme, people, django_capture_on_commit_callbacks
):
    first = MatchFactory(
        mentor=people["priya"], board_member=people["grace"], status=MatchStatus.ACTIVE
    )
    second = MatchFactory(
        mentor=people["tom"], board_member=people["harold"], status=MatchStatus.ACTIVE
    )

    page = chosen(office, "end_withdrawn", first, second)

    assert "End 2 pairs (withdrawn)?" in words(page.content.decode())
    assert len(recipients_named(page)) == 4
    with django_capture_on_commit_callbacks(execute=True):
        response = choose_and_confirm(
            office, CHANGELIST, "end_withdrawn", first, second, follow=True
        )
    assert messages_shown(response)[0].startswith("2 pairs ended (withdrawn);")
    assert len(mail.outbox) == 4


def test_a_pair_ended_meanwhile_is_not_ended_or_announced_twice(
    office, programme, priya, grace, django_capture_on_commit_callbacks
):
    active = MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)
    page = chosen(office, "end_completed", active)
    with django_capture_on_commit_callbacks(execute=True):
        choose_and_confirm(office, CHANGELIST, "end_completed", active, follow=True)
    mail.outbox.clear()

    # The same page, still open in another tab, confirmed again.
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            CHANGELIST,
            {
                "action": "end_withdrawn",
                "_selected_action": [active.pk],
                "shown": [page.context["hidden"][0][1]],
                "confirmed": "yes",
            },
            follow=True,
        )

    assert messages_shown(response) == ["Nothing was changed: none of those pairs is active now."]
    active.refresh_from_db()
    assert active.end_reason == EndReason.COMPLETED
    assert mail.outbox == []


def test_only_the_pairs_the_page_named_are_ended(
    office, programme, people, django_capture_on_commit_callbacks
):
    named = MatchFactory(
        mentor=people["priya"], board_member=people["grace"], status=MatchStatus.ACTIVE
    )
    other = MatchFactory(mentor=people["tom"], board_member=people["harold"])
    page = chosen(office, "end_completed", named, other)
    # Confirmed on the board meanwhile.
    Match.objects.filter(pk=other.pk).update(status=MatchStatus.ACTIVE, activated_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        office.post(
            CHANGELIST,
            {
                "action": "end_completed",
                "_selected_action": [named.pk, other.pk],
                "shown": [value for _, value in page.context["hidden"]],
                "confirmed": "yes",
            },
        )

    assert list(Match.objects.active()) == [other]
    assert len(mail.outbox) == 2


def test_a_coordinator_signed_in_for_real_ends_a_pair_and_both_are_told(
    client, cast, django_capture_on_commit_callbacks
):
    sign_in_for_real(client, cast, "coordinator")

    page = chosen(client, "end_completed", cast.pair)
    assert recipients_named(page) == [
        f"{cast.mentor.full_name} ({cast.mentor.email}): paired with {cast.board_member}",
        f"{cast.board_member.full_name} ({cast.board_member.email}): paired with "
        f"{cast.mentor.full_name}",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        choose_and_confirm(client, CHANGELIST, "end_completed", cast.pair)

    cast.pair.refresh_from_db()
    assert cast.pair.status == MatchStatus.ENDED
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [cast.mentor.email, cast.board_member.email]
    )


# --- accepting proposals ----------------------------------------------------------------------


def test_accepting_from_the_list_asks_first_naming_both_people_and_sends_nothing(
    office, programme, tom, grace, django_capture_on_commit_callbacks
):
    proposal = MatchFactory(mentor=tom, board_member=grace)

    with django_capture_on_commit_callbacks(execute=True):
        page = chosen(office, "accept_proposals", proposal)

    assert page.status_code == 200
    assert "Confirm 1 pair and email both people?" in words(page.content.decode())
    assert recipients_named(page) == [
        "Tom Tran (tom@example.org): paired with Grace Okafor",
        "Grace Okafor (grace@example.com): paired with Tom Tran",
    ]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.activated_at) == (MatchStatus.PROPOSED, None)
    assert mail.outbox == []


def test_accepting_proposals_from_the_list_checks_the_blocks_again_on_yes(
    office, programme, priya, tom, grace, harold, mailoutbox, django_capture_on_commit_callbacks
):
    fine = MatchFactory(mentor=tom, board_member=grace)
    blocked = MatchFactory(mentor=priya, board_member=harold)
    page = chosen(office, "accept_proposals", fine, blocked)
    assert len(recipients_named(page)) == 4
    conflict_of_interest(priya, harold)  # recorded before "Yes"

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            CHANGELIST,
            {
                "action": "accept_proposals",
                "_selected_action": [fine.pk, blocked.pk],
                **confirmed(page),
            },
            follow=True,
        )

    assert messages_shown(response) == [
        "1 pair confirmed and both people in it emailed an introduction: "
        "Tom Tran and Grace Okafor.",
        "The pairing of "
        "Priya Patel and Harold Hughes was not confirmed and nobody was emailed: a conflict of "
        "interest is recorded between them.",
    ]
    assert list(Match.objects.active()) == [fine]
    assert len(mailoutbox) == 2


def test_an_active_pairs_own_page_offers_the_ways_to_end_it_each_asked_first(
    office, programme, priya, grace
):
    active = MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)
    page = office.get(reverse("admin:mentoring_match_change", args=[active.pk])).content.decode()

    for action, said in [
        ("end_completed", "completed"),
        ("end_withdrawn", "withdrawn"),
        ("end_rematched", "rematched"),
    ]:
        assert f'name="action" value="{action}"' in page
        assert f"End: {said}…" in page
    # The button posts the list's action for this pair: the confirmation comes first.
    confirm = chosen(office, "end_completed", active)
    assert "End 1 pair (completed)?" in words(confirm.content.decode())
    active.refresh_from_db()
    assert active.status == MatchStatus.ACTIVE


def test_an_ended_pairs_page_offers_no_way_to_end_it(office, programme, priya, grace):
    ended = MatchFactory(
        mentor=priya, board_member=grace, status=MatchStatus.ENDED, ended_at=timezone.now()
    )

    page = office.get(reverse("admin:mentoring_match_change", args=[ended.pk])).content.decode()

    assert "End: " not in page


def test_ending_a_pair_whose_member_raised_a_concern_says_it_is_still_open_and_links_it(
    office, programme, priya, grace, django_capture_on_commit_callbacks
):
    """Ending a pair leaves its members' requests and concerns open (a concern may outlive
    its pair): the message after it says they are the next step, and links the pair's."""
    active = MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)
    PairRequest.objects.create(
        match=active, kind=PairRequestKind.CONCERN, raised_by=grace.user, note="Uneasy."
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = choose_and_confirm(office, CHANGELIST, "end_withdrawn", active, follow=True)

    shown = messages_shown(response)
    assert shown[0].startswith("1 pair ended (withdrawn);")
    assert re.sub("<[^>]+>", "", shown[1]) == (
        "1 request or concern from its members still waits for a decision: ending the pairing "
        "does not close it. Read and close it."
    )
    requests = reverse("admin:mentoring_pairrequest_changelist")
    assert f"{requests}?open=yes&amp;match__id__exact={active.pk}" in shown[1]


def test_someone_who_may_not_open_the_requests_is_told_of_them_without_a_link(
    client, programme, priya, grace, django_capture_on_commit_callbacks
):
    active = MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)
    PairRequest.objects.create(
        match=active, kind=PairRequestKind.CONCERN, raised_by=grace.user, note="Uneasy."
    )
    client.force_login(staff_who_may("view_match", "change_match"))

    with django_capture_on_commit_callbacks(execute=True):
        response = choose_and_confirm(client, CHANGELIST, "end_withdrawn", active, follow=True)

    shown = messages_shown(response)
    assert shown[0].startswith("1 pair ended (withdrawn);")
    assert shown[1] == (
        "1 request or concern from its members still waits for a decision: ending the pairing "
        "does not close it."
    )


def test_ending_a_pair_with_no_request_open_says_nothing_more(
    office, programme, priya, grace, django_capture_on_commit_callbacks
):
    active = MatchFactory(mentor=priya, board_member=grace, status=MatchStatus.ACTIVE)

    with django_capture_on_commit_callbacks(execute=True):
        response = choose_and_confirm(office, CHANGELIST, "end_withdrawn", active, follow=True)

    assert len(messages_shown(response)) == 1
