"""The programme page's sections drawn in Python (`{% programme_sections %}`,
mentoring/templatetags/programme_page.py) read, byte for byte, as the template that drew them
did (tests/mentoring/programme_sections_as_templated.html, as it stood in
templates/mentoring/programme_detail.html), whatever the programme says and leaves out."""

from datetime import date
from pathlib import Path

import pytest
from django.template import engines

from mentoring.models import KeyDate, Programme
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

# The template as it stood in templates/mentoring/programme_detail.html, each section an
# `{% if %}` a line (the file's last newline is the page's, after the tag).
TEMPLATE = "{% load markdown %}" + (
    Path(__file__).with_name("programme_sections_as_templated.html").read_text().rstrip("\n")
)

TEXTS = ["about", "who_can_apply", "mentor_benefits", "commitment", "key_qualities", "contact"]
ODD = 'Tom & Jerry\'s <b>"quoted"</b> text'


def drawn(source: str, programme) -> str:
    return engines["django"].from_string(source).render({"programme": programme})


def programme_shown(**fields):
    """A programme as its page reads it (its themes and key dates prefetched)."""
    themes = fields.pop("themes", [])
    key_dates = fields.pop("key_dates", [])
    programme = ProgrammeFactory(themes=[name for name, _ in themes] or None, **fields)
    if not themes:
        programme.themes.all().delete()
    by_name = {theme.name: theme for theme in programme.themes.all()}
    for name, description in themes:
        by_name[name].description = description
        by_name[name].save()
    for label, day in key_dates:
        KeyDate.objects.create(programme=programme, label=label, date=day)
    return Programme.objects.prefetch_related("themes", "key_dates").get(pk=programme.pk)


CASES = {
    "nothing but its name": {},
    "every text": {
        **{
            name: f"Some *{name}*.\n\n- a point\n- [a link](https://example.org/)" for name in TEXTS
        },
        "meeting_minutes": 90,
        "gap_min_weeks": 4,
        "gap_max_weeks": 12,
        "themes": [("Belonging", ""), ("Anti-racism", "Learning to talk about race")],
        "key_dates": [("Mentor briefings", date(2026, 1, 5)), ("Evaluation", date(2027, 11, 30))],
    },
    "text to escape": {
        "about": ODD,
        "commitment": ODD,
        "contact": "<script>alert(1)</script> & more",
        "themes": [(ODD, ODD), ("Plain", "")],
        "key_dates": [(ODD, date(2026, 12, 1))],
    },
    "some texts": {"who_can_apply": "Anyone.", "key_qualities": "  ", "themes": [("One", "")]},
    "key dates alone": {"key_dates": [("A day", date(2030, 2, 28))]},
}


@pytest.mark.parametrize("case", CASES)
def test_the_sections_read_as_their_template_drew_them(case):
    programme = programme_shown(**CASES[case])

    tag = "{% load programme_page %}    {% programme_sections programme %}"
    drawn_in_python = drawn(tag, programme)

    assert drawn_in_python == drawn(TEMPLATE, programme)
