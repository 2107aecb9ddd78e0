"""The board member's profile form draws without gathering its widgets' scripts and styles
(its helper's `include_media` off, mentoring.forms.mentees): it has none. A widget that
brings some must turn that back on, or its scripts would be missing from the page."""

import pytest

from mentoring.forms.mentees import BoardMemberProfileForm
from mentoring.pairing import Pairing

pytestmark = pytest.mark.django_db


def test_the_profile_forms_widgets_bring_no_scripts_or_styles(cast):
    form = BoardMemberProfileForm(instance=cast.pair.board_member, pairing=Pairing.PAIRED)

    assert not form.helper.include_media
    assert str(form.media) == ""
