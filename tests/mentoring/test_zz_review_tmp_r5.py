"""Scratch review tests (deleted after review)."""

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation
from accounts.tokens import hash_token
from mentoring.models import BoardMember, PairRequest, PairRequestKind
from mentoring.services.applications import ApplicationError
from mentoring.services.line_managers import line_manager_request_resend
from mentoring.services.matches import match_end
from mentoring.services.mentees import (
    BoardMemberError,
    board_member_invite,
    board_member_invite_problem,
    board_places_refused,
)
from mentoring.services.pairs import pair_requests_resolve
from tests.admin_pages import words
from tests.factories import (
    BriefedBoardMemberFactory,
    MatchFactory,
    MentorApplicationFactory,
    MentorFactory,
    ProgrammeFactory,
    UserFactory,
    line_manager_asked,
    signs_in_with,
)

pytestmark = pytest.mark.django_db

NEW = "bola.new@example.org"
CLOSED = "the programme office closed your request to end the pairing: the pairing goes on."


def offer(programme, cast):
    return board_member_invite(programme=programme, email=NEW, invited_by=cast.coordinator)


def link():
    assert Invitation.objects.filter(email=NEW, accepted_at__isnull=True, revoked_at__isnull=True).update(
        token_hash=hash_token("the-link")
    )
    return reverse("invitation_accept", args=["the-link"])


# ---- (1) invitation page in each state -------------------------------------------------


def test_seated_plus_a_free_place(client, cast):
    later = ProgrammeFactory(name="2027/28 cohort")
    p1 = offer(cast.programme, cast)
    p2 = offer(later, cast)
    url = link()
    bola = signs_in_with(cast.board_member, NEW)
    client.force_login(bola)
    got = client.get(url)
    print("\nGET partial:", got.status_code, words(got.content.decode()))
    assert got.status_code == 200
    posted = client.post(url)
    print("POST partial:", posted.status_code, posted.get("Location"))
    p1.refresh_from_db()
    p2.refresh_from_db()
    print("p1.user", p1.user_id, "p2.user", p2.user_id)
    assert p2.user_id == bola.pk and p1.user_id is None


def test_seated_and_applied_both(client, cast):
    later = ProgrammeFactory(name="2027/28 cohort")
    third = ProgrammeFactory(name="2028/29 cohort")
    offer(cast.programme, cast)
    offer(later, cast)
    offer(third, cast)
    url = link()
    MentorApplicationFactory(programme=later, applicant=cast.board_member)
    MentorApplicationFactory(programme=third, applicant=cast.board_member)
    bola = signs_in_with(cast.board_member, NEW)
    print("\nrefused:", board_places_refused(bola))
    client.force_login(bola)
    got = client.get(url)
    print("GET both:", got.status_code, words(got.content.decode()))
    posted = client.post(url)
    print("POST both:", posted.status_code)
    assert posted.status_code == 200


def test_not_signed_in_and_someone_else(client, cast):
    offer(cast.programme, cast)
    url = link()
    signs_in_with(cast.board_member, NEW)
    got = client.get(url)
    print("\nanon:", got.status_code, words(got.content.decode())[:400])
    assert got.status_code < 500
    client.force_login(cast.mentor)
    got = client.get(url)
    print("other:", got.status_code, words(got.content.decode())[:400])
    assert got.status_code < 500


def test_confirming_with_seated_plus_free(cast):
    later = ProgrammeFactory(name="2027/28 cohort")
    p1 = offer(cast.programme, cast)
    p2 = offer(later, cast)
    bola = signs_in_with(cast.board_member, NEW)
    email_confirmed.send(
        sender=EmailAddress, request=None, email_address=EmailAddress.objects.get(email=NEW)
    )
    p1.refresh_from_db()
    p2.refresh_from_db()
    assert p1.user_id is None and p2.user_id == bola.pk


