"""Matching's part of a person's data (accounts.personal_data). Conflicts of interest are the
programme office's notes (not in the person's download); they go with the account, since
nobody can be paired with a deleted account."""

from matching.models import ConflictOfInterest


def erase(user, *, by) -> None:
    ConflictOfInterest.objects.filter(mentor=user).delete()
    ConflictOfInterest.objects.filter(board_member=user).delete()
