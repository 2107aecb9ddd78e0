"""The filters the office's lists draw in Python (accounts.templatetags.admin_lists) stay
Django's where no filter of ours goes today: a choice that leaves a key out is drawn as
Django's template draws a missing variable (as nothing), not as a server error."""

from pathlib import Path

import django.contrib.admin
from django.template import Context, Engine

from accounts.templatetags import admin_lists

DJANGOS_FILTER = Path(django.contrib.admin.__file__).parent / "templates/admin/filter.html"


def test_a_filter_choice_that_leaves_out_a_key_is_drawn_as_djangos_template_draws_it():
    choices = [{"display": "Only a label"}, {"query_string": "?kind=1"}]

    ours = "".join(admin_lists._choice(choice) for choice in choices)
    djangos = (
        Engine(libraries={"i18n": "django.templatetags.i18n"})
        .from_string(DJANGOS_FILTER.read_text())
        .render(Context({"title": "kind", "choices": choices, "spec": None}))
    )

    for drawn in (ours, djangos):
        assert '<a href="">Only a label</a>' in drawn
        assert '<a href="?kind=1"></a>' in drawn
