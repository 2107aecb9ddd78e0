"""Matching's part of a person's data (accounts.personal_data). Conflicts of interest are the
programme office's notes (not in the person's download); theirs go with the account, since
nobody can be paired with a deleted account, and the others lose the names they went by."""

from django.db.models import Q

from accounts.personal_data import names_take_out
from matching.models import ConflictOfInterest


def erase(user, *, by, known) -> None:
    ConflictOfInterest.objects.filter(Q(mentor=user) | Q(board_member=user)).delete()
    names_take_out(ConflictOfInterest.objects.all(), ("note",), known)
