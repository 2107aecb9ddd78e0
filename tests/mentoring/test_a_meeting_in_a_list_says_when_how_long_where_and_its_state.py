"""One meeting in a pair's lists ({% meeting_line %}): its time as the date filter writes it,
in the programme's time zone, its length, its place, its state, and a link to its page."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.template import defaultfilters as django_filters
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from accounts.clocks import passed_twice
from mentoring.links import url_with_id
from mentoring.models import Meeting
from mentoring.templatetags.meetings import long_moment, meeting_line

LINE = Template("{% load meetings %}{% meeting_line meeting %}")


def line(**fields) -> str:
    meeting = Meeting(**{"pk": 41, "minutes": 60, "status": "confirmed", **fields})
    return LINE.render(Context({"meeting": meeting}))


@given(
    st.datetimes(
        min_value=datetime(1970, 1, 2),  # noqa: DTZ001 (hypothesis takes naive bounds)
        max_value=datetime(9998, 12, 30),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    st.sampled_from(["Europe/London", "America/St_Johns", "Asia/Kolkata", "UTC"]),
)
@example(datetime(2072, 11, 6, 3, 30, tzinfo=UTC), "America/St_Johns")  # 01:00 passed twice
def test_the_time_reads_as_the_date_filter_writes_it_in_the_zone_in_use(moment, zone):
    with timezone.override(ZoneInfo(zone)):
        local = timezone.localtime(moment)
        # Django's own filter (the templates' |date is config.templating's); an hour the
        # clocks pass twice says which of the two it is ("01:00 NDT").
        expected = django_filters.date(local, "l j F Y, H:i")
        if passed_twice(local):
            expected = f"{expected} {local.tzname()}"
        assert long_moment(moment) == expected


def test_the_time_is_the_programmes_wall_clock_time_either_side_of_the_clocks_changing():
    summer = datetime(2026, 10, 24, 13, 0, tzinfo=UTC)
    winter = datetime(2026, 10, 26, 13, 0, tzinfo=UTC)
    assert long_moment(summer) == "Saturday 24 October 2026, 14:00"
    assert long_moment(winter) == "Monday 26 October 2026, 13:00"


@pytest.mark.parametrize("pk", [1, 7, 41, 2_147_483_647])
def test_the_link_is_the_meetings_own_page(pk):
    assert url_with_id("meeting_detail", pk) == reverse("meeting_detail", kwargs={"pk": pk})


def test_a_url_without_an_id_is_refused():
    with pytest.raises(NoReverseMatch):
        url_with_id("dashboard", 1)


def test_a_booked_meeting_says_where_and_is_marked_booked():
    moment = datetime(2036, 12, 9, 10, 30, tzinfo=UTC)  # still to come
    html = line(starts_at=moment, location="Room 2.14")
    assert html == (
        f'<a href="{reverse("meeting_detail", kwargs={"pk": 41})}">'
        "Tuesday 9 December 2036, 10:30</a>\n· 60 minutes\n· Room 2.14\n"
        '<span class="badge text-bg-success">Booked</span>'
    )


@pytest.mark.parametrize("status", ["confirmed", "proposed"])
def test_a_meeting_whose_time_came_unlogged_is_marked_not_logged(status):
    html = line(starts_at=timezone.now() - timedelta(hours=2), status=status)

    assert html.endswith('<span class="badge text-bg-warning">Not logged</span>')


def test_a_held_meeting_gives_the_length_it_took():
    html = line(starts_at=timezone.now() - timedelta(days=3), actual_minutes=45, status="held")
    assert "· 45 minutes" in html
    assert '<span class="badge text-bg-success">Held</span>' in html


def test_an_online_meeting_says_online_without_its_link():
    html = line(starts_at=timezone.now() + timedelta(days=2), online_url="https://meet.example/x")
    assert "· online" in html
    assert "meet.example" not in html


def test_a_meeting_to_come_without_a_place_says_it_is_not_agreed_yet():
    assert "· place not agreed yet" in line(starts_at=timezone.now() + timedelta(days=2))
    past = line(starts_at=timezone.now() - timedelta(days=2), status="not_held")
    assert "place not agreed" not in past
    assert '<span class="badge text-bg-secondary">Did not take place</span>' in past


def test_a_proposal_waits_for_an_answer_and_a_meeting_dropped_with_the_pair_is_called_off():
    proposed = line(starts_at=timezone.now() + timedelta(days=2), status="proposed")
    assert '<span class="badge text-bg-warning">Waiting for an answer</span>' in proposed
    meeting = Meeting(pk=3, minutes=60, status="dropped", starts_at=timezone.now())
    assert '<span class="badge text-bg-secondary">Called off</span>' in meeting_line(meeting)


def test_a_place_written_as_markup_is_shown_as_text():
    html = line(starts_at=timezone.now(), location='<script>alert("x")</script>')
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
