"""The board membership /profile/ speaks of when a programme is named (`?programme=`) is the
one the ORM finds by that programme's slug, though taken from the person's memberships read by
SQL worked out once (mentoring.access); and each is read with whether its programme needs a
theme of them, as matching's rule says when asked alone (themes weighed Mandatory or not)."""

import pytest
from django.http import Http404

from matching.models import MatchingSettings
from matching.scoring import Weight
from mentoring import access
from mentoring.models.mentees import themes_needed
from tests.factories import BoardMemberFactory, ProgrammeFactory
from tests.query_counts import loaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def earlier(cast):
    """The cast's board member in an earlier programme too, whose themes are weighed
    Mandatory."""
    programme = ProgrammeFactory(slug="earlier")
    MatchingSettings.objects.create(programme=programme, themes_weight=Weight.MANDATORY)
    return BoardMemberFactory(programme=programme, user=cast.board_member)


@pytest.mark.parametrize("slug", ["earlier", "current"])
def test_the_membership_in_the_programme_named_is_the_orms(cast, earlier, slug):
    slug = cast.programme.slug if slug == "current" else slug

    found = access.board_member_for_user(cast.board_member, slug)

    by_the_orm = access._memberships_of(cast.board_member.pk).filter(programme__slug=slug).first()
    assert loaded(found) == loaded(by_the_orm)
    assert found.programme.slug == slug


def test_a_programme_they_are_not_in_is_not_found(cast, earlier):
    with pytest.raises(Http404):
        access.board_member_for_user(cast.board_member, ProgrammeFactory(slug="another").slug)
    with pytest.raises(Http404):
        access.board_member_for_user(cast.mentor, "earlier")


def test_each_membership_says_whether_its_programme_needs_a_theme(cast, earlier):
    current = access.board_member_for_user(cast.board_member, cast.programme.slug)
    named = access.board_member_for_user(cast.board_member, "earlier")

    assert named.themes_needed is True is themes_needed(earlier.programme_id)
    assert current.themes_needed is False is themes_needed(cast.programme.pk)
