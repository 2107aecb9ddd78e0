"""An event on the events page, drawn in Python: `{% event_card event %}` gives, to the byte,
the markup mentoring/events.html drew for each event through the template engine, which
spent some 1,000 Python calls on one event (a variable read through two attributes costs 40
or more, a date 60): most of `/events/`. Its whitespace too is the template's, line by line,
so that the page reads the same whatever draws it.

`event` is one of the events page's (mentoring.views.events.event_list): read by
`events_listed` (`my_status`, `places_taken`) and marked by the view (`briefed_already`,
`ended_before_paired`, `moving_from`)."""

from django import template
from django.template.defaultfilters import linebreaks_filter, linebreaksbr, pluralize
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timezone import get_current_timezone

from accounts.escaping import escaped
from config.templating import date_writer
from mentoring.links import url_with_id
from mentoring.models import Event, EventKind
from mentoring.templatetags.pair_page import mail_to

register = template.Library()

_CSRF = CsrfTokenNode()
# The template's `|date` formats.
_LONG, _DAY = "l j F Y, H:i", "l j F"
# On a badge the sentence after it says again ("Full", then "It is full just now…"): seen at
# a glance, and read once, not twice, by a screen reader.
_SAID_AFTER = ' aria-hidden="true"'


@register.simple_tag(takes_context=True)
def event_card(context, event) -> SafeString:
    """The event's card: what, when and where, and whether the person holds a place, may
    take one (or move theirs here) or finds it full; or that it was called off, and what
    the programme office said. `briefing_to_take` in the context: each programme's soonest
    briefing that has a place to take, by programme id (the view's)."""
    zone = get_current_timezone()
    starts, ends = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    title, programme = escaped(event.title), event.programme
    until = _date(ends, "H:i") if ends.date() == starts.date() else _date(ends, _LONG)
    where = f" · {escaped(event.location)}" if event.location else ""
    if event.online_url:
        where += " · online"
    kind = escaped(event.get_kind_display())
    audience = escaped(str(event.get_audience_display()).lower())
    head = (
        f'<section class="card mb-3" aria-labelledby="event-{event.pk}-title">\n'
        '        <div class="card-body">\n'
        f'          <h2 id="event-{event.pk}-title" class="h5 card-title">{title}</h2>\n'
        f'          <p class="mb-2 text-body-secondary">{kind} · for {audience} · '
        f"{escaped(programme.name)}</p>\n"
        f'          <p class="mb-2"><strong>{_date(starts, _LONG)}</strong> to {until}{where}</p>\n'
        "          "
    )
    if event.is_called_off:
        body = _called_off(context, event, zone)
    else:
        place = _place(context, event, starts, zone)
        body = f"\n            {_description(event)}\n            {place}\n          "
    return SafeString(f"{head}{body}\n        </div>\n      </section>")


@register.simple_tag
def no_place_said(event=None, ask_for_a_date: bool = False, called_off=None) -> SafeString:
    """What mentoring/includes/briefing_status.html says where the person has no briefing
    place to take: that `event` is full (`Event.FULL_SAID`), or, with no `event`, that no
    briefing is scheduled for them and new dates appear on the events page, linked; where
    their place was at a briefing called off (`called_off`,
    mentoring.stages.called_off_place), that it was, and that no other is scheduled. Each
    says to ask the programme office too, unless the page's "Next:" says it
    (`ask_for_a_date`, from mentoring.stages.mentor_briefing), with the office's address."""
    if event is not None:
        return SafeString(escaped(f"{Event.FULL}." if ask_for_a_date else Event.FULL_SAID))
    or_ask = "" if ask_for_a_date else ", or ask the programme office"
    if called_off is not None:
        return format_html(
            "Your briefing on {} was called off, and no other is scheduled for you: new dates "
            'appear on <a href="{}">the events page</a>{}.',
            date_writer(_DAY)(called_off.starts_at.astimezone(get_current_timezone())),
            reverse("events"),
            or_ask,
        )
    return format_html(
        'No briefing is scheduled for you yet: new dates appear on <a href="{}">the events '
        "page</a>{}.",
        reverse("events"),
        or_ask,
    )


def _office_linked(asking: str, programme) -> str:
    """`asking`, one of Event's sentences that ask the programme office about another date
    (`FULL_ASKING`, `NONE_OTHER_ASKING`), with the office's address written out and linked
    in its slot, as the dashboard's "Next:" gives it (application_page's
    `_asking_for_a_date`)."""
    return format_html(asking, at=format_html(", at {}", mail_to(programme.contact_email)))


def _date(local, format_string: str) -> str:
    """`{{ local|date:format_string }}`, of a moment in the current time zone already: as the
    template wrote it, without the zone's name that `local_date` adds in the hour the clocks
    pass twice."""
    return escaped(date_writer(format_string)(local))


def _description(event) -> str:
    return linebreaks_filter(event.description, autoescape=True) if event.description else ""


