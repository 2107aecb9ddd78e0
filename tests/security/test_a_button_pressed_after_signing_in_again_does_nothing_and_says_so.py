"""A button pressed after the session ended: the sign-in page sends the person back to the
address the button posts to, which the browser then opens (a GET). That does nothing and
lands them on the page with the button, saying nothing was done yet and naming the button,
instead of the browser's bare "405" page."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from mentoring.models import EndReason, GroundRulesAgreement, Meeting, Registration
from mentoring.services.matches import match_end
from tests.admin_pages import sign_in_for_real
from tests.factories import PASSWORD, EventFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_registering_after_signing_in_again_lands_on_the_events_page_with_nothing_done(
    client, cast
):
    event = EventFactory(programme=cast.programme, title="Mentor briefing")
    url = reverse("event_register", args=[event.pk])

    # The session has ended: the button's POST is sent to sign in, then back to its address.
    to_sign_in = client.post(url)
    assert to_sign_in.status_code == 302
    signed_in = client.post(to_sign_in.url, {"login": cast.mentor.email, "password": PASSWORD})
    assert signed_in.url == url
    opened = client.get(signed_in.url)

    assert opened.status_code == 302
    assert opened.url == reverse("events")
    assert said(opened)[-1] == "Nothing has been done yet: press “Register” again to go ahead."
    assert not Registration.objects.filter(event=event, person=cast.mentor).exists()
    page = client.get(opened.url)
    assert page.status_code == 200


@pytest.mark.parametrize(
    ("name", "button"),
    [
        ("meeting_accept", "Accept this time"),
        ("pair_rules_agree", "I agree to these ground rules"),
        ("calendar_feed_new", "Yes, make a new address"),
    ],
)
def test_each_button_only_address_opened_sends_back_to_its_page(client, cast, name, button):
    meeting = MeetingFactory(
        match=cast.pair, status="proposed", proposed_by=cast.mentor, confirmed_at=None
    )
    args = {
        "meeting_accept": [meeting.pk],
        "pair_rules_agree": [cast.pair.pk],
        "calendar_feed_new": [],
    }[name]
    back = {
        "meeting_accept": reverse("meeting_detail", args=[meeting.pk]),
        "pair_rules_agree": f"{reverse('match')}#rules-{cast.pair.pk}",
        "calendar_feed_new": reverse("meetings"),
    }[name]
    client.force_login(cast.board_member)

    opened = client.get(reverse(name, args=args))

    assert (opened.status_code, opened.url) == (302, back)
    assert said(opened) == [f"Nothing has been done yet: press “{button}” again to go ahead."]
    assert Meeting.objects.get(pk=meeting.pk).status == "proposed"
    assert not GroundRulesAgreement.objects.exists()


def test_another_pairs_meeting_opened_is_still_not_found(client, cast):
    """Sent back to the meeting's page, which answers 404 as it does to anyone outside."""
    theirs = MeetingFactory(match=cast.other_pair, status="proposed", confirmed_at=None)
    client.force_login(cast.mentor)

    opened = client.get(reverse("meeting_accept", args=[theirs.pk]))

    assert client.get(opened.url).status_code == 404


@pytest.mark.parametrize("name", ["pair_rules_agree", "event_register", "event_cancel"])
def test_another_pairs_or_programmes_button_address_opened_is_not_found(client, cast, name):
    """Not sent back to their own page, whose button of the same name is for their own pair
    or event: a 404, as every other address of what is not theirs answers."""
    theirs = EventFactory(programme=cast.programme, audience="board_members")
    args = [cast.pair.pk] if name == "pair_rules_agree" else [theirs.pk]
    client.force_login(cast.other_mentor)

    opened = client.get(reverse(name, args=args))

    assert opened.status_code == 404
    assert said(opened) == []
    assert not GroundRulesAgreement.objects.exists()


def test_an_ended_pairs_rules_address_opened_says_its_record_is_read_only(client, cast):
    """The session ended as they pressed "I agree"; the pair ended meanwhile: its history has
    no such button to press again."""
    match_end(match=cast.pair, reason=EndReason.WITHDRAWN)
    client.force_login(cast.mentor)

    opened = client.get(reverse("pair_rules_agree", args=[cast.pair.pk]))

    assert opened.status_code == 302
    assert said(opened) == ["This pairing has ended; its record is read-only."]
    assert not GroundRulesAgreement.objects.exists()


def test_the_match_boards_buttons_opened_send_the_office_back_to_the_board(client, cast):
    sign_in_for_real(client, cast, "coordinator")
    board = reverse("admin:matching_board", args=[cast.programme.pk])

    for step, button in [
        ("propose", "Propose"),
        ("optimal", "Propose an optimal assignment"),
        ("accept", "Accept"),
        ("discard", "Discard"),
    ]:
        opened = client.get(f"{board}{step}/")
        assert (opened.status_code, opened.url) == (302, board), step
        assert f"press “{button}” again" in said(opened)[-1]
    assert client.get(board).status_code == 200


def test_anything_but_post_get_and_head_is_still_refused(client, cast):
    client.force_login(cast.mentor)
    assert client.put(reverse("calendar_feed_new")).status_code == 405
