"""What a programme's page says of it to everyone alike, drawn in Python:
`{% programme_sections programme %}` gives, byte for byte, the markup its template drew
through the template engine, which spent some 500 Python calls on it (each `{% if %}` on a
text, each theme and key date read through two or three attributes): a twentieth of the
page a paired mentor reads. Held to that template by
tests/mentoring/test_programme_sections_read_as_their_template.py.

Its texts are the office's Markdown (`markdown`, rendered once per process for each text);
anything else is escaped as the template escaped it."""

from django import template
from django.utils.formats import localize
from django.utils.safestring import SafeString

from accounts.escaping import escaped
from mentoring.moments import local_dates
from mentoring.templatetags.markdown import markdown

register = template.Library()


@register.simple_tag
def programme_sections(programme) -> SafeString:
    """Its sections in the page's order, each left out when it has nothing to say: what
    reverse mentoring is, its themes, who can apply, what mentors gain, the commitment (with
    its meetings' length and rhythm), a mentor's key qualities, its key dates and whom to
    contact. `programme` with its themes and key dates prefetched
    (mentoring.access.programme_for_visitor)."""
    sections = [
        _text("about", "What is reverse mentoring?", programme.about),
        _themes(programme.themes.all()),
        _text("who", "Who can apply to mentor?", programme.who_can_apply),
        _text("benefits", "What mentors gain", programme.mentor_benefits),
        _commitment(programme),
        _text("qualities", "What makes a good reverse mentor", programme.key_qualities),
        _key_dates(programme.key_dates.all()),
        _text("contact", "Contact", programme.contact),
    ]
    # As the template laid them out: one `{% if %}` a line, each section indented within.
    return SafeString("\n    ".join(sections))


def _section(name: str, heading: str, body: str) -> str:
    return (
        f'\n      <section aria-labelledby="{name}-heading">'
        f'\n        <h2 id="{name}-heading">{heading}</h2>'
        f"\n        {body}"
        "\n      </section>\n    "
    )


def _text(name: str, heading: str, text: str, after: str = "") -> str:
    if not text:
        return ""
    return _section(name, heading, markdown(text) + after)


def _commitment(programme) -> str:
    """The commitment, and then how long meetings last and how often they come."""
    if not programme.commitment:
        return ""
    minutes, gap_min, gap_max = (
        escaped(localize(value))
        for value in (programme.meeting_minutes, programme.gap_min_weeks, programme.gap_max_weeks)
    )
    rhythm = (
        f"\n        <p>Meetings last about {minutes} minutes, every {gap_min} to {gap_max} "
        "weeks.</p>"
    )
    return _text("commitment", "Level of commitment", programme.commitment, rhythm)


def _themes(themes) -> str:
    rows = [
        f"<li><strong>{escaped(theme.name)}</strong>"
        f"{f': {escaped(theme.description)}' if theme.description else ''}</li>"
        for theme in themes
    ]
    return _listed("themes", "What the programme focuses on", "ul", rows)


def _key_dates(key_dates) -> str:
    day = local_dates()
    rows = [
        f'<dt class="col-sm-4">{day(key_date.date)}</dt>'
        f'\n            <dd class="col-sm-8">{escaped(key_date.label)}</dd>'
        for key_date in key_dates
    ]
    return _listed("dates", "Key dates", 'dl class="row"', rows)


def _listed(name: str, heading: str, opening: str, rows: list[str]) -> str:
    """A section listing `rows` in the element `opening` opens (a tag and its attributes),
    each row on lines of its own as the template's loop laid them out; none without rows."""
    if not rows:
        return ""
    items = "".join(f"\n            {row}\n          " for row in rows)
    tag = opening.split()[0]
    return _section(name, heading, f"<{opening}>\n          {items}\n        </{tag}>")
