from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, User
from accounts.services import invitation_create
from tests.factories import ACCEPT_INVITATION, InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


def accept_url(token):
    return reverse("invitation_accept", args=[token])


def test_creating_an_invitation_emails_a_link_in_text_and_html(
    coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(email="Provost@Example.com", invited_by=coordinator)

    assert invitation.email == "provost@example.com"
    [mail] = mailoutbox
    assert mail.to == ["provost@example.com"]
    assert mail.subject == "You are invited to the reverse mentoring programme"
    assert "https://mentoring.example.org/accounts/invitation/" in mail.body
    html = mail.alternatives[0][0]
    assert 'href="https://mentoring.example.org/accounts/invitation/' in html
    token = mail.body.split("/accounts/invitation/")[1].split("/")[0]
    assert Invitation.objects.for_token(token).get() == invitation


def test_the_invitation_gives_the_offices_address_once_in_text_and_html(
    coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            email="provost@example.com", invited_by=coordinator, office_email="edi@example.org"
        )

    [mail] = mailoutbox
    assert mail.body.count("edi@example.org") == 1
    assert mail.body.rstrip().endswith("The programme office: edi@example.org")
    assert mail.alternatives[0][0].count('href="mailto:edi@example.org"') == 1


def test_inviting_an_address_again_withdraws_the_earlier_link(coordinator):
    first = InvitationFactory(email="provost@example.com")
    second = invitation_create(email="provost@example.com", invited_by=coordinator)

    first.refresh_from_db()
    assert first.is_revoked
    assert second.is_pending


def test_the_invitee_creates_an_account_that_is_already_verified(client):
    InvitationFactory(email="provost@example.com", token="t0k3n")

    response = client.post(accept_url("t0k3n"), ACCEPT_INVITATION, follow=True)

    user = User.objects.get(email="provost@example.com")
    assert user.full_name == "Jonathan Hale"
    assert EmailAddress.objects.get(user=user).verified
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert "Welcome, Jonathan" in response.content.decode()
    assert Invitation.objects.get().accepted_by == user


def test_a_used_link_explains_itself_and_creates_nothing(client):
    """Accepted by someone who had an account already: followed again, the page does not
    claim it created one."""
    InvitationFactory(email="provost@example.com", token="t0k3n", accepted_at=timezone.now())

    response = client.post(accept_url("t0k3n"), ACCEPT_INVITATION)

    assert "This invitation has been accepted" in response.content.decode()
    assert "create" not in response.content.decode().split("<main", 1)[1]
    assert not User.objects.exists()


def test_a_used_link_followed_by_someone_else_signed_in_says_whose_account_is_signed_in(
    client,
):
    """Followed on a colleague's browser, say: "sign in to continue" would be no way on, as
    they are signed in already, as someone else."""
    InvitationFactory(email="provost@example.com", token="t0k3n", accepted_at=timezone.now())
    client.force_login(UserFactory(email="colleague@example.org"))

    page = client.get(accept_url("t0k3n")).content.decode()

    assert "You are signed in as colleague@example.org, a different account" in page
    assert f'href="{reverse("account_logout")}">sign out</a>, then sign in as provost@' in page
    assert "to continue" not in page


def test_an_expired_link_explains_itself_and_creates_nothing(client):
    InvitationFactory(
        email="provost@example.com",
        token="t0k3n",
        created_at=timezone.now() - timedelta(days=20),
        expires_at=timezone.now() - timedelta(days=6),
    )

    response = client.post(accept_url("t0k3n"), ACCEPT_INVITATION)

    assert response.status_code == 410
    assert "This invitation expired on" in response.content.decode()
    assert not User.objects.exists()


def test_a_withdrawn_link_explains_itself(client):
    InvitationFactory(token="t0k3n", revoked_at=timezone.now())
    response = client.get(accept_url("t0k3n"))
    assert response.status_code == 410
    assert "replaced by a newer one or withdrawn" in response.content.decode()


def test_an_unknown_link_answers_404(client):
    response = client.get(accept_url("nonsense"))
    assert response.status_code == 404
    assert "We do not recognise this link" in response.content.decode()


def test_a_weak_password_keeps_what_was_typed_and_creates_nothing(client):
    InvitationFactory(email="provost@example.com", token="t0k3n")

    response = client.post(
        accept_url("t0k3n"), {**ACCEPT_INVITATION, "password1": "12345678", "password2": "12345678"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "This password is too short" in content
    assert 'value="Jonathan Hale"' in content
    assert not User.objects.exists()
    assert Invitation.objects.get().is_pending


def test_different_passwords_are_refused(client):
    InvitationFactory(token="t0k3n")
    response = client.post(
        accept_url("t0k3n"), {**ACCEPT_INVITATION, "password2": "something-else-entirely"}
    )
    assert "The two passwords are not the same." in response.content.decode()
    assert not User.objects.exists()


def test_an_invitee_with_an_account_is_asked_to_sign_in(client):
    UserFactory(email="provost@example.com")
    InvitationFactory(email="provost@example.com", token="t0k3n")

    response = client.get(accept_url("t0k3n"))

    assert "Sign in to accept" in response.content.decode()
    assert client.post(accept_url("t0k3n")).status_code == 200
    assert Invitation.objects.get().is_pending


def test_an_invitee_with_an_account_accepts_while_signed_in(client):
    user = UserFactory(email="provost@example.com")
    InvitationFactory(email="provost@example.com", token="t0k3n")
    client.force_login(user)

    response = client.post(accept_url("t0k3n"))

    assert response.url == reverse("dashboard")
    assert Invitation.objects.get().accepted_by == user


def test_someone_else_signed_in_cannot_accept_an_invitation_for_an_existing_account(
    client, staff_member
):
    UserFactory(email="provost@example.com")
    InvitationFactory(email="provost@example.com", token="t0k3n")
    client.force_login(staff_member)

    response = client.post(accept_url("t0k3n"))

    assert (
        "You are signed in as <strong>sam@example.org</strong>. This invitation is for "
        "<strong>provost@example.com</strong>." in response.content.decode()
    )
    assert Invitation.objects.get().is_pending


def test_a_new_invitee_is_not_mixed_up_with_whoever_is_signed_in(client, staff_member):
    InvitationFactory(email="provost@example.com", token="t0k3n")
    client.force_login(staff_member)

    response = client.post(accept_url("t0k3n"), ACCEPT_INVITATION)

    # Asked first: nobody is signed out, nothing is created.
    assert "Sign out and continue?" in response.content.decode()
    assert client.session["_auth_user_id"] == str(staff_member.pk)
    assert not User.objects.filter(email="provost@example.com").exists()

    client.post(accept_url("t0k3n"), {"switch": "yes"})
    client.post(accept_url("t0k3n"), ACCEPT_INVITATION)

    assert client.session["_auth_user_id"] == str(User.objects.get(email="provost@example.com").pk)


def test_the_new_account_can_sign_in_with_its_password(client):
    InvitationFactory(email="provost@example.com", token="t0k3n")
    client.post(accept_url("t0k3n"), ACCEPT_INVITATION)
    client.logout()

    response = client.post(
        reverse("account_login"),
        {"login": "provost@example.com", "password": ACCEPT_INVITATION["password1"]},
    )

    assert response.url == reverse("dashboard")