def _called_off(context, event, zone) -> str:
    """That the office called it off where the person had a place, what now for a briefing,
    and the office's word, if any."""
    now = ""
    if event.kind == EventKind.BRIEFING and not event.briefed_already:
        if event.programme.has_ended:
            now = (
                f" {escaped(event.programme.name)} has ended, so no other briefing is to come, "
                "and none is needed."
            )
        elif event.moving_from:
            day = _date(event.moving_from.starts_at.astimezone(zone), _DAY)
            now = f" You hold a place at the briefing on {day}, listed here."
        elif other := context.get("briefing_to_take", {}).get(event.programme_id):
            day = _date(other.starts_at.astimezone(zone), _DAY)
            now = (
                " To be briefed before you are matched, take a place at the briefing on "
                f'<a href="#event-{other.pk}-title">{day}</a>, listed on this page.'
            )
        else:
            now = f" {_office_linked(Event.NONE_OTHER_ASKING, event.programme)}"
    word = ""
    if event.call_off_message:
        word = (
            '\n              <figure class="mb-2">\n'
            '                <figcaption class="mb-1">'
            "A word from the programme office:</figcaption>\n"
            '                <blockquote class="border-start ps-3 mb-0">'
            f"{linebreaksbr(event.call_off_message, autoescape=True)}</blockquote>\n"
            "              </figure>\n"
            "            "
        )
    # The sentence says it was called off: the badge is for the eye alone (_SAID_AFTER).
    return (
        f'\n            <p class="mb-2"><span class="badge text-bg-danger"{_SAID_AFTER}>Called '
        "off</span> The programme office has called off this event, where you had a place. We "
        f"have emailed you a calendar file that takes it out of your calendar.{now}</p>\n"
        f"            {word}\n          "
    )


def _place(context, event, starts, zone) -> str:
    """The place they hold (to cancel, and to add to their calendar), or one to take (or to
    move theirs to), or that it is full."""
    title = escaped(event.title)
    if event.my_status == "registered":
        said = ""
        if event.ended_before_paired:
            said = (
                f" {escaped(event.programme.name)} ended before you were paired, so you need "
                "not come."
            )
        elif event.kind == EventKind.BRIEFING and event.briefed_already:
            if event.programme.has_ended:
                # Its briefings take no registrations now: the place goes to nobody.
                said = (
                    f" {escaped(event.programme.name)} has ended and you count as briefed "
                    "already, so you need not come. You can cancel your place."
                )
            else:
                said = (
                    " You count as briefed already, so you need not come: cancelling gives "
                    "your place to someone who needs it."
                )
        # Cancelling asks first: a place given up goes to someone else
        # (mentoring.views.events.cancel). A calendar entry only with a place: a move or a
        # call-off reaches those holding places, so an entry without one would never be
        # updated; and not where they need not come (said above), where the place kept is
        # only theirs to give up.
        calendar = ""
        if not said:
            calendar = (
                '\n                <a class="btn btn-link btn-sm" '
                f'href="{escaped(url_with_id("event_calendar", event.pk))}">Add to calendar'
                f'<span class="visually-hidden"> ({title})</span></a>\n              '
            )
        return (
            '\n              <p class="mb-2"><span class="badge text-bg-success">You are '
            f"registered</span>{said}</p>\n              \n"
            '              <a class="btn btn-outline-secondary btn-sm" '
            f'href="{escaped(url_with_id("event_cancel", event.pk))}">Cancel my place'
            f'<span class="visually-hidden"> at {title}</span></a>\n              \n'
            f"              {calendar}\n            "
        )
    if event.place_to_take:
        moving = ""
        if event.moving_from:
            day = _date(event.moving_from.starts_at.astimezone(zone), _DAY)
            moving = (
                f'\n                <p class="mb-2">You hold a place at the briefing on {day}. '
                "One briefing is enough: moving your place here gives that one up for someone "
                "else.</p>\n              "
            )
            button = (
                "Move my place here"
                f'<span class="visually-hidden"> ({title}, {_date(starts, "j F")})</span>'
            )
        else:
            button = f'Register<span class="visually-hidden"> for {title}</span>'
        return (
            f'\n              <p class="mb-2">{event.capacity} place{pluralize(event.capacity)}, '
            f"{event.places_taken} taken.</p>\n"
            f"              {moving}\n"
            '              <form method="post" '
            f'action="{escaped(url_with_id("event_register", event.pk))}" class="d-inline">\n'
            f"                {_CSRF.render(context)}\n"
            f'                <button type="submit" class="btn btn-primary btn-sm">{button}'
            "</button>\n"
            "              </form>\n"
            "            "
        )
    # Full (a place to take is offered above, and an event not started takes registrations
    # unless called off): what next, as the dashboard says it, and another briefing to take.
    said = f" {_office_linked(Event.FULL_ASKING, event.programme)}"
    other = context.get("briefing_to_take", {}).get(event.programme_id)
    # The sentence says it is full, so the badge is for the eye alone (_SAID_AFTER), except
    # where they hold a place at another briefing.
    hidden = _SAID_AFTER
    if event.kind == EventKind.BRIEFING and event.moving_from:
        # One briefing is enough, and they hold a place at another: only the badge says it
        # is full here.
        day = _date(event.moving_from.starts_at.astimezone(zone), _DAY)
        said = f" You hold a place at the briefing on {day}, listed here."
        hidden = ""
    elif event.kind == EventKind.BRIEFING and other:
        # A place to take now, so no waiting for one here is suggested.
        day = _date(other.starts_at.astimezone(zone), _DAY)
        said = (
            f' It is full. Take a place at the briefing on <a href="#event-{other.pk}-title">'
            f"{day}</a> instead, listed on this page."
        )
    return (
        '\n              <p class="mb-2">'
        f'<span class="badge text-bg-secondary"{hidden}>Full</span>{said}</p>\n'
        "            "
    )
