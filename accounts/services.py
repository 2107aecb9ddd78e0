from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.audit import audit_label, audit_record
from accounts.mail import send_templated_mail
from accounts.models import COORDINATORS_GROUP, AuditAction, Invitation, User
from accounts.signals import invitation_accepted
from accounts.tokens import new_token


class InvitationError(Exception):
    """An invitation that can no longer be used; the message says why, for the invitee."""


def invitation_create(
    *, email: str, invited_by: User | None, invited_to: str = "", office_email: str = ""
) -> Invitation:
    """Invite an address, replacing any earlier open link for it, and send the link.

    `invited_to` names what the invitation is for ("2026/27 pilot, as a board member") and
    `office_email` whom to ask; the app that invites supplies both.
    """
    return _invitation_replace(
        email=email,
        invited_by=invited_by,
        invited_to=invited_to,
        office_email=office_email,
        action=AuditAction.INVITATION_SENT,
    )


def invitation_resend(*, invitation: Invitation, invited_by: User | None) -> Invitation | None:
    """Send a new link for the same purpose, replacing this one. None once it has been used."""
    if invitation.is_accepted:
        return None
    return _invitation_replace(
        email=invitation.email,
        invited_by=invited_by,
        invited_to=invitation.invited_to,
        office_email=invitation.office_email,
        action=AuditAction.INVITATION_RESENT,
    )


def _invitation_replace(
    *, email: str, invited_by: User | None, invited_to: str, office_email: str, action: str
) -> Invitation:
    email = User.objects.normalize_email(email).lower()
    token, token_hash = new_token()
    now = timezone.now()
    with transaction.atomic():
        replaced = Invitation.objects.filter(
            email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        )
        replaced_label = ", ".join(audit_label(old) for old in replaced.order_by("pk"))
        replaced.update(revoked_at=now)
        invitation = Invitation.objects.create(
            email=email,
            token_hash=token_hash,
            invited_by=invited_by,
            created_at=now,
            expires_at=Invitation.default_expiry(now),
            invited_to=invited_to,
            office_email=office_email,
        )
        _invitation_send(invitation, token)
        values = {"expires_at": (None, invitation.expires_at)}
        if replaced_label:
            values["replaces"] = (None, replaced_label)
        audit_record(actor=invited_by, action=action, obj=invitation, values=values)
    return invitation


def _invitation_send(invitation: Invitation, token: str) -> None:
    send_templated_mail(
        "accounts/email/invitation",
        to=invitation.email,
        context={
            "invitation": invitation,
            "has_account": User.objects.filter(email__iexact=invitation.email).exists(),
            "accept_path": reverse("invitation_accept", args=[token]),
            "office_email": invitation.office_email or settings.PROGRAMME_OFFICE_EMAIL,
        },
    )


def invitation_revoke(*, invitation: Invitation, by: User | None = None) -> bool:
    """Revoke an open invitation. Returns False when it had already been used or revoked."""
    now = timezone.now()
    with transaction.atomic():
        changed = Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        if changed:
            audit_record(
                actor=by,
                action=AuditAction.INVITATION_REVOKED,
                obj=invitation,
                values={"revoked_at": (None, now)},
            )
    return changed == 1


def _claim(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.is_accepted:
        raise InvitationError("This invitation has already been used.")
    if locked.is_revoked:
        raise InvitationError("This invitation was replaced or withdrawn.")
    if locked.is_expired:
        raise InvitationError("This invitation has expired.")
    return locked


def invitation_accept_new_user(
    *, invitation: Invitation, full_name: str, job_title: str, password: str
) -> User:
    """Create the invitee's account, its email already verified, and use up the link."""
    with transaction.atomic():
        invitation = _claim(invitation)
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationError("An account already exists for this address. Sign in instead.")
        user = User.objects.create_user(
            email=invitation.email, password=password, full_name=full_name, job_title=job_title
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        _mark_accepted(invitation, user)
    return user


def invitation_accept_existing_user(*, invitation: Invitation, user: User) -> None:
    """An invitation sent to someone who already has an account: they accept while signed in."""
    with transaction.atomic():
        invitation = _claim(invitation)
        if user.email.lower() != invitation.email.lower():
            raise InvitationError("This invitation was sent to a different email address.")
        updated = EmailAddress.objects.filter(user=user, email__iexact=user.email).update(
            verified=True
        )
        if not updated:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        _mark_accepted(invitation, user)


def _mark_accepted(invitation: Invitation, user: User) -> None:
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    invitation_accepted.send(sender=Invitation, invitation=invitation, user=user)


def coordinator_grant(*, user: User) -> None:
    """Coordinators run the programme office in the admin, so they need admin access too."""
    with transaction.atomic():
        user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])


def coordinator_revoke(*, user: User) -> None:
    with transaction.atomic():
        user.groups.remove(Group.objects.get(name=COORDINATORS_GROUP))
        if not user.is_superuser and user.is_staff:
            user.is_staff = False
            user.save(update_fields=["is_staff"])
