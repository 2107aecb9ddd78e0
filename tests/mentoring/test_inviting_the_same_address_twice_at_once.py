"""Two invitations of one new address at the same moment (the office's "Yes" clicked twice,
or two coordinators inviting the same person to two programmes) go one after the other: the
second sees what the first did and says so, as it would a minute later, instead of failing
with a server error. Each ends with the rows and emails that the two one after the other
would have left."""

import re
import threading
from functools import partial

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from accounts.models import Invitation, OutboxMessage
from mentoring.models import BoardMember
from mentoring.services.mentees import BoardMemberError, board_member_invite
from tests.admin_pages import words
from tests.concurrency import at_once, needs_postgresql, someone_waits_for_a_lock
from tests.factories import InvitationFactory, ProgrammeFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]

ATTEMPTS = 8
INVITE = reverse("admin:mentoring_boardmember_add")


def _at_once(*jobs):
    return at_once(*jobs, expected=BoardMemberError)


def invitation_emails(email: str) -> int:
    return OutboxMessage.objects.filter(to=email, kind="accounts/email/invitation").count()


def said_on(page) -> list[str]:
    """The messages at the top of an admin page and the errors beside its fields or above
    the form (`errorlist nonfield`), as read there. (Not the response's context: the test
    client's record of what was rendered is shared between threads.)"""
    lists = re.findall(
        r'<ul class="(?:messagelist|errorlist)[^"]*"[^>]*>(.*?)</ul>', page.content.decode(), re.S
    )
    return [words(item) for item in re.findall(r"<li[^>]*>(.*?)</li>", "".join(lists), re.S)]


def waiting_to_join(email: str, programme) -> str:
    """The start of what the office is told when the address already waits to join."""
    return f"{email} was invited to {programme} on "


def test_yes_clicked_twice_at_once_invites_the_address_once_and_says_so_the_second_time(cast):
    for attempt in range(ATTEMPTS):
        email = f"provost{attempt}@example.org"
        data = {"programme": cast.programme.pk, "email": email, "confirmed": "yes"}
        tabs = [Client(), Client()]
        for tab in tabs:
            tab.force_login(cast.coordinator)

        first, second = at_once(*(partial(tab.post, INVITE, data, follow=True) for tab in tabs))

        assert first.status_code == second.status_code == 200
        said = said_on(first) + said_on(second)
        [added] = [message for message in said if "An invitation link" in message]
        # Above the list if the second "Yes" was checked before the first was saved; beside
        # the address on the form if after. The admin capitalises a message's first letter.
        [refused] = [message for message in said if message != added]
        assert capfirst(refused).startswith(capfirst(waiting_to_join(email, cast.programme)))
        assert "has not joined yet. Their invitation link works until" in refused
        assert BoardMember.objects.filter(email=email).count() == 1
        assert Invitation.objects.filter(email=email).count() == 1
        assert invitation_emails(email) == 1


def invited_twice_at_once(cast, email: str) -> tuple[BoardMember, BoardMemberError]:
    """`email` invited to the cast's programme by two connections at once: the place one
    made, and what the other was told."""
    outcomes = _at_once(
        *(
            partial(
                board_member_invite,
                programme=cast.programme,
                email=email,
                invited_by=cast.coordinator,
            )
            for _ in "ab"
        )
    )
    [added] = [o for o in outcomes if isinstance(o, BoardMember)]
    [refused] = [o for o in outcomes if isinstance(o, BoardMemberError)]
    return added, refused


def test_the_same_address_invited_twice_at_once_to_one_programme_is_invited_once(cast):
    for attempt in range(ATTEMPTS):
        email = f"dean{attempt}@example.org"

        added, refused = invited_twice_at_once(cast, email)
        assert str(refused).startswith(waiting_to_join(email, cast.programme))
        assert BoardMember.objects.get(email=email) == added
        assert Invitation.objects.filter(email=email).count() == 1
        assert invitation_emails(email) == 1


def test_someone_with_an_account_added_twice_at_once_to_one_programme_is_added_once(cast):
    for attempt in range(ATTEMPTS):
        email = f"registrar{attempt}@example.org"
        UserFactory(email=email)

        added, refused = invited_twice_at_once(cast, email)
        assert str(refused) == "This person is already a board member in this programme."
        assert BoardMember.objects.get(email=email) == added
        assert OutboxMessage.objects.filter(to=email).count() == 1


def test_one_address_invited_to_two_programmes_at_once_gets_both_places_and_one_open_link(cast):
    """As one after the other: a place in each programme, and the second link replaces the
    first, so one link is open and, once used, joins both places."""
    for attempt in range(ATTEMPTS):
        email = f"cfo{attempt}@example.org"
        medics = ProgrammeFactory(name=f"Medical School cohort {attempt}")

        outcomes = _at_once(
            *(
                partial(
                    board_member_invite,
                    programme=programme,
                    email=email,
                    invited_by=cast.coordinator,
                )
                for programme in (cast.programme, medics)
            )
        )

        assert all(isinstance(o, BoardMember) for o in outcomes), outcomes
        assert set(BoardMember.objects.filter(email=email).values_list("programme", flat=True)) == {
            cast.programme.pk,
            medics.pk,
        }
        first, second = Invitation.objects.filter(email=email).order_by("created_at", "pk")
        assert first.is_revoked
        assert not second.is_revoked
        assert invitation_emails(email) == 2


# --- when the database refuses: a writer that did not wait its turn ----------------------------


def held_open_while_the_other_waits(write):
    """Run `write` in a transaction of its own that commits only once another connection
    waits for it: what a second writer that skipped the lock would meet."""
    written, done = threading.Event(), threading.Event()

    def run():
        try:
            with transaction.atomic():
                write()
                written.set()
                deadline = timezone.now().timestamp() + 10
                with connection.cursor() as cursor:
                    while timezone.now().timestamp() < deadline:
                        if someone_waits_for_a_lock(cursor):
                            break
        finally:
            connection.close()
            done.set()

    thread = threading.Thread(target=run)
    thread.start()
    assert written.wait(timeout=10)
    return thread, done


def test_a_place_taken_meanwhile_is_said_in_words_when_the_database_refuses_the_second(cast):
    email = "provost@example.org"
    thread, done = held_open_while_the_other_waits(
        lambda: BoardMember.objects.create(
            programme=cast.programme, email=email, invited_at=timezone.now()
        )
    )

    with pytest.raises(BoardMemberError) as refused:
        board_member_invite(programme=cast.programme, email=email, invited_by=cast.coordinator)

    thread.join(timeout=10)
    assert done.is_set()
    assert str(refused.value).startswith(waiting_to_join(email, cast.programme))
    assert BoardMember.objects.filter(email=email).count() == 1
    assert invitation_emails(email) == 0


def test_a_link_sent_meanwhile_is_said_in_words_when_the_database_refuses_the_second(cast):
    email = "dean@example.org"
    thread, done = held_open_while_the_other_waits(lambda: InvitationFactory(email=email))

    with pytest.raises(BoardMemberError) as refused:
        board_member_invite(programme=cast.programme, email=email, invited_by=cast.coordinator)

    thread.join(timeout=10)
    assert done.is_set()
    assert str(refused.value).startswith(f"{email} was sent an invitation link at ")
    assert f"So {email} was not added to {cast.programme}" in str(refused.value)
    assert not BoardMember.objects.filter(email=email).exists()
    assert Invitation.objects.filter(email=email).count() == 1
    assert invitation_emails(email) == 0
