from django.dispatch import Signal

# Sent after an invitation is accepted, inside the accepting transaction, with
# `invitation` and `user`. Apps built on accounts (mentoring adds board members
# to their programme) connect here, so accounts never imports them.
invitation_accepted = Signal()
