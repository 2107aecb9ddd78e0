"""On PostgreSQL, what Django iterates with `.iterator()` (a form's choices, among others)
is read through an ordinary cursor, in one round trip, not through a server-side cursor
(DECLARE, FETCH, CLOSE: three)."""

from unittest import mock

import pytest
from django.db import connection

from mentoring.forms.mentees import BoardMemberProfileForm
from mentoring.models import Theme
from mentoring.pairing import Pairing
from tests.servers import needs_postgresql

pytestmark = [needs_postgresql, pytest.mark.django_db]


@pytest.fixture
def server_side_cursors():
    """The server-side cursors opened meanwhile."""
    with mock.patch.object(connection, "chunked_cursor", wraps=connection.chunked_cursor) as opened:
        yield opened


def test_iterating_a_queryset_opens_no_server_side_cursor(cast, server_side_cursors):
    assert list(Theme.objects.iterator()) == list(Theme.objects.all())
    assert server_side_cursors.call_count == 0


def test_a_board_members_profile_form_draws_its_choices_without_one(cast, server_side_cursors):
    form = BoardMemberProfileForm(instance=cast.pair.board_member, pairing=Pairing.PAIRED)
    html = str(form["themes"]) + str(form["board"])
    assert "checkbox" in html
    assert server_side_cursors.call_count == 0
