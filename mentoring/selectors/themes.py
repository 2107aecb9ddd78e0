"""Whether a programme's themes may be deleted.

A theme is chosen in applications, board members' profiles and meeting logs; deleting it
takes it out of every one of them (Django removes the choices with it) and changes the
matching scores built on shared themes. So a theme in use stays: the programme office
rewords it instead."""

from collections.abc import Iterable

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import get_text_list

from mentoring.models import BoardMember, Meeting, MentorApplication, Theme

# Where a theme is chosen: (the choices' table, what one of them is called, in the plural).
CHOSEN_IN = {
    "applications": (MentorApplication.themes.through, "application", "applications"),
    "profiles": (BoardMember.themes.through, "board member's profile", "board members' profiles"),
    "meeting_logs": (Meeting.themes.through, "meeting log", "meeting logs"),
}


def _times_chosen(through) -> Coalesce:
    counted = (
        through.objects.filter(theme_id=OuterRef("pk"))
        .order_by()
        .values("theme_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def theme_delete_refusals(themes: Iterable[Theme]) -> list[str]:
    """Why each of `themes` that is in use may not be deleted, naming how many applications,
    profiles and meeting logs chose it; empty when none is in use. One query."""
    ids = [theme.pk for theme in themes if theme.pk is not None]
    if not ids:
        return []
    rows = (
        Theme.objects.filter(pk__in=ids)
        .annotate(**{name: _times_chosen(through) for name, (through, *_) in CHOSEN_IN.items()})
        .order_by("position", "name")
        .values("name", *CHOSEN_IN)
    )
    refusals = []
    for row in rows:
        uses = [
            f"{row[name]:,} {plural if row[name] != 1 else one}"
            for name, (_through, one, plural) in CHOSEN_IN.items()
            if row[name]
        ]
        if uses:
            times = sum(row[name] for name in CHOSEN_IN)
            refusals.append(
                f"“{row['name']}” cannot be deleted: {get_text_list(uses, 'and')} chose it, "
                f"and deleting it would take it out of {'them' if times > 1 else 'it'} and "
                "change the matching scores. To say it differently, change its name or "
                "description instead; untick “Delete?” to keep it."
            )
    return refusals
