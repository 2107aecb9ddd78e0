"""The dashboard's pair cards, drawn in Python: `{% dashboard_pairs pairs %}` gives the markup
mentoring/dashboard.html drew through the template engine, which spent some 1,800 Python
calls on one pair (a variable read through three attributes costs 40 to 100, an included
template 200 or more): a sixth of the dashboard of a paired mentor. Its application cards,
`{% dashboard_applications %}`, likewise (some 500 calls a card through the template).

Each card writes what the template wrote, escaped as the template escaped it; only the
whitespace between its elements differs (a browser reads any run of it as one space)."""

from collections.abc import Callable

from django import template
from django.template.defaultfilters import pluralize
from django.utils.safestring import SafeString

from accounts.escaping import escaped
from mentoring.links import apply_url, fixed_url
from mentoring.moments import local_date, long_moment
from mentoring.templatetags.application_page import (
    application_badge,
    application_next_steps,
    line_manager_status,
)
from mentoring.templatetags.meetings import late_note, moved_note
from mentoring.templatetags.next_steps import (
    day_link,
    meeting_days,
    propose,
    rules_awaited,
    rules_first,
    still_to_do,
)
from mentoring.templatetags.pair_page import (
    action_due,
    end_declined,
    ended_still_paired,
    joined,
    pair_status,
)
from mentoring.templatetags.time_zone import times_are_in_zone

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_zone(context) -> SafeString:
    """The line naming the zone of the page's times (`times_are_in_zone`), said once at its
    top (the view's `zone_named`), where a card below shows a meeting's or a briefing's
    time: a pair card's next meeting or proposals (`_shows_a_time`), a board member's
    briefing (on a card whose `says`, decided once in the view for the card and for this
    line, is "briefing") or an application's (`dashboard_applications`, where the view
    gives it a `briefing`). A dashboard with none (a pair that has not met, a pair that
    ended, no briefing to come) says no zone. Reads the view's `pairs`, `board_memberships`
    and `applications`."""
    shown = (
        any(_shows_a_time(pair) for pair in context["pairs"])
        or any(
            entry["says"] == "briefing"
            and _briefing_time_shown(entry["member"].is_briefed, entry["next_briefing"])
            for entry in context["board_memberships"]
        )
        or any(
            card["briefing"] is not None
            and _briefing_time_shown(card["briefing"]["briefed"], card["briefing"]["next"])
            for card in context["applications"]
        )
    )
    return times_are_in_zone() if shown else SafeString("")


def _briefing_time_shown(briefed: bool, next_briefing) -> bool:
    """Whether mentoring/includes/briefing_status.html shows a briefing's time: to someone
    not briefed, the briefing it names (one to come, or one held whose attendance is still
    to be recorded)."""
    return not briefed and next_briefing is not None


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
            ended = ended_still_paired(programme)
        cards.append(_card(pair, ended))
    return SafeString("\n".join(cards))


@register.simple_tag(takes_context=True)
def dashboard_applications(context) -> SafeString:
    """A card for each of the person's applications (the view's `applications`): where it
    stands, in a word and in a sentence (mentoring/templatetags/application_page.py, below
    the pair cards), the line manager's answer, and a link to read it. Reads
    `member_programmes` (no link to an application in a programme they are on the board of,
    which /apply/ does not show them).

    The whitespace is the template's that drew it, so the page reads the same to the byte."""
    cards = []
    for card in context["applications"]:
        application, stage = card["application"], card["stage"]
        readable = (
            not application.is_draft
            and application.programme_id not in context["member_programmes"]
        )
        with context.push(
            application=application,
            stage=stage,
            briefing=card["briefing"],
            pair=card["pair"],
            refusal=card["refusal"],
            place_elsewhere=card["place_elsewhere"],
        ):
            next_steps = application_next_steps(context, pair_card_above=True)
        cards.append(_application_card(application, stage, next_steps, readable=readable))
    return SafeString("".join(cards))


def _application_card(application, stage: str, next_steps: str, *, readable: bool) -> str:
    programme = application.programme
    read = (
        '\n              <p class="mt-2 mb-0"><a href="'
        f'{escaped(apply_url(programme))}">'
        "Read your application</a></p>\n            "
        if readable
        else ""
    )
    lines = [
        "",
        "      ",
        '        <section class="card mb-4" '
        f'aria-labelledby="application-{application.pk}-heading">',
        '          <div class="card-body">',
        f'            <h2 id="application-{application.pk}-heading" class="h5">Your application: '
        f"{escaped(programme.name)}</h2>",
        f"            <p>{application_badge(application, stage)}</p>",
        f"            {next_steps}",
        f"            {line_manager_status(application, stage)}",
        f"            {read}",
        "          </div>",
        "        </section>",
        "      ",
        "    ",
    ]
    return "\n".join(lines)


