"""A member's private word with the programme office, and how the office decides."""

import re
from contextlib import nullcontext

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from mentoring.models import GroundRules, Match, MatchStatus, PairRequest
from mentoring.services.matches import match_end
from tests.admin_pages import confirmed, messages_shown, sign_in_for_real, words

pytestmark = pytest.mark.django_db

NOTE = "Wombat-note: the meetings keep turning into a status report"
REQUESTS = reverse("admin:mentoring_pairrequest_changelist")
RULES_ADD = reverse("admin:mentoring_groundrules_add")


def raise_request(client, cast, kind, note=NOTE, *, as_role="mentor", capture=None):
    client.force_login(getattr(cast, as_role))
    with capture(execute=True):
        return client.post(
            reverse("pair_request", args=[cast.pair.pk]),
            {"kind": kind, "note": note, "confirmed": "yes"},
        )


@pytest.fixture
def raise_as(cast, django_capture_on_commit_callbacks):
    """Each member on their own browser, so the office's session and messages stay apart."""
    clients = {}

    def _raise(kind, note=NOTE, as_role="mentor"):
        member = clients.setdefault(as_role, Client())
        return raise_request(
            member, cast, kind, note, as_role=as_role, capture=django_capture_on_commit_callbacks
        )

    return _raise


def email_text(message) -> str:
    return "\n".join([message.subject, message.body, *(c for c, _ in message.alternatives)])


@pytest.mark.parametrize(
    ("kind", "subject"),
    [("end", "A request to end a pairing"), ("concern", "A concern raised by a pair member")],
)
def test_a_member_asks_the_office_and_coordinators_get_an_email_without_the_note(
    raise_as, cast, kind, subject
):
    response = raise_as(kind)

    assert response.status_code == 302
    request = PairRequest.objects.get()
    assert (request.kind, request.raised_by, request.note) == (kind, cast.mentor, NOTE)
    assert request.resolved_at is None
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [cast.coordinator.email, cast.superuser.email]
    )
    for message in mail.outbox:
        text = email_text(message)
        assert subject in message.subject
        assert reverse("admin:mentoring_pairrequest_change", args=[request.pk]) in message.body
        assert "Wombat" not in text
        assert cast.mentor.full_name not in text
        assert cast.board_member.full_name not in text


def test_a_programme_with_an_office_address_gets_the_request_there_not_each_coordinator(
    raise_as, cast
):
    cast.programme.office_email = "edi-office@example.org"
    cast.programme.save(update_fields=["office_email"])

    raise_as("end")

    assert [m.to for m in mail.outbox] == [["edi-office@example.org"]]
    assert mail.outbox[0].body.startswith("Hello,")


def test_the_other_member_sees_nothing_of_it_on_their_pair_page(raise_as, client, cast):
    raise_as("end")
    raise_as("concern", note="Second wombat-note")

    client.force_login(cast.board_member)
    content = client.get(reverse("match")).content.decode()

    assert cast.mentor.full_name in content  # the pair page itself
    assert "ombat" not in content
    assert "Asked to end the pairing" not in content
    assert "Raised a concern" not in content
    assert "The programme office has your" not in content
    assert Match.objects.get(pk=cast.pair.pk).status == MatchStatus.ACTIVE


def test_the_member_who_asked_is_told_the_partner_is_not_told(client, cast, raise_as):
    client.force_login(cast.mentor)
    response = raise_request(client, cast, "end", capture=lambda execute: nullcontext())

    content = client.get(response.url).content.decode()
    assert "Your partner is not told why" in content


def test_a_second_open_request_of_the_same_kind_is_refused_with_a_message(raise_as, cast):
    raise_as("end")
    mail.outbox.clear()

    response = raise_as("end", note="Again")

    assert response.status_code == 200
    assert "You have already sent this to the programme office" in response.content.decode()
    assert PairRequest.objects.count() == 1
    assert mail.outbox == []


def test_a_concern_after_an_end_request_and_the_partners_own_request_are_accepted(raise_as, cast):
    raise_as("end")
    raise_as("concern")
    raise_as("end", as_role="board_member")

    assert PairRequest.objects.open().count() == 3


def test_another_pairs_mentor_cannot_raise_a_request_about_the_pair(raise_as, cast):
    response = raise_as("end", as_role="other_mentor")

    assert response.status_code == 404
    assert not PairRequest.objects.exists()


