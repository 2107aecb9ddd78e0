"""A staff account reaches the programme office only with its authenticator app
(accounts.access), so it cannot switch the app off itself: the two-factor page offers no
"Deactivate" and says what to do instead, the server refuses it however it is asked
(accounts.mfa.MFAAdapter.can_delete_authenticator), and the page suggests recovery codes
while there are none. Mentors and board members keep their choice."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests.admin_pages import STAFF, sign_in_for_real, words, words_at
from tests.factories import PASSWORD, totp_code

pytestmark = pytest.mark.django_db

TWO_FACTOR = "/accounts/2fa/"
DEACTIVATE = "/accounts/2fa/totp/deactivate/"
STAYS_ON = "The programme office needs two-factor authentication, so yours stays on"
# Only a superuser removes an authenticator (in the admin): a coordinator asks one, and a
# superuser is led there.
NEW_PHONE = {
    "coordinator": "To move to a new phone, ask a superuser of this site to remove your "
    "authenticator app",
    "superuser": "To move to a new phone, remove your authenticator app in the admin",
}
SUGGESTION = "Generate recovery codes and keep them somewhere safe"


def has_authenticator_app(person) -> bool:
    return Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()


def asked_to_deactivate(client):
    """The page "Deactivate" opens, once the password is typed again if asked."""
    asked = client.get(DEACTIVATE)
    if asked.status_code == 302 and asked.url.startswith(reverse("account_reauthenticate")):
        client.post(asked.url, {"password": PASSWORD})
        asked = client.get(DEACTIVATE)
    return asked


def deactivated(client):
    """What pressing "Deactivate" and confirming it (the password again, if asked) answers."""
    asked_to_deactivate(client)
    return client.post(DEACTIVATE)


@pytest.fixture(params=STAFF)
def staff(request, client, cast):
    """Carmen (a coordinator) or Sue (a superuser), signed in through the authenticator step."""
    sign_in_for_real(client, cast, request.param)
    person = cast.person(request.param)
    person.role = request.param
    return person


@pytest.fixture(params=["mentor", "board_member"])
def participant(request, client, cast):
    """Maya (a mentor) or Bola (a board member), who set up an authenticator app of her own
    choice, signed in through its step."""
    person = cast.person(request.param)
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    step = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert step.url == reverse("mfa_authenticate")
    assert client.post(step.url, {"code": totp_code(secret)}).url == reverse("dashboard")
    return person


def test_the_page_offers_staff_no_deactivate_and_says_what_to_do_instead(client, staff):
    page = client.get(TWO_FACTOR).content.decode()

    assert DEACTIVATE not in page
    seen = words(page)
    assert "Deactivate" not in seen
    assert "Authentication using an authenticator app is active." in seen
    assert STAYS_ON in seen
    assert NEW_PHONE[staff.role] in seen


def test_the_server_refuses_staff_switching_the_authenticator_app_off(client, staff):
    answer = deactivated(client)

    assert answer.status_code == 200
    page = answer.content.decode()
    seen = words(page)
    # The heading says what happened, not allauth's "Deactivate authenticator app".
    assert words(re.search(r"<h1.*?</h1>", page, re.S).group()) == (
        "Your authenticator app stays on"
    )
    assert "Deactivate" not in seen
    assert STAYS_ON in seen
    assert NEW_PHONE[staff.role] in seen
    assert "Are you sure?" not in seen
    assert has_authenticator_app(staff)
    assert client.get("/admin/").status_code == 200  # the office still opens, no set-up asked


def test_the_page_suggests_recovery_codes_to_staff_while_there_are_none(client, staff):
    page = client.get(TWO_FACTOR).content.decode()
    generate = reverse("mfa_generate_recovery_codes")

    assert SUGGESTION in words(page)
    assert f'<a href="{generate}">Generate recovery codes</a>' in page

    RecoveryCodes.activate(staff)
    assert SUGGESTION not in words_at(client, TWO_FACTOR)


def test_a_mentor_or_board_member_may_still_switch_their_authenticator_app_off(client, participant):
    seen = words_at(client, TWO_FACTOR)
    assert "Deactivate" in seen
    assert STAYS_ON not in seen
    asked = asked_to_deactivate(client)
    assert asked.status_code == 200
    assert "Your authenticator app stays on" not in words(asked.content.decode())
    assert SUGGESTION not in seen

    answer = deactivated(client)

    assert answer.status_code == 302
    assert answer.url == TWO_FACTOR
    assert not has_authenticator_app(participant)
