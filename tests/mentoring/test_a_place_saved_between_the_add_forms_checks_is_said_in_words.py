"""The "Add board member" form asks `board_member_invite_problem` in `clean`, and Django then
checks the one-place-per-address constraint. A place saved between the two (the same "Yes"
clicked twice, or a colleague adding the address at that moment) is said beside the address
as a minute later: since when it waits to join and how to send a new link, not the
constraint's bare words above the form."""

import pytest
from django.utils import timezone

from mentoring.admin import mentees as admin_mentees
from mentoring.admin.mentees import BoardMemberInviteForm
from mentoring.models import BoardMember
from mentoring.services.mentees import board_member_invite_problem

pytestmark = pytest.mark.django_db

EMAIL = "provost@example.org"


def test_a_place_saved_after_clean_asked_is_said_beside_the_address(cast, monkeypatch):
    asked = []

    def saved_meanwhile(*, programme, email):
        asked.append(email)
        if len(asked) == 1:  # clean() asks before the other "Yes" is saved ...
            BoardMember.objects.create(programme=programme, email=email, invited_at=timezone.now())
            return None
        return board_member_invite_problem(programme=programme, email=email)

    monkeypatch.setattr(admin_mentees, "board_member_invite_problem", saved_meanwhile)
    form = BoardMemberInviteForm({"programme": cast.programme.pk, "email": EMAIL})

    assert not form.is_valid()
    assert form.non_field_errors() == []
    [said] = form.errors["email"]
    assert said.startswith(f"{EMAIL} was invited to {cast.programme} on ")
    assert "has not joined yet" in said
