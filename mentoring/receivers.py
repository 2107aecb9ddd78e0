from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from accounts.services import InvitationError
from accounts.signals import invitation_accepted
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