# --- the office decides ------------------------------------------------------------------------


@pytest.fixture
def end_request(raise_as, cast):
    raise_as("end")
    mail.outbox.clear()
    return PairRequest.objects.get()


@pytest.fixture
def office(client, cast):
    client.force_login(cast.coordinator)
    return client


def test_the_office_sees_who_asked_and_the_note(office, end_request):
    response = office.get(reverse("admin:mentoring_pairrequest_change", args=[end_request.pk]))

    content = response.content.decode()
    assert NOTE in content
    assert "Maya Mentor" in content


def test_ending_first_asks_for_confirmation_naming_who_will_be_emailed(
    office, cast, end_request, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            REQUESTS, {"action": "end_pairings", "_selected_action": [end_request.pk]}
        )

    assert response.status_code == 200
    content = response.content.decode()
    assert len(re.findall(r"<h1[^>]*>\s*End this pairing\?\s*</h1>", content)) == 1
    for person in (cast.mentor, cast.board_member):
        assert f"{person.full_name} ({person.email})" in content
    assert 'name="confirmed" value="yes"' in content
    cast.pair.refresh_from_db()
    end_request.refresh_from_db()
    assert cast.pair.status == MatchStatus.ACTIVE
    assert end_request.resolved_at is None
    assert mail.outbox == []


def test_confirming_ends_the_pair_and_tells_both_only_that_it_ended(
    office, cast, end_request, django_capture_on_commit_callbacks
):
    concern = PairRequest.objects.create(match=cast.pair, kind="concern", raised_by=cast.mentor)

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            REQUESTS,
            {"action": "end_pairings", "_selected_action": [end_request.pk], "confirmed": "yes"},
        )

    assert response.status_code == 302
    assert messages_shown(office.get(response.url)) == [
        "1 pairing ended; both members were told by email."
    ]
    cast.pair.refresh_from_db()
    assert (cast.pair.status, cast.pair.end_reason) == (MatchStatus.ENDED, "withdrawn")
    end_request.refresh_from_db()
    assert (end_request.outcome, end_request.resolved_by) == ("ended", cast.coordinator)
    # A concern is decided on its own: it may need following up after the pair has ended.
    concern.refresh_from_db()
    assert concern.resolved_at is None
    assert sorted(m.to[0] for m in mail.outbox) == [cast.board_member.email, cast.mentor.email]
    to_mentor, to_member = sorted(mail.outbox, key=lambda m: m.to[0] != cast.mentor.email)
    assert to_mentor.subject == "Your pairing with Bola Board has ended"
    assert to_member.subject == "Your pairing with Maya Mentor has ended"
    for message in mail.outbox:
        text = email_text(message)
        assert "has ended your pairing" in message.body
        assert "ombat" not in text
        for word in ("asked", "request", "concern", "withdrawn"):
            assert word not in text.lower()
    # The one who asked and the partner get the same words: nothing tells them apart.
    assert email_text(to_mentor).replace("Bola Board", "PARTNER").replace("Maya", "ME") == (
        email_text(to_member).replace("Maya Mentor", "PARTNER").replace("Bola", "ME")
    )


def test_continuing_is_confirmed_first_saying_nobody_is_emailed_and_it_cannot_be_reopened(
    office, cast, end_request
):
    chosen = {"action": "continue_pairings", "_selected_action": [end_request.pk]}

    page = office.post(REQUESTS, chosen)

    assert page.status_code == 200
    text = words(page.content.decode())
    assert "Close 1 request and continue its pairing?" in text
    assert "Nobody is emailed" in text
    assert "reads so on their pair page, and their partner is told nothing" in text
    assert "cannot be reopened" in text
    assert f"{end_request.raised_by} asked to end the pairing" in text
    assert 'value="Yes, close 1 request; nobody is emailed"' in page.content.decode()
    assert "No, go back" in text
    end_request.refresh_from_db()
    assert end_request.resolved_at is None


