"""The dashboard's pair cards, drawn in Python: `{% dashboard_pairs pairs %}` gives the markup
mentoring/dashboard.html drew through the template engine, which spent some 1,800 Python
calls on one pair (a variable read through three attributes costs 40 to 100, an included
template 200 or more): a sixth of the dashboard of a paired mentor.

Each card writes what the template wrote, escaped as the template escaped it; only the
whitespace between its elements differs (a browser reads any run of it as one space)."""

from django import template
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from mentoring.links import fixed_url, url_with_id
from mentoring.templatetags.next_steps import meeting_days, set_up
from mentoring.templatetags.pair_page import _date, action_due, pair_status

register = template.Library()


@register.simple_tag
def dashboard_pairs(pairs) -> SafeString:
    """A card for each current pair (PairViews of `pairs_for(summary=True)`): where it
    stands and what the person does next. That its programme has ended is said once per
    programme: a mentor of two reads it above the first of their pairs."""
    cards, ended_said = [], None
    for pair in pairs:
        programme = pair.match.programme
        ended = ""
        if programme.has_ended and programme.pk != ended_said:
            ended_said = programme.pk
            said = render_to_string(
                "mentoring/includes/ended_still_paired.html", {"programme": programme}
            )
            ended = f'<p class="mb-1">{said}</p>'
        cards.append(_card(pair, ended))
    return SafeString("\n".join(cards))


def _card(pair, ended: str) -> str:
    match = pair.match
    whose = "your board member" if pair.i_mentor else "your reverse mentor"
    not_told = (
        f'<p class="alert alert-warning my-2">{conditional_escape(pair.partner_not_told)}</p>'
        if pair.partner_not_told
        else ""
    )
    lines = [
        '<section class="card mb-4 border-primary" '
        f'aria-labelledby="dash-pair-{match.pk}-heading">',
        '<div class="card-body">',
        f'<p class="text-body-secondary mb-1">{conditional_escape(match.programme.name)} · '
        f"{whose}</p>",
        f'<h2 id="dash-pair-{match.pk}-heading" class="h5">You are paired with '
        f"{conditional_escape(pair.partner.full_name)}</h2>",
        pair_status(pair),
        not_told,
        ended,
        _next(pair),
        _awaiting_me(pair),
        _awaiting_partner(pair),
        _to_log(pair),
        _my_actions(pair),
        f'<a class="btn btn-primary btn-sm mt-2" href="{fixed_url("match")}">Go to your pair</a>',
        f'<a class="btn btn-link btn-sm mt-2" href="{fixed_url("meetings")}">Your meetings</a>',
        "</div>",
        "</section>",
    ]
    return "\n".join(line for line in lines if line)


def _next(pair) -> str:
    """The pair's next steps in one line: setting the pair up, then the meeting to propose
    (the status above does not ask for it)."""
    setup, propose = pair.to_set_up, pair.meeting_to_propose
    if not (setup or propose):
        return ""
    said = set_up(pair, setup, together=" together")
    if propose:
        which = "next" if pair.has_met else "first"
        said += (
            f'{"; then " if setup else ""}<a href="{url_with_id("meeting_new", pair.match.pk)}">'
            f"propose your {which} meeting</a> with "
            f"{conditional_escape(pair.partner_short_name)}"
        )
    return f'<p class="mb-1"><strong>Next:</strong> {said}.</p>'


def _awaiting_me(pair) -> str:
    """The partner's proposals waiting for an answer; not while the person's request to end
    is with the office: they accept no new time (`PairView.may_accept`)."""
    waiting = pair.awaiting_me
    if not (waiting and pair.may_accept):
        return ""
    answers = "; ".join(
        f'<a href="{url_with_id("meeting_detail", meeting.pk)}">answer the one on '
        f"{conditional_escape(_date(meeting.starts_at, 'l j F Y, H:i'))}</a>"
        for meeting in waiting
    )
    return (
        f'<p class="mb-1"><strong>{len(waiting)} proposed meeting{pluralize(waiting)}</strong> '
        f"waiting for your answer: {answers}.</p>"
    )


def _awaiting_partner(pair) -> str:
    mine = pair.awaiting_partner
    if not mine:
        return ""
    days = meeting_days(mine, "meeting_detail", "l j F Y, H:i", "or")
    waiting = (
        ""
        if pair.partner_not_told
        else f"; waiting for {conditional_escape(pair.partner_short_name)} to answer"
    )
    return f'<p class="mb-1">You proposed to meet on {days}{waiting}.</p>'


def _to_log(pair) -> str:
    """Meetings to log: linked once both agreed the ground rules (`both_agreed_any`, the rule
    `meeting_log` keeps), else the days and the rules to agree first."""
    to_log = pair.to_log
    if not to_log:
        return ""
    count = f"{len(to_log)} meeting{pluralize(to_log)} to log"
    if pair.both_agreed_any:
        logs = "; ".join(
            f'<a href="{url_with_id("meeting_log", meeting.pk)}">log the one on '
            f"{conditional_escape(_date(meeting.starts_at, 'l j F Y'))}</a>"
            for meeting in to_log
        )
        return f'<p class="mb-1">{count}: {logs}.</p>'
    days = "; ".join(conditional_escape(_date(meeting.starts_at, "l j F Y")) for meeting in to_log)
    not_yet = (
        f": {conditional_escape(pair.partner_short_name)} has not yet" if pair.i_agreed_any else ""
    )
    return (
        f'<p class="mb-1">{count} ({days}) once you have both agreed the '
        f'<a href="{fixed_url("match")}#rules-{pair.match.pk}">ground rules</a>{not_yet}.</p>'
    )


def _my_actions(pair) -> str:
    mine = pair.my_open_actions
    if not mine:
        return ""
    items = "".join(
        f"<li>{conditional_escape(action.text)}"
        + (
            f' <span class="text-body-secondary">{action_due(action)}</span>'
            if action.due_on
            else ""
        )
        + "</li>"
        for action in mine
    )
    return (
        '<p class="mb-1 mt-2"><strong>Your action steps</strong></p>\n'
        f'<ul class="mb-2">{items}</ul>'
    )
