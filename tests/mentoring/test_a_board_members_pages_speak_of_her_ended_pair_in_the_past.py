"""Bola is a board member in the pilot. While her pair with Maya runs, its page and the
application page refused to her say she will be mentored; once the office has ended the
pair as completed, they say she was: nothing is promised of a pairing that is over. Ended
as withdrawn or to rematch, she may be paired anew, and they say she will be."""

import pytest
from django.urls import reverse

from mentoring.services.matches import match_end
from tests.admin_pages import words

pytestmark = pytest.mark.django_db


def seen_by_bola(bola, url: str, status: int = 200) -> str:
    response = bola.get(url)
    assert response.status_code == status, url
    return words(response.content.decode())


def pages(cast) -> tuple[str, str]:
    return cast.programme.get_absolute_url(), f"{reverse('apply')}?programme={cast.programme.slug}"


def test_after_her_pair_ended_bolas_pages_say_she_was_mentored(bola, cast):
    match_end(match=cast.pair, reason="completed", tell_both=False)
    programme_page, apply_page = pages(cast)

    programme = seen_by_bola(bola, programme_page)
    assert "You were mentored in this programme, so the call for mentors is not for you." in (
        programme
    )
    refused = seen_by_bola(bola, apply_page, status=403)
    assert (
        f"You were mentored in {cast.programme.name} as a board member, so you cannot apply to "
        "mentor in it." in refused
    )
    for page in (programme, refused):
        assert "will be mentored" not in page


def test_while_her_pair_runs_bolas_pages_say_she_will_be_mentored(bola, cast):
    programme_page, apply_page = pages(cast)

    assert "You will be mentored in this programme" in seen_by_bola(bola, programme_page)
    assert "so you will be mentored rather than mentor." in seen_by_bola(
        bola, apply_page, status=403
    )


def test_after_a_pair_ended_to_be_matched_again_bolas_pages_say_she_will_be_mentored(bola, cast):
    """Withdrawn, not run its course: the office may pair her with a new mentor, as the same
    pages say (`PairView.may_be_paired_again`)."""
    match_end(match=cast.pair, reason="withdrawn", tell_both=False)
    programme_page, apply_page = pages(cast)

    programme = seen_by_bola(bola, programme_page)
    refused = seen_by_bola(bola, apply_page, status=403)

    assert "You will be mentored in this programme" in programme
    assert "so you will be mentored rather than mentor." in refused
    for page in (programme, refused):
        assert "were mentored" not in page
        assert "may pair you with a new reverse mentor" in page
