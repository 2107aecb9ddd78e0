"""Every email says a time of day one way: in the programme's time zone, followed by that
zone's name at that date ("14:00 GMT" in winter, "14:00 BST" in summer), through
accounts.mail.with_zone (`|with_zone` in templates) and span_with_zone."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from accounts.mail import span_with_zone, with_zone

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("moment", "format", "said"),
    [
        (
            datetime(2026, 12, 3, 14, 0, tzinfo=LONDON),
            "l j F Y, H:i",
            "Thursday 3 December 2026, 14:00 GMT",
        ),
        (
            datetime(2027, 6, 21, 17, 0, tzinfo=LONDON),
            "l j F Y \\a\\t H:i",
            "Monday 21 June 2027 at 17:00 BST",
        ),
        # Stored in UTC, said in the programme's zone as it is on that date.
        (datetime(2027, 6, 21, 16, 0, tzinfo=UTC), "j F, H:i", "21 June, 17:00 BST"),
        (datetime(2026, 10, 29, 10, 0, tzinfo=UTC), "H:i", "10:00 GMT"),
    ],
)
def test_a_time_is_said_in_the_programmes_zone_with_its_name_at_that_date(moment, format, said):
    assert with_zone(moment, format) == said


@pytest.mark.parametrize(
    ("starts", "ends", "said"),
    [
        (
            datetime(2026, 10, 8, 14, 0, tzinfo=LONDON),
            datetime(2026, 10, 8, 17, 30, tzinfo=LONDON),
            "Thursday 8 October 2026, 14:00 to 17:30 BST",
        ),
        (
            datetime(2026, 12, 3, 14, 0, tzinfo=LONDON),
            datetime(2026, 12, 4, 9, 0, tzinfo=LONDON),
            "Thursday 3 December 2026, 14:00 to Friday 4 December 2026, 09:00 GMT",
        ),
        # Overnight while the clocks go back: each end says its own.
        (
            datetime(2026, 10, 24, 22, 0, tzinfo=LONDON),
            datetime(2026, 10, 25, 6, 0, tzinfo=LONDON),
            "Saturday 24 October 2026, 22:00 BST to Sunday 25 October 2026, 06:00 GMT",
        ),
    ],
)
def test_a_span_says_its_zone_once_or_at_each_end_when_the_clocks_change(starts, ends, said):
    assert span_with_zone(starts, ends) == said


# A date format that shows a time of day: hours, minutes or am/pm (escaped letters aside).
TIME_OF_DAY = re.compile(r"(?<!\\)[GgHhiAaPfsTe]")


def test_no_email_template_says_a_time_of_day_any_other_way():
    templates = Path(settings.BASE_DIR) / "templates"
    emails = [path for path in templates.rglob("*") if "email" in path.parts and path.is_file()]
    assert emails
    elsewise = [
        f"{path.relative_to(templates)}: {format}"
        for path in emails
        for format in re.findall(r'\|date:"([^"]*)"', path.read_text())
        if TIME_OF_DAY.search(format)
    ]
    assert elsewise == []
    assert not [path for path in emails if "time_zone" in path.read_text()]
