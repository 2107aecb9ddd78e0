"""What the programme office holds about one of its own coordinators is not theirs to read:
a conflict of interest recorded naming them, with the office's note on it. And the office's
figures count what the person reading them may open (the requests of a pair they were in are
not theirs: tests/security/test_a_coordinator_never_reads_what_was_written_about_their_own_pair.py),
so a figure never leads to an empty list."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from matching.models import ConflictOfInterest
from mentoring.models import EndReason, PairRequestKind
from mentoring.services.applications import application_withdraw
from mentoring.services.matches import match_end
from mentoring.services.pairs import pair_request_raise
from tests.admin_pages import (
    attention,
    change_url,
    joins_the_office,
    pair_ended_and_programme_closed,
    rows,
    sign_in_for_real,
    words,
)
from tests.factories import PASSWORD, totp_code

pytestmark = pytest.mark.django_db

NOTE = "Maya's brother manages Olive's office; keep them apart."
CONFLICTS = reverse("admin:matching_conflictofinterest_changelist")
HEALTH = reverse("admin:mentoring_pairhealth_changelist")
WAITING = "Requests from pair members waiting for a decision"


@pytest.fixture
def conflict(cast):
    return ConflictOfInterest.objects.create(
        mentor=cast.mentor,
        board_member=cast.other_board_member,
        note=NOTE,
        recorded_by=cast.coordinator,
    )


def test_a_former_mentor_in_the_office_cannot_read_the_conflict_recorded_about_her(
    client, cast, conflict
):
    ConflictOfInterest.objects.create(
        mentor=cast.other_mentor, board_member=cast.board_member, note="Same reading group."
    )
    pair_ended_and_programme_closed(cast)
    joins_the_office(client, cast.mentor)

    page = client.get(change_url(conflict), follow=True)
    listed = client.get(CONFLICTS)

    assert NOTE not in words(page.content.decode())
    assert page.redirect_chain  # the admin's "doesn't exist": never the conflict's page
    assert NOTE not in words(listed.content.decode())
    assert [row["note"] for row in rows(listed)] == ["Same reading group."]  # the others'


def test_the_start_page_does_not_count_a_concern_about_the_coordinator_reading_it(client, cast):
    """Maya's pair ended and she left the pilot, which runs on; she then joined the office.
    Bola's concern about her is still waiting for a decision, by the rest of the office."""
    pair_request_raise(
        match=cast.pair, person=cast.board_member, kind=PairRequestKind.CONCERN, note="Rude."
    )
    match_end(match=cast.pair, reason=EndReason.WITHDRAWN, by=cast.coordinator)
    application_withdraw(application=cast.pair.mentor)
    joins_the_office(client, cast.mentor)

    figures = attention(client.get(reverse("admin:index")))

    count, link = figures[WAITING]
    assert count == 0
    assert rows(client.get(link)) == []  # the list it leads to, as the figure says
    office = client.__class__()
    sign_in_for_real(office, cast, "coordinator")
    assert attention(office.get(reverse("admin:index")))[WAITING][0] == 1


def test_programme_health_does_not_point_a_coordinator_to_a_concern_about_their_own_pair(
    client, cast
):
    """However a member of an active pair came to hold the office's keys (a superuser made
    from the command line, say), the pair's row does not lead them to a request they cannot
    open."""
    pair_request_raise(
        match=cast.pair, person=cast.mentor, kind=PairRequestKind.CONCERN, note="Never free."
    )
    bola = cast.board_member
    bola.is_staff = bola.is_superuser = True
    bola.save(update_fields=["is_staff", "is_superuser"])
    secret = generate_totp_secret()
    TOTP.activate(bola, secret)
    client.post(reverse("account_login"), {"login": bola.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    health = {row["pair"]: row for row in rows(client.get(HEALTH))}

    assert "Waiting for a decision" not in health[str(cast.pair)]["request"]
    assert "Waiting for a decision" not in words(client.get(HEALTH).content.decode())