def test_continuing_closes_the_request_and_emails_nobody(
    office, cast, end_request, django_capture_on_commit_callbacks
):
    chosen = {"action": "continue_pairings", "_selected_action": [end_request.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(REQUESTS, {**chosen, "confirmed": "yes"})

    assert response.status_code == 302
    assert messages_shown(office.get(response.url)) == ["1 request closed; the pairing continues."]
    end_request.refresh_from_db()
    cast.pair.refresh_from_db()
    assert (end_request.outcome, end_request.resolved_by) == ("continued", cast.coordinator)
    assert cast.pair.status == MatchStatus.ACTIVE
    assert mail.outbox == []


def test_after_a_decision_the_member_can_ask_again(office, raise_as, cast, end_request):
    office.post(
        REQUESTS,
        {"action": "continue_pairings", "_selected_action": [end_request.pk], "confirmed": "yes"},
    )

    response = raise_as("end", note="Still not working")

    assert response.status_code == 302
    assert PairRequest.objects.open().count() == 1


def test_the_open_filter_lists_only_requests_waiting_for_a_decision(office, cast, end_request):
    PairRequest.objects.create(
        match=cast.other_pair,
        kind="concern",
        raised_by=cast.other_mentor,
        resolved_at=end_request.created_at,
        outcome="continued",
    )

    waiting = office.get(REQUESTS + "?open=yes").content.decode()
    decided = office.get(REQUESTS + "?open=no").content.decode()

    assert "Maya Mentor" in waiting
    assert "Omar Other" not in waiting
    assert "Omar Other" in decided
    assert "Maya Mentor" not in decided


def test_the_office_cannot_add_or_delete_requests(office, end_request):
    assert office.get(reverse("admin:mentoring_pairrequest_add")).status_code == 403
    delete = reverse("admin:mentoring_pairrequest_delete", args=[end_request.pk])
    assert office.post(delete, {"post": "yes"}).status_code == 403
    assert PairRequest.objects.filter(pk=end_request.pk).exists()


# --- ground rules -------------------------------------------------------------------------------


def publish(office, programme, text):
    """Save on the add form, then "Yes" on the page that says what publishing does."""
    form = {"programme": programme.pk, "text": text}
    page = office.post(RULES_ADD, form)
    return office.post(RULES_ADD, confirmed(page))


def test_saving_new_ground_rules_asks_first_naming_the_pairs_asked_to_agree_again(office, cast):
    page = office.post(RULES_ADD, {"programme": cast.programme.pk, "text": "Be kind."})

    text = words(page.content.decode())
    assert "Publish new ground rules and ask 2 pairs to agree again?" in text
    assert "cannot be changed or withdrawn" in text
    assert "Pairs asked to agree again (2)" in text
    for pair in (cast.pair, cast.other_pair):
        assert str(pair) in text
    assert "Be kind." in text
    assert 'value="Yes, publish version 1 and ask 2 pairs to agree again"' in page.content.decode()
    assert not GroundRules.objects.exists()


def test_new_ground_rules_for_a_programme_with_no_pairs_ask_nobody_to_agree_again(office, cast):
    Match.objects.filter(programme=cast.programme).delete()

    page = office.post(RULES_ADD, {"programme": cast.programme.pk, "text": "Be kind."})

    text = words(page.content.decode())
    assert "Publish new ground rules?" in text
    assert "0 pairs" not in text
    assert 'value="Yes, publish version 1"' in page.content.decode()


def test_an_incomplete_ground_rules_form_shows_its_errors_not_the_confirmation(office, cast):
    page = office.post(RULES_ADD, {"programme": cast.programme.pk, "text": ""})

    assert page.status_code == 200
    assert "Pairs asked to agree again" not in page.content.decode()
    assert "Enter the text." in page.content.decode()
    assert not GroundRules.objects.exists()


def test_a_coordinator_signed_in_for_real_publishes_through_the_confirmation(client, cast):
    sign_in_for_real(client, cast, "coordinator")

    response = publish(client, cast.programme, "Line one.\nLine two.")

    assert response.status_code == 302
    rules = GroundRules.objects.get()
    assert (rules.version, rules.text) == (1, "Line one.\nLine two.")
    # What publishing did, said once (not also Django's "was added successfully").
    assert messages_shown(client.get(response.url)) == [
        "Version 1 published. Every pair in 2026/27 pilot is asked to agree to it; they can go "
        "on logging meetings meanwhile."
    ]


def test_each_save_of_the_ground_rules_is_a_new_version(office, cast):
    for n in (1, 2, 3):
        response = publish(office, cast.programme, f"Rule set {n}")
        assert response.status_code == 302

    versions = GroundRules.objects.filter(programme=cast.programme).order_by("version")
    assert [(r.version, r.text, r.created_by) for r in versions] == [
        (1, "Rule set 1", cast.coordinator),
        (2, "Rule set 2", cast.coordinator),
        (3, "Rule set 3", cast.coordinator),
    ]


def test_the_add_form_starts_from_the_latest_version(office, cast):
    publish(office, cast.programme, "Latest words")

    response = office.get(
        reverse("admin:mentoring_groundrules_add") + f"?programme={cast.programme.pk}"
    )

    assert "Latest words" in response.content.decode()


def test_an_existing_version_cannot_be_changed_or_deleted(office, cast):
    publish(office, cast.programme, "Original words")
    rules = GroundRules.objects.get()
    change = reverse("admin:mentoring_groundrules_change", args=[rules.pk])

    page = office.get(change)
    changed = office.post(change, {"programme": cast.programme.pk, "text": "Rewritten"})
    deleted = office.post(
        reverse("admin:mentoring_groundrules_delete", args=[rules.pk]), {"post": "yes"}
    )
    bulk = office.post(
        reverse("admin:mentoring_groundrules_changelist"),
        {"action": "delete_selected", "_selected_action": [rules.pk], "post": "yes"},
    )

    assert page.status_code == 200
    assert "<textarea" not in page.content.decode()
    assert changed.status_code == 403
    assert deleted.status_code == 403
    assert bulk.status_code in (200, 302)
    rules.refresh_from_db()
    assert (rules.version, rules.text) == (1, "Original words")


def test_the_admin_lists_them_as_requests_from_pair_members(client, cast):
    client.force_login(cast.coordinator)

    page = client.get(reverse("admin:index")).content.decode()

    assert "Requests from pair members" in page
    assert "Request from a pair members" not in page


def test_ending_from_a_request_asks_how_the_report_counts_it_and_lists_the_meetings_off(
    office, cast, end_request, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from tests.factories import MeetingFactory

    meeting = MeetingFactory(match=cast.pair)
    when = timezone.localtime(meeting.starts_at).strftime("%A %-d %B %Y, %H:%M")
    chosen = {"action": "end_pairings", "_selected_action": [end_request.pk]}

    shown = office.post(REQUESTS, chosen)
    page = shown.content.decode()

    assert "Meetings called off (1)" in words(page)
    assert f"Maya Mentor and Bola Board: {when}" in words(page)
    assert 'name="end_reason" value="withdrawn" checked' in page
    assert 'name="end_reason" value="completed"' in page

    with django_capture_on_commit_callbacks(execute=True):
        office.post(REQUESTS, {**chosen, **confirmed(shown), "end_reason": "completed"})

    cast.pair.refresh_from_db()
    assert (cast.pair.status, cast.pair.end_reason) == (MatchStatus.ENDED, "completed")
    ended = {"Your pairing with Bola Board has ended", "Your pairing with Maya Mentor has ended"}
    told = [m for m in mail.outbox if m.subject in ended]
    assert len(told) == 2
    zone = timezone.localtime(meeting.starts_at).tzname()  # GMT or BST, as at that date
    assert all(f"Your meeting on {when} {zone} is off." in m.body for m in told)


def test_a_forged_end_reason_asks_again_and_ends_nothing(office, cast, end_request):
    response = office.post(
        REQUESTS,
        {
            "action": "end_pairings",
            "_selected_action": [end_request.pk],
            "confirmed": "yes",
            "end_reason": "because",
        },
    )

    assert response.status_code == 200
    assert "End this pairing?" in response.content.decode()
    cast.pair.refresh_from_db()
    assert cast.pair.status == MatchStatus.ACTIVE
    assert mail.outbox == []


def test_sending_to_the_office_is_confirmed_first_and_change_it_keeps_what_was_typed(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.mentor)
    url = reverse("pair_request", args=[cast.pair.pk])

    page = client.post(url, {"kind": "end", "note": NOTE}).content.decode()

    assert "Send this to the programme office?" in page
    assert "End the pairing" in words(page)
    assert NOTE in page
    assert "you and Bola are both told only that it ended, not who asked or why" in words(page)
    # Its address, or else its coordinators: the office, as `office_recipients` decides.
    assert "The programme office is emailed that you asked to end the pairing" in words(page)
    assert "your note is not in the email: they read it when they sign in to the office" in (
        words(page)
    )
    assert not PairRequest.objects.exists()
    assert mail.outbox == []

    page = client.post(url, {"kind": "end", "note": NOTE, "change": "1"}).content.decode()
    assert "Talk to the programme office" in page
    assert f"{NOTE}</textarea>" in page
    assert not PairRequest.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"kind": "end", "note": NOTE, "confirmed": "yes"})
    assert response.status_code == 302
    assert PairRequest.objects.get().note == NOTE


def test_a_concern_needs_a_few_words_and_ending_needs_none(client, cast):
    client.force_login(cast.mentor)
    url = reverse("pair_request", args=[cast.pair.pk])
    assert "Needed for a concern; no reason is needed to end a pairing." in words(
        client.get(url).content.decode()
    )

    page = client.post(url, {"kind": "concern", "note": "   ", "confirmed": "yes"})

    assert "Say what the concern is, in a few words." in page.content.decode()
    assert not PairRequest.objects.exists()
    page = client.post(url, {"kind": "end", "note": ""}).content.decode()
    assert "Send this to the programme office?" in page
    # Nothing typed is said so, not "None", nor where a note would be read.
    assert "Your note No note" in words(page)
    assert "you have written no note" in words(page)


def note_label(page: str) -> str:
    return words(re.search(r'<label\s+for="id_note".*?</label>', page, re.S).group(0))


@pytest.mark.parametrize(
    ("asked", "optional", "help_text"),
    [
        ("?kind=concern", False, "Needed for a concern: say what it is, in a few words."),
        ("?kind=end", True, "No reason is needed to end a pairing"),
        ("", False, "Needed for a concern; no reason is needed to end a pairing."),
    ],
)
def test_the_note_is_marked_optional_only_where_it_is(client, cast, asked, optional, help_text):
    client.force_login(cast.mentor)
    page = client.get(reverse("pair_request", args=[cast.pair.pk]) + asked).content.decode()

    assert ("(optional)" in note_label(page)) is optional
    assert help_text in words(page)


def test_a_concern_sent_without_its_note_is_not_said_to_be_optional(client, cast):
    client.force_login(cast.mentor)
    url = reverse("pair_request", args=[cast.pair.pk])
    page = client.post(url, {"kind": "concern", "note": ""}).content.decode()

    assert "Say what the concern is, in a few words." in page
    assert "(optional)" not in note_label(page)


def test_a_concern_whose_pairing_ended_already_is_closed_and_nobody_is_said_to_be_emailed(
    office, cast, end_request
):
    concern = PairRequest.objects.create(match=cast.pair, kind="concern", raised_by=cast.mentor)
    match_end(match=cast.pair, reason="withdrawn")

    page = office.post(
        REQUESTS, {"action": "end_pairings", "_selected_action": [concern.pk]}
    ).content.decode()

    assert "Who will be emailed" not in page
    assert "Pairing ended already: the request is closed, nobody emailed (1)" in words(page)
    assert 'value="Yes, close these requests"' in page


def test_an_end_request_and_a_concern_about_one_pair_list_it_once(office, cast, end_request):
    concern = PairRequest.objects.create(match=cast.pair, kind="concern", raised_by=cast.mentor)

    page = office.post(
        REQUESTS, {"action": "end_pairings", "_selected_action": [end_request.pk, concern.pk]}
    ).content.decode()

    assert "Who will be emailed (2 people)" in words(page)
    assert page.count(f"{cast.mentor.full_name} ({cast.mentor.email})") == 1


def test_a_concern_too_long_is_told_its_limit_only(client, cast):
    client.force_login(cast.mentor)

    page = client.post(
        reverse("pair_request", args=[cast.pair.pk]), {"kind": "concern", "note": "x" * 2001}
    ).content.decode()

    assert "Say what the concern is" not in page
    assert "This can be up to 2,000 characters long. Please shorten it." in page


def test_ending_the_pairings_of_an_end_request_and_a_concern_ends_only_the_one_asked(
    office, cast, end_request, django_capture_on_commit_callbacks
):
    concern = PairRequest.objects.create(
        match=cast.other_pair, kind="concern", raised_by=cast.other_mentor
    )
    chosen = {"action": "end_pairings", "_selected_action": [end_request.pk, concern.pk]}

    page = words(office.post(REQUESTS, chosen).content.decode())

    assert "Who will be emailed (2 people)" in page
    assert "Omar Other (omar@example.org)" not in page
    assert (
        "A concern, not a request to end: left open, nobody emailed (1) If a pairing should end "
        "over a concern, end it from the pair's own page. Omar Other and Olive Other, "
        "2026/27 pilot: raised by Omar Other. Open the pair"
    ) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(REQUESTS, {**chosen, "confirmed": "yes"}, follow=True)

    assert messages_shown(response) == [
        "1 pairing ended; both members were told by email.",
        "1 concern left open, nobody emailed about it: a concern is not a request to end. If a "
        "pairing should end over one, end it from the pair's own page.",
    ]
    cast.other_pair.refresh_from_db()
    concern.refresh_from_db()
    assert cast.other_pair.status == MatchStatus.ACTIVE
    assert concern.resolved_at is None
    assert sorted(m.to[0] for m in mail.outbox) == [cast.board_member.email, cast.mentor.email]


def test_a_concern_alone_has_no_pairing_to_end_and_a_forced_yes_changes_nothing(
    office, cast, mailoutbox, django_capture_on_commit_callbacks
):
    concern = PairRequest.objects.create(match=cast.pair, kind="concern", raised_by=cast.mentor)
    chosen = {"action": "end_pairings", "_selected_action": [concern.pk]}

    shown = office.post(REQUESTS, chosen)
    page = shown.content.decode()

    assert "No pairing to end" in page
    assert "Who will be emailed" not in page
    assert 'name="confirmed"' not in page
    assert "Back to the requests" in page
    with django_capture_on_commit_callbacks(execute=True):
        office.post(REQUESTS, {**chosen, "confirmed": "yes"})
    cast.pair.refresh_from_db()
    concern.refresh_from_db()
    assert (cast.pair.status, concern.resolved_at) == (MatchStatus.ACTIVE, None)
    assert mailoutbox == []


def test_a_concerns_page_sends_the_office_to_the_pairs_page_to_end_it(office, cast):
    concern = PairRequest.objects.create(match=cast.pair, kind="concern", raised_by=cast.mentor)

    page = office.get(
        reverse("admin:mentoring_pairrequest_change", args=[concern.pk])
    ).content.decode()

    pair_page = reverse("admin:mentoring_match_change", args=[cast.pair.pk])
    assert f'<a href="{pair_page}">End the pairing from the pair\'s page…</a>' in page
    assert "End the pairing…" not in page
    assert "Decide the pairing continues (nobody is emailed)" in page


@pytest.mark.parametrize("term", ["Maya Mentor", "bola@example.org", "Bola"])
def test_a_request_is_found_by_either_member_of_its_pair(office, end_request, term):
    """Maya asked; searching for Bola, her partner, finds it too."""
    found = office.get(REQUESTS, {"q": term}).context["cl"].result_list

    assert [request.pk for request in found] == [end_request.pk]


def test_another_pairs_member_finds_nothing(office, end_request):
    assert list(office.get(REQUESTS, {"q": "Omar"}).context["cl"].result_list) == []


def _title(response) -> str:
    return words(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)[1])


