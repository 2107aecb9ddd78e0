"""templates/admin/pagination.html is Django's own, but for the line that counts the rows
(`count_noun`: "5 active pairs", not "5 programme health"). Django offers no smaller place
for that: its template reads the noun from the list's model options, which also name the
breadcrumbs and the "Add" button, and the tag that draws it looks up whole templates only.
So the copy is held to Django's, to be noticed when an upgrade changes Django's."""

from pathlib import Path

import django.contrib.admin
from django.conf import settings

DJANGOS = Path(django.contrib.admin.__file__).parent / "templates/admin/pagination.html"
OURS = Path(settings.BASE_DIR) / "templates/admin/pagination.html"


def without_the_count(path: Path) -> list[str]:
    return [
        line
        for line in path.read_text().splitlines()
        if "cl.result_count }}" not in line and not line.startswith("{% comment %}")
    ]


def test_the_copy_differs_from_djangos_only_in_the_line_that_counts_the_rows():
    assert without_the_count(OURS) == without_the_count(DJANGOS)
    assert len(OURS.read_text().splitlines()) == len(DJANGOS.read_text().splitlines()) + 1
