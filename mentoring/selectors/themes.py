"""Whether a programme's themes may be deleted.

A theme is chosen in applications, board members' profiles and meeting logs; deleting it
takes it out of every one of them (Django removes the choices with it) and changes the
matching scores built on shared themes. So a theme in use stays: the programme office
rewords it instead. What a pair's meeting log chose is the pair's: once any log in the
programme chose a theme, no theme is deleted, so that a refusal never tells which."""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef
from django.utils.text import get_text_list

from config.queries import counted
from mentoring.models import BoardMember, Meeting, MentorApplication, Theme

# Where a theme is chosen by name: (the choices' table, what one of them is called, in the
# plural). Meeting logs are not counted theme by theme: which themes a pair talked about is
# theirs, and the office is told only that its pairs' logs chose among the themes.
CHOSEN_IN = {
    "applications": (MentorApplication.themes.through, "application", "applications"),
    "profiles": (BoardMember.themes.through, "board member's profile", "board members' profiles"),
}
LOGGED = (
    "pairs have chosen among this programme's themes in their meeting logs, and deleting one "
    "could take it out of them (which themes a pair chose is theirs: the office is not told)"
)


def theme_delete_refusals(themes: Iterable[Theme]) -> list[str]:
    """Why each of `themes` that is in use may not be deleted, naming how many applications
    and profiles chose it, and, once any meeting log of the programme chose a theme, that
    none is deleted; empty when none is in use. One query."""
    ids = [theme.pk for theme in themes if theme.pk is not None]
    if not ids:
        return []
    logged = Exists(Meeting.themes.through.objects.filter(theme__programme=OuterRef("programme")))
    rows = (
        Theme.objects.filter(pk__in=ids)
        .annotate(
            logged=logged,
            **{
                name: counted(through.objects.filter(theme_id=OuterRef("pk")), "theme_id")
                for name, (through, *_) in CHOSEN_IN.items()
            },
        )
        .order_by("position", "name")
        .values("name", "logged", *CHOSEN_IN)
    )
    refusals = []
    for row in rows:
        uses = [
            f"{row[name]:,} {plural if row[name] != 1 else one}"
            for name, (_through, one, plural) in CHOSEN_IN.items()
            if row[name]
        ]
        reasons = []
        if uses:
            times = sum(row[name] for name in CHOSEN_IN)
            reasons.append(
                f"{get_text_list(uses, 'and')} chose it, and deleting it would take it out of "
                f"{'them' if times > 1 else 'it'} and change the matching scores"
            )
        if row["logged"]:
            reasons.append(LOGGED)
        if reasons:
            refusals.append(
                f"“{row['name']}” cannot be deleted: {'; and '.join(reasons)}. To say it "
                "differently, change its name or description instead; untick “Delete?” to "
                "keep it."
            )
    return refusals
