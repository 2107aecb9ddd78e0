"""A row chosen in an admin form is read only from ASCII digits, as everywhere on the site:
other digits that spell an id are refused."""

import pytest
from django.urls import reverse

from matching.models import ConflictOfInterest
from mentoring.models import MatchStatus
from tests.factories import (
    MatchFactory,
)

pytestmark = pytest.mark.django_db


def _arabic_indic(number: int) -> str:
    return "".join(chr(0x0660 + int(digit)) for digit in str(number))


def _full_width(number: int) -> str:
    return "".join(chr(0xFF10 + int(digit)) for digit in str(number))


def test_a_conflict_of_interest_form_does_not_read_other_digits_as_ids(office, programme):
    """The README: ids sent in forms are read only from ASCII digits, "in the admin too". The
    conflict-of-interest form (matching.admin.PersonChoiceField, a plain ModelChoiceField)
    reads Arabic-Indic and full-width digits as the ids they spell and records the conflict.
    It should say "Choose a mentor … from the list" (mentoring.forms.fields.IdChoiceField
    does this for the site's own forms)."""
    pair = MatchFactory(status=MatchStatus.ACTIVE, board_member__programme=programme)
    mentor, member = pair.mentor.applicant, pair.board_member.user

    office.post(
        reverse("admin:matching_conflictofinterest_add"),
        {"mentor": _arabic_indic(mentor.pk), "board_member": _full_width(member.pk), "note": "x"},
    )

    assert not ConflictOfInterest.objects.exists()
