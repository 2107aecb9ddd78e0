"""Query expressions more than one app's reads use."""

from django.db.models import Count, IntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce


def counted(rows: QuerySet, by: str) -> Coalesce:
    """How many of `rows` there are for each outer row, 0 for none: `rows` filtered on an
    OuterRef and grouped by `by` (the column that OuterRef matches), as a subquery to
    annotate the outer query with, which no GROUP BY of its own gets in the way of (a pair's
    meetings held, an event's places taken, the applications that chose a theme)."""
    return Coalesce(
        Subquery(
            rows.order_by().values(by).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )
