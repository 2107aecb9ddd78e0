"""A pair's next step, and the days of its meetings in a sentence, drawn in Python:
`{% pair_next_step pair %}` gives the markup pair_next_step.html drew through the template
engine, which spent some 750 Python calls on one pair's next step (each variable read through
two or three attributes, each included template 200 or more): about a tenth of the programme
page a paired mentor reads, and the dashboard's pair card says the same days (`meeting_days`,
`day_link`) and the same ground rules to agree first (`rules_first`).

Each piece writes what its template wrote, escaped as the template escaped it; only the
whitespace between its elements differs (a browser reads any run of it as one space)."""

from collections.abc import Callable

from django import template
from django.template.defaultfilters import pluralize
from django.utils.safestring import SafeString

from accounts.escaping import escaped
from mentoring.links import fixed_url, url_with_id
from mentoring.moments import local_date, long_moment
from mentoring.templatetags.meetings import meeting_line
from mentoring.templatetags.pair_page import end_declined, joined
from mentoring.templatetags.time_zone import times_are_in_zone

register = template.Library()


def day_link(meeting, url: str, day: Callable, said: str = "") -> str:
    """A link to the meeting's page (`url`: meeting_detail, or meeting_log) that says its day
    as `day` says it (`local_date`, `long_moment`), after `said` ("answer the one on ")."""
    return f'<a href="{escaped(url_with_id(url, meeting.pk))}">{said}{day(meeting.starts_at)}</a>'


def meeting_days(meetings, url: str, day: Callable, joined: str) -> str:
    """The meetings named one after another, "a, b and c" (`joined`: "and", or "or"), each
    its day linking to its page (`day_link`)."""
    links = [day_link(meeting, url, day) for meeting in meetings]
    if len(links) > 1:
        links[-2:] = [f"{links[-2]} {joined} {links[-1]}"]
    return ", ".join(links)


def rules_url(pair) -> str:
    """The pair's ground rules, on their pair page."""
    return f"{fixed_url('match')}#rules-{pair.match.pk}"


def rules_first(pair) -> str:
    """Why the meetings to log wait (`both_agreed_any`, the rule `meeting_log` keeps): the
    ground rules, linked, and who has not agreed them yet when the person has."""
    not_yet = f": {escaped(pair.partner_short_name)} has not yet" if pair.i_agreed_any else ""
    return f'once you have both agreed the <a href="{rules_url(pair)}">ground rules</a>{not_yet}'


@register.simple_tag
def log_after_rules(pair) -> SafeString:
    """A meeting's page, before both agreed the ground rules: when it can be logged, and
    who has not agreed yet (`rules_first`), as the schedule and the dashboard say it."""
    return SafeString(f"You can log it {rules_first(pair)}.")


@register.simple_tag
def pair_next_step(pair, *, zone: bool = True) -> SafeString:
    """The pair's next step, in one "Next:" line, for the person reading, then what the two
    still have to set up (the ground rules, the shared purpose): `pair` a PairView read with
    `summary=True`. With the line naming the zone of a meeting's time it says
    (`says_a_time`), unless not `zone`: a page with several pairs says it once."""
    lines = [_next_line(pair), *_also(pair)]
    if pair.partner_not_told:
        lines.append(f"<p>{escaped(pair.partner_not_told)}</p>")
    setup = pair.to_set_up
    if setup:
        lines.append(f"<p>{still_to_do(pair, setup)}</p>")
    if zone and says_a_time(pair):
        lines.append(times_are_in_zone())
    return joined(*lines)


def says_a_time(pair) -> bool:
    """Whether `pair_next_step` says a meeting's time (those to log, by their day alone)."""
    return pair.next_step in ("answer", "booked", "waiting") or _also_answer(pair)


def still_to_do(pair, setup) -> str:
    """What the two still have to set up (`PairView.to_set_up`), after the step that comes
    first: the programme page's line, and the dashboard's behind a meeting to log or answer."""
    return f"Still to do together with {escaped(pair.partner_short_name)}: {set_up(pair, setup)}."


# Said of the person's own request to end the pairing, alone or behind a step that outranks it.
ASKED_TO_END = "You asked the programme office to end the pairing; they will be in touch with you."


def answer_proposals(pair) -> str:
    """The partner's proposals waiting for the person's answer, each day a link to it."""
    days = meeting_days(pair.awaiting_me, "meeting_detail", long_moment, "and")
    return (
        f"answer {escaped(pair.partner.full_name)}'s proposal{pluralize(pair.awaiting_me)} "
        f"to meet on {days}"
    )


