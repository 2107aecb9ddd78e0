"""A group's answers as a bar chart drawn on the server (SVG, no script) with the same
numbers in a table beside it. Which groups may be shown is decided in evaluation.results;
this only draws what it is given."""

from dataclasses import dataclass

from django import template
from django.utils.text import slugify

from evaluation.models import Question
from evaluation.results import Group

register = template.Library()

WIDTH = 560
ROW = 44  # a label line, then its bar
BAR_HEIGHT = 16
COUNT_ROOM = 48  # right of the longest bar, for its count
LONGEST_LABEL = 80  # characters; the table beside the chart has the whole label


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    label_y: int
    bar_y: int
    width: int
    count_x: int
    count_y: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    description: str


def _short(label: str) -> str:
    return label if len(label) <= LONGEST_LABEL else label[: LONGEST_LABEL - 1].rstrip() + "…"


def bar_chart(distribution: list[tuple[str, int]], *, width: int = WIDTH) -> BarChart:
    """Horizontal bars, one per option, each as long as its count against the largest."""
    most = max((count for _label, count in distribution), default=0)
    room = width - COUNT_ROOM
    bars = []
    for row, (label, count) in enumerate(distribution):
        top = row * ROW
        length = round(room * count / most) if most else 0
        bars.append(
            Bar(
                label=_short(str(label)),
                count=count,
                label_y=top + 14,
                bar_y=top + 20,
                width=length,
                count_x=length + 6,
                count_y=top + 20 + BAR_HEIGHT - 3,
            )
        )
    description = "; ".join(f"{label}: {count}" for label, count in distribution)
    height = ROW * max(len(bars), 1)
    return BarChart(bars=bars, width=width, height=height, description=description)


@register.inclusion_tag("evaluation/includes/group_chart.html")
def group_chart(question: Question, group: Group):
    """The chart of one group's answers to `question`, and the table of the same numbers."""
    chart_id = f"chart-{question.pk}-{slugify(group.label)}"
    return {
        "question": question,
        "group": group,
        "chart": bar_chart(group.distribution),
        "chart_id": chart_id,
        "bar_height": BAR_HEIGHT,
    }