@pytest.mark.parametrize(
    "address", ["bola+board@example.org", "bola.private@example.org", "BOLA@example.org"]
)
def test_office_adds_another_address_of_a_seated_member(cast, address):
    if address == "bola.private@example.org":
        EmailAddress.objects.create(user=cast.board_member, email=address, verified=True)
    problem = board_member_invite_problem(programme=cast.programme, email=address)
    print("\n", address, "->", problem)


def test_alias_place_then_followed(client, cast):
    """The office Adds bola+board@ (reaches Bola's mailbox) while Bola holds the pilot place."""
    try:
        place = board_member_invite(
            programme=cast.programme, email="bola+board@example.org", invited_by=cast.coordinator
        )
    except BoardMemberError as error:
        print("\nrefused:", error)
        return
    print("\nplace made:", place.pk, place.user_id)


# ---- (2) confirmed rule --------------------------------------------------------------


def test_office_resend_after_the_applicant_typed_the_managers_address(cast, mailoutbox):
    asked = line_manager_asked(
        cast.programme,
        cast.outsider,
        "lee.manager@example.org",
        sent_at=timezone.now() - timedelta(days=8),
    )
    EmailAddress.objects.create(user=cast.outsider, email="lee.manager@example.org")  # typed
    try:
        sent = line_manager_request_resend(request=asked, by=cast.coordinator)
        print("\nresend ->", sent)
    except ApplicationError as error:
        print("\nresend refused:", error)
        raise


def test_office_resend_form_after_typed(cast):
    from mentoring.admin.line_managers import AddressForm

    EmailAddress.objects.create(user=cast.outsider, email="lee.manager@example.org")
    form = AddressForm({"email": "lee.manager@example.org"}, applicant=cast.outsider)
    print("\nform valid:", form.is_valid(), form.errors)
    assert form.is_valid()


# ---- (3) end declined lately -----------------------------------------------------------


def decline(match, person, coordinator):
    asked = PairRequest.objects.create(match=match, kind=PairRequestKind.END, raised_by=person)
    pair_requests_resolve(requests=[asked], by=coordinator, end_pairing=False)
    return asked


def page(client, person, url):
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200
    return words(response.content.decode())


def test_mentor_with_two_pairs(client, cast, second_pair):
    decline(cast.pair, cast.mentor, cast.coordinator)
    dash = page(client, cast.mentor, reverse("dashboard"))
    prog = page(client, cast.mentor, cast.programme.get_absolute_url())
    print("\nDASH:", dash)
    print("\nPROG:", prog)
    assert dash.count(CLOSED) == 1
    assert prog.count(CLOSED) == 1


def test_declined_then_concern(client, cast):
    decline(cast.pair, cast.mentor, cast.coordinator)
    PairRequest.objects.create(match=cast.pair, kind=PairRequestKind.CONCERN, raised_by=cast.mentor)
    dash = page(client, cast.mentor, reverse("dashboard"))
    prog = page(client, cast.mentor, cast.programme.get_absolute_url())
    print("\nDASH:", dash)
    print("\nPROG:", prog)


def test_declined_then_ended(client, cast):
    decline(cast.pair, cast.mentor, cast.coordinator)
    match_end(match=cast.pair, reason="completed", by=cast.coordinator)
    for person in (cast.mentor, cast.board_member):
        for url in (reverse("dashboard"), cast.programme.get_absolute_url(), reverse("match")):
            shown = page(client, person, url)
            print("\n", person, url, CLOSED in shown)
            if url != reverse("match"):
                assert CLOSED not in shown


def test_board_member_declined_programme_page_and_apply(client, cast):
    decline(cast.pair, cast.board_member, cast.coordinator)
    for url in (
        reverse("dashboard"),
        cast.programme.get_absolute_url(),
        reverse("apply"),
        reverse("meetings"),
        reverse("match"),
    ):
        client.force_login(cast.board_member)
        response = client.get(url)
        print("\n", url, response.status_code, CLOSED in words(response.content.decode()))
        assert response.status_code == 200


def test_every_pair_page_after_declined(client, cast):
    """Pages reading pair_view without requests: meeting pages and log."""
    from tests.factories import MeetingFactory

    decline(cast.pair, cast.mentor, cast.coordinator)
    past = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=2))
    future = MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(days=9))
    client.force_login(cast.mentor)
    for url in (
        reverse("meeting_detail", args=[past.pk]),
        reverse("meeting_detail", args=[future.pk]),
        reverse("meeting_log", args=[past.pk]),
        reverse("meeting_new", args=[cast.pair.pk]),
        reverse("meetings"),
        reverse("pair_request", args=[cast.pair.pk]),
    ):
        response = client.get(url, follow=True)
        print("\n", url, response.status_code)
        assert response.status_code == 200


def counted(client, person, url):
    client.force_login(person)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_one_vs_many_pairs(client, cast):
    mentor = cast.mentor
    decline(cast.pair, mentor, cast.coordinator)
    urls = (reverse("dashboard"), cast.programme.get_absolute_url())
    one = [counted(client, mentor, url) for url in urls]
    for n in range(3):
        member = UserFactory(email=f"m{n}@example.org")
        pair = MatchFactory(
            mentor=cast.pair.mentor,
            board_member=BriefedBoardMemberFactory(programme=cast.programme, user=member),
            status="active",
        )
        decline(pair, mentor, cast.coordinator)
    many = [counted(client, mentor, url) for url in urls]
    print("\none", one, "many", many)
    assert one == many


def test_dashboard_after_four_weeks_edge(client, cast):
    decline(cast.pair, cast.mentor, cast.coordinator)
    with time_machine.travel(timezone.now() + timedelta(weeks=4) - timedelta(minutes=1)):
        assert CLOSED in page(client, cast.mentor, reverse("dashboard"))


def test_alias_link_followed(client, cast):
    board_member_invite(
        programme=cast.programme, email="bola+board@example.org", invited_by=cast.coordinator
    )
    Invitation.objects.filter(email="bola+board@example.org").update(token_hash=hash_token("al"))
    url = reverse("invitation_accept", args=["al"])
    got = client.get(url)
    print("\nalias anon:", got.status_code, words(got.content.decode())[:600])
    client.force_login(cast.board_member)
    got = client.get(url)
    print("\nalias as bola:", got.status_code, words(got.content.decode())[:600])


def test_two_pairs_one_partner_switched_off(client, cast, second_pair):
    from tests.cast import switch_off

    decline(cast.pair, cast.mentor, cast.coordinator)
    switch_off(cast.board_member)
    prog = page(client, cast.mentor, cast.programme.get_absolute_url())
    print("\nPROG:", prog)


def test_resend_to_a_corrected_address_typed_unconfirmed(cast):
    asked = line_manager_asked(
        cast.programme, cast.outsider, "lee.manger@example.org",
        sent_at=timezone.now() - timedelta(days=8),
    )
    EmailAddress.objects.create(user=cast.outsider, email="lee.manager@example.org")  # typed
    try:
        line_manager_request_resend(request=asked, by=cast.coordinator, email="lee.manager@example.org")
        print("\ncorrected resend went")
    except ApplicationError as error:
        print("\ncorrected resend refused:", error)


def test_alias_link_makes_second_account(client, cast):
    board_member_invite(
        programme=cast.programme, email="bola+board@example.org", invited_by=cast.coordinator
    )
    Invitation.objects.filter(email="bola+board@example.org").update(token_hash=hash_token("al"))
    url = reverse("invitation_accept", args=["al"])
    got = client.post(url, {"full_name": "Bola Board", "password1": "a-long-and-unusual-passphrase", "password2": "a-long-and-unusual-passphrase"})
    print("\nPOST alias:", got.status_code, got.get("Location"))
    print(list(BoardMember.objects.filter(programme=cast.programme, user__full_name="Bola Board").values_list("email", "user__email")))
