"""`accounts.stale_edits`: whether a page's stamp of a row still holds (`columns_hold`), the
one check of an office page's row and of each of its inline rows, and the one sentence a
refused save shows (`stale_said`), the office's pages and a board member's profile alike."""

import re

import pytest

from accounts.stale_edits import columns_hold, columns_stamp, columns_stamped, stale_said
from mentoring.models import Theme
from mentoring.services.mentees import ProfileChanged

AS_OPENED = {"name": "Social mobility", "description": "Class and background", "position": 1}


def stamp_of(row: dict, columns: list[str]) -> str:
    return columns_stamp(columns, [row[column] for column in columns])


def still_holds(row: dict | None, seen: str) -> bool:
    """Whether `seen` still holds of a theme's `row`, as a save checks it: the columns it
    names read first (`columns_stamped`), then compared (`columns_hold`)."""
    return columns_hold(columns_stamped(Theme, seen), row, seen)


@pytest.mark.parametrize(
    ("columns", "now", "holds"),
    [
        (["name", "description", "position"], {}, True),
        (["name", "description", "position"], {"name": "Renamed"}, False),
        (["name", "description", "position"], {"position": 2}, False),
        # A column the page did not stamp (no longer on its form) is nobody's change to it.
        (["name", "position"], {"description": "Changed since"}, True),
        (["name", "position"], {"name": "Renamed"}, False),
    ],
)
def test_a_stamp_holds_while_the_columns_it_names_are_as_it_stamped_them(columns, now, holds):
    seen = stamp_of(AS_OPENED, columns)

    assert still_holds({**AS_OPENED, **now}, seen) is holds


def test_a_stamp_of_a_row_deleted_since_does_not_hold():
    assert not still_holds(None, stamp_of(AS_OPENED, ["name"]))


@pytest.mark.parametrize(
    "seen",
    [
        "",
        "made-up",
        "name,description,position|0123456789abcdef0123456789abcdef",
        columns_stamp(["name", "colour"], ["Social mobility", "red"]),  # not a theme's column
    ],
)
def test_a_made_up_stamp_never_holds(seen):
    assert not still_holds({**AS_OPENED, "colour": "red"}, seen)


def test_the_profile_and_the_office_pages_say_a_stale_save_in_one_sentence():
    office = stale_said("this programme", reopen="/same/page/")
    profile = ProfileChanged().said(reopen="/same/page/")

    assert office.startswith(
        "Since you opened this page, a change to this programme was saved in another tab or "
        "window, or by someone else, so nothing was saved"
    )
    assert profile.startswith(
        "Since you opened this page, a change to your profile was saved in another tab or "
        "window, or by the programme office, so nothing was saved"
    )
    assert (
        office.partition(", so nothing was saved")[2]
        == (profile.partition(", so nothing was saved")[2])
    )
    assert "What you typed is below." in profile


@pytest.mark.parametrize("stampless", [False, True])
def test_a_stale_save_is_told_to_open_the_saved_version_by_a_link_not_to_reload(stampless):
    """The refused page answers a post: reloading it would send the refused save again."""
    said = stale_said("this programme", reopen="/admin/x/1/change/?a=1&b=2", stampless=stampless)

    assert "Reload" not in said
    assert re.findall(r"<a [^>]*>.*?</a>", said) == [
        '<a href="/admin/x/1/change/?a=1&amp;b=2" class="alert-link">Open the saved version</a>'
    ]
    assert said.endswith("then make your changes again. What you typed is below.")


def test_what_a_stale_save_names_is_escaped_around_its_link():
    said = stale_said('<b>"x"</b>', reopen='/"><script>', by="<i>by</i>")

    assert not re.search(r"<(b|i|script)>", said)
    assert 'href="/&quot;&gt;&lt;script&gt;"' in said