def test_ending_the_pairing_of_a_concern_that_outlived_it_asks_only_to_close_it(office, cast):
    """Maya's concern is still open after the office ended the pair: "End the pairings…"
    ends nothing there, and its confirmation asks only to close the request."""
    concern = PairRequest.objects.create(match=cast.pair, kind="concern", raised_by=cast.mentor)
    match_end(match=cast.pair, reason="withdrawn", by=cast.coordinator)

    asked = office.post(REQUESTS, {"action": "end_pairings", "_selected_action": [concern.pk]})

    assert asked.status_code == 200
    assert _title(asked).startswith("Close 1 request whose pairing has ended?")
    assert "Yes, close these requests" in asked.content.decode()


def test_continuing_requests_decided_already_asks_nothing_and_says_so(office, end_request):
    """Chosen from the "Decided" filter, or decided by a colleague meanwhile: no confirmation
    asking to close "0 requests", but the list, saying none waits for a decision."""
    office.post(
        REQUESTS,
        {"action": "continue_pairings", "_selected_action": [end_request.pk], "confirmed": "yes"},
    )

    asked = office.post(
        REQUESTS, {"action": "continue_pairings", "_selected_action": [end_request.pk]}, follow=True
    )

    assert "0 requests" not in asked.content.decode()
    assert messages_shown(asked)[-1] == (
        "Nothing was changed and nobody was emailed: none of those requests is waiting for a "
        "decision now."
    )