def _card(pair, ended: str) -> str:
    match = pair.match
    whose = "your board member" if pair.i_mentor else "your reverse mentor"
    not_told = (
        f'<p class="alert alert-warning my-2">{escaped(pair.partner_not_told)}</p>'
        if pair.partner_not_told
        else ""
    )
    lines = [
        '<section class="card mb-4 border-primary" '
        f'aria-labelledby="dash-pair-{match.pk}-heading">',
        '<div class="card-body">',
        f'<p class="text-body-secondary mb-1">{escaped(match.programme.name)} · {whose}</p>',
        f'<h2 id="dash-pair-{match.pk}-heading" class="h5">You are paired with '
        f"{escaped(pair.partner.full_name)}</h2>",
        pair_status(pair),
        f'<p class="mb-1">{end_declined(pair)}</p>' if pair.end_declined_lately else "",
        not_told,
        ended,
        _next(pair),
        _to_log(pair),
        _awaiting_me(pair),
        _awaiting_partner(pair),
        _rules_awaited(pair),
        _still_to_do(pair),
        _my_actions(pair),
        f'<a class="btn btn-primary btn-sm mt-2" href="{fixed_url("match")}">Go to your pair</a>',
        f'<a class="btn btn-link btn-sm mt-2" href="{fixed_url("meetings")}">Your meetings</a>',
        "</div>",
        "</section>",
    ]
    return joined(*lines)


def _shows_a_time(pair) -> bool:
    """Whether the pair's card (`_card`) shows a meeting's time, by what each of its pieces
    that says one is drawn from: the next meeting (`pair_status`), proposals waiting for the
    person's answer (`_answerable`, `_awaiting_me`) or the partner's (`_awaiting_partner`).
    Those to log are said by their day alone."""
    return bool(pair.next_meeting or _answerable(pair) or pair.awaiting_partner)


def _answerable(pair) -> list:
    """The partner's proposals the card asks the person to answer: none while their request
    to end is with the office, as they accept no new time (`PairView.may_accept`)."""
    return pair.awaiting_me if pair.may_accept else []


def _next(pair) -> str:
    """The meeting to propose, as the programme page says it (`propose`): the pair's next step
    when nothing comes before it (`PairView.meeting_to_propose`). Setting the pair up is said
    after everything else on the card (`_still_to_do`), as on the programme page."""
    if not pair.meeting_to_propose:
        return ""
    name = escaped(pair.partner_short_name)
    return f'<p class="mb-1"><strong>Next:</strong> {propose(pair, name)}.</p>'


def _rules_awaited(pair) -> str:
    """The ground rules the partner has still to agree, with a meeting coming
    (`rules_awaited`, as the programme page says it)."""
    awaited = rules_awaited(pair)
    return f'<p class="mb-1">{awaited}</p>' if awaited else ""


def _still_to_do(pair) -> str:
    """What the two still have to set up (the ground rules, the shared purpose), after the
    meetings on the card: "Still to do together", as the programme page says it."""
    setup = pair.to_set_up
    if not setup:
        return ""
    return f'<p class="mb-1">{still_to_do(pair, setup)}</p>'


def _linked_days(count: str, meetings, url: str, verb: str, day: Callable) -> str:
    """`count` (the number of meetings, said), then a link to each of them ("`verb` the one
    on …", its day as `day` says it) joined by "; "."""
    links = "; ".join(day_link(meeting, url, day, f"{verb} the one on ") for meeting in meetings)
    return f'<p class="mb-1">{count}: {links}.</p>'


def _awaiting_me(pair) -> str:
    """The partner's proposals waiting for an answer (`_answerable`)."""
    waiting = _answerable(pair)
    if not waiting:
        return ""
    count = (
        f"<strong>{len(waiting)} proposed meeting{pluralize(waiting)}</strong> waiting for your "
        "answer"
    )
    moved = "".join(
        moved_note(meeting, "your meeting", to=True)
        + late_note(pair, meeting, named=len(waiting) > 1)
        for meeting in waiting
    )
    return _linked_days(count, waiting, "meeting_detail", "answer", long_moment) + moved


def _awaiting_partner(pair) -> str:
    mine = pair.awaiting_partner
    if not mine:
        return ""
    days = meeting_days(mine, "meeting_detail", long_moment, "or")
    waiting = (
        ""
        if pair.partner_not_told
        else f"; waiting for {escaped(pair.partner_short_name)} to answer"
    )
    moved = "".join(
        moved_note(meeting, "your meeting", to=True) + late_note(pair, meeting, named=len(mine) > 1)
        for meeting in mine
    )
    return f'<p class="mb-1">You proposed to meet on {days}{waiting}.</p>{moved}'


def _to_log(pair) -> str:
    """Meetings to log: linked once both agreed the ground rules (`both_agreed_any`, the rule
    `meeting_log` keeps), else the days and the rules to agree first."""
    to_log = pair.to_log
    if not to_log:
        return ""
    count = f"{len(to_log)} meeting{pluralize(to_log)} to log"
    if pair.both_agreed_any:
        return _linked_days(count, to_log, "meeting_log", "log", _day)
    days = "; ".join(_day(meeting.starts_at) for meeting in to_log)
    return f'<p class="mb-1">{count} ({days}) {rules_first(pair)}.</p>'


def _day(moment) -> str:
    """A meeting to log, by its day alone: "Tuesday 1 December 2026"."""
    return local_date(moment, "l j F Y")


def _my_actions(pair) -> str:
    mine = pair.my_open_actions
    if not mine:
        return ""
    items = "".join(
        f"<li>{escaped(action.text)}"
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
