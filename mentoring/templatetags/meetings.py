"""One meeting in a list, drawn in Python: a pair's page and the schedule list every meeting
of the pair, and drawing each line through an included template took a third of
`/meetings/`. `{% meeting_line meeting %}` gives the same markup the template gave."""

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString

from accounts.escaping import escaped
from mentoring.links import urls_with_id
from mentoring.moments import (
    clock_time,
    local_date,
    local_dates,
    long_moment,
)

register = template.Library()

BADGES = {"confirmed": "text-bg-success", "held": "text-bg-success", "proposed": "text-bg-warning"}


@register.simple_tag
def meeting_line(meeting, badge: bool = True, pair=None) -> str:
    """When, how long, where, its state, and a link to it. Without `badge`, no state: for a
    sentence that says it ("your next meeting … is on …"). With `pair` (the PairView it is
    listed in), its state as that person reads it (`status_for`)."""
    return meeting_lines([meeting], badge=badge, pair=pair)[0]


def meeting_lines(meetings, *, badge: bool = True, pair=None) -> list[SafeString]:
    """`meeting_line` of each of `meetings`, with what the lines share worked out once for
    the list, not for each: the link around the meeting's id, the time zone and the names of
    the days and months."""
    link, when = urls_with_id("meeting_detail"), local_dates("l j F Y, H:i")
    return [_line(meeting, link, when, badge, pair) for meeting in meetings]


def _line(meeting, link, when, badge: bool, pair) -> SafeString:
    if meeting.location:
        where = f"· {escaped(meeting.location)}"
    elif meeting.online_url:
        where = "· online"
    elif meeting.is_upcoming:
        where = "· place not agreed yet"
    else:
        where = ""
    line = (
        f'<a href="{escaped(link(meeting.pk))}">{when(meeting.starts_at)}</a>\n'
        f"· {int(meeting.actual_minutes or meeting.minutes)} minutes\n{where}"
    )
    if badge:
        label = escaped(status_for(meeting, pair))
        line += f'\n<span class="badge {badge_class(meeting)}">{label}</span>'
    return SafeString(line)


register.filter("clock_time", clock_time)


# How a move's times are said where the year goes without saying (a meeting to come).
MOVE_TIMES = "l j F, H:i"


@register.filter
def booked_before_the_move(meeting, format_string: str = MOVE_TIMES) -> SafeString:
    """The time a booking moved was booked for (`Meeting.moved_from`), in `format_string`
    in the current time zone, as every page that tells of the move says it: while the new
    time waits (`moved_said`), and once the meeting was called off after the move (its
    page, and its pair's list of meetings called off); nothing for a meeting never moved."""
    if meeting.moved_from is None:
        return SafeString("")
    return local_date(meeting.moved_from, format_string)


@register.simple_tag
def moved_said(meeting, which: str = "this meeting", to: bool = False) -> SafeString:
    """Of a booking moved to a time not accepted yet (`Meeting.is_a_moved_booking`), in a
    sentence: the time `which` was booked for (and, `to`, the time it was moved to), and that
    the time booked no longer stands; nothing of any other meeting. Where a proposal waits
    for an answer (its page, the pair page, the schedule, the dashboard), so that nobody
    takes the booking to stand while the new time waits. Nobody is named as having moved
    it: a move answered by another is proposed by the other member, who did not move the
    booking (the proposal's own line names who proposes the time)."""
    if not meeting.is_a_moved_booking:
        return SafeString("")
    booked = f"{which[0].upper()}{which[1:]}, booked for {booked_before_the_move(meeting)}"
    moved_to = local_date(meeting.starts_at, MOVE_TIMES)
    if meeting.has_started and meeting.moved_from <= timezone.now():
        # Both times have passed: that the booked one no longer stands is no news now, only
        # which time the meeting was moved to (the one to log, or to call off).
        return SafeString(f"{booked}, was moved to {moved_to if to else 'this time'}.")
    moved = f"{booked}, has been moved"
    if to:
        moved += f" to {moved_to}"
    return SafeString(f"{moved}. The earlier time no longer stands.")


@register.filter
def status_for(meeting, pair=None) -> str:
    """`meeting.status_label` as the person of `pair` reads it (`PairView.status_label`), in
    lists and on the meeting's page; without a pair, as the meeting says it."""
    return pair.status_label(meeting) if pair is not None else meeting.status_label


@register.filter
def call_off_said(meeting, person) -> str:
    """`meeting.call_off_said(person)`: the name of calling it off, on its page's buttons and
    in its sentence once its time has come (the page a button leads to has it from the view,
    `Meeting.call_off_kind`)."""
    return meeting.call_off_said(person)


@register.filter
def move_said(meeting, person) -> str:
    """`meeting.move_said(person)`: the name of moving it, on its page's button and on the
    page that button leads to."""
    return meeting.move_said(person)


@register.filter
def badge_class(meeting) -> str:
    """The colour of the badge beside `status_label`, in lists and on the meeting's page:
    amber for something to do (an answer, a log), green for booked or held."""
    if meeting.is_to_log:  # "Not logged"
        return "text-bg-warning"
    return BADGES.get(meeting.status, "text-bg-secondary")


@register.simple_tag
def late_note(pair, meeting, named: bool = False, html_id: str = "") -> SafeString:
    """That a time proposed or booked for the meeting is too late (`PairView.late_said`):
    after the programme's last day, or, proposed, after the date it is due by. Said once
    beside the time, where the pages list it (the pair page, the schedule, the dashboard) and
    on the meeting's own page, so that nobody reads the due date, or the last day, and the
    time apart: "This time is after the due date, 8 December 2026." `named`: the time is
    said, as the list says it, where several are listed in one sentence (the dashboard);
    `html_id`, for a button the note describes. The form moving it says how much later after the
    due date instead (`PairView.later_than_due_said`). Nothing for a time that is neither, or
    any other meeting."""
    said = pair.late_said(meeting)
    if not said:
        return SafeString("")
    time = long_moment(meeting.starts_at) if named else "This time"
    at = f' id="{escaped(html_id)}"' if html_id else ""
    return SafeString(f'<p{at} class="small my-1">{time} {escaped(said)}.</p>')


def moved_note(meeting, which: str = "this meeting", to: bool = False) -> str:
    """`moved_said` in a paragraph of its own, beside the meeting's line in a list; nothing
    for any meeting but a booking moved."""
    if not meeting.is_a_moved_booking:
        return ""
    return f'<p class="small my-1">{moved_said(meeting, which, to)}</p>'
