from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import User
from accounts.services import InvitationError
from accounts.signals import invitation_accepted
from mentoring.services.line_managers import line_manager_requests_at_own_address
from mentoring.services.mentees import board_members_join


@receiver(invitation_accepted)
def join_programmes_on_invitation(sender, invitation, user, **kwargs):
    # The invitation proved the address; the board-member places waiting for it are theirs,
    # those the account may take. When it may take none, the link is not used up, and they
    # are told why.
    joined = board_members_join(user=user)
    if not joined.count and joined.refused:
        raise InvitationError(joined.refused)


@receiver(email_confirmed)
def join_programmes_on_email_confirmed(sender, request, email_address, **kwargs):
    # A board member who signed up themselves (staff domain) before using their invitation.
    board_members_join(user=email_address.user)


@receiver(post_save, sender=EmailAddress)
def line_manager_requests_on_address_saved(sender, instance, update_fields=None, **kwargs):
    # An address confirmed (by its link, by an invitation, or in the admin) is the account's
    # own from now on: a line manager's request that went there takes no answer.
    if instance.verified and (update_fields is None or {"verified", "email"} & set(update_fields)):
        line_manager_requests_at_own_address(instance.user_id)


@receiver(post_save, sender=User)
def line_manager_requests_on_sign_in_address_saved(
    sender, instance, created, update_fields=None, **kwargs
):
    # The address one signs in with changed (made primary, or in the admin): not a save
    # that left it as it was read (`User.from_db`).
    if created or getattr(instance, "_address_was", None) == instance.email:
        return
    if update_fields is None or "email" in update_fields:
        line_manager_requests_at_own_address(instance.pk)