def _also(pair):
    """What the one "Next:" line does not say and the person must not miss: the partner's
    proposals still waiting for an answer behind meetings to log (the dashboard's pair card
    lists them too), their own request to end the pairing behind a step that outranks it
    (`PairView.next_step`), one the office closed lately, the pairing going on, and, with a
    meeting coming (booked, or proposed), the ground rules the partner has still to agree
    before it can be logged (`rules_awaited`)."""
    if _also_answer(pair):
        yield f"<p>Also: {answer_proposals(pair)}.</p>"
    if awaited := rules_awaited(pair):
        yield f"<p>{awaited}</p>"
    if pair.asked_to_end and pair.next_step != "end_requested":
        yield f"<p>{ASKED_TO_END}</p>"
    if pair.end_declined_lately:
        yield f"<p>{end_declined(pair)}</p>"


def rules_awaited(pair) -> str:
    """With a meeting coming (booked, or proposed) and none to log yet (the "Next:" line says
    it then), that the person, who agreed the ground rules, can log meetings once the partner
    has too: said ahead, so that a meeting is not held and then found not loggable. Not once
    the person asked to end the pairing, nor with a partner who cannot take part (the pages
    say so). The programme page's and the dashboard card's words; empty when not said."""
    if (
        pair.next_step in ("answer", "booked", "waiting")
        and pair.i_agreed_any
        and not pair.both_agreed_any
        and not pair.asked_to_end
        and pair.partner_can_take_part
    ):
        return f"You can log your meetings {rules_first(pair)}."
    return ""


def _also_answer(pair) -> bool:
    """Whether the partner's proposals to answer are said behind meetings to log (`_also`)."""
    return (
        pair.next_step in ("log", "rules_before_log") and bool(pair.awaiting_me) and pair.may_accept
    )


def set_up(pair, setup) -> str:
    """What the two still have to set up (`PairView.to_set_up`), linked: the ground rules
    and the shared purpose, joined by "; "."""
    said = []
    if "rules" in setup:
        said.append(
            f'<a href="{rules_url(pair)}">agree the ground rules</a> (you both do, before your '
            "first meeting is logged)"
        )
    if "purpose" in setup:
        said.append(
            f'<a href="{url_with_id("pair_purpose", pair.match.pk)}">write your shared purpose</a>'
        )
    return "; ".join(said)


def _next_line(pair) -> str:
    step = pair.next_step
    full_name = escaped(pair.partner.full_name)
    if step == "log":
        days = meeting_days(pair.to_log, "meeting_log", local_date, "and")
        return (
            f"<p>Next: log your meeting{pluralize(pair.to_log)} with {full_name} of {days}: "
            "what you talked about and your action steps.</p>"
        )
    if step == "rules_before_log" and pair.i_agreed_any:
        # The log waits for the partner: not a step the person can take. With something
        # else to do (said below), there is something meanwhile.
        lead = "" if pair.to_set_up or _also_answer(pair) else "Next: nothing for you yet. "
        return (
            f"<p>{lead}Your meeting{pluralize(pair.to_log)} with {full_name} can be logged "
            f"{rules_first(pair)}.</p>"
        )
    if step == "rules_before_log":
        return (
            f"<p>Next: log your meeting{pluralize(pair.to_log)} with {full_name} "
            f"{rules_first(pair)}.</p>"
        )
    if step == "answer":
        return f"<p>Next: {answer_proposals(pair)}.</p>"
    if step == "booked":
        return (
            f"<p>Next: your next meeting with {full_name} is on "
            f"{meeting_line(pair.next_meeting, badge=False)}.</p>"
        )
    if step == "end_requested":
        return f"<p>Next: nothing for now. {ASKED_TO_END}</p>"
    if step == "waiting":
        days = meeting_days(pair.awaiting_partner, "meeting_detail", long_moment, "or")
        asked = (
            ""
            if pair.partner_not_told
            else f"; {full_name} is asked to accept it or suggest another time"
        )
        # With the pair still to set up (said below), there is something to do meanwhile.
        lead = "" if pair.to_set_up else "Next: nothing for now. "
        return f"<p>{lead}You proposed to meet on {days}{asked}.</p>"
    if not pair.meeting_to_propose:
        # A first or next meeting, to a partner who cannot answer: only whom to write to,
        # below (`partner_not_told`).
        return ""
    due = f"; it {escaped(pair.due_in_words)}" if step == "book" and pair.due_in_words else ""
    return f"<p>Next: {propose(pair, full_name)}{due}.</p>"


def propose(pair, name: str) -> str:
    """The meeting to propose (`PairView.meeting_to_propose`), the first or the next, linked
    to its form: the programme page's words and the dashboard's."""
    which = "next" if pair.next_step == "book" else "first"
    return (
        f'<a href="{url_with_id("meeting_new", pair.match.pk)}">propose your {which} meeting</a> '
        f"with {name}"
    )
