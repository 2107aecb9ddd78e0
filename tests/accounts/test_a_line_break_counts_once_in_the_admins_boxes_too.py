"""In the admin's boxes too (their own kind of textarea), a line break counts once against
the limit, as the box counts it."""

import pytest
from django.urls import reverse

from tests.admin_pages import signed_in_for_real, words

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


def test_a_pairs_note_in_the_admin_counts_a_line_break_once_as_the_box_does(office, cast):
    """A coordinator types a note on a pair's page in the admin: ten short paragraphs, 999
    characters as the box counts them (its maxlength="1000", like the "Up to 1,000
    characters." beside it). The browser sends each line break as CR LF, so the server
    counts 1,008 and answers "This can be up to 1,000 characters long. Please shorten it."
    The README says a line break counts once, given to every bounded box by `state_limit`;
    but `state_limit` counted line breaks once only for a plain `forms.Textarea`, and every
    text field of an admin form has Django's `AdminTextareaWidget`, so no admin box gets it.
    The note should be saved."""
    pair = cast.pair
    url = reverse("admin:mentoring_match_change", args=[pair.pk])
    page = office.get(url)
    assert 'maxlength="1000"' in page.content.decode()
    paragraphs = ["x" * 99] * 10
    assert len("\n".join(paragraphs)) == 999

    response = office.post(url, {"end_note": "\r\n".join(paragraphs)})

    assert "Please shorten it" not in words(response.content.decode())
    pair.refresh_from_db()
    assert pair.end_note.replace("\r\n", "\n") == "\n".join(paragraphs)
