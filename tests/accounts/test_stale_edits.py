"""`accounts.stale_edits`: whether a page's stamp of a row still holds (`stamp_holds`), the
one check of an office page's row and of each of its inline rows, and the one sentence a
refused save shows (`stale_said`), the office's pages and a board member's profile alike."""

import pytest

from accounts.stale_edits import columns_stamp, stale_said, stamp_holds
from mentoring.models import Theme
from mentoring.services.mentees import ProfileChanged

AS_OPENED = {"name": "Social mobility", "description": "Class and background", "position": 1}


def stamp_of(row: dict, columns: list[str]) -> str:
    return columns_stamp(columns, [row[column] for column in columns])


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

    assert stamp_holds(Theme, {**AS_OPENED, **now}, seen) is holds


def test_a_stamp_of_a_row_deleted_since_does_not_hold():
    assert not stamp_holds(Theme, None, stamp_of(AS_OPENED, ["name"]))


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
    assert not stamp_holds(Theme, {**AS_OPENED, "colour": "red"}, seen)


def test_the_profile_and_the_office_pages_say_a_stale_save_in_one_sentence():
    office = stale_said("this programme")
    profile = str(ProfileChanged())

    assert office.startswith("Since you opened this page, a change to this programme was saved by")
    assert profile.startswith(
        "Since you opened this page, a change to your profile was saved in another tab or "
        "window, or by the programme office, so nothing was saved"
    )
    assert (
        office.partition(", so nothing was saved")[2]
        == (profile.partition(", so nothing was saved")[2])
    )
    assert "What you typed is below." in profile
